/**
 * Write-path benchmark: `--count` ERC-20 transfers (tUSD, from the `treasury` dev signer)
 * through Keel's whole pipeline — HTTP intake (policy with chain facts, simulation, preview,
 * record), then the durable worker (re-simulation, nonce, signing, broadcast, tracking to
 * `confirmed`) — on anvil with automine, against two references in the same run, with the
 * same key and the same transfers (`bench/pipeline-baselines.ts`):
 *
 * - the **pipelined** baseline, the limit: the fastest plain viem sender — local signing,
 *   consecutive nonces assigned locally, fees and gas fetched once, at most
 *   `--baseline-inflight` sends in flight, then receipts in JSON-RPC batches;
 * - the **sequential** baseline: `writeContract`-style send, `waitForTransactionReceipt`, next.
 *
 * Keel's throughput is printed as a ratio to both; the target (Keel ≥ 50 % of the pipelined
 * limit, aim ≥ 80 %) is judged against the pipelined one and a miss only reports. Each side gets
 * its own fresh anvil with the demo world, so all start from the same chain state; afterwards
 * the recipients' tUSD balances must add up to what was sent, on every side, and every pipeline
 * transaction must be `confirmed` (the run fails otherwise). Stuck baseline transactions (anvil,
 * foundry-rs/foundry#10122) are detected after a bounded wait, reported with their nonces, and
 * recovered (rebroadcast in nonce order, then `evm_mine`).
 *
 * Keel runs as its own process (`keel start --role all`, or `--topology split`: one API and one
 * worker process on Postgres), as it does beside a fintech's backend; this process plays the
 * backend (the HTTP client) and runs the baselines.
 *
 * Per transfer, beside the baselines: CPU ms (Keel's process(es) from /proc; the baseline's own
 * sending process), RPC calls (Keel's `keel_rpc_requests_total`) and SQL statements (Keel's
 * `keel_db_statements_total`, begin/commit included; the baselines keep no records).
 *
 * Also reports policy evaluation alone (a 1,000-rule policy, one core) by running
 * `bench/policy.ts` as a child process first, and including its figures.
 *
 * An embedded PGlite directory by default; a fresh schema on the Postgres server at DATABASE_URL when set.
 *
 * The sequential baseline polls for receipts every `--baseline-poll-ms` (5 ms): anvil mines a
 * moment after `eth_sendRawTransaction` answers, and once the chain holds a few hundred blocks
 * the first receipt lookup usually misses, so with a coarser interval it would mostly measure
 * its own polling (about 45 tx/s at 50 ms instead of about 100 tx/s).
 *
 *   npm run bench:pipeline [-- --count 1000 --concurrency 48 --recipients 1000 --worker-concurrency 64
 *                              --pool 10 --baseline-inflight 48 --baseline-poll-ms 5 --baseline-stuck-ms 1000
 *                              --baseline-recoveries 5 --policy-seconds 3 --skip-policy --topology all|split]
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { formatUnits, type Hex } from 'viem';
import { devConfigFor } from '../test/helpers/keel.ts';
import { pipelinedBaseline, sequentialBaseline } from './pipeline-baselines.ts';
import type { CpuUse } from './pipeline-common.ts';
import { makeWorkload } from './pipeline-common.ts';
import { benchDatabase, pipelineRun } from './pipeline-keel.ts';

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
    /** The pipelined baseline's sends in flight at once. */
    'baseline-inflight': { type: 'string', default: '48' },
    /** A baseline transaction without a receipt for this long (and no other receipt arriving) counts as stuck. */
    'baseline-stuck-ms': { type: 'string', default: '1000' },
    /** Recovery rounds (rebroadcast in nonce order, then evm_mine) before a baseline gives up on a stuck transaction. */
    'baseline-recoveries': { type: 'string', default: '5' },
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
/** Keel's throughput against the pipelined limit: the issue's floor, and what to aim for. */
const TARGET = { ofPipelinedBaseline: 0.5, aim: 0.8 };
/** Runs of the pipelined baseline, at most, until one has every transfer mined. */
const PIPELINED_TRIES = 3;
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
const STUCK_BOUNDS = {
  stuckMs: Number(args['baseline-stuck-ms']),
  maxRecoveries: Number(args['baseline-recoveries']),
  timeoutMs: TIMEOUT_MS,
};
const BASELINE_INFLIGHT = Number(args['baseline-inflight']);

