/**
 * Keel's side of the load benchmark (`bench/load.ts`): a fresh schema on the Postgres server,
 * one API key per route holding only that route's scope, the load run's own policy and
 * settings (limits that let the volume through, rate limits raised), one `keel start --role
 * api` and one `--role worker` process on anvil with the demo world, and the database counts
 * read at the end (transactions by status, intents, table sizes).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { KeysStore } from '../src/auth/keys-store.ts';
import type { Scope } from '../src/auth/scopes.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import type { TestChain } from '../test/helpers/devchain.ts';
import { devConfigDoc, type KeelChild, KeelFleet } from '../test/helpers/keel-process.ts';
import { pipelinePolicy } from '../test/helpers/pipeline.ts';

/** The default database of this benchmark (it needs Postgres: one API and one worker process share it). */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The per-user daily window of the load policy, in USD: far above what a run moves. */
export const LOAD_WINDOW_USD = '100000000';

/**
 * The load run's policy: the write-path tests' (demo assets on the test chain, tUSD transfers,
 * per-transaction deny above 50,000 USD and review above 10,000 USD) plus a per-user daily
 * window and a per-API-key velocity rule set far above the run's volume, so the window code
 * runs on every transfer without refusing any.
 */
export function loadPolicy(chain: TestChain): Record<string, unknown> {
  return pipelinePolicy(chain, [
    {
      id: 'daily-per-user',
      kind: 'window',
      effect: 'deny',
      per: 'user',
      windowSeconds: 86_400,
      limit: { usd: LOAD_WINDOW_USD },
    },
    {
      id: 'velocity-per-key',
      kind: 'velocity',
      effect: 'deny',
      per: 'apiKey',
      windowSeconds: 60,
      maxCount: 10_000_000,
    },
  ]);
}

/**
 * Keel's settings for the run beside the policy: the write path as the pipeline benchmark
 * runs it (anvil automine), and the per-key rate limit raised (not disabled, so its shared
 * counter still runs on every request) far above what the client can send.
 */
export const LOAD_SETTINGS = {
  pipeline: { pollIntervalMs: 50, workerConcurrency: 64, stuckAfterSeconds: 5, nonceCheckSeconds: 3600 },
  chain: { confirmations: 1, pollIntervalMs: 100 },
  rpc: { timeoutMs: 10_000, maxAttempts: 3 },
  auth: { rateLimit: { max: 100_000_000, windowSeconds: 60 } },
};

/** The prepared database: where Keel finds it, one token per scope, counts, and how to drop it. */
export interface LoadDatabase {
  label: string;
  keel: Record<string, unknown>;
  tokens: Record<string, string>;
  counts(): Promise<LoadCounts>;
  /** Access statistics of the schema's tables, busiest first. */
  scans(): Promise<TableScans[]>;
  close(): Promise<void>;
}

export interface LoadCounts {
  transactionsByStatus: Record<string, number>;
  intentsByStatus: Record<string, number>;
  rows: Record<string, number>;
}

/** Postgres's access statistics of one table of the run's schema (pg_stat_user_tables). */
export interface TableScans {
  table: string;
  seqScans: number;
  /** Rows read by sequential scans: grows with the table × the scans when a query misses an index. */
  seqRowsRead: number;
  indexScans: number;
  inserts: number;
  updates: number;
}

/** Tables whose size after the run is worth a look (what grows with traffic). */
const COUNTED_TABLES = [
  'idempotency_keys',
  'events',
  'audit_log',
  'swap_quotes',
  'rate_limit_counters',
  'transaction_history',
];

/**
 * A fresh, migrated schema on the Postgres server at `url` with one API key per scope asked
 * for; throws a clear message when the server cannot be reached.
 */
export async function loadDatabase(url: string, scopes: readonly Scope[], poolSize: number): Promise<LoadDatabase> {
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await probe.connect();
    await probe.query('select 1');
  } catch (err) {
    throw new Error(
      `bench:load needs Postgres (one API and one worker process share the database): cannot reach ${url.replace(/\/\/[^@]*@/, '//')} (${(err as Error).message}). Start one or set DATABASE_URL.`,
    );
  } finally {
    await probe.end().catch(() => {});
  }
  const schema = `load_${randomBytes(4).toString('hex')}`;
  const d = await openDatabase({ url, schema, poolSize: 2 });
  await migrate(d.db);
  const keys = new KeysStore(d.db);
  const tokens: Record<string, string> = {};
  for (const s of new Set(scopes)) tokens[s] = (await keys.create({ name: `load ${s}`, scopes: [s] })).token;
  await d.close();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const query = async <R extends pg.QueryResultRow>(text: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<R>(text)).rows;
    } finally {
      await c.end();
    }
  };
  const byStatus = async (table: string) =>
    Object.fromEntries(
      (
        await query<{ status: string; n: string }>(
          `select status, count(*) as n from "${schema}".${table} group by status`,
        )
      ).map((r) => [r.status, Number(r.n)]),
    );
  return {
    label: `postgres (${url.replace(/\/\/[^@]*@/, '//')}, schema ${schema}, pool ${poolSize} per process)`,
    keel: { url: u.toString(), poolSize },
    tokens,
    async counts() {
      const rows: Record<string, number> = {};
      for (const t of COUNTED_TABLES)
        rows[t] = Number((await query<{ n: string }>(`select count(*) as n from "${schema}".${t}`))[0]!.n);
      return {
        transactionsByStatus: await byStatus('transactions'),
        intentsByStatus: await byStatus('payment_intents'),
        rows,
      };
    },
    async scans() {
      const rows = await query<Record<string, string>>(
        `select relname, seq_scan, seq_tup_read, idx_scan, n_tup_ins, n_tup_upd from pg_stat_user_tables where schemaname = '${schema}'`,
      );
      return rows
        .map((r) => ({
          table: r.relname!,
          seqScans: Number(r.seq_scan),
          seqRowsRead: Number(r.seq_tup_read),
          indexScans: Number(r.idx_scan ?? 0),
          inserts: Number(r.n_tup_ins),
          updates: Number(r.n_tup_upd),
        }))
        .sort((a, b) => b.seqScans + b.indexScans - (a.seqScans + a.indexScans));
    },
    async close() {
      if (process.env.KEEL_BENCH_KEEP_SCHEMA) return console.log(`kept schema ${schema}`);
      await query(`drop schema if exists "${schema}" cascade`);
    },
  };
}

/** The two Keel processes of the run. */
export interface LoadKeel {
  base: string;
  api: KeelChild;
  worker: KeelChild;
  stop(): Promise<void>;
}

/** Starts one API and one worker process on `database`, with the load policy and settings. */
export async function startLoadKeel(chain: TestChain, database: LoadDatabase): Promise<LoadKeel> {
  const fleet = new KeelFleet();
  try {
    const doc = devConfigDoc([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      policy: { document: loadPolicy(chain) },
      pipeline: LOAD_SETTINGS.pipeline,
      chains: { [chain.chainId]: LOAD_SETTINGS.chain },
      rpc: LOAD_SETTINGS.rpc,
      auth: LOAD_SETTINGS.auth,
      payments: { depositFactory: chain.world.contracts.depositFactory },
      database: database.keel,
      log: { level: 'warn' },
    });
    const api = await fleet.start('load api', 'api', doc);
    const worker = await fleet.start('load worker', 'worker', doc);
    return {
      base: api.url!,
      api: api.proc,
      worker: worker.proc,
      async stop() {
        await Promise.all([api.proc.stop(), worker.proc.stop()]);
        await fleet.cleanup();
      },
    };
  } catch (err) {
    await fleet.cleanup();
    throw err;
  }
}
