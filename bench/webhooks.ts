/**
 * Webhook delivery benchmark: 10,000 events fanned out to 3 loopback receivers (30,000
 * deliveries) by Keel's delivery worker — claimed from the database, signed, sent, results
 * recorded in the attempt log — against a baseline in the same run: the same number of
 * signed POSTs (the same bodies) sent by a plain loop of `fetch` calls with no persistence,
 * at the same concurrency. PGlite (in memory) by default; the Postgres server at
 * DATABASE_URL when set. Receivers run in a child process so they do not compete with the
 * sender for its event loop.
 *
 * Throughput is measured on a backlog (the events are published first, timed apart), so it
 * is the worker's rate, not the producer's. Latency from event commit to receipt is then
 * measured with events published one per transaction at a steady `--latency-rate` (events/s,
 * × endpoints deliveries/s): with a backlog, latency would only measure the queue.
 *
 *   npm run bench:webhooks [-- --events 10000 --endpoints 3 --cap 4 --concurrency 32 --claim-batch 100
 *                             --latency-events 1000 --latency-rate 100]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { publishEvent, toEvent } from '../src/events/store.ts';
import { newId } from '../src/lib/ids.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { SecretBox } from '../src/lib/secret-box.ts';
import { EndpointsStore } from '../src/webhooks/endpoints-store.ts';
import { signedHeaders } from '../src/webhooks/signing.ts';
import { startWebhookWorker } from '../src/webhooks/worker.ts';
import { testConfig } from '../test/helpers/keel.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    'latency-events': { type: 'string', default: '1000' },
    'latency-rate': { type: 'string', default: '100' },
    endpoints: { type: 'string', default: '3' },
    cap: { type: 'string' },
    concurrency: { type: 'string' },
    'claim-batch': { type: 'string' },
    'publish-batch': { type: 'string', default: '100' },
  },
});
const EVENTS = Number(args.events);
const ENDPOINTS = Number(args.endpoints);
const PUBLISH_BATCH = Number(args['publish-batch']);
const DELIVERIES = EVENTS * ENDPOINTS;
const LATENCY_EVENTS = Number(args['latency-events']);
const LATENCY_RATE = Number(args['latency-rate']);

const config = testConfig({
  chains: { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } },
  webhooks: {
    allowHttp: true,
    allowPrivateNetworks: true,
    ...(args.cap ? { maxConcurrencyPerEndpoint: Number(args.cap) } : {}),
    ...(args.concurrency ? { workerConcurrency: Number(args.concurrency) } : {}),
    ...(args['claim-batch'] ? { claimBatchSize: Number(args['claim-batch']) } : {}),
  },
});
const wh = config.webhooks;
/** Sends in flight at most: the worker's limit, or the endpoints' caps when lower. */
const CONCURRENCY = Math.min(wh.workerConcurrency, ENDPOINTS * wh.maxConcurrencyPerEndpoint);

const pct = (xs: number[], p: number) =>
  xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ask<T>(child: ChildProcess, msg: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (key in m) {
        child.off('message', on);
        resolve(m[key] as T);
      }
    };
    child.on('message', on);
    child.send(msg);
  });
}

