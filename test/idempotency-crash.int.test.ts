import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { getAddress, type Address } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KeysStore } from '../src/auth/keys-store.ts';
import { SCOPES } from '../src/auth/scopes.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import type { DB } from '../src/db/schema.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigDoc, KeelFleet, pollUntil, sharedDatabaseUrl, type KeelChild } from './helpers/keel-process.ts';
import { pipelinePolicy } from './helpers/pipeline.ts';
import { startRpcGate } from './helpers/rpc-gate.ts';

/**
 * kill -9 of the API process in the middle of a `POST /v1/transactions` that carries an
 * `Idempotency-Key` (issue 12, part 3: every key in flight used to answer 409 for 24 h). A
 * `keel start --role api` child runs with `KEEL_FAILPOINTS=<point>` and SIGKILLs itself there;
 * the client's retry with the same key, on a process that is alive, must then
 * - get the original answer when the transfer was committed (the answer committed with it), or
 * - run the request, once, when nothing was committed —
 * and in every case exactly one transaction exists for the request. On Postgres a second API
 * process answers the retry while the first is dead (API replicas share the keys); a holder
 * frozen past its lease while the retry runs cannot commit a second transfer. On PGlite (one
 * process per database) the retry goes to the restarted process.
 */

const PG = Boolean(process.env.DATABASE_URL);
// Renewed every third of it: long enough that a live holder on a loaded machine never lets it lapse.
const LEASE_MS = 4_000;

interface Scenario {
  failpoint: string;
  /** Whether the transfer was committed when the process died. */
  committed: boolean;
  what: string;
}

const SCENARIOS: Scenario[] = [
  {
    failpoint: 'api.idempotency.before_store',
    committed: true,
    what: 'after the transfer and its answer committed, before the reply',
  },
  {
    failpoint: 'api.idempotency.claimed',
    committed: false,
    what: 'right after claiming the key, before anything was written',
  },
  {
    failpoint: 'pipeline.create.before_commit',
    committed: false,
    what: 'inside the write transaction, its answer recorded but not committed',
  },
];

interface Answer {
  status: number;
  replayed: string | null;
  body: any;
}

