/**
 * Write-path benchmark: `--count` ERC-20 transfers (tUSD, from the `treasury` dev signer)
 * through Keel's whole pipeline — HTTP intake (policy with chain facts, simulation, preview,
 * record), then the durable worker (re-simulation, nonce, signing, broadcast, tracking to
 * `confirmed`) — on anvil with automine, against a baseline in the same run: the same
 * transfers signed and sent with the same key by a plain sequential viem loop
 * (`writeContract`, then `waitForTransactionReceipt`). Each run gets its own fresh anvil with
 * the demo world, so both start from the same chain state; afterwards the recipients' tUSD
 * balances must add up to what was sent, and every pipeline transaction must be `confirmed`
 * (the run fails otherwise; a missed target only reports).
 *
 * Keel runs as its own process (`keel start --role all`, or `--topology split`: one API and one
 * worker process on Postgres), as it does beside a fintech's backend; this process plays the
 * backend (the HTTP client) and runs the baseline.
 *
 * Also reports policy evaluation alone (a 1,000-rule policy, one core) by running
 * `bench/policy.ts` as a child process first, and including its figures.
 *
 * An embedded PGlite directory by default; a fresh schema on the Postgres server at DATABASE_URL when set.
 *
 * The baseline polls for receipts every `--baseline-poll-ms` (5 ms): anvil mines a moment
 * after `eth_sendRawTransaction` answers, and once the chain holds a few hundred blocks the
 * first receipt lookup usually misses, so with a coarser interval the baseline would mostly
 * measure its own polling (about 45 tx/s at 50 ms instead of about 100 tx/s).
 *
 *   npm run bench:pipeline [-- --count 1000 --concurrency 48 --recipients 1000 --worker-concurrency 64
 *                              --pool 10 --baseline-poll-ms 5 --policy-seconds 3 --skip-policy --topology all|split]
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  erc20Abi,
  formatUnits,
  getAddress,
  http,
  type Address,
  type Hex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { startTestChain, type TestChain } from '../test/helpers/devchain.ts';
import { devConfigFor } from '../test/helpers/keel.ts';
import { devConfigDoc, KeelFleet } from '../test/helpers/keel-process.ts';
import { KeysStore } from '../src/auth/keys-store.ts';
import { SCOPES } from '../src/auth/scopes.ts';
import { api, pipelinePolicy } from '../test/helpers/pipeline.ts';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    /** POSTs in flight at once (the fintech backend's client concurrency). */
    concurrency: { type: 'string', default: '48' },
    /** Distinct recipients, used round-robin. */
    recipients: { type: 'string', default: '1000' },
    'worker-concurrency': { type: 'string', default: '64' },
    /** Postgres connection pool size (Keel's default is 10). */
    pool: { type: 'string', default: '10' },
    'policy-seconds': { type: 'string', default: '3' },
    'skip-policy': { type: 'boolean', default: false },
    /** `split`: one API process and one worker process (the scale-out shape; Postgres only). `all`: one process with both. */
    topology: { type: 'string', default: 'all' },
    /** The baseline's viem pollingInterval (waitForTransactionReceipt): small, so the baseline is not slowed by its own polling. */
    'baseline-poll-ms': { type: 'string', default: '5' },
    /** Give up on unfinished transactions after this long. */
    'timeout-seconds': { type: 'string', default: '600' },
  },
});
const COUNT = Number(args.count);
const CONCURRENCY = Number(args.concurrency);
const RECIPIENTS = Math.min(Number(args.recipients), COUNT);
const WORKER_CONCURRENCY = Number(args['worker-concurrency']);
const POOL = Number(args.pool);
const TIMEOUT_MS = Number(args['timeout-seconds']) * 1000;
const TARGET = { ofBaselineThroughput: 0.5 };
const POLICY_TARGET = { decisionsPerSecond: 20_000, p99Ms: 1 };

/** Settings Keel runs with here (printed and written to the result). */
const SETTINGS = {
  // stuckAfterSeconds 5: anvil's automine can leave a ready transaction unmined when a signer's
  // transactions arrive out of nonce order (foundry-rs/foundry#10122); a stuck transaction is
  // then replaced with a higher fee, as on any chain, and the replacement gets it mined. The
  // run reports how many transactions needed that ("with extra history steps").
  pipeline: {
    pollIntervalMs: 50,
    workerConcurrency: WORKER_CONCURRENCY,
    stuckAfterSeconds: 5,
    nonceCheckSeconds: 3600,
  },
  chain: { confirmations: 1, pollIntervalMs: 100 },
  rpc: { timeoutMs: 10_000, maxAttempts: 3 },
  auth: { rateLimit: { max: 0 } },
};
const BASELINE_POLL_MS = Number(args['baseline-poll-ms']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
const ms1 = (x: number) => Number(x.toFixed(1));
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: ms1(pct(s, 50)), p99: ms1(pct(s, 99)), max: ms1(s[s.length - 1] ?? NaN) };
};