async function main() {
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
  };
  const url = process.env.DATABASE_URL;
  const schema = url ? `bench_${randomBytes(4).toString('hex')}` : undefined;
  const database = await openDatabase(url ? { url, schema: schema!, poolSize: 10 } : { pglitePath: 'memory://' });
  const dbLabel = url ? `postgres (${url.replace(/\/\/[^@]*@/, '//')}, schema ${schema})` : 'pglite (memory)';
  console.log(`webhooks benchmark: ${EVENTS} events × ${ENDPOINTS} endpoints = ${DELIVERIES} deliveries on ${dbLabel}`);
  console.log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, node ${machine.node}`);
  console.log(
    `settings: workerConcurrency ${wh.workerConcurrency}, maxConcurrencyPerEndpoint ${wh.maxConcurrencyPerEndpoint}, claimBatchSize ${wh.claimBatchSize} → ${CONCURRENCY} in flight`,
  );
  const child = fork(new URL('./webhooks-receiver.ts', import.meta.url), [String(ENDPOINTS)], {
    execArgv: ['--import', 'tsx'],
  });
  try {
    const ports = await new Promise<number[]>((resolve) =>
      child.once('message', (m: { ports: number[] }) => resolve(m.ports)),
    );
    await migrate(database.db);
    const box = new SecretBox(config.secrets.encryptionKey);
    const store = new EndpointsStore(database.db, box, wh);
    const secrets: string[] = [];
    for (const [i, port] of ports.entries()) {
      const { secret } = await store.create(
        { url: `http://127.0.0.1:${port}/r${i}`, eventTypes: ['api_key.created'] },
        null,
      );
      secrets.push(secret);
    }

    const publish = async (n: number, batch: number, committedAt: Map<string, number>) => {
      for (let i = 0; i < n; i += batch) {
        const ids: string[] = [];
        await database.db.transaction().execute(async (trx) => {
          for (let j = i; j < Math.min(n, i + batch); j++) {
            ids.push(
              (
                await publishEvent(trx, 'api_key.created', {
                  object: 'api_key',
                  id: newId('key'),
                  name: `bench ${j}`,
                  scopes: ['events:read'],
                })
              ).id,
            );
          }
        });
        const at = Date.now();
        for (const id of ids) committedAt.set(id, at);
      }
    };
    const received = () => ask<number>(child, 'count', 'count');
    const until = async (n: number, what: string) => {
      const t = Date.now();
      while ((await received()) < n) {
        if (Date.now() - t > 600_000) throw new Error(`${what} did not finish within 10 minutes`);
        await sleep(20);
      }
    };

    // ── Keel, throughput: a backlog of EVENTS events (published first, timed apart) drained
    // by one worker: claim, sign, send, record.
    const committedAt = new Map<string, number>();
    const p0 = Date.now();
    await publish(EVENTS, PUBLISH_BATCH, committedAt);
    const publishMs = Date.now() - p0;
    const t0 = Date.now();
    const worker = startWebhookWorker({ database, config, logger: silentLogger(), box, workerId: 'bench' });
    await until(DELIVERIES, 'the backlog');
    const receipts = await ask<Array<[string, string, number]>>(child, 'take', 'receipts');
    const keelMs = Math.max(...receipts.map((r) => r[2])) - t0;
    await worker.drain();
    const stats = worker.stats();
    const pairs = new Set(receipts.map(([id, path]) => `${id} ${path}`));
    const counts = await database.db
      .selectFrom('webhook_deliveries')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const attempts = await database.db
      .selectFrom('webhook_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    // ── Keel, latency: events published one per transaction (as producers do) at a steady
    // LATENCY_RATE events/s; time from each commit to its receipt. The producer shares the
    // database (and, on PGlite, this thread) with the worker, so the rate must stay well
    // below the throughput measured above for this to measure latency rather than a queue.
    const rate = LATENCY_RATE;
    const latCommitted = new Map<string, number>();
    const l0 = Date.now();
    for (let i = 0; i < LATENCY_EVENTS; i++) {
      const due = l0 + (i * 1000) / rate;
      if (due > Date.now()) await sleep(due - Date.now());
      await publish(1, 1, latCommitted);
    }
    await until(LATENCY_EVENTS * ENDPOINTS, 'the latency run');
    const latReceipts = await ask<Array<[string, string, number]>>(child, 'take', 'receipts');
    await worker.stop();
    const latencies = latReceipts.map(([id, , at]) => at - latCommitted.get(id)!).sort((a, b) => a - b);

    // ── Baseline: the same number of signed POSTs by a plain fetch loop, no persistence.
    // The very bodies Keel sent (the events as the API shows them), prepared before timing.
    const rows = await database.db
      .selectFrom('events')
      .select(['id', 'type', 'api_version', 'data', 'created_at'])
      .where('id', 'in', [...committedAt.keys()])
      .execute();
    const bodies = rows.map((r) => ({ id: r.id, body: JSON.stringify(toEvent(r)) }));
    const targets = ports.map((p, i) => ({ url: `http://127.0.0.1:${p}/r${i}`, secret: secrets[i]! }));
    let next = 0;
    const baseLat: number[] = [];
    const t1 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < DELIVERIES) {
          const k = next++;
          const { id, body } = bodies[Math.floor(k / targets.length)]!;
          const target = targets[k % targets.length]!;
          const s = performance.now();
          const headers = {
            ...signedHeaders([target.secret], id, Math.floor(Date.now() / 1000), body),
            'content-type': 'application/json',
          };
          const res = await fetch(target.url, { method: 'POST', headers, body });
          await res.arrayBuffer();
          if (res.status !== 204) throw new Error(`baseline got ${res.status}`);
          baseLat.push(performance.now() - s);
        }
      }),
    );
    const baseMs = performance.now() - t1;
    await ask(child, 'take', 'receipts');
    baseLat.sort((a, b) => a - b);

    const keelRate = DELIVERIES / (keelMs / 1000);
    const baseRate = DELIVERIES / (baseMs / 1000);
    const result = {
      benchmark: 'webhooks',
      database: url ? 'postgres' : 'pglite',
      events: EVENTS,
      endpoints: ENDPOINTS,
      deliveries: DELIVERIES,
      machine,
      settings: {
        workerConcurrency: wh.workerConcurrency,
        maxConcurrencyPerEndpoint: wh.maxConcurrencyPerEndpoint,
        claimBatchSize: wh.claimBatchSize,
        inFlight: CONCURRENCY,
        publishBatch: PUBLISH_BATCH,
      },
      keel: {
        wallMs: keelMs,
        deliveriesPerSecond: Math.round(keelRate),
        received: receipts.length,
        distinctPairs: pairs.size,
        duplicates: receipts.length - pairs.size,
        deliveryStatus: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
        attemptsLogged: Number(attempts.n),
        worker: stats,
        backlogPublishMs: publishMs,
        latency: {
          events: LATENCY_EVENTS,
          eventsPerSecond: Number(rate.toFixed(1)),
          deliveriesPerSecond: Number((rate * ENDPOINTS).toFixed(1)),
          ms: { p50: pct(latencies, 50), p99: pct(latencies, 99), max: latencies[latencies.length - 1] },
        },
      },
      baseline: {
        wallMs: Math.round(baseMs),
        postsPerSecond: Math.round(baseRate),
        latencyMs: { p50: Number(pct(baseLat, 50).toFixed(1)), p99: Number(pct(baseLat, 99).toFixed(1)) },
        concurrency: CONCURRENCY,
      },
      ratio: { ofBaselineRate: Number((keelRate / baseRate).toFixed(3)) },
      targets: { deliveriesPerSecond: 1_000, ofBaselineRate: 0.25 },
    };
    console.log('');
    console.log('                          keel      baseline    ratio');
    console.log(
      `deliveries/s        ${String(result.keel.deliveriesPerSecond).padStart(10)} ${String(result.baseline.postsPerSecond).padStart(13)}    ${(result.ratio.ofBaselineRate * 100).toFixed(1)}% of baseline (target ≥ 25%, and ≥ 1,000/s)`,
    );
    console.log(
      `wall time (ms)      ${String(keelMs).padStart(10)} ${String(result.baseline.wallMs).padStart(13)}    (the backlog was published beforehand in ${publishMs} ms)`,
    );
    const lat = result.keel.latency;
    console.log(
      `latency p50 (ms)    ${String(lat.ms.p50).padStart(10)} ${String(result.baseline.latencyMs.p50).padStart(13)}    keel: event commit → receipt at ${lat.deliveriesPerSecond} deliveries/s offered; baseline: request → response`,
    );
    console.log(
      `latency p99 (ms)    ${String(lat.ms.p99).padStart(10)} ${String(result.baseline.latencyMs.p99).padStart(13)}`,
    );
    console.log(
      `received ${receipts.length}, distinct (event, endpoint) pairs ${pairs.size}, duplicates ${result.keel.duplicates}; deliveries ${JSON.stringify(result.keel.deliveryStatus)}, attempts logged ${result.keel.attemptsLogged}`,
    );
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/webhooks.json', `${JSON.stringify(result, null, 2)}\n`);
    console.log('\nwrote bench/results/webhooks.json');
  } finally {
    child.disconnect();
    await database.close();
    if (url && schema) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`).finally(() => c.end());
    }
  }
}

await main();
