/**
 * Keel's side of the write-path benchmark (`bench/pipeline.ts`): the database it runs on, and
 * the run itself — Keel as its own process(es) on a fresh anvil, `work.count` transfers POSTed
 * with bounded concurrency, then waited for until none is unfinished, with per-stage times,
 * stage rates, RPC calls by method (from Keel's /metrics), CPU shares and the balance check.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { KeysStore } from '../src/auth/keys-store.ts';
import { SCOPES } from '../src/auth/scopes.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { startTestChain } from '../test/helpers/devchain.ts';
import { devConfigDoc, KeelFleet } from '../test/helpers/keel-process.ts';
import { api, pipelinePolicy } from '../test/helpers/pipeline.ts';
import { balanceCheck, balances, cpuMeter, pool, sleep, summary, type Workload } from './pipeline-common.ts';

// ───────────────────────────────────────────────────────────────── database
/** The database prepared for Keel: its config section, an API token, and how to drop it. */
export type BenchDatabase = Awaited<ReturnType<typeof benchDatabase>>;

/** How Keel's side of the benchmark runs. */
export interface KeelRunOptions {
  work: Workload;
  /** Keel's config sections for the run (`pipeline`, `chain`, `rpc`, `auth`). */
  settings: {
    pipeline: Record<string, unknown>;
    chain: Record<string, unknown>;
    rpc: Record<string, unknown>;
    auth: Record<string, unknown>;
  };
  /** POSTs in flight at once. */
  concurrency: number;
  timeoutMs: number;
  /** One API and one worker process (Postgres only) instead of one process with both. */
  split: boolean;
}

/**
 * The database Keel runs on, prepared by the benchmark (migrated, with an API key) before
 * Keel starts as its own process: a PGlite directory (the embedded default) or a fresh schema
 * on the Postgres server at DATABASE_URL.
 */
