/**
 * Load benchmark (Keel issue #15): a weighted mix of portfolio reads, payment intents, swap
 * quotes, tUSD transfers and transaction listings against one `keel start --role api` and one
 * `--role worker` process on Postgres (a fresh schema at DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test) and anvil with the demo world, for `--minutes`
 * (default 10), driven by autocannon with `--connections` connections.
 *
 * Reports sustained requests/s, p50/p99 per route, non-2xx per route and status, the RSS of
 * both processes over time, and the transfers' fate (confirmed, still pending = the worker's
 * backlog, failed) at the end of the load and after a bounded drain. The run FAILS on any 5xx,
 * any other unexpected non-2xx (the bench sends only valid requests), connection errors, a
 * transfer that ended other than confirmed, or RSS growth above `--rss-bound` (10 %) between
 * 20 % and 100 % of the run (minute 2 and minute 10 of 10) in either process. 429 (Keel's rate
 * limiter, raised for the run) is counted apart.
 *
 * The ceiling, measured in the same run before Keel starts: a bare Fastify app (the same
 * Fastify as Keel's) with one JSON route in its own process, hammered with the same autocannon
 * settings for `--ceiling-seconds`. Keel's total req/s is printed as a ratio to it.
 *
 *   npm run bench:load [-- --minutes 10 --connections 16 --mix portfolio=3,intents=2,quotes=2,transfers=2,list=3
 *                          --ceiling-seconds 20 --sample-seconds 5 --drain-seconds 60 --rss-bound 0.10 --pool 10]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon, { type Client, type Request, type Result } from 'autocannon';
import { getAddress } from 'viem';
import { startTestChain } from '../test/helpers/devchain.ts';
import { REPO } from '../test/helpers/keel-process.ts';
import {
  countStatus,
  latencySummary,
  newTally,
  parseMix,
  type RouteTally,
  type RssSample,
  rssGrowth,
  weightedMix,
} from './load-logic.ts';
import { DEFAULT_DATABASE_URL, LOAD_SETTINGS, LOAD_WINDOW_USD, loadDatabase, startLoadKeel } from './load-keel.ts';
import { cpuMeter, cpuSecondsOf, sleep } from './pipeline-common.ts';
import { ROUTE_NAMES, ROUTES, type RouteContext, type RouteName } from './load-routes.ts';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    mix: { type: 'string', default: 'portfolio=3,intents=2,quotes=2,transfers=2,list=3' },
    'ceiling-seconds': { type: 'string', default: '20' },
    'sample-seconds': { type: 'string', default: '5' },
    'drain-seconds': { type: 'string', default: '60' },
    'rss-bound': { type: 'string', default: '0.10' },
    pool: { type: 'string', default: '10' },
  },
});
const MINUTES = Number(args.minutes);
const CONNECTIONS = Number(args.connections);
const DURATION_S = Math.round(MINUTES * 60);
const SAMPLE_MS = Number(args['sample-seconds']) * 1000;
const RSS_BOUND = Number(args['rss-bound']);
const MIX = weightedMix(parseMix(args.mix, ROUTE_NAMES));
/** Autocannon settings shared by the ceiling and Keel: connections, one request in flight per connection, 30 s timeout. */
const CANNON = { connections: CONNECTIONS, pipelining: 1, timeout: 30 };
/** RSS floors just after 20 % and just before 100 % of the run, each over 15 % of it (bench/load-logic.ts). */
const RSS_JUDGEMENT = (durationMs: number) => ({ durationMs, from: 0.2, to: 1, window: 0.15, bound: RSS_BOUND });
const UNFINISHED = ['pending_policy', 'pending_review', 'queued', 'signed', 'submitted'];