const work = makeWorkload(COUNT, RECIPIENTS);

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

const num = (x: number) => String(x).padStart(12);
const pair = (a: number, b: number) => `${a} / ${b}`.padStart(12);
const cpuLine = (c: CpuUse | undefined) =>
  c
    ? `${c.keelCpuPercent !== undefined ? `keel process ${c.keelCpuPercent}%, client ` : ''}node ${c.nodeCpuPercent}% CPU (event loop ${Math.round(c.nodeEventLoopUtilization * 100)}% busy), anvil ${c.anvilCpuPercent}%`
    : '?';
const byMethod = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
/** "3 stuck (nonces 12, 40), recovered in 1 round (rebroadcast + evm_mine)", or "none stuck". */
const stuckLine = (b: {
  stuckTransactions: number;
  stuckNonces: number[];
  recoveries: unknown[];
  unrecovered: number;
}) =>
  b.stuckTransactions
    ? `${b.stuckTransactions} stuck (nonces ${b.stuckNonces.join(', ')}), ${b.recoveries.length} recovery round(s) (rebroadcast in nonce order + evm_mine)` +
      (b.unrecovered ? `, ${b.unrecovered} NEVER mined` : ', all then mined')
    : 'none stuck';

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

  const database = await benchDatabase(POOL);
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
  const pipelinedDescription = `plain viem sender with the same key: local signing, consecutive nonces from one getTransactionCount(pending), fees and gas fetched once, at most ${BASELINE_INFLIGHT} eth_sendRawTransaction in flight, then eth_getTransactionReceipt in JSON-RPC batches of 200`;
  const sequentialDescription = `sequential viem loop with the same key: prepare + sign + send (as writeContract does) then waitForTransactionReceipt (polling ${BASELINE_POLL_MS} ms), no batching`;
  console.log(`pipelined baseline (the limit): ${pipelinedDescription}`);
  console.log(`sequential baseline: ${sequentialDescription}`);
  console.log(
    `stuck baseline transactions: none new for ${STUCK_BOUNDS.stuckMs} ms → rebroadcast in nonce order + evm_mine, at most ${STUCK_BOUNDS.maxRecoveries} rounds`,
  );

  let failed = false;
  /** Pipelined runs dropped because anvil never mined some of their transactions. */
  const pipelinedIncomplete: Array<{ attempt: number; unrecovered: number }> = [];
  let piped: Awaited<ReturnType<typeof pipelinedBaseline>>;
  let seq: Awaited<ReturnType<typeof sequentialBaseline>>;
  let keel: Awaited<ReturnType<typeof pipelineRun>>;
  try {
    console.log('running pipelined baseline…');
    // A run that anvil left with transactions it never mines (foundry-rs/foundry#10122) measures
    // nothing: run it again on a fresh chain, up to PIPELINED_TRIES times in all.
    for (let attempt = 1; ; attempt++) {
      piped = await pipelinedBaseline(signer.privateKey, work, { ...STUCK_BOUNDS, inflight: BASELINE_INFLIGHT });
      console.log(
        `  pipelined: ${COUNT} transfers in ${piped.wallMs} ms (${piped.txPerSecond} tx/s; ${piped.txPerSecondExcludingStalls} tx/s without ${piped.stalledMs} ms of stall detection), ` +
          `sends done at ${piped.sendsDoneMs} ms; ${stuckLine(piped)}`,
      );
      if (!piped.unrecovered) break;
      pipelinedIncomplete.push({ attempt, unrecovered: piped.unrecovered });
      if (attempt >= PIPELINED_TRIES) break;
      console.log(
        `  pipelined baseline incomplete (${piped.unrecovered} never mined): running it again on a fresh chain…`,
      );
    }
    console.log('running sequential baseline…');
    seq = await sequentialBaseline(signer.privateKey, work, { ...STUCK_BOUNDS, pollMs: BASELINE_POLL_MS });
    console.log(
      `  sequential: ${COUNT} transfers in ${seq.wallMs} ms (${seq.txPerSecond} tx/s; ${seq.txPerSecondExcludingStalls} tx/s without ${seq.stalledMs} ms of stall detection); ${stuckLine(seq)}`,
    );
    console.log('running keel…');
    keel = await pipelineRun(database, {
      work,
      settings: SETTINGS,
      concurrency: CONCURRENCY,
      timeoutMs: TIMEOUT_MS,
      split,
    });
  } finally {
    await database.close();
  }

  // Both references without the time spent detecting stalls (stricter for Keel, independent of --baseline-stuck-ms).
  const limit = piped.txPerSecondExcludingStalls;
  const ratio = {
    ofPipelinedBaseline: Number((keel.txPerSecond / limit).toFixed(3)),
    ofSequentialBaseline: Number((keel.txPerSecond / seq.txPerSecondExcludingStalls).toFixed(3)),
  };
  // Against a baseline that never finished, the ratio means nothing: no target is met on it.
  const baselineComplete = !piped.unrecovered;
  const met = baselineComplete && ratio.ofPipelinedBaseline >= TARGET.ofPipelinedBaseline;
  const aimMet = baselineComplete && ratio.ofPipelinedBaseline >= TARGET.aim;
  if (keel.confirmed !== COUNT || keel.refusedCount !== 0) failed = true;
  if (!keel.balances.ok || !piped.balances.ok || !seq.balances.ok) failed = true;
  if (piped.reverted || seq.reverted) failed = true;

  const pc = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log('');
  console.log('                            keel pipeline     pipelined    sequential');
  console.log(
    `throughput (tx/s)         ${num(keel.txPerSecond)}  ${num(limit)}  ${num(seq.txPerSecondExcludingStalls)}    baselines without the time spent detecting stalls`,
  );
  console.log(
    baselineComplete
      ? `keel / pipelined limit    ${pc(ratio.ofPipelinedBaseline)} (target ≥ ${pc(TARGET.ofPipelinedBaseline)}: ${met ? 'met' : 'NOT met'}; aim ≥ ${pc(TARGET.aim)}: ${aimMet ? 'met' : 'not met'})`
      : `keel / pipelined limit    NOT MEASURED: the pipelined baseline left ${piped.unrecovered} transfers unmined in ${pipelinedIncomplete.length} tries (${pc(ratio.ofPipelinedBaseline)} against its partial rate means nothing)`,
  );
  console.log(`keel / sequential loop    ${pc(ratio.ofSequentialBaseline)}`);
  console.log(
    `wall time (ms)            ${num(keel.wallMs)}  ${num(piped.wallMs)}  ${num(seq.wallMs)}    keel: first POST → last confirmation; baselines: first RPC call → last receipt`,
  );
  console.log(
    `RPC calls per transfer    ${num(keel.rpcCallsPerTx)}  ${num(piped.rpcCallsPerTx)}  ${num(seq.rpcCallsPerTx)}`,
  );
  const cpuMs = (c: CpuUse) => Number(((c.nodeCpuSeconds * 1000) / COUNT).toFixed(2));
  console.log(
    `CPU ms per transfer       ${num(keel.cpuMsPerTx)}  ${num(cpuMs(piped.cpu))}  ${num(cpuMs(seq.cpu))}    keel: the Keel process(es), whole run; baselines: the sending process`,
  );
  console.log(
    `SQL statements per transfer${num(keel.sqlStatementsPerTx).slice(1)}  ${'—'.padStart(12)}  ${'—'.padStart(12)}    keel_db_statements_total (begin/commit included); the baselines keep no records`,
  );
  console.log(
    `latency p50 / p99 (ms)    ${pair(keel.stagesMs.createdToConfirmed.p50, keel.stagesMs.createdToConfirmed.p99)}  ${'—'.padStart(12)}  ${pair(seq.latencyMs.p50, seq.latencyMs.p99)}    keel: created → confirmed (under a ${CONCURRENCY}-deep backlog); sequential: send → receipt`,
  );
  console.log(
    `intake POST p50 / p99 (ms) ${pair(keel.intakeLatencyMs.p50, keel.intakeLatencyMs.p99).slice(1)}                  all ${COUNT} accepted in ${keel.intakeDoneMs} ms (${keel.intakePerSecond}/s)`,
  );
  const st = keel.stagesMs;
  console.log(
    `keel stages p50 / p99 (ms): queued→signed ${st.queuedToSigned.p50} / ${st.queuedToSigned.p99}, signed→submitted ${st.signedToSubmitted.p50} / ${st.signedToSubmitted.p99}, submitted→confirmed ${st.submittedToConfirmed.p50} / ${st.submittedToConfirmed.p99}`,
  );
  const sr = keel.stageRatesPerSecond;
  console.log(
    `keel stage rates (tx/s between a stage's first and last entry): queued ${sr.queued}, signed ${sr.signed}, submitted ${sr.submitted}, confirmed ${sr.confirmed}`,
  );
  console.log(`keel RPC by method: ${byMethod(keel.rpcByMethod)}`);
  console.log(
    `pipelined RPC by method: ${byMethod(piped.rpcByMethod)} (${piped.httpRequests} HTTP requests, ${piped.receiptRounds} receipt round(s))`,
  );
  console.log(`sequential RPC by method: ${byMethod(seq.rpcByMethod)}`);
  console.log(
    `CPU: keel during intake ${cpuLine(keel.cpu.duringIntake)}; keel whole run ${cpuLine(keel.cpu.wholeRun)}; pipelined ${cpuLine(piped.cpu)}; sequential ${cpuLine(seq.cpu)}`,
  );
  console.log(`stuck baseline transactions: pipelined ${stuckLine(piped)}; sequential ${stuckLine(seq)}`);
  const tusd = (x: string) => formatUnits(BigInt(x), 6);
  console.log(
    `checks: statuses ${JSON.stringify(keel.statuses)}${keel.refusedCount ? `, ${keel.refusedCount} POSTs refused, e.g. ${JSON.stringify(keel.refused[0])}` : ''}, ${keel.distinctNonces} distinct nonces, ` +
      `${keel.retriedSteps} with extra history steps; tUSD received keel ${tusd(keel.balances.received)} / pipelined ${tusd(piped.balances.received)} / sequential ${tusd(seq.balances.received)} ` +
      `(expected ${formatUnits(work.expectedTotal, 6)}): ${keel.balances.ok && piped.balances.ok && seq.balances.ok ? 'ok' : 'MISMATCH'}`,
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
    settings: {
      ...SETTINGS,
      clientConcurrency: CONCURRENCY,
      postgresPool: process.env.DATABASE_URL ? POOL : null,
      baselineInflight: BASELINE_INFLIGHT,
      baselineStuck: STUCK_BOUNDS,
    },
    baselineDescriptions: { pipelined: pipelinedDescription, sequential: sequentialDescription },
    keel,
    baselines: { pipelined: piped, sequential: seq },
    perTransfer: {
      keel: { cpuMs: keel.cpuMsPerTx, rpcCalls: keel.rpcCallsPerTx, sqlStatements: keel.sqlStatementsPerTx },
      pipelined: { cpuMs: cpuMs(piped.cpu), rpcCalls: piped.rpcCallsPerTx, sqlStatements: 0 },
      sequential: { cpuMs: cpuMs(seq.cpu), rpcCalls: seq.rpcCallsPerTx, sqlStatements: 0 },
    },
    limitTxPerSecond: limit,
    ratio,
    baselineComplete,
    pipelinedIncomplete,
    targets: { throughput: TARGET, policy: POLICY_TARGET },
    targetsMet: { throughput: met, throughputAim: aimMet, policy: policyMet },
    policy: policy
      ? { rules: policy.policy.rules, keel: policy.keel, baseline: policy.baseline, ratios: policy.ratios }
      : null,
    checksPassed: !failed,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/pipeline.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log('\nwrote bench/results/pipeline.json');
  if (failed) {
    console.error(
      'FAILED: not every transaction ended confirmed, or the balances do not add up, or a baseline transfer reverted',
    );
    process.exitCode = 1;
  }
}

await main();
