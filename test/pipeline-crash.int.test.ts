import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import {
  createPublicClient,
  erc20Abi,
  getAddress,
  http,
  parseUnits,
  type Address,
  type Hash,
  type PublicClient,
} from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../src/auth/scopes.ts';
import { KeysStore } from '../src/auth/keys-store.ts';
import { openDatabase } from '../src/db/database.ts';
import { devAccounts } from '../src/devnet/accounts.ts';
import { migrate } from '../src/db/migrate.ts';
import type { DB } from '../src/db/schema.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { startTestKeel, type TestKeel } from './helpers/keel.ts';
import {
  configOf,
  devConfigDoc,
  KeelFleet,
  pollUntil,
  sharedDatabaseUrl,
  type KeelChild,
} from './helpers/keel-process.ts';
import { api, pipelinePolicy, waitForTx } from './helpers/pipeline.ts';
import { startRpcGate, type RpcCall } from './helpers/rpc-gate.ts';

/**
 * kill -9 recovery of the write path with real processes. A `keel start --role worker` child
 * runs with `KEEL_FAILPOINTS=<point>` and SIGKILLs itself at that point while driving a tUSD
 * transfer; a second worker, started without failpoints, must finish the transfer: the
 * recipient paid exactly once, one nonce used, one attempt mined, no nonce left `allocated`.
 * Then: a worker that is alive but slower than its lease while another takes over; two
 * workers driving 20 transfers at once; and the same with one of them killed mid-batch.
 *
 * Worker processes share the database with the API, so those cases need a Postgres server
 * (`DATABASE_URL`, as CI has) and are skipped without one. The PGlite suite at the end runs
 * the crashes in a single `--role all` process on an embedded PGlite directory instead.
 */

const PG = Boolean(process.env.DATABASE_URL);
const TUSD_DECIMALS = 6;

/**
 * Config shared by every process: fast polling, the shortest lease, one confirmation. `extra`
 * replaces whole top-level sections (e.g. all of `pipeline`).
 */
function pipelineConfig(chain: TestChain, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return devConfigDoc([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
    log: { level: 'info' },
    policy: { document: pipelinePolicy(chain) },
    // Gap healing runs during recovery on purpose: a held nonce must never be "healed".
    pipeline: { pollIntervalMs: 100, leaseMs: 1_000, nonceCheckSeconds: 1, stuckAfterSeconds: 3_600 },
    chains: { [chain.chainId]: { confirmations: 1, pollIntervalMs: 100 } },
    ...extra,
  });
}

const freshAddress = () => getAddress(`0x${randomBytes(20).toString('hex')}`);

interface TxState {
  status: string;
  history: string[];
  attempts: Array<{ kind: string; tx_hash: string; nonce: number }>;
  allocations: Array<{ nonce: number; status: string; tx_hash: string | null }>;
  nonce: number | null;
  lastError: string | null;
}

/** The stored state of one transaction, straight from the database. */
async function txState(db: Kysely<DB>, id: string): Promise<TxState> {
  // One snapshot: read on separate connections, a commit landing between the reads showed a
  // `confirmed` row beside the history from before it.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => txStateIn(trx, id));
}

