import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { getAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../src/auth/scopes.ts';
import { KeysStore } from '../src/auth/keys-store.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigDoc, KeelFleet, sharedDatabaseUrl, type KeelChild } from './helpers/keel-process.ts';
import { api, pipelinePolicy } from './helpers/pipeline.ts';

/**
 * Rolling-window limits hold when the requests that fill a window arrive at the same moment
 * at two separate API processes (`keel start --role api`) on one Postgres: the reservation
 * under the window's advisory lock must let exactly as many through as fit, whichever process
 * serves them. Each process reads the window totals without a lock first, so under this load
 * most requests pass evaluation and the reservation alone decides.
 *
 * Two real processes need a database server: skipped without DATABASE_URL (PGlite is one
 * process's database; src/policy/windows-store.int.test.ts covers concurrent reservations in process).
 */

const PG = Boolean(process.env.DATABASE_URL);
const PARALLEL = 20;
const AMOUNT = '600'; // tUSD, priced at 1 USD by the demo feed

/** Two per-user daily limits, each scoped to its own user, so one policy serves both cases. */
const LIMITS = [
  { rule: 'tight-daily', user: 'u-tight', usd: 1_000, fits: 1 },
  { rule: 'wide-daily', user: 'u-wide', usd: 5_000, fits: 8 },
] as const;

describe.skipIf(!PG)(
  `window limits across two API processes on one Postgres${PG ? '' : ' (skipped: set DATABASE_URL to a Postgres server)'}`,
  () => {
    let chain: TestChain;
    let db: TestDatabase;
    let fleet: KeelFleet;
    let token: string;
    const apis: Array<{ url: string; proc: KeelChild }> = [];

    beforeAll(async () => {
      [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
      fleet = new KeelFleet();
      const rules = LIMITS.map((l) => ({
        id: l.rule,
        kind: 'window',
        effect: 'deny',
        per: 'user',
        users: [l.user],
        windowSeconds: 86_400,
        limit: { usd: String(l.usd) },
      }));
      const doc = devConfigDoc([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
        log: { level: 'warn' },
        policy: { document: pipelinePolicy(chain, rules) },
      });
      // API keys live in the database, so a key made here works on both processes.
      token = (await new KeysStore(db.db).create({ name: 'policy concurrency', scopes: [...SCOPES] })).token;
      const env = { DATABASE_URL: sharedDatabaseUrl(db)! };
      const started = await Promise.all([fleet.start('api A', 'api', doc, env), fleet.start('api B', 'api', doc, env)]);
      for (const s of started) apis.push({ url: s.url!, proc: s.proc });
    }, 120_000);

    afterAll(async () => {
      await fleet?.cleanup();
      await Promise.all([chain?.stop(), db?.close()]);
    });

    for (const limit of LIMITS) {
      it(`${PARALLEL} parallel ${AMOUNT} tUSD requests against a ${limit.usd} USD window: exactly ${limit.fits} accepted`, {
        timeout: 60_000,
      }, async () => {
        const body = (i: number) => ({
          chainId: chain.chainId,
          signer: 'treasury',
          kind: 'transfer',
          to: getAddress(`0x${randomBytes(20).toString('hex')}`),
          asset: 'tUSD',
          amount: AMOUNT,
          userId: limit.user,
          metadata: { n: String(i) },
        });
        const t0 = Date.now();
        const results = await Promise.all(
          Array.from({ length: PARALLEL }, async (_, i) => {
            const via = i % 2;
            const r = await api(apis[via]!.url, token, 'POST', '/v1/transactions', body(i));
            return { via, ...r };
          }),
        );
        const ms = Date.now() - t0;
        const tails = () => apis.map((a) => a.proc.tail(15)).join('');
        const summary = () =>
          `\n${results.map((r, i) => `#${i} via ${'AB'[r.via]}: ${r.status} ${r.body?.code ?? r.body?.status} ${JSON.stringify(r.body?.decision?.reasons?.map((x: any) => x.code) ?? [])}`).join('\n')}${tails()}`;

        const accepted = results.filter((r) => r.status === 201);
        const refused = results.filter((r) => r.status !== 201);
        expect(accepted.length, `accepted${summary()}`).toBe(limit.fits);
        for (const r of accepted) expect(r.body.status, summary()).toBe('queued');
        for (const r of refused) {
          expect(r.status, summary()).toBe(403);
          expect(r.body.code, summary()).toBe('policy_denied');
          expect(
            r.body.decision.reasons.map((x: any) => x.code),
            summary(),
          ).toContain('window_limit_exceeded');
          expect(
            r.body.decision.reasons.map((x: any) => x.rule),
            summary(),
          ).toContain(limit.rule);
          expect(r.body.transaction.status, summary()).toBe('rejected');
        }

        // The ledger agrees: what was reserved fits the limit, and only the accepted ones hold usage.
        const usage = await sql<{ sum: string; count: number; refs: string[] }>`
        select coalesce(sum(amount), 0)::text as sum, count(*)::int as count, coalesce(array_agg(ref), '{}') as refs
        from policy_window_usage where rule_id = ${limit.rule} and released_at is null`.execute(db.db);
        const u = usage.rows[0]!;
        expect(u.count, summary()).toBe(limit.fits);
        expect(BigInt(u.sum), `reserved USD (8 decimals) must not pass ${limit.usd}${summary()}`).toBeLessThanOrEqual(
          BigInt(limit.usd) * 10n ** 8n,
        );
        expect([...u.refs].sort(), summary()).toEqual(accepted.map((r) => r.body.id).sort());
        const byStatus = await db.db
          .selectFrom('transactions')
          .select(['status'])
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', limit.user)
          .groupBy('status')
          .execute();
        expect(Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])), summary()).toEqual({
          queued: limit.fits,
          rejected: PARALLEL - limit.fits,
        });

        const lateRefusals = refused.filter((r) =>
          /window is full/.test(
            r.body.decision.reasons.find((x: any) => x.code === 'window_limit_exceeded')?.message ?? '',
          ),
        ).length;
        console.log(
          `${limit.rule}: ${PARALLEL} requests in ${ms} ms; accepted ${accepted.length} (A ${accepted.filter((r) => r.via === 0).length}, B ${accepted.filter((r) => r.via === 1).length}); ` +
            `${lateRefusals} of ${refused.length} refusals came from the locked reservation (they had passed evaluation)`,
        );
      });
    }
  },
);