/** VmRSS of a process in KiB (NaN once it has exited). */
function rssKiB(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const mib = (kib: number) => r1(kib / 1024);
const sec = ([a, b]: [number, number]) => `${Math.round(a / 1000)}–${Math.round(b / 1000)}`;

const ceilingLine = (c: Awaited<ReturnType<typeof ceiling>>) =>
  `${c.requestsPerSecond} req/s, p50 ${c.latencyMs.p50} ms, p99 ${c.latencyMs.p99} ms, ${c.cpuMsPerRequest} ms CPU per request (fastify ${c.fastify}, RSS ${c.rssMiB} MiB)`;

/** A bare Fastify app with one JSON route in its own process, hammered like Keel: the ceiling. */
async function ceiling(seconds: number) {
  const script = `import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/ping', async () => ({ ok: true, at: Date.now() }));
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(JSON.stringify({ port: app.server.address().port, version: app.version }));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const first = await new Promise<string>((res, rej) => {
      child.stdout.once('data', (b: Buffer) => res(b.toString('utf8')));
      child.once('exit', (code) => rej(new Error(`bare Fastify exited (${code})`)));
    });
    const { port, version } = JSON.parse(first) as { port: number; version: string };
    const c0 = cpuSecondsOf(child.pid!);
    const r = await autocannon({ url: `http://127.0.0.1:${port}/ping`, ...CANNON, duration: seconds });
    const cpuMs = (cpuSecondsOf(child.pid!) - c0) * 1000;
    return {
      cpuMsPerRequest: Number((cpuMs / r.requests.total).toFixed(3)),
      fastify: version,
      seconds,
      requestsPerSecond: r1(r.requests.total / r.duration),
      latencyMs: { p50: r.latency.p50, p99: r.latency.p99 },
      non2xx: r.non2xx,
      errors: r.errors,
      rssMiB: mib(rssKiB(child.pid!)),
    };
  } finally {
    child.kill('SIGTERM');
  }
}