async function txStateIn(db: Kysely<DB>, id: string): Promise<TxState> {
  const [row, history, attempts, allocations] = await Promise.all([
    db
      .selectFrom('transactions')
      .select(['status', 'nonce', 'last_error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('transaction_history').select(['status', 'reason']).where('tx_id', '=', id).orderBy('seq').execute(),
    db
      .selectFrom('transaction_attempts')
      .select(['kind', 'tx_hash', 'nonce'])
      .where('tx_id', '=', id)
      .orderBy('seq')
      .execute(),
    db.selectFrom('nonce_allocations').select(['nonce', 'status', 'tx_hash']).where('ref', '=', id).execute(),
  ]);
  return {
    status: row.status,
    nonce: row.nonce === null ? null : Number(row.nonce),
    lastError: row.last_error,
    history: history.map((h) => `${h.status}:${h.reason}`),
    attempts: attempts.map((a) => ({ kind: a.kind, tx_hash: a.tx_hash, nonce: Number(a.nonce) })),
    allocations: allocations.map((a) => ({ nonce: Number(a.nonce), status: a.status, tx_hash: a.tx_hash })),
  };
}

const CREATED = ['pending_policy:created', 'queued:policy_allowed'];
const SIGNED = [...CREATED, 'signed:signed'];
const SUBMITTED = [...SIGNED, 'submitted:broadcast'];
const DONE = ['submitted:included', 'confirmed:confirmed'];

interface Scenario {
  failpoint: string;
  /** What the database must hold right after the kill. */
  atCrash: {
    status: string;
    history: string[];
    attempts: number;
    allocation: 'none' | 'allocated' | 'broadcast';
    sent: boolean;
  };
  /** The full history once the restarted worker confirmed it. */
  final: string[];
}

const SCENARIOS: Scenario[] = [
  {
    failpoint: 'pipeline.sign.before_commit',
    // The signing transaction rolled back: nothing signed, the nonce given back.
    atCrash: { status: 'queued', history: CREATED, attempts: 0, allocation: 'none', sent: false },
    final: [...SUBMITTED, ...DONE],
  },
  {
    failpoint: 'pipeline.signed',
    atCrash: { status: 'signed', history: SIGNED, attempts: 1, allocation: 'allocated', sent: false },
    final: [...SUBMITTED, ...DONE],
  },
  {
    failpoint: 'pipeline.broadcast.before_send',
    // Committed as submitted but no node has it: tracking must send the stored bytes again.
    atCrash: { status: 'submitted', history: SUBMITTED, attempts: 1, allocation: 'broadcast', sent: false },
    final: [...SUBMITTED, 'submitted:rebroadcast', ...DONE],
  },
  {
    failpoint: 'pipeline.broadcast.after_send',
    atCrash: { status: 'submitted', history: SUBMITTED, attempts: 1, allocation: 'broadcast', sent: true },
    final: [...SUBMITTED, ...DONE],
  },
];

async function tusdBalance(client: PublicClient, chain: TestChain, who: Address): Promise<bigint> {
  return client.readContract({
    address: chain.world.contracts.tUSD,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [who],
  });
}

/** How many of the given hashes have a receipt (were mined). */
async function minedCount(client: PublicClient, hashes: string[]): Promise<number> {
  const receipts = await Promise.all(
    hashes.map((h) => client.getTransactionReceipt({ hash: h as Hash }).catch(() => null)),
  );
  return receipts.filter(Boolean).length;
}

/** Waits for a child that should SIGKILL itself at its failpoint. */
async function expectKilled(proc: KeelChild, ms = 120_000): Promise<void> {
  const exit = await proc.waitExit(ms);
  expect(exit, `the worker should have killed itself at its failpoint within ${ms} ms${proc.tail()}`).toBeDefined();
  expect(exit, `the worker should die by SIGKILL (its failpoint), not exit otherwise${proc.tail()}`).toEqual({
    code: null,
    signal: 'SIGKILL',
  });
}

/** Stops a child with SIGTERM and expects a clean exit; returns the stats it logged on stopping. */
async function stopCleanly(proc: KeelChild): Promise<Record<string, any>> {
  const exit = await proc.stop(60_000);
  expect(exit, `graceful stop of ${proc.label}${proc.tail()}`).toEqual({ code: 0, signal: null });
  const stats = proc.records().find((r) => r.msg === 'pipeline worker stopped');
  expect(stats, `the worker logs its stats when it stops${proc.tail()}`).toBeDefined();
  return stats!;
}

describe.skipIf(!PG)(
  `kill -9 recovery: worker processes on Postgres${PG ? '' : ' (skipped: set DATABASE_URL to a Postgres server)'}`,
  () => {
    let chain: TestChain;
    let db: TestDatabase;
    let keel: TestKeel;
    let fleet: KeelFleet;
    let client: PublicClient;
    let doc: Record<string, unknown>;
    let dbUrl: string;
    let treasury: Address;

    beforeAll(async () => {
      [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
      fleet = new KeelFleet();
      doc = pipelineConfig(chain);
      dbUrl = sharedDatabaseUrl(db)!;
      // The API runs in this process (it never signs); the workers are the children.
      keel = await startTestKeel(configOf(doc), db, 'api');
      treasury = keel.signers.get('treasury')!.address;
      client = createPublicClient({ transport: http(chain.rpcUrl) }) as PublicClient;
    }, 180_000);

    // A failed test may leave its worker running: it must not drive the next test's transfers.
    afterEach(() => fleet?.killRunning());

    afterAll(async () => {
      await fleet?.cleanup();
      await keel?.stop();
      await Promise.all([chain?.stop(), db?.close()]);
    });

    const worker = (label: string, env: NodeJS.ProcessEnv = {}, extra?: Record<string, unknown>) =>
      fleet
        .start(label, 'worker', extra ? pipelineConfig(chain, extra) : doc, { DATABASE_URL: dbUrl, ...env })
        .then((r) => r.proc);

    const transfer = async (to: Address, amount: string, userId = 'crash-user') => {
      const r = await api(keel.url!, keel.adminToken, 'POST', '/v1/transactions', {
        chainId: chain.chainId,
        signer: 'treasury',
        kind: 'transfer',
        to,
        asset: 'tUSD',
        amount,
        userId,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.status).toBe('queued');
      return r.body.id as string;
    };

    for (const sc of SCENARIOS) {
      it(`${sc.failpoint}: a worker killed there is replaced and the transfer lands exactly once`, {
        timeout: 360_000,
      }, async () => {
        const t0 = Date.now();
        const recipient = freshAddress();
        const amount = '12.34';
        const nonceBefore = await client.getTransactionCount({ address: treasury, blockTag: 'latest' });

        const first = await worker(`worker (${sc.failpoint})`, { KEEL_FAILPOINTS: sc.failpoint });
        const id = await transfer(recipient, amount);
        await expectKilled(first);
        const tKilled = Date.now();

        // ---- the state the crash left behind
        const crash = await txState(db.db, id);
        const ctx = () => `\nstate at crash: ${JSON.stringify(crash)}${first.tail()}`;
        expect(crash.status, ctx()).toBe(sc.atCrash.status);
        expect(crash.history, ctx()).toEqual(sc.atCrash.history);
        expect(crash.attempts.length, ctx()).toBe(sc.atCrash.attempts);
        if (sc.atCrash.allocation === 'none') expect(crash.allocations, ctx()).toEqual([]);
        else
          expect(crash.allocations, ctx()).toEqual([
            {
              nonce: nonceBefore,
              status: sc.atCrash.allocation,
              tx_hash: sc.atCrash.allocation === 'broadcast' ? crash.attempts[0]!.tx_hash : null,
            },
          ]);
        if (sc.atCrash.attempts) {
          expect(crash.attempts[0]!.nonce, ctx()).toBe(nonceBefore);
          const onChain = await pollUntil(
            async () => {
              const seen = await client.getTransaction({ hash: crash.attempts[0]!.tx_hash as Hash }).then(
                () => true,
                () => false,
              );
              // Something sent shows up at once (automine); for something unsent, one look is the answer.
              return seen || !sc.atCrash.sent ? seen : undefined;
            },
            150_000,
            () => `the attempt sent before the crash never reached the node${ctx()}`,
          );
          expect(onChain, `was the attempt on the node at the crash?${ctx()}`).toBe(sc.atCrash.sent);
        }
        expect(await client.getTransactionCount({ address: treasury, blockTag: 'pending' }), ctx()).toBe(
          nonceBefore + (sc.atCrash.sent ? 1 : 0),
        );

        // ---- a new worker, no failpoints
        const second = await worker('worker (restarted)');
        const done = await pollUntil(
          async () => {
            const s = await txState(db.db, id);
            return ['confirmed', 'failed', 'reverted', 'cancelled'].includes(s.status) ? s : undefined;
          },
          150_000,
          () => `transaction ${id} was not confirmed after the restart${second.tail()}`,
        );
        const tDone = Date.now();
        const end = () => `\nfinal state: ${JSON.stringify(done)}${second.tail()}`;
        expect(done.status, end()).toBe('confirmed');
        expect(done.history, end()).toEqual(sc.final);

        // ---- exactly once, on chain and in the nonce ledger
        expect(await tusdBalance(client, chain, recipient), end()).toBe(parseUnits(amount, TUSD_DECIMALS));
        expect(
          await client.getTransactionCount({ address: treasury, blockTag: 'latest' }),
          `treasury nonce after${end()}`,
        ).toBe(nonceBefore + 1);
        expect(done.nonce, end()).toBe(nonceBefore);
        expect(done.attempts.length, end()).toBe(1);
        expect(
          await minedCount(
            client,
            done.attempts.map((a) => a.tx_hash),
          ),
          end(),
        ).toBe(1);
        expect(done.allocations, end()).toEqual([
          { nonce: nonceBefore, status: 'broadcast', tx_hash: done.attempts[0]!.tx_hash },
        ]);
        const open = await db.db
          .selectFrom('nonce_allocations')
          .select(['nonce', 'status', 'ref'])
          .where('status', 'in', ['allocated', 'released'])
          .execute();
        expect(open, `nonces left open${end()}`).toEqual([]);

        const stats = await stopCleanly(second);
        expect(stats.gapsHealed, `the gap healer must not touch a held nonce${end()}`).toBe(0);
        console.log(
          `${sc.failpoint}: killed after ${tKilled - t0} ms, confirmed ${tDone - tKilled} ms after the kill; restarted worker stats ${JSON.stringify({ signed: stats.signed, broadcast: stats.broadcast, rebroadcasts: stats.rebroadcasts, errors: stats.errors })}`,
        );
      });
    }

    /**
     * Not a crash but its twin: a worker that is alive yet slower than its lease (a stalled RPC
     * endpoint, a long GC pause). Another worker takes the expired lease over while the first is
     * still inside the same step. The state machine keeps one of them from signing twice; the
     * transfer must still end `confirmed`, whichever of them moved it.
     */
    it('a worker frozen past its lease while another takes the transfer over: it still ends confirmed', {
      timeout: 360_000,
    }, async () => {
      const [gateA, gateB] = await Promise.all([startRpcGate(chain.rpcUrl), startRpcGate(chain.rpcUrl)]);
      try {
        const recipient = freshAddress();
        const amount = '3.21';
        const nonceBefore = await client.getTransactionCount({ address: treasury, blockTag: 'latest' });
        // Only the signing step reads the pending nonce: holding that call parks a worker inside sign().
        const pendingNonce = (c: RpcCall) =>
          c.method === 'eth_getTransactionCount' && Array.isArray(c.params) && c.params[1] === 'pending';
        const settings = (rpcUrl: string, pipeline: Record<string, unknown>) => ({
          rpc: { timeoutMs: 30_000, maxAttempts: 1 },
          chains: { [chain.chainId]: { confirmations: 1, pollIntervalMs: 100, rpcUrls: [rpcUrl] } },
          pipeline: { pollIntervalMs: 100, nonceCheckSeconds: 1, stuckAfterSeconds: 3_600, ...pipeline },
        });
        const arrival = (p: Promise<void>, what: string, ...procs: KeelChild[]) =>
          Promise.race([
            p,
            new Promise<never>((_, reject) =>
              setTimeout(
                () => reject(new Error(`${what} never happened${procs.map((x) => x.tail(20)).join('')}`)),
                30_000,
              ),
            ),
          ]);

        // Worker A: a 1 s lease and one transaction at a time, so it cannot re-claim its own row.
        const holdA = gateA.hold(pendingNonce);
        const a = await worker(
          'worker A (stalls in sign)',
          {},
          settings(gateA.url, { leaseMs: 1_000, workerConcurrency: 1 }),
        );
        const id = await transfer(recipient, amount, 'stall-user');
        await arrival(holdA.arrived, 'worker A reaching the pending-nonce read', a);
        // A live worker renews its lease while a step runs; a frozen one (a long GC pause, a
        // suspended VM) cannot. Freeze A so its lease runs out.
        process.kill(a.pid, 'SIGSTOP');

        // Worker B starts after A's lease ran out and claims the transfer, still `queued`.
        const holdB = gateB.hold(pendingNonce);
        const b = await worker('worker B (takes over)', {}, settings(gateB.url, { leaseMs: 10_000 }));
        await arrival(holdB.arrived, 'worker B taking the expired lease over', a, b);
        const row = () =>
          db.db
            .selectFrom('transactions')
            .select(['status', 'next_run_at', 'locked_by', 'locked_until'])
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
        const taken = await row();
        expect(taken.status, `${JSON.stringify(taken)}${a.tail(10)}${b.tail(10)}`).toBe('queued');
        expect(taken.locked_by, `B holds the lease now${a.tail(10)}${b.tail(10)}`).toContain(`:${b.pid}:`);

        // A wakes first: signs and broadcasts (its own lease is gone, the state machine lets it).
        process.kill(a.pid, 'SIGCONT');
        holdA.release();
        await pollUntil(
          async () => ((await row()).status === 'submitted' ? true : undefined),
          150_000,
          () => `worker A did not sign and broadcast${a.tail()}`,
          20,
        );
        // Then B wakes inside its signing step and finds the transfer moved on.
        holdB.release();

        const done = await pollUntil(
          async () => {
            const s = await txState(db.db, id);
            return ['confirmed', 'failed', 'reverted', 'cancelled'].includes(s.status) ? s : undefined;
          },
          150_000,
          () => `transaction ${id} never left \`submitted\`: nobody tracks it any more`,
        ).catch(async (err: Error) => {
          const [r, s] = await Promise.all([row(), txState(db.db, id)]);
          const mined = await minedCount(
            client,
            s.attempts.map((x) => x.tx_hash),
          );
          return {
            ...s,
            failure: `${err.message}
row: ${JSON.stringify(r)}
history: ${JSON.stringify(s.history)}
attempts mined on chain: ${mined} of ${s.attempts.length}${a.tail(15)}${b.tail(15)}`,
          };
        });
        const end = () =>
          'failure' in done
            ? (done as { failure: string }).failure
            : `
final: ${JSON.stringify(done)}${a.tail(15)}${b.tail(15)}`;
        expect(done.status, end()).toBe('confirmed');
        expect(
          done.history.filter((h) => h === 'signed:signed'),
          end(),
        ).toHaveLength(1);
        expect(done.attempts, end()).toHaveLength(1);
        expect(await tusdBalance(client, chain, recipient), end()).toBe(parseUnits(amount, TUSD_DECIMALS));
        expect(await client.getTransactionCount({ address: treasury, blockTag: 'latest' }), end()).toBe(
          nonceBefore + 1,
        );
        await Promise.all([stopCleanly(a), stopCleanly(b)]);
      } finally {
        await Promise.all([gateA.close(), gateB.close()]);
      }
    });

    /**
     * Sends 20 transfers (distinct recipients and amounts) through the API while `workers` run,
     * waits until every one is final, and checks each landed exactly once: all confirmed, one
     * attempt each, on-chain nonces unique and contiguous, every recipient paid its amount once,
     * no nonce left open. Returns the states for further checks.
     */
    async function sendBatchAndCheck(label: string, workers: KeelChild[], during?: () => Promise<void>) {
      const nonceBefore = await client.getTransactionCount({ address: treasury, blockTag: 'latest' });
      const payments = Array.from({ length: 20 }, (_, i) => ({
        to: freshAddress(),
        amount: `${i + 1}.${String(i + 1).padStart(2, '0')}`,
      }));
      const t0 = Date.now();
      const ids = await Promise.all(payments.map((p) => transfer(p.to, p.amount, label)));
      await during?.();
      const tail = () => workers.map((w) => w.tail(25)).join('');
      const states = await pollUntil(
        async () => {
          const all = await Promise.all(ids.map((id) => txState(db.db, id)));
          return all.every((s) => ['confirmed', 'failed', 'reverted', 'cancelled'].includes(s.status))
            ? all
            : undefined;
        },
        150_000,
        () => `not every transaction finished${tail()}`,
      ).catch(async (err: Error) => {
        const all = await Promise.all(ids.map((id) => txState(db.db, id)));
        throw new Error(
          `${err.message}\n${all.map((s, i) => `${ids[i]} ${s.status} nonce ${s.nonce} ${JSON.stringify(s.history)}`).join('\n')}`,
        );
      });
      const ms = Date.now() - t0;
      const ctx = () =>
        `\n${states.map((s, i) => `${ids[i]} ${s.status} nonce ${s.nonce} ${JSON.stringify(s.history)} attempts ${s.attempts.length}`).join('\n')}${tail()}`;

      expect(
        states.map((s) => s.status),
        ctx(),
      ).toEqual(ids.map(() => 'confirmed'));
      const nonces = states.map((s) => s.nonce!).sort((x, y) => x - y);
      expect(nonces, `nonces unique and contiguous from ${nonceBefore}${ctx()}`).toEqual(
        Array.from({ length: 20 }, (_, i) => nonceBefore + i),
      );
      expect(await client.getTransactionCount({ address: treasury, blockTag: 'latest' }), ctx()).toBe(nonceBefore + 20);
      for (const [i, s] of states.entries()) {
        expect(s.attempts.length, `${ids[i]} attempts${ctx()}`).toBe(1);
        expect(s.history.filter((h) => h === 'signed:signed').length, `${ids[i]} signed once${ctx()}`).toBe(1);
        // The mined transaction is the stored attempt, at the nonce the database gave it.
        const mined = await client.getTransaction({ hash: s.attempts[0]!.tx_hash as Hash });
        expect(mined.nonce, `${ids[i]} on-chain nonce${ctx()}`).toBe(s.nonce);
        expect(s.allocations, `${ids[i]} allocation${ctx()}`).toEqual([
          { nonce: s.nonce, status: 'broadcast', tx_hash: s.attempts[0]!.tx_hash },
        ]);
      }
      const balances = await Promise.all(payments.map((p) => tusdBalance(client, chain, p.to)));
      expect(balances, `each recipient paid exactly once${ctx()}`).toEqual(
        payments.map((p) => parseUnits(p.amount, TUSD_DECIMALS)),
      );
      const open = await db.db
        .selectFrom('nonce_allocations')
        .select(['nonce', 'status', 'ref'])
        .where('status', 'in', ['allocated', 'released'])
        .execute();
      expect(open, `nonces left open${ctx()}`).toEqual([]);
      return { states, ms, ctx };
    }

    // A small batch per claim, so neither worker can take all the work at once.
    const pairSettings = {
      pipeline: {
        pollIntervalMs: 100,
        leaseMs: 1_000,
        nonceCheckSeconds: 1,
        stuckAfterSeconds: 3_600,
        workerConcurrency: 3,
      },
    };

    it('two worker processes drive 20 transfers at once: all confirmed, nonces unique and contiguous, nothing twice', {
      timeout: 360_000,
    }, async () => {
      const [a, b] = await Promise.all([worker('worker A', {}, pairSettings), worker('worker B', {}, pairSettings)]);
      await Promise.all([
        a.waitForLog(/^pipeline worker started$/, 180_000),
        b.waitForLog(/^pipeline worker started$/, 180_000),
      ]);
      const { ms, ctx } = await sendBatchAndCheck('pair-user', [a, b]);
      const [sa, sb] = await Promise.all([stopCleanly(a), stopCleanly(b)]);
      console.log(
        `two workers: 20 transfers confirmed in ${ms} ms; signed A=${sa.signed} B=${sb.signed}, errors A=${sa.errors} B=${sb.errors}, gaps healed ${sa.gapsHealed + sb.gapsHealed}`,
      );
      expect(sa.signed + sb.signed, ctx()).toBe(20);
      expect(sa.gapsHealed + sb.gapsHealed, ctx()).toBe(0);
      // Both processes must have done some of the signing, or this proved nothing about two workers.
      expect(Math.min(sa.signed, sb.signed), `work split A=${sa.signed} B=${sb.signed}${ctx()}`).toBeGreaterThan(0);
    });

    it('two workers, one killed mid-batch holding a signed, unsent transfer: the survivor lands all 20 exactly once', {
      timeout: 360_000,
    }, async () => {
      const [a, b] = await Promise.all([
        worker('worker A (dies at pipeline.signed)', { KEEL_FAILPOINTS: 'pipeline.signed' }, pairSettings),
        worker('worker B', {}, pairSettings),
      ]);
      await Promise.all([
        a.waitForLog(/^pipeline worker started$/, 180_000),
        b.waitForLog(/^pipeline worker started$/, 180_000),
      ]);
      // A dies at the first transfer it signs, while B is signing and sending the ones above its nonce.
      const { ms, ctx } = await sendBatchAndCheck('midbatch-user', [a, b], () => expectKilled(a));
      const sb = await stopCleanly(b);
      console.log(
        `one of two workers killed mid-batch: 20 transfers confirmed in ${ms} ms; survivor signed ${sb.signed}, broadcast ${sb.broadcast}, rebroadcasts ${sb.rebroadcasts}, errors ${sb.errors}`,
      );
      expect(
        sb.gapsHealed,
        `the gap healer must not take over a nonce whose signed transaction is stored${ctx()}`,
      ).toBe(0);
      expect(sb.signed, ctx()).toBeLessThan(20);
    });
  },
);

// ---- without a Postgres server: the same crashes in one `--role all` process on PGlite ----

/**
 * PGlite is one process's database, so here API and worker share one `--role all` child on a
 * PGlite directory. The kill also tests the embedded database's own crash recovery and the
 * stale lock file the dead process leaves (the restarted process must take it over).
 * With DATABASE_URL set (CI), the Postgres suite covers every failpoint and this one runs the
 * most demanding crash only (a stored, committed, never-sent transaction), to stay quick.
 */
const LITE_SCENARIOS = PG ? SCENARIOS.filter((s) => s.failpoint === 'pipeline.broadcast.before_send') : SCENARIOS;

describe('kill -9 recovery: one `--role all` process on an embedded PGlite directory', () => {
  let chain: TestChain;
  let fleet: KeelFleet;
  let client: PublicClient;
  let doc: Record<string, unknown>;
  let dataDir: string;
  let token: string;
  let treasury: Address;
  /** The transactions the scenarios confirmed, for the ledger check at the end. */
  const landed: Array<{ id: string; nonce: number; hash: string }> = [];

  /** Opens the PGlite directory in this process (only while no child holds it). */
  async function withLiteDb<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    const database = await openDatabase({ pglitePath: dataDir });
    try {
      return await fn(database.db);
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    chain = await startTestChain();
    fleet = new KeelFleet();
    dataDir = join(fleet.dir, 'db');
    doc = pipelineConfig(chain, { database: { pglitePath: dataDir } });
    // The dev config's `treasury` signer is anvil's account 1.
    treasury = devAccounts.treasury.address;
    token = await withLiteDb(async (db) => {
      await migrate(db);
      return (await new KeysStore(db).create({ name: 'crash test', scopes: [...SCOPES] })).token;
    });
    client = createPublicClient({ transport: http(chain.rpcUrl) }) as PublicClient;
  }, 180_000);

  afterEach(() => fleet?.killRunning());

  afterAll(async () => {
    await fleet?.cleanup();
    await chain?.stop();
  });

  for (const sc of LITE_SCENARIOS) {
    it(`${sc.failpoint}: the restarted process takes over the stale lock and the transfer lands exactly once`, {
      timeout: 360_000,
    }, async () => {
      const t0 = Date.now();
      const recipient = freshAddress();
      const amount = '7.5';
      const userId = `lite-${sc.failpoint}`;
      const nonceBefore = await client.getTransactionCount({ address: treasury, blockTag: 'latest' });

      const first = await fleet.start(`keel (${sc.failpoint})`, 'all', doc, { KEEL_FAILPOINTS: sc.failpoint });
      // The worker in the same process may kill it before the response is written: then the
      // transaction is found by its user after the restart.
      const created = await api(first.url!, token, 'POST', '/v1/transactions', {
        chainId: chain.chainId,
        signer: 'treasury',
        kind: 'transfer',
        to: recipient,
        asset: 'tUSD',
        amount,
        userId,
      }).catch((err: Error) => ({ status: 0, body: { error: err.message } }));
      if (created.status !== 0) expect(created.status, JSON.stringify(created.body)).toBe(201);
      await expectKilled(first.proc);
      const tKilled = Date.now();
      const lock = `${dataDir}.lock`;
      expect(existsSync(lock) && readFileSync(lock, 'utf8'), 'the killed process leaves its lock file behind').toBe(
        String(first.proc.pid),
      );

      const second = await fleet.start('keel (restarted)', 'all', doc);
      const listed = await api(second.url!, token, 'GET', `/v1/transactions?user=${userId}`);
      expect(listed.status, JSON.stringify(listed.body)).toBe(200);
      expect(
        listed.body.data.map((t: any) => t.id),
        `one transaction for ${userId}, none lost or doubled${second.proc.tail()}`,
      ).toHaveLength(1);
      const id: string = listed.body.data[0].id;
      if (created.status === 201) expect(id).toBe(created.body.id);

      const tx = await waitForTx(
        second.url!,
        token,
        id,
        (t) => ['confirmed', 'failed', 'reverted', 'cancelled'].includes(t?.status),
        45_000,
      );
      const tDone = Date.now();
      const end = () =>
        `\nfinal: ${tx.status} ${JSON.stringify(tx.history.map((h: any) => `${h.status}:${h.reason}`))} attempts ${JSON.stringify(tx.attempts)}${second.proc.tail()}`;
      expect(tx.status, end()).toBe('confirmed');
      expect(
        tx.history.map((h: any) => `${h.status}:${h.reason}`),
        end(),
      ).toEqual(sc.final);
      expect(tx.nonce, end()).toBe(nonceBefore);
      expect(tx.attempts, end()).toHaveLength(1);
      expect(
        await minedCount(
          client,
          tx.attempts.map((a: any) => a.hash),
        ),
        end(),
      ).toBe(1);
      expect(await tusdBalance(client, chain, recipient), end()).toBe(parseUnits(amount, TUSD_DECIMALS));
      expect(
        await client.getTransactionCount({ address: treasury, blockTag: 'latest' }),
        `treasury nonce after${end()}`,
      ).toBe(nonceBefore + 1);

      const stats = await stopCleanly(second.proc);
      expect(stats.gapsHealed, end()).toBe(0);
      landed.push({ id, nonce: nonceBefore, hash: tx.attempts[0].hash });
      console.log(
        `PGlite ${sc.failpoint}: killed after ${tKilled - t0} ms (response ${created.status || 'lost'}), confirmed ${tDone - tKilled} ms after the kill`,
      );
    });
  }

  // Opening PGlite takes seconds, so the nonce ledger is checked once, after every crash.
  it('after the crashes the nonce ledger holds each confirmed transfer as broadcast and nothing allocated', {
    timeout: 180_000,
  }, async () => {
    expect(landed.length, 'the crash scenarios above must have confirmed their transfers').toBe(LITE_SCENARIOS.length);
    expect(
      fleet.children.filter((c) => !c.exit).map((c) => c.label),
      'no Keel process may hold the database now',
    ).toEqual([]);
    const { rows, open } = await withLiteDb(async (db) => ({
      rows: await db
        .selectFrom('nonce_allocations')
        .select(['nonce', 'status', 'ref', 'tx_hash'])
        .where(
          'ref',
          'in',
          landed.map((l) => l.id),
        )
        .orderBy('nonce')
        .execute(),
      open: await db
        .selectFrom('nonce_allocations')
        .select(['nonce', 'status', 'ref'])
        .where('status', 'in', ['allocated', 'released'])
        .execute(),
    }));
    expect(rows.map((r) => ({ id: r.ref, nonce: Number(r.nonce), hash: r.tx_hash, status: r.status }))).toEqual(
      landed.map((l) => ({ ...l, status: 'broadcast' })),
    );
    expect(open, 'nonces left open').toEqual([]);
  });
});