async function postTransfer(base: string, token: string, body: unknown, key: string): Promise<Answer> {
  const r = await fetch(`${base}/v1/transactions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: r.status, replayed: r.headers.get('idempotent-replayed'), body: await r.json() };
}

/** The request sent to a process that dies on the way: the connection drops, no answer. */
async function postToDying(base: string, token: string, body: unknown, key: string): Promise<Answer | 'no answer'> {
  return postTransfer(base, token, body, key).catch(() => 'no answer' as const);
}

/** Retries (as a client would, honouring 409 + Retry-After) until the key answers something else. */
async function retryUntilAnswered(
  base: string,
  token: string,
  body: unknown,
  key: string,
  ctx: () => string,
): Promise<{ answer: Answer; inProgress: number }> {
  let inProgress = 0;
  const answer = await pollUntil(
    async () => {
      const a = await postTransfer(base, token, body, key);
      if (a.status === 409 && a.body.code === 'idempotency_in_progress') {
        inProgress++;
        return undefined;
      }
      return a;
    },
    30_000,
    () => `the key still answers 409 idempotency_in_progress after 30 s${ctx()}`,
    200,
  );
  return { answer, inProgress };
}

async function expectKilled(proc: KeelChild): Promise<void> {
  const exit = await proc.waitExit(30_000);
  expect(exit, `the API process should have killed itself at its failpoint${proc.tail()}`).toEqual({
    code: null,
    signal: 'SIGKILL',
  });
}

const freshAddress = () => getAddress(`0x${randomBytes(20).toString('hex')}`);

function transferBody(chain: TestChain, to: Address, userId: string) {
  return { chainId: chain.chainId, signer: 'treasury', kind: 'transfer', to, asset: 'tUSD', amount: '4.25', userId };
}

function apiConfig(chain: TestChain, rpcUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return devConfigDoc([{ chainId: chain.chainId, rpcUrls: [rpcUrl] }], {
    log: { level: 'info' },
    policy: { document: pipelinePolicy(chain) },
    server: { idempotencyLeaseMs: LEASE_MS },
    ...extra,
  });
}

describe.skipIf(!PG)(
  `kill -9 of an API process mid-request, API processes on Postgres${PG ? '' : ' (skipped: set DATABASE_URL)'}`,
  () => {
    let chain: TestChain;
    let db: TestDatabase;
    let fleet: KeelFleet;
    let token: string;
    let env: NodeJS.ProcessEnv;
    /** The API process that stays alive and answers the retries. */
    let survivor: { proc: KeelChild; url?: string };

    const txsOf = (userId: string) =>
      db.db.selectFrom('transactions').select(['id', 'status']).where('user_id', '=', userId).execute();
    const keyRow = (key: string) =>
      db.db
        .selectFrom('idempotency_keys')
        .select(['status', 'owner', 'outcome'])
        .where('key', '=', key)
        .executeTakeFirst();

    beforeAll(async () => {
      [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
      fleet = new KeelFleet();
      env = { DATABASE_URL: sharedDatabaseUrl(db)! };
      token = (await new KeysStore(db.db).create({ name: 'idempotency crash', scopes: [...SCOPES] })).token;
      survivor = await fleet.start('api (survivor)', 'api', apiConfig(chain, chain.rpcUrl), env);
    }, 90_000);

    afterEach(async () => {
      for (const c of fleet.children) if (c !== survivor.proc && !c.exit) await c.kill();
    });

    afterAll(async () => {
      await fleet?.cleanup();
      await Promise.all([chain?.stop(), db?.close()]);
    });

    for (const sc of SCENARIOS) {
      it(`dies ${sc.what} (${sc.failpoint}): the retry on another process ${sc.committed ? 'answers the committed transfer' : 'runs it once'}`, {
        timeout: 90_000,
      }, async () => {
        const userId = `idem-${sc.failpoint}`;
        const key = `crash-${sc.failpoint}`;
        const body = transferBody(chain, freshAddress(), userId);
        const dying = await fleet.start(`api (${sc.failpoint})`, 'api', apiConfig(chain, chain.rpcUrl), {
          ...env,
          KEEL_FAILPOINTS: sc.failpoint,
        });

        const lost = await postToDying(dying.url!, token, body, key);
        expect(lost, 'the dying process must not answer').toBe('no answer');
        await expectKilled(dying.proc);
        const ctx = () => `${dying.proc.tail(15)}${survivor.proc.tail(15)}`;

        const atCrash = await txsOf(userId);
        expect(atCrash.length, `transactions committed before the kill${ctx()}`).toBe(sc.committed ? 1 : 0);
        expect((await keyRow(key))?.status, ctx()).toBe(sc.committed ? 'committed' : 'in_progress');

        const { answer, inProgress } = await retryUntilAnswered(survivor.url!, token, body, key, ctx);
        expect(answer.status, `${JSON.stringify(answer.body)}${ctx()}`).toBe(201);
        const txs = await txsOf(userId);
        expect(txs, `exactly one transaction for the request${ctx()}`).toHaveLength(1);
        expect(answer.body.id).toBe(txs[0]!.id);
        if (sc.committed) {
          expect(answer.replayed, 'the committed answer is replayed').toBe('true');
          expect(answer.body.id).toBe(atCrash[0]!.id);
        } else {
          expect(answer.replayed, 'nothing committed: the request ran').toBeNull();
        }
        // And from now on the key answers the same, at once.
        const again = await postTransfer(survivor.url!, token, body, key);
        expect(again).toMatchObject({ status: 201, replayed: 'true' });
        expect(again.body).toEqual(answer.body);
        expect(await keyRow(key)).toMatchObject({
          status: 'done',
          owner: expect.stringContaining(String(sc.committed ? dying.proc.pid : survivor.proc.pid)),
        });
        console.log(
          `${sc.failpoint}: retry answered after ${inProgress} × 409 in progress (lease ${LEASE_MS} ms), ${sc.committed ? 'replayed' : 'ran once'}`,
        );
      });
    }

    it('a holder frozen past its lease while the retry runs cannot commit a second transfer', {
      timeout: 90_000,
    }, async () => {
      const gate = await startRpcGate(chain.rpcUrl);
      try {
        const userId = 'idem-frozen-holder';
        const key = 'frozen-holder';
        const body = transferBody(chain, freshAddress(), userId);
        const hold = gate.hold((c) => c.method === 'eth_simulateV1' || c.method === 'debug_traceCall');
        const frozen = await fleet.start('api (frozen holder)', 'api', apiConfig(chain, gate.url), env);
        const ctx = () => `${frozen.proc.tail(15)}${survivor.proc.tail(15)}`;
        const first = postTransfer(frozen.url!, token, body, key);
        await Promise.race([
          hold.arrived,
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error(`the request never reached its simulation${ctx()}`)), 30_000),
          ),
        ]);
        // A live holder renews its lease: the retry is told to wait.
        const early = await postTransfer(survivor.url!, token, body, key);
        expect(early.body.code, ctx()).toBe('idempotency_in_progress');
        // Frozen (a long GC pause, a suspended VM), it stops renewing.
        process.kill(frozen.proc.pid, 'SIGSTOP');
        try {
          const { answer } = await retryUntilAnswered(survivor.url!, token, body, key, ctx);
          expect(answer.status, JSON.stringify(answer.body)).toBe(201);
          expect(answer.replayed).toBeNull();
        } finally {
          process.kill(frozen.proc.pid, 'SIGCONT');
        }
        hold.release();
        const late = await first;
        expect(late.status, `the frozen holder's answer: ${JSON.stringify(late.body)}${ctx()}`).toBe(409);
        expect(late.body.code).toBe('idempotency_lease_lost');
        const txs = await txsOf(userId);
        expect(txs, `one transfer: the frozen holder's insert rolled back${ctx()}`).toHaveLength(1);
        const again = await postTransfer(survivor.url!, token, body, key);
        expect(again).toMatchObject({ status: 201, replayed: 'true', body: { id: txs[0]!.id } });
        await frozen.proc.stop();
      } finally {
        await gate.close();
      }
    });
  },
);