/** Deterministic recipients no one else uses (nothing deployed there, no balance). */
const recipients: Address[] = Array.from({ length: RECIPIENTS }, (_, i) =>
  getAddress(`0xbe7c${(i + 1).toString(16).padStart(36, '0')}`),
);
/** Transfer i: to recipient i mod R, 1.xxx tUSD (amounts vary so a mix-up shows in the sums). */
const transfer = (i: number) => {
  const milli = i % 1000;
  return {
    to: recipients[i % RECIPIENTS]!,
    amount: `1.${String(milli).padStart(3, '0')}`,
    baseUnits: 1_000_000n + BigInt(milli) * 1_000n,
  };
};
const expectedTotal = Array.from({ length: COUNT }, (_, i) => transfer(i).baseUnits).reduce((a, b) => a + b, 0n);

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

/**
 * Where the CPU went during a phase: this Node process (the client, or the baseline loop) and
 * its event-loop utilisation, anvil, and the Keel process(es) when given (API, worker and
 * PGlite share one JS thread in `--role all`).
 */
function cpuMeter(anvilPid: number, keelPid?: number, workerPid?: number) {
  const c0 = process.cpuUsage();
  const e0 = performance.eventLoopUtilization();
  const a0 = cpuSecondsOf(anvilPid);
  const keelCpu = () => (keelPid ? cpuSecondsOf(keelPid) : NaN) + (workerPid ? cpuSecondsOf(workerPid) : 0);
  const k0 = keelCpu();
  const t0 = performance.now();
  return () => {
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const share = (x: number) => Number(((100 * x) / wall).toFixed(0));
    return {
      nodeCpuPercent: share((c.user + c.system) / 1e6),
      nodeEventLoopUtilization: Number(performance.eventLoopUtilization(e0).utilization.toFixed(2)),
      anvilCpuPercent: share(cpuSecondsOf(anvilPid) - a0),
      ...(keelPid ? { keelCpuPercent: share(keelCpu() - k0) } : {}),
    };
  };
}

