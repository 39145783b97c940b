import { createKeelClient, type KeelClient } from '@keel/client';
import pg from 'pg';
import { SCOPES } from '../../src/auth/scopes.ts';
import { KeysStore } from '../../src/auth/keys-store.ts';
import { testDatabase, type TestDatabase } from './db.ts';
import { startTestChain, type TestChain } from './devchain.ts';
import { devConfigDoc, KeelFleet, pollUntil, sharedDatabaseUrl, type KeelChild } from './keel-process.ts';
import { pipelinePolicy } from './pipeline.ts';
import { startRpcGate, type RpcGate } from './rpc-gate.ts';
import { startReceiver, type Receiver } from './webhook-receiver.ts';

/**
 * The system a chaos run works on (scripts/chaos.ts, test/chaos.int.test.ts): one anvil chain
 * with the demo world, a fresh Postgres schema, two fault proxies in front of the chain (both
 * listed as the chain's RPC URLs, so Keel fails over between them), a webhook receiver, and
 * four real `keel start` processes — two `--role api`, two `--role worker` — that can be
 * killed and restarted by slot. Database connections of these processes carry their own
 * `application_name`, so `pg_terminate_backend` reaches them and nobody else on the server.
 */

/** Per-user rolling limit of the chaos policy's window rule, in tUSD base units (6 decimals). */
export const WINDOW_LIMIT = 150_000_000n;
export const WINDOW_RULE = 'chaos-user-window';

export interface Slot {
  label: string;
  role: 'api' | 'worker';
  proc: KeelChild;
  /** The API's base URL while it is up (api slots only). */
  url?: string;
  /** False between a kill and the restarted process answering. */
  up: boolean;
}

export interface ChaosWorld {
  chain: TestChain;
  db: TestDatabase;
  gates: RpcGate[];
  receiver: Receiver;
  fleet: KeelFleet;
  slots: Slot[];
  token: string;
  appName: string;
  /** Head block before any Keel process ran (the chain scan starts above it). */
  startBlock: bigint;
  /** When the receiver's endpoint was created: events from then on are delivered to it. */
  endpointCreatedAt: Date;
  /** A typed client that sends each attempt to a live API process. */
  client: KeelClient;
  /** Restarts that failed (a process that did not come up), each with its output. */
  startFailures: string[];
  /** Starts that exited 4 (database unavailable, e.g. its connection terminated mid-start) and succeeded on a retry. */
  startRetries: string[];
  /** Restarts the process of a slot (after a kill); resolves when an API answers /health. */
  restart(slot: Slot): Promise<void>;
  /** Ends every connection of the Keel processes to Postgres; returns how many. */
  terminateBackends(): Promise<number>;
  close(): Promise<void>;
}

/** The config document every Keel process of the run reads. */
function chaosDoc(chain: TestChain, gates: RpcGate[]): Record<string, unknown> {
  const factory = chain.world.contracts.depositFactory;
  return devConfigDoc([{ chainId: chain.chainId, rpcUrls: gates.map((g) => g.url) }], {
    log: { level: process.env.CHAOS_LOG_LEVEL ?? 'info' },
    // Short deadlines so a hung endpoint costs seconds, not the default ten.
    rpc: {
      timeoutMs: 2_000,
      maxAttempts: 3,
      backoffBaseMs: 50,
      backoffMaxMs: 500,
      cooldownMs: 2_000,
      maxRetryAfterMs: 2_000,
    },
    policy: {
      document: pipelinePolicy(chain, [
        {
          id: 'sweeps',
          kind: 'contract',
          effect: 'allow',
          contracts: [factory],
          functions: [{ selector: 'sweepMany(bytes32[],address[])' }],
        },
        {
          id: WINDOW_RULE,
          kind: 'window',
          effect: 'deny',
          per: 'user',
          intentKinds: ['transfer'],
          windowSeconds: 86_400,
          assets: ['tUSD'],
          limit: { baseUnits: WINDOW_LIMIT.toString() },
        },
      ]),
    },
    payments: { depositFactory: factory, tickMs: 200, sweep: { intervalSeconds: 10 } },
    pipeline: { pollIntervalMs: 100, leaseMs: 2_000, nonceCheckSeconds: 2, stuckAfterSeconds: 3_600 },
    chains: { [chain.chainId]: { confirmations: 2, pollIntervalMs: 200 } },
    webhooks: {
      allowHttp: true,
      allowPrivateNetworks: true,
      timeoutMs: 3_000,
      pollIntervalMs: 200,
      jitter: 0,
      retryScheduleSeconds: [0, 1, 1, 2, 2, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5],
    },
  });
}

/**
 * Builds the world: chain, schema, proxies, receiver, an admin key, a webhook endpoint for every
 * event type, and the four processes. `receiverReply` decides each webhook answer (faults).
 */