// ---- without a Postgres server: the restarted process answers on the same PGlite directory ----

const LITE_SCENARIOS = PG ? SCENARIOS.filter((s) => s.committed) : SCENARIOS;

describe('kill -9 of the API process mid-request, embedded PGlite: the restarted process answers', () => {
  let chain: TestChain;
  let fleet: KeelFleet;
  let token: string;
  let doc: Record<string, unknown>;

  beforeAll(async () => {
    chain = await startTestChain();
    fleet = new KeelFleet();
    const dataDir = join(fleet.dir, 'db');
    doc = apiConfig(chain, chain.rpcUrl, { database: { pglitePath: dataDir } });
    const database = await openDatabase({ pglitePath: dataDir });
    try {
      await migrate(database.db as Kysely<DB>);
      token = (await new KeysStore(database.db).create({ name: 'idempotency crash', scopes: [...SCOPES] })).token;
    } finally {
      await database.close();
    }
  }, 60_000);

  afterEach(() => fleet?.killRunning());

  afterAll(async () => {
    await fleet?.cleanup();
    await chain?.stop();
  });

  for (const sc of LITE_SCENARIOS) {
    it(`dies ${sc.what} (${sc.failpoint}): after the restart the retry ${sc.committed ? 'answers the committed transfer' : 'runs it once'}`, {
      timeout: 120_000,
    }, async () => {
      const userId = `lite-idem-${sc.failpoint}`;
      const key = `lite-${sc.failpoint}`;
      const body = transferBody(chain, freshAddress(), userId);
      const dying = await fleet.start(`api (${sc.failpoint})`, 'api', doc, { KEEL_FAILPOINTS: sc.failpoint });
      expect(await postToDying(dying.url!, token, body, key)).toBe('no answer');
      await expectKilled(dying.proc);

      const restarted = await fleet.start('api (restarted)', 'api', doc);
      const ctx = () => `${dying.proc.tail(15)}${restarted.proc.tail(15)}`;
      const { answer } = await retryUntilAnswered(restarted.url!, token, body, key, ctx);
      expect(answer.status, `${JSON.stringify(answer.body)}${ctx()}`).toBe(201);
      expect(answer.replayed).toBe(sc.committed ? 'true' : null);
      const listed = await fetch(`${restarted.url}/v1/transactions?user=${userId}`, {
        headers: { authorization: `Bearer ${token}` },
      }).then((r) => r.json() as Promise<any>);
      expect(
        listed.data.map((t: any) => t.id),
        `exactly one transaction for the request${ctx()}`,
      ).toEqual([answer.body.id]);
      const again = await postTransfer(restarted.url!, token, body, key);
      expect(again).toMatchObject({ status: 201, replayed: 'true' });
      expect(again.body).toEqual(answer.body);
      await restarted.proc.stop();
    });
  }
});