export async function benchDatabase(poolSize: number): Promise<{
  label: string;
  keel: Record<string, unknown>;
  token: string;
  close(): Promise<void>;
}> {
  const url = process.env.DATABASE_URL;
  const makeKey = async (db: Awaited<ReturnType<typeof openDatabase>>) =>
    (await new KeysStore(db.db).create({ name: 'bench', scopes: [...SCOPES] })).token;
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'keel-bench-db-'));
    const d = await openDatabase({ pglitePath: dir });
    await migrate(d.db);
    const token = await makeKey(d);
    await d.close();
    return {
      label: `pglite (directory ${dir})`,
      keel: { pglitePath: dir },
      token,
      close: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const d = await openDatabase({ url, schema, poolSize: 2 });
  await migrate(d.db);
  const token = await makeKey(d);
  await d.close();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    label: `postgres (${url.replace(/\/\/[^@]*@/, '//')}, schema ${schema}, pool ${poolSize})`,
    keel: { url: u.toString(), poolSize },
    token,
    async close() {
      if (process.env.KEEL_BENCH_KEEP_SCHEMA) return console.log(`kept schema ${schema}`);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`).finally(() => c.end());
    },
  };
}

// ───────────────────────────────────────────────────────────────── pipeline
const UNFINISHED = 'pending_policy,pending_review,queued,signed,submitted';

/** `keel_db_statements_total` (SQL statements Keel ran, begin and commit included), from Keel's own /metrics. */
async function keelStatements(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^keel_db_statements_total (\S+)$/m.exec(text)?.[1] ?? NaN);
}

/** `keel_rpc_requests_total` by method, from Keel's own /metrics. */
async function keelRpcCalls(base: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^keel_rpc_requests_total\{([^}]*)\} (\S+)$/gm)) {
    const method = /method="([^"]+)"/.exec(m[1]!)?.[1] ?? '?';
    out[method] = (out[method] ?? 0) + Number(m[2]);
  }
  return out;
}

export async function pipelineRun(database: BenchDatabase, opts: KeelRunOptions) {
  const { work, settings, concurrency, timeoutMs, split } = opts;
  const count = work.count;
  const chain = await startTestChain();
  const fleet = new KeelFleet();
  let keelProc: { stop(): Promise<unknown> } | undefined;
  try {
    // Keel runs as its own process, as it does beside a fintech's backend: this process only
    // plays the backend (the HTTP client) and reads the chain.
    const doc = devConfigDoc([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      policy: { document: pipelinePolicy(chain) },
      pipeline: settings.pipeline,
      chains: { [chain.chainId]: settings.chain },
      rpc: settings.rpc,
      auth: settings.auth,
      database: database.keel,
      log: { level: 'warn' },
    });
    const { proc, url } = await fleet.start(split ? 'bench keel api' : 'bench keel', split ? 'api' : 'all', doc);
    const worker = split ? (await fleet.start('bench keel worker', 'worker', doc)).proc : undefined;
    keelProc = { stop: async () => Promise.all([proc.stop(), worker?.stop()]) };
    const base = url!;
    const token = database.token;
    const sender = chain.world.accounts.treasury;
    const before = await balances(chain, work, sender);
    const rpcBefore = await keelRpcCalls(base);
    const sqlBefore = await keelStatements(base);

    const ids: string[] = new Array(count);
    const intake: number[] = [];
    const refused: Array<{ i: number; status: number; code?: string; detail?: string }> = [];
    const cpu = cpuMeter(chain.pid, proc.pid, worker?.pid);
    const t0 = Date.now();
    await pool(count, concurrency, async (i) => {
      const t = work.transfer(i);
      const s = performance.now();
      const r = await api(base, token, 'POST', '/v1/transactions', {
        chainId: chain.chainId,
        signer: 'treasury',
        kind: 'transfer',
        to: t.to,
        asset: 'tUSD',
        amount: t.amount,
        userId: `bench-user-${i % 10}`,
      });
      intake.push(performance.now() - s);
      if (r.status !== 201) refused.push({ i, status: r.status, code: r.body?.code, detail: r.body?.detail });
      else ids[i] = r.body.id;
    });
    const intakeDoneMs = Date.now() - t0;
    const cpuIntake = cpu();

    // Wait until nothing is unfinished (one cheap list call at a time); the end time comes
    // from the transactions' own `finishedAt`, so the polling period does not matter.
    let observedDoneMs = NaN;
    const stuckAt = Date.now() + timeoutMs;
    for (;;) {
      const r = await api(base, token, 'GET', `/v1/transactions?status=${UNFINISHED}&limit=1`);
      if (r.status !== 200) throw new Error(`listing unfinished transactions: ${r.status} ${JSON.stringify(r.body)}`);
      if (r.body.data.length === 0) {
        observedDoneMs = Date.now() - t0;
        break;
      }
      if (Date.now() > stuckAt) break;
      await sleep(100);
    }
    const cpuAll = cpu();
    const workerStats = null;

    // Every transaction once, as the API shows it (pages of 100).
    const all = new Map<string, any>();
    for (let after: string | undefined; ; ) {
      const r = await api(base, token, 'GET', `/v1/transactions?limit=100${after ? `&startingAfter=${after}` : ''}`);
      for (const tx of r.body.data) all.set(tx.id, tx);
      if (!r.body.hasMore) break;
      after = r.body.data.at(-1).id;
    }
    const mine = ids.filter(Boolean).map((id) => all.get(id));
    const byStatus: Record<string, number> = {};
    for (const tx of mine) byStatus[tx?.status ?? 'missing'] = (byStatus[tx?.status ?? 'missing'] ?? 0) + 1;
    const confirmed = mine.filter((tx) => tx?.status === 'confirmed');
    const finishedAt = confirmed.map((tx) => Date.parse(tx.finishedAt));
    const wallMs = finishedAt.length ? Math.max(...finishedAt) - t0 : NaN;

    // Stage times from each transaction's history (database clock).
    const at = (tx: any, status: string) => {
      const h = tx.history.find((x: any) => x.status === status);
      return h ? Date.parse(h.at) : NaN;
    };
    const stage = (from: string, to: string) => summary(confirmed.map((tx) => at(tx, to) - at(tx, from)));
    const stages = {
      queuedToSigned: stage('queued', 'signed'),
      signedToSubmitted: stage('signed', 'submitted'),
      submittedToConfirmed: stage('submitted', 'confirmed'),
      createdToConfirmed: summary(confirmed.map((tx) => Date.parse(tx.finishedAt) - Date.parse(tx.createdAt))),
    };
    // How fast each stage went through the run: transactions per second between the first and
    // the last entry of that stage (the slowest stage caps the whole pipeline).
    const rate = (status: string) => {
      const ts = confirmed.map((tx) => at(tx, status)).filter(Number.isFinite);
      const span = (Math.max(...ts) - Math.min(...ts)) / 1000;
      return Number((ts.length / span).toFixed(1));
    };
    const stageRates = {
      queued: rate('queued'),
      signed: rate('signed'),
      submitted: rate('submitted'),
      confirmed: rate('confirmed'),
    };
    const nonces = confirmed.map((tx) => tx.nonce as number).sort((a, b) => a - b);
    const distinctNonces = new Set(nonces).size;
    const retriedSteps = mine.filter((tx) =>
      tx?.history.some(
        (h: any) => !['created', 'policy_allowed', 'signed', 'broadcast', 'included', 'confirmed'].includes(h.reason),
      ),
    ).length;

    const after = await balances(chain, work, sender);
    const rpcAfter = await keelRpcCalls(base);
    // Includes the few statements of this run's own polling and listing (a dozen GETs).
    const sqlStatements = (await keelStatements(base)) - sqlBefore;
    const rpcByMethod: Record<string, number> = {};
    for (const [k, v] of Object.entries(rpcAfter))
      if (v - (rpcBefore[k] ?? 0) > 0) rpcByMethod[k] = v - (rpcBefore[k] ?? 0);
    const rpcTotal = Object.values(rpcByMethod).reduce((a, b) => a + b, 0);
    return {
      wallMs,
      txPerSecond: Number((confirmed.length / (wallMs / 1000)).toFixed(1)),
      intakeDoneMs,
      observedDoneMs,
      intakeLatencyMs: summary(intake),
      intakePerSecond: Number((count / (intakeDoneMs / 1000)).toFixed(1)),
      stagesMs: stages,
      stageRatesPerSecond: stageRates,
      statuses: byStatus,
      refused: refused.slice(0, 10),
      refusedCount: refused.length,
      confirmed: confirmed.length,
      distinctNonces,
      retriedSteps,
      worker: workerStats,
      cpu: { duringIntake: cpuIntake, wholeRun: cpuAll },
      rpcCalls: rpcTotal,
      rpcCallsPerTx: Number((rpcTotal / count).toFixed(2)),
      rpcByMethod,
      sqlStatements,
      sqlStatementsPerTx: Number((sqlStatements / count).toFixed(2)),
      cpuMsPerTx: Number((((cpuAll.keelCpuSeconds ?? NaN) * 1000) / count).toFixed(2)),
      balances: balanceCheck(work, before, after),
    };
  } finally {
    await keelProc?.stop();
    await fleet.cleanup();
    await chain.stop();
  }
}