export async function startChaosWorld(opts: {
  receiverFails: () => boolean;
  log: (line: string) => void;
}): Promise<ChaosWorld> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('a chaos run needs a Postgres server: set DATABASE_URL');
  const [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
  const gates = await Promise.all([startRpcGate(chain.rpcUrl), startRpcGate(chain.rpcUrl)]);
  const receiver = await startReceiver(() => (opts.receiverFails() ? { status: 503 } : { status: 200 }));
  const fleet = new KeelFleet();
  const appName = `keel-chaos-${db.options.schema}`;
  const dbUrl = new URL(sharedDatabaseUrl(db)!);
  dbUrl.searchParams.set('application_name', appName);
  const env = { DATABASE_URL: dbUrl.toString() };
  const doc = chaosDoc(chain, gates);
  const startBlock = BigInt(
    (
      (await (
        await fetch(chain.rpcUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
        })
      ).json()) as { result: string }
    ).result,
  );
  const { token } = await new KeysStore(db.db).create({ name: 'chaos driver', scopes: [...SCOPES] });

  const slots: Slot[] = [];
  const launch = async (label: string, role: Slot['role']) => {
    const r = await fleet.start(label, role, doc, env);
    // A worker is up once its loops run (the fleet returns it at spawn).
    if (role === 'worker') await r.proc.waitForLog(/^workers started$/, 120_000);
    return { proc: r.proc, ...(r.url ? { url: r.url } : {}) };
  };
  // One at a time: the first process loads the policy and both roles' tables settle before the others race.
  for (const [label, role] of [
    ['api-1', 'api'],
    ['api-2', 'api'],
    ['worker-1', 'worker'],
    ['worker-2', 'worker'],
  ] as const) {
    slots.push({ label, role, up: true, ...(await launch(label, role)) });
  }
  // Payments sent before the watcher's first checkpoint are not looked for (docs/payments.md): wait for it.
  await pollUntil(
    async () =>
      (
        await db.db
          .selectFrom('chain_watchers')
          .select('checkpoint_block')
          .where('chain_id', '=', chain.chainId)
          .executeTakeFirst()
      )?.checkpoint_block != null
        ? true
        : undefined,
    120_000,
    () => `no worker started watching the chain${slots.map((s) => s.proc.tail(10)).join('')}`,
  );
  opts.log(`started ${slots.map((s) => `${s.label} pid ${s.proc.pid}`).join(', ')}`);

  let next = 0;
  const liveApi = () => {
    const live = slots.filter((s) => s.role === 'api' && s.up && s.url && !s.proc.exit);
    if (live.length === 0) return undefined;
    return live[next++ % live.length]!.url!;
  };
  // Each attempt (the client's retries included) goes to a live API process, as a load balancer would.
  const client = createKeelClient({
    baseUrl: 'http://keel.invalid',
    apiKey: token,
    retries: 4,
    backoffMs: 100,
    fetch: async (request) => {
      const base = liveApi();
      if (!base) throw new TypeError('no API process is up');
      const u = new URL(request.url);
      const body = request.method === 'GET' ? undefined : await request.arrayBuffer();
      return globalThis.fetch(new URL(u.pathname + u.search, base), {
        method: request.method,
        headers: request.headers,
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(20_000),
      });
    },
  });

  const endpoint = await client.POST('/v1/webhook-endpoints', {
    body: { url: `${receiver.url}/hook`, eventTypes: ['*'] },
  });
  if (!endpoint.data) throw new Error(`webhook endpoint: ${JSON.stringify(endpoint.error)}`);
  receiver.secrets.push(endpoint.data.secret);
  const endpointCreatedAt = new Date(endpoint.data.createdAt);

  const startFailures: string[] = [];
  const startRetries: string[] = [];
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();

  return {
    chain,
    db,
    gates,
    receiver,
    fleet,
    slots,
    token,
    appName,
    startBlock,
    endpointCreatedAt,
    client,
    async restart(slot) {
      const failures: string[] = [];
      for (let attempt = 1; ; attempt++) {
        try {
          const r = await launch(`${slot.label} (restarted)`, slot.role);
          slot.proc = r.proc;
          if (r.url) slot.url = r.url;
          slot.up = true;
          // A start that exits 4 (database unavailable: its connection terminated by this run)
          // and comes up on the next try is what a supervisor does; any other failure is a finding.
          for (const f of failures)
            (/exit code 4\b/.test(f) && /database_unavailable/.test(f) ? startRetries : startFailures).push(f);
          return;
        } catch (err) {
          // A process that cannot start is a finding; the run goes on with a fresh attempt.
          const activity = await admin
            .query(
              `select pid, state, wait_event_type, wait_event, now() - query_start as age, left(query, 160) as query
               from pg_stat_activity where application_name = $1`,
              [appName],
            )
            .then((r) => r.rows.map((x) => JSON.stringify(x)).join('\n'))
            .catch((e: Error) => e.message);
          failures.push(`${(err as Error).message}\nthe processes' database sessions:\n${activity}`);
          opts.log(`${slot.label} failed to start (attempt ${attempt}): ${(err as Error).message.split('\n')[0]}`);
          const failed = fleet.children.findLast((c) => c.label.startsWith(`${slot.label} (restarted)`));
          await failed?.kill();
          if (attempt >= 3) {
            startFailures.push(...failures);
            throw err;
          }
        }
      }
    },
    startFailures,
    startRetries,
    async terminateBackends() {
      // Materialised first: the server must never evaluate pg_terminate_backend on another connection.
      const r = await admin.query(
        `with mine as materialized (
           select pid from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()
         )
         select count(*) filter (where pg_terminate_backend(pid)) as n from mine`,
        [appName],
      );
      return Number(r.rows[0].n);
    },
    async close() {
      await fleet.cleanup();
      await admin.end().catch(() => {});
      await Promise.all([...gates.map((g) => g.close()), receiver.close()]);
      await Promise.all([chain.stop(), db.close()]);
    },
  };
}