async function main() {
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memoryGiB: r1(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: loadavg().map(r1),
  };
  const dbUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  console.log(
    `load benchmark: ${MINUTES} min, ${CONNECTIONS} connections, mix ${MIX.names.map((n) => `${n} ${Math.round(MIX.shares[n] * 100)}%`).join(', ')}`,
  );
  console.log(
    `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')} at start`,
  );

  console.log(`\n── ceiling: bare Fastify, one JSON route, own process, ${args['ceiling-seconds']} s ──`);
  const ceilBefore = await ceiling(Number(args['ceiling-seconds']));
  console.log(`  ${ceilingLine(ceilBefore)}`);

  const scopes = [...new Set(MIX.names.map((n) => ROUTES[n].scope))];
  const database = await loadDatabase(dbUrl, scopes, Number(args.pool));
  const chain = await startTestChain();
  let keel: Awaited<ReturnType<typeof startLoadKeel>> | undefined;
  let failed = false;
  try {
    keel = await startLoadKeel(chain, database);
    console.log(
      `\n── keel: one \`keel start --role api\` (pid ${keel.api.pid}) and one \`--role worker\` (pid ${keel.worker.pid}) ──`,
    );
    console.log(`database: ${database.label}`);
    console.log(
      `load policy (its own): per-tx deny > 50,000 USD, review > 10,000 USD, per-user daily window ${Number(LOAD_WINDOW_USD).toLocaleString('en')} USD, per-key velocity 10,000,000/min; ` +
        `transfers 0.01–0.99 tUSD, so none is refused or held for review`,
    );
    console.log(
      `settings: API rate limit raised to ${LOAD_SETTINGS.auth.rateLimit.max.toLocaleString('en')}/key/min (still counted), pipeline.workerConcurrency ${LOAD_SETTINGS.pipeline.workerConcurrency}, ` +
        `chain confirmations ${LOAD_SETTINGS.chain.confirmations}; one API key per route with only that route's scope`,
    );

    const ctx: RouteContext = {
      chainId: chain.chainId,
      world: chain.world,
      recipients: Array.from({ length: 50 }, (_, i) => getAddress(`0x10ad${(i + 1).toString(16).padStart(36, '0')}`)),
      run: Date.now().toString(36),
    };
    const tallies = Object.fromEntries(MIX.names.map((n) => [n, newTally()])) as Record<RouteName, RouteTally>;
    const latencies = Object.fromEntries(MIX.names.map((n) => [n, [] as number[]])) as Record<RouteName, number[]>;
    const errorSamples: Array<{ route: string; status: number; body: string }> = [];
    let seq = 0;
    let responses = 0;
    const request: Request = {
      setupRequest(req, context) {
        const name = MIX.pick(Math.random());
        const r = ROUTES[name].build(seq++, ctx);
        context.route = name;
        return {
          ...req,
          method: r.method,
          path: r.path,
          headers: {
            authorization: `Bearer ${database.tokens[ROUTES[name].scope]}`,
            ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(r.idempotent ? { 'idempotency-key': `load-${ctx.run}-${seq}` } : {}),
          },
          body: r.body !== undefined ? JSON.stringify(r.body) : '',
        };
      },
      onResponse(status, body, context) {
        if (
          (status < 200 || status >= 300) &&
          errorSamples.filter((e) => e.route === context.route && e.status === status).length < 3
        )
          errorSamples.push({ route: String(context.route), status, body: body.slice(0, 400) });
      },
    };

    const series: Array<{ tS: number; apiRssMiB: number; workerRssMiB: number; requestsPerSecond: number }> = [];
    const apiRss: RssSample[] = [];
    const workerRss: RssSample[] = [];
    const cpu = cpuMeter(chain.pid, keel.api.pid, keel.worker.pid);
    const apiCpu0 = cpuSecondsOf(keel.api.pid);
    const workerCpu0 = cpuSecondsOf(keel.worker.pid);
    const t0 = Date.now();
    let lastCount = 0;
    let lastT = t0;
    const sample = () => {
      const now = Date.now();
      const a = rssKiB(keel!.api.pid);
      const w = rssKiB(keel!.worker.pid);
      apiRss.push({ tMs: now - t0, rssKiB: a });
      workerRss.push({ tMs: now - t0, rssKiB: w });
      const rps = r1(((responses - lastCount) * 1000) / Math.max(1, now - lastT));
      series.push({
        tS: Math.round((now - t0) / 1000),
        apiRssMiB: mib(a),
        workerRssMiB: mib(w),
        requestsPerSecond: rps,
      });
      lastCount = responses;
      lastT = now;
      if (series.length % Math.max(1, Math.round(60_000 / SAMPLE_MS)) === 0)
        console.log(`  t=${series.at(-1)!.tS}s  ${rps} req/s  api ${mib(a)} MiB  worker ${mib(w)} MiB`);
    };
    console.log(`running ${DURATION_S} s of load…`);
    sample();
    const timer = setInterval(sample, SAMPLE_MS);
    const inst = autocannon({
      url: keel.base,
      ...CANNON,
      duration: DURATION_S,
      // Each connection gets its own request object: autocannon builds a connection's first
      // request when the connection is made, and shared objects would share that first body.
      setupClient: (client: Client) => client.requestIterator.setRequests([{ ...request }]),
    });
    inst.on('response', (client: Client, status: number, _bytes: number, ms: number) => {
      const route = client.requestIterator.context.route as RouteName;
      responses++;
      countStatus(tallies[route], status);
      if (status >= 200 && status < 300) latencies[route].push(ms);
    });
    const stop = () => inst.stop();
    process.once('SIGINT', stop);
    // A Keel process that exits mid-run ends the load at once (autocannon would otherwise spin
    // reconnecting to nothing) and fails the run with the end of its output.
    let running = true;
    const died: string[] = [];
    for (const p of [keel.api, keel.worker])
      void p.exited.then((e) => {
        if (!running) return;
        died.push(`${p.label} exited mid-run (code ${e.code}, signal ${e.signal})${p.tail(60)}`);
        inst.stop();
      });
    const result: Result = await inst;
    running = false;
    process.off('SIGINT', stop);
    for (const d of died) console.error(d);
    clearInterval(timer);
    sample();
    const cpuUse = cpu();
    const cpuMs = {
      api: (cpuSecondsOf(keel.api.pid) - apiCpu0) * 1000,
      worker: (cpuSecondsOf(keel.worker.pid) - workerCpu0) * 1000,
    };
    const loadMs = Date.now() - t0;

    const atEnd = await database.counts();
    const drainT0 = Date.now();
    let after = atEnd;
    while (Date.now() - drainT0 < Number(args['drain-seconds']) * 1000) {
      if (!UNFINISHED.some((s) => after.transactionsByStatus[s])) break;
      await sleep(1000);
      after = await database.counts();
    }
    const drainMs = Date.now() - drainT0;
    const scans = await database.scans();
    console.log(`\n── ceiling again, after the load (Keel idle) ──`);
    const ceilAfter = await ceiling(Number(args['ceiling-seconds']));
    console.log(`  ${ceilingLine(ceilAfter)}`);
    // The machine's other load moves the ceiling between runs; the mean of the two sides the load.
    const ceil = {
      before: ceilBefore,
      after: ceilAfter,
      requestsPerSecond: r1((ceilBefore.requestsPerSecond + ceilAfter.requestsPerSecond) / 2),
      cpuMsPerRequest: Number(((ceilBefore.cpuMsPerRequest + ceilAfter.cpuMsPerRequest) / 2).toFixed(3)),
    };

    // ───────────────────────────────────────────────── figures
    const seconds = result.duration;
    const perRoute = Object.fromEntries(
      MIX.names.map((n) => {
        const t = tallies[n];
        return [n, { ...t, requestsPerSecond: r1(t.requests / seconds), latencyMs: latencySummary(latencies[n]) }];
      }),
    );
    const totalRps = r1(responses / seconds);
    /** CPU per request: a figure the machine's other load changes far less than req/s. */
    const cpuPerRequest = {
      apiMs: Number((cpuMs.api / responses).toFixed(2)),
      workerMsPerTransfer: Number((cpuMs.worker / Math.max(1, tallies.transfers?.requests ?? 0)).toFixed(2)),
    };
    const rss = {
      api: rssGrowth(apiRss, RSS_JUDGEMENT(loadMs)),
      worker: rssGrowth(workerRss, RSS_JUDGEMENT(loadMs)),
    };
    const sum = (k: keyof RouteTally) => MIX.names.reduce((a, n) => a + (tallies[n][k] as number), 0);
    const unexpected = ['failed', 'reverted', 'rejected', 'expired', 'cancelled'].reduce(
      (a, s) => a + (after.transactionsByStatus[s] ?? 0),
      0,
    );
    const pendingAtEnd = UNFINISHED.reduce((a, s) => a + (atEnd.transactionsByStatus[s] ?? 0), 0);
    const pendingAfter = UNFINISHED.reduce((a, s) => a + (after.transactionsByStatus[s] ?? 0), 0);
    const verdicts = {
      serverErrors: sum('serverErrors'),
      clientErrors: sum('clientErrors'),
      rateLimited: sum('rateLimited'),
      connectionErrors: result.errors,
      timeouts: result.timeouts,
      transfersNotConfirmed: unexpected,
      processesDied: died.length,
      apiRssOk: rss.api.ok,
      workerRssOk: rss.worker.ok,
    };
    failed =
      died.length > 0 ||
      verdicts.serverErrors > 0 ||
      verdicts.clientErrors > 0 ||
      verdicts.connectionErrors > 0 ||
      unexpected > 0 ||
      !rss.api.ok ||
      !rss.worker.ok;

    console.log(
      `\n── results (${r1(seconds)} s of load; machine shared with other jobs: load average ${loadavg().map(r1).join(' ')} at end) ──`,
    );
    console.log('route        req/s    p50 ms    p99 ms    max ms   requests   non-2xx (by status)');
    for (const n of MIX.names) {
      const p = perRoute[n]!;
      const bad = Object.entries(p.byStatus).filter(([s]) => !s.startsWith('2'));
      console.log(
        `${n.padEnd(10)} ${String(p.requestsPerSecond).padStart(7)} ${String(p.latencyMs.p50).padStart(9)} ${String(p.latencyMs.p99).padStart(9)} ${String(p.latencyMs.max).padStart(9)} ${String(p.requests).padStart(10)}   ${p.non2xx}${bad.length ? ` (${bad.map(([s, c]) => `${s}: ${c}`).join(', ')})` : ''}`,
      );
    }
    console.log(
      `${'total'.padEnd(10)} ${String(totalRps).padStart(7)} ${String(result.latency.p50).padStart(9)} ${String(result.latency.p99).padStart(9)} ${String(result.latency.max).padStart(9)} ${String(responses).padStart(10)}   ${sum('non2xx')}`,
    );
    console.log(
      `ceiling (bare Fastify)  ${ceil.requestsPerSecond} req/s (mean of ${ceilBefore.requestsPerSecond} before and ${ceilAfter.requestsPerSecond} after) → keel total / ceiling = ${((100 * totalRps) / ceil.requestsPerSecond).toFixed(1)} %`,
    );
    console.log(
      `CPU per request: keel API ${cpuPerRequest.apiMs} ms (mix average), bare Fastify ${ceil.cpuMsPerRequest} ms → ${(cpuPerRequest.apiMs / ceil.cpuMsPerRequest).toFixed(0)}× ; worker ${cpuPerRequest.workerMsPerTransfer} ms per transfer POSTed (all its CPU: polling and watchers included)`,
    );
    console.log(
      `errors: 5xx ${verdicts.serverErrors}, other 4xx ${verdicts.clientErrors}, 429 ${verdicts.rateLimited} (reported apart), connection errors ${result.errors}, timeouts ${result.timeouts}`,
    );
    for (const e of errorSamples.slice(0, 10)) console.log(`  ${e.route} ${e.status}: ${e.body}`);
    console.log(
      `cpu during load (% of one core): keel api+worker ${cpuUse.keelCpuPercent}, anvil ${cpuUse.anvilCpuPercent}, this client ${cpuUse.nodeCpuPercent} (event loop ${Math.round(cpuUse.nodeEventLoopUtilization * 100)}% busy)`,
    );

    console.log('\nRSS over time (MiB) and req/s in each interval:');
    console.log('    t (s)      api   worker    req/s');
    const step = Math.max(1, Math.ceil(series.length / 12));
    for (let i = 0; i < series.length; i += step) {
      const s = series[i]!;
      console.log(
        `${String(s.tS).padStart(9)} ${String(s.apiRssMiB).padStart(8)} ${String(s.workerRssMiB).padStart(8)} ${String(s.requestsPerSecond).padStart(8)}`,
      );
    }
    if ((series.length - 1) % step !== 0) {
      const s = series.at(-1)!;
      console.log(
        `${String(s.tS).padStart(9)} ${String(s.apiRssMiB).padStart(8)} ${String(s.workerRssMiB).padStart(8)} ${String(s.requestsPerSecond).padStart(8)}`,
      );
    }
    for (const [who, g] of Object.entries(rss))
      console.log(
        `RSS ${who.padEnd(6)} floor ${mib(g.fromKiB)} MiB over ${sec(g.fromWindowMs)} s (peak ${mib(g.fromPeakKiB)}) → floor ${mib(g.toKiB)} MiB over ${sec(g.toWindowMs)} s (peak ${mib(g.toPeakKiB)}): ${g.growth >= 0 ? '+' : ''}${(g.growth * 100).toFixed(1)} % (bound ${(g.bound * 100).toFixed(0)} %: ${g.ok ? 'ok' : 'EXCEEDED'})`,
      );

    const fmt = (m: Record<string, number>) =>
      Object.entries(m)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none';
    console.log(`\ntransfers at end of load: ${fmt(atEnd.transactionsByStatus)} (worker backlog ${pendingAtEnd})`);
    console.log(
      `after ${Math.round(drainMs / 1000)} s of drain: ${fmt(after.transactionsByStatus)} (still pending ${pendingAfter}); ended other than confirmed: ${unexpected}`,
    );
    console.log(`payment intents: ${fmt(after.intentsByStatus)}; rows: ${fmt(after.rows)}`);
    console.log('table scans (Postgres statistics), busiest tables, per request of the run:');
    for (const t of scans.slice(0, 8))
      console.log(
        `  ${t.table.padEnd(24)} index scans ${r1(t.indexScans / responses)}, seq scans ${r1(t.seqScans / responses)} (${t.seqRowsRead} rows read by them), inserts ${t.inserts}, updates ${t.updates}`,
      );
    console.log(failed ? '\nRESULT: FAIL' : '\nRESULT: pass');

    mkdirSync('bench/results', { recursive: true });
    writeFileSync(
      'bench/results/load.json',
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          machine: { ...machine, loadAverageAtEnd: loadavg().map(r1) },
          settings: {
            minutes: MINUTES,
            connections: CONNECTIONS,
            mix: MIX.shares,
            keel: LOAD_SETTINGS,
            loadWindowUsd: LOAD_WINDOW_USD,
            database: database.label,
          },
          ceiling: ceil,
          keel: {
            seconds,
            requestsPerSecond: totalRps,
            ratioToCeiling: Number((totalRps / ceil.requestsPerSecond).toFixed(4)),
            latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
            perRoute,
            errors: { ...verdicts, samples: errorSamples },
            cpu: {
              ...cpuUse,
              perRequest: cpuPerRequest,
              apiMs: Math.round(cpuMs.api),
              workerMs: Math.round(cpuMs.worker),
            },
            rss,
            series,
            transfers: {
              atEnd: atEnd.transactionsByStatus,
              afterDrain: after.transactionsByStatus,
              drainMs,
              pendingAtEnd,
              pendingAfter,
            },
            intents: after.intentsByStatus,
            rows: after.rows,
            tableScans: scans,
          },
          failed,
        },
        null,
        2,
      )}\n`,
    );
    console.log('wrote bench/results/load.json');
  } finally {
    await keel?.stop();
    await chain.stop();
    await database.close();
  }
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