/** Runs `fn(i)` for i in [0, n) with at most `limit` in flight. */
async function pool(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

/** tUSD held by every recipient (one multicall) and by the sender. */
async function balances(chain: TestChain, sender: Address): Promise<{ recipients: bigint; sender: bigint }> {
  const client = createPublicClient({ transport: http(chain.rpcUrl) });
  const token = chain.world.contracts.tUSD;
  const reads = await client.multicall({
    multicallAddress: '0xcA11bde05977b3631167028862bE2a173976CA11',
    allowFailure: false,
    contracts: [...recipients, sender].map((a) => ({
      address: token,
      abi: erc20Abi,
      functionName: 'balanceOf' as const,
      args: [a] as const,
    })),
  });
  const all = reads as bigint[];
  return { recipients: all.slice(0, -1).reduce((a, b) => a + b, 0n), sender: all.at(-1)! };
}

/** Runs bench/policy.ts as its own process (its own core, no chain or database beside it) and reads its JSON. */
async function policyBench(): Promise<Record<string, any> | null> {
  if (args['skip-policy']) return null;
  console.log('\n── policy evaluation alone (bench/policy.ts, child process) ──');
  const out = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bench/policy.ts', '--seconds', String(args['policy-seconds'])],
      { maxBuffer: 16 * 2 ** 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`bench/policy.ts failed: ${err.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
  for (const line of out.trimEnd().split('\n')) console.log(`  │ ${line}`);
  return JSON.parse(readFileSync('bench/results/policy.json', 'utf8'));
}

/** RPC calls by method, counted by the transport's fetch hook (one call per request: no batching). */
function rpcCounter() {
  const byMethod: Record<string, number> = {};
  return {
    byMethod,
    total: () => Object.values(byMethod).reduce((a, b) => a + b, 0),
    async onFetchRequest(req: Request) {
      const body = (await req.clone().json()) as { method: string } | Array<{ method: string }>;
      for (const m of Array.isArray(body) ? body : [body]) byMethod[m.method] = (byMethod[m.method] ?? 0) + 1;
    },
  };
}

// ───────────────────────────────────────────────────────────────── baseline
async function baseline(privateKey: Hex) {
  const chain = await startTestChain();
  try {
    const account = privateKeyToAccount(privateKey);
    const before = await balances(chain, account.address);
    const rpc = rpcCounter();
    const viemChain = defineChain({
      id: chain.chainId,
      name: 'bench',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
    });
    const transport = http(chain.rpcUrl, { batch: false, onFetchRequest: (r) => rpc.onFetchRequest(r) });
    const wallet = createWalletClient({ account, chain: viemChain, transport, pollingInterval: BASELINE_POLL_MS });
    const reader = createPublicClient({ chain: viemChain, transport, pollingInterval: BASELINE_POLL_MS });
    const latencies: number[] = [];
    let reverted = 0;
    const cpu = cpuMeter(chain.pid);
    const t0 = performance.now();
    for (let i = 0; i < COUNT; i++) {
      const s = performance.now();
      const t = transfer(i);
      const hash = await wallet.writeContract({
        address: chain.world.contracts.tUSD,
        abi: erc20Abi,
        functionName: 'transfer',
        args: [t.to, t.baseUnits],
      });
      const receipt = await reader.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') reverted++;
      latencies.push(performance.now() - s);
    }
    const wallMs = performance.now() - t0;
    const cpuUse = cpu();
    const after = await balances(chain, account.address);
    const received = after.recipients - before.recipients;
    const spent = before.sender - after.sender;
    return {
      wallMs: Math.round(wallMs),
      txPerSecond: Number((COUNT / (wallMs / 1000)).toFixed(1)),
      latencyMs: summary(latencies),
      reverted,
      cpu: cpuUse,
      rpcCalls: rpc.total(),
      rpcCallsPerTx: Number((rpc.total() / COUNT).toFixed(2)),
      rpcByMethod: rpc.byMethod,
      balances: {
        received: received.toString(),
        spentBySender: spent.toString(),
        expected: expectedTotal.toString(),
        ok: received === expectedTotal && spent === expectedTotal,
      },
    };
  } finally {
    await chain.stop();
  }
}

// ───────────────────────────────────────────────────────────────── database
/**
 * The database Keel runs on, prepared by the benchmark (migrated, with an API key) before
 * Keel starts as its own process: a PGlite directory (the embedded default) or a fresh schema
 * on the Postgres server at DATABASE_URL.
 */
async function benchDatabase(): Promise<{
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
    label: `postgres (${url.replace(/\/\/[^@]*@/, '//')}, schema ${schema}, pool ${POOL})`,
    keel: { url: u.toString(), poolSize: POOL },
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

async function pipelineRun(database: Awaited<ReturnType<typeof benchDatabase>>) {
  const chain = await startTestChain();
  const fleet = new KeelFleet();
  let keelProc: { stop(): Promise<unknown> } | undefined;
  try {
    // Keel runs as its own process, as it does beside a fintech's backend: this process only
    // plays the backend (the HTTP client) and reads the chain.
    const doc = devConfigDoc([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      policy: { document: pipelinePolicy(chain) },
      pipeline: SETTINGS.pipeline,
      chains: { [chain.chainId]: SETTINGS.chain },
      rpc: SETTINGS.rpc,
      auth: SETTINGS.auth,
      database: database.keel,
      log: { level: 'warn' },
    });
    const split = args.topology === 'split' && !!process.env.DATABASE_URL;
    const { proc, url } = await fleet.start(split ? 'bench keel api' : 'bench keel', split ? 'api' : 'all', doc);
    const worker = split ? (await fleet.start('bench keel worker', 'worker', doc)).proc : undefined;
    keelProc = { stop: async () => Promise.all([proc.stop(), worker?.stop()]) };
    const base = url!;
    const token = database.token;
    const sender = chain.world.accounts.treasury;
    const before = await balances(chain, sender);
    const rpcBefore = await keelRpcCalls(base);

    const ids: string[] = new Array(COUNT);
    const intake: number[] = [];
    const refused: Array<{ i: number; status: number; code?: string; detail?: string }> = [];
    const cpu = cpuMeter(chain.pid, proc.pid, worker?.pid);
    const t0 = Date.now();
    await pool(COUNT, CONCURRENCY, async (i) => {
      const t = transfer(i);
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
    const stuckAt = Date.now() + TIMEOUT_MS;
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

    const after = await balances(chain, sender);
    const received = after.recipients - before.recipients;
    const spent = before.sender - after.sender;
    const rpcAfter = await keelRpcCalls(base);
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
      intakePerSecond: Number((COUNT / (intakeDoneMs / 1000)).toFixed(1)),
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
      rpcCallsPerTx: Number((rpcTotal / COUNT).toFixed(2)),
      rpcByMethod,
      balances: {
        received: received.toString(),
        spentBySender: spent.toString(),
        expected: expectedTotal.toString(),
        ok: received === expectedTotal && spent === expectedTotal,
      },
    };
  } finally {
    await keelProc?.stop();
    await fleet.cleanup();
    await chain.stop();
  }
}

async function main() {
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
  };
  console.log(`pipeline benchmark: ${COUNT} tUSD transfers from treasury to ${RECIPIENTS} recipients`);
  console.log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, node ${machine.node}`);

  const policy = await policyBench();

  const database = await benchDatabase();
  console.log(`\n── write path ──\ndatabase: ${database.label}`);
  const devConfig = devConfigFor([{ chainId: 31337, rpcUrls: ['http://127.0.0.1:9'] }]);
  const signer = devConfig.signers.find((s) => s.name === 'treasury') as { privateKey?: Hex } | undefined;
  if (!signer?.privateKey) throw new Error('config/development.yaml has no treasury key');
  const split = args.topology === 'split' && !!process.env.DATABASE_URL;
  console.log(
    split
      ? 'keel processes: one `keel start --role api` and one `keel start --role worker` (the scale-out shape), separate from this client process'
      : 'keel process: one `keel start --role all` (API and worker in one process), separate from this client process',
  );
  console.log(
    `keel settings: pipeline.pollIntervalMs ${SETTINGS.pipeline.pollIntervalMs}, pipeline.workerConcurrency ${SETTINGS.pipeline.workerConcurrency}, ` +
      `chain confirmations ${SETTINGS.chain.confirmations}, chain pollIntervalMs ${SETTINGS.chain.pollIntervalMs}, rpc timeoutMs ${SETTINGS.rpc.timeoutMs}, ` +
      `API rate limit off; client: ${CONCURRENCY} POSTs in flight`,
  );
  console.log(
    `baseline: one viem writeContract(tUSD.transfer) then waitForTransactionReceipt (polling ${BASELINE_POLL_MS} ms) per transfer, sequentially, same key, no batching`,
  );

  let failed = false;
  let base: Awaited<ReturnType<typeof baseline>>;
  let keel: Awaited<ReturnType<typeof pipelineRun>>;
  try {
    console.log('running baseline…');
    base = await baseline(signer.privateKey);
    console.log(
      `  baseline: ${COUNT} transfers in ${base.wallMs} ms (${base.txPerSecond} tx/s), ${base.rpcCallsPerTx} RPC calls per transfer`,
    );
    console.log('running pipeline…');
    keel = await pipelineRun(database);
  } finally {
    await database.close();
  }

  const ratio = keel.txPerSecond / base.txPerSecond;
  const met = ratio >= TARGET.ofBaselineThroughput;
  const allConfirmed = keel.confirmed === COUNT && keel.refusedCount === 0;
  if (!allConfirmed) failed = true;
  if (!keel.balances.ok || !base.balances.ok) failed = true;
  if (base.reverted) failed = true;

  const num = (x: number) => String(x).padStart(12);
  console.log('');
  console.log('                            keel pipeline      baseline    ratio');
  console.log(
    `throughput (tx/s)         ${num(keel.txPerSecond)}  ${num(base.txPerSecond)}    ${(ratio * 100).toFixed(1)}% of baseline (target ≥ ${TARGET.ofBaselineThroughput * 100}%: ${met ? 'met' : 'NOT met'})`,
  );
  console.log(
    `wall time (ms)            ${num(keel.wallMs)}  ${num(base.wallMs)}    keel: first POST → last confirmation; baseline: first send → last receipt`,
  );
  console.log(`RPC calls per transfer    ${num(keel.rpcCallsPerTx)}  ${num(base.rpcCallsPerTx)}`);
  console.log(
    `latency p50 / p99 (ms)    ${`${keel.stagesMs.createdToConfirmed.p50} / ${keel.stagesMs.createdToConfirmed.p99}`.padStart(12)}  ${`${base.latencyMs.p50} / ${base.latencyMs.p99}`.padStart(12)}    keel: created → confirmed (under a ${CONCURRENCY}-deep backlog); baseline: send → receipt`,
  );
  console.log(
    `intake POST p50 / p99 (ms) ${`${keel.intakeLatencyMs.p50} / ${keel.intakeLatencyMs.p99}`.padStart(11)}                  all ${COUNT} accepted in ${keel.intakeDoneMs} ms (${keel.intakePerSecond}/s)`,
  );
  const st = keel.stagesMs;
  console.log(
    `keel stages p50 / p99 (ms): queued→signed ${st.queuedToSigned.p50} / ${st.queuedToSigned.p99}, signed→submitted ${st.signedToSubmitted.p50} / ${st.signedToSubmitted.p99}, submitted→confirmed ${st.submittedToConfirmed.p50} / ${st.submittedToConfirmed.p99}`,
  );
  console.log(
    `keel stage rates (tx/s between a stage's first and last entry): queued ${keel.stageRatesPerSecond.queued}, signed ${keel.stageRatesPerSecond.signed}, submitted ${keel.stageRatesPerSecond.submitted}, confirmed ${keel.stageRatesPerSecond.confirmed}`,
  );
  console.log(
    `keel RPC by method: ${Object.entries(keel.rpcByMethod)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log(
    `baseline RPC by method: ${Object.entries(base.rpcByMethod)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const cpuLine = (
    c:
      | { nodeCpuPercent: number; nodeEventLoopUtilization: number; anvilCpuPercent: number; keelCpuPercent?: number }
      | undefined,
  ) =>
    c
      ? `${c.keelCpuPercent !== undefined ? `keel process ${c.keelCpuPercent}%, client ` : ''}node ${c.nodeCpuPercent}% CPU (event loop ${Math.round(c.nodeEventLoopUtilization * 100)}% busy), anvil ${c.anvilCpuPercent}%`
      : '?';
  console.log(
    `CPU: pipeline during intake ${cpuLine(keel.cpu.duringIntake)}; whole run ${cpuLine(keel.cpu.wholeRun)}; baseline ${cpuLine(base.cpu)}`,
  );
  console.log(
    `checks: statuses ${JSON.stringify(keel.statuses)}${keel.refusedCount ? `, ${keel.refusedCount} POSTs refused, e.g. ${JSON.stringify(keel.refused[0])}` : ''}, ${keel.distinctNonces} distinct nonces, ` +
      `${keel.retriedSteps} with extra history steps; tUSD received keel ${formatUnits(BigInt(keel.balances.received), 6)} / baseline ${formatUnits(BigInt(base.balances.received), 6)} ` +
      `(expected ${formatUnits(expectedTotal, 6)}): ${keel.balances.ok && base.balances.ok ? 'ok' : 'MISMATCH'}`,
  );
  let policyMet: boolean | null = null;
  if (policy) {
    policyMet =
      policy.keel.decisionsPerSecond >= POLICY_TARGET.decisionsPerSecond && policy.keel.p99Ms < POLICY_TARGET.p99Ms;
    console.log(
      `policy evaluation (${policy.policy.rules} rules, one core): ${policy.keel.decisionsPerSecond} decisions/s, p99 ${policy.keel.p99Ms} ms ` +
        `(baseline linear scan ${policy.baseline.decisionsPerSecond}/s, ${policy.ratios.throughput}×); target ≥ ${POLICY_TARGET.decisionsPerSecond}/s and p99 < ${POLICY_TARGET.p99Ms} ms: ${policyMet ? 'met' : 'NOT met'}`,
    );
  }

  const result = {
    benchmark: 'pipeline',
    machine,
    database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    count: COUNT,
    recipients: RECIPIENTS,
    settings: { ...SETTINGS, clientConcurrency: CONCURRENCY, postgresPool: process.env.DATABASE_URL ? POOL : null },
    baselineDescription: `sequential viem loop with the same key: writeContract(tUSD.transfer) then waitForTransactionReceipt (polling ${BASELINE_POLL_MS} ms), no batching`,
    keel,
    baseline: base,
    ratio: { ofBaselineThroughput: Number(ratio.toFixed(3)) },
    targets: { ...TARGET, policy: POLICY_TARGET },
    targetsMet: { throughput: met, policy: policyMet },
    policy: policy
      ? { rules: policy.policy.rules, keel: policy.keel, baseline: policy.baseline, ratios: policy.ratios }
      : null,
    checksPassed: !failed,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/pipeline.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log('\nwrote bench/results/pipeline.json');
  if (failed) {
    console.error('FAILED: not every transaction ended confirmed, or the balances do not add up');
    process.exitCode = 1;
  }
}

await main();
