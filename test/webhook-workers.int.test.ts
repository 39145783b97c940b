import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publishEvent } from '../src/events/store.ts';
import { newId } from '../src/lib/ids.ts';
import { SecretBox } from '../src/lib/secret-box.ts';
import { EndpointsStore } from '../src/webhooks/endpoints-store.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { testConfig } from './helpers/keel.ts';
import { startReceiver, waitFor, type Receiver } from './helpers/webhook-receiver.ts';

/**
 * Several worker PROCESSES delivering from one Postgres: exactly once while nothing fails,
 * and at least once (same webhook-id) after a worker is killed with SIGKILL mid-delivery.
 */
const WEBHOOKS = {
  allowHttp: true,
  allowPrivateNetworks: true,
  retryScheduleSeconds: [0, 0.2, 0.4, 0.6],
  jitter: 0,
  pollIntervalMs: 100,
};

describe.runIf(process.env.DATABASE_URL)('webhook workers in separate processes (Postgres)', () => {
  let db: TestDatabase;
  let endpoints: EndpointsStore;
  const children: ChildProcess[] = [];
  const cleanup: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    db = await testDatabase();
    const config = testConfig({
      chains: { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } },
      webhooks: WEBHOOKS,
    });
    endpoints = new EndpointsStore(db.db, new SecretBox(config.secrets.encryptionKey), config.webhooks);
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => stopChild(c)));
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
  });
  afterAll(async () => {
    await db?.close();
  });

  /** Starts a worker process on the test's schema; resolves once it is running. */
  const startWorker = async (id: string, webhooks: Record<string, unknown> = {}): Promise<ChildProcess> => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/webhook-worker.ts'], {
      env: {
        ...process.env,
        KEEL_TEST_DATABASE_URL: db.options.url,
        KEEL_TEST_DATABASE_SCHEMA: db.options.schema,
        KEEL_WORKER_ID: id,
        KEEL_WEBHOOKS: JSON.stringify({ ...WEBHOOKS, ...webhooks }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes(`ready ${id}`) && resolve());
      child.once('exit', (code) => reject(new Error(`worker ${id} exited with ${code}: ${err}`)));
    });
    return child;
  };
  const receiver = async (...args: Parameters<typeof startReceiver>): Promise<Receiver> => {
    const r = await startReceiver(...args);
    cleanup.push(() => r.close());
    return r;
  };
  const endpoint = async (url: string) => {
    const { endpoint: e, secret } = await endpoints.create({ url, eventTypes: ['api_key.created'] }, null);
    cleanup.push(() => endpoints.delete(e.id));
    return { id: e.id, secret };
  };
  const publish = async (n: number, perTransaction: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i += perTransaction) {
      await db.db.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(n, i + perTransaction); j++)
          ids.push((await publishEvent(trx, 'api_key.created', { object: 'api_key', id: newId('key'), n: j })).id);
      });
    }
    return ids;
  };
  const deliveriesOf = (endpointId: string) =>
    db.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).execute();

  it('three workers deliver 500 events to two endpoints: every (event, endpoint) pair exactly once', async () => {
    const r = await receiver();
    const a = await endpoint(`${r.url}/a`);
    const b = await endpoint(`${r.url}/b`);
    r.secrets.push(a.secret, b.secret);
    await Promise.all(
      ['w1', 'w2', 'w3'].map((id) => startWorker(id, { workerConcurrency: 8, maxConcurrencyPerEndpoint: 4 })),
    );
    const ids = await publish(500, 25);
    await waitFor(() => r.received.length >= 1_000, '1,000 deliveries', 60_000);
    await waitFor(
      async () => (await deliveriesOf(a.id)).concat(await deliveriesOf(b.id)).every((d) => d.status === 'succeeded'),
      'all recorded as succeeded',
    );
    // Anything sent twice would have arrived by now.
    await new Promise((res) => setTimeout(res, 500));
    expect(r.received).toHaveLength(1_000);
    for (const path of ['/a', '/b']) {
      const got = r.received.filter((x) => x.path === path).map((x) => x.headers['webhook-id']);
      expect(new Set(got).size).toBe(500);
      expect([...got].sort()).toEqual([...ids].sort());
    }
    expect(r.received.every((x) => x.verifiedWith.length === 1)).toBe(true);
    expect(r.maxConcurrent.get('/a')).toBeLessThanOrEqual(4);
    expect(r.maxConcurrent.get('/b')).toBeLessThanOrEqual(4);
    const byWorker = await db.db
      .selectFrom('webhook_attempts')
      .select(['worker', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('worker')
      .execute();
    expect(byWorker.reduce((s, w) => s + Number(w.n), 0)).toBe(1_000);
    console.log(`attempts per worker: ${byWorker.map((w) => `${w.worker}=${w.n}`).join(', ')}`);
  });

  it('after a worker is killed mid-delivery, its deliveries are sent again with the same webhook-id once the lease expires', async () => {
    // The first arrival of each event is held open (never answered); later ones get 200.
    const r = await receiver((_got, n) => (n === 0 ? 'hang' : { status: 200 }));
    const ep = await endpoint(`${r.url}/hold`);
    r.secrets.push(ep.secret);
    // The survivor's attempts must not time out on a loaded machine (that would be a third arrival).
    const settings = { timeoutMs: 5_000, maxConcurrencyPerEndpoint: 10 };
    const doomed = await startWorker('doomed', settings);
    const ids = await publish(5, 5);
    await waitFor(() => r.received.length >= 5, 'five held requests');
    const held = await deliveriesOf(ep.id);
    expect(held.map((d) => [d.status, d.locked_by, d.attempts])).toEqual(Array(5).fill(['delivering', 'doomed', 1]));
    const leaseEnds = Math.max(...held.map((d) => d.locked_until!.getTime()));
    doomed.kill('SIGKILL');
    await new Promise((res) => doomed.once('exit', res));
    await startWorker('survivor', settings);
    await waitFor(
      async () => (await deliveriesOf(ep.id)).every((d) => d.status === 'succeeded'),
      'redelivery after the lease expired',
      60_000,
    );

    const counts = r.countsById();
    for (const id of ids) expect(counts.get(id)).toBe(2);
    const again = r.received.slice(5);
    expect(again.every((x) => x.verifiedWith.length === 1)).toBe(true);
    // Not before the dead worker's lease ran out (1 s slack for the clocks' granularity).
    expect(Math.min(...again.map((x) => x.at))).toBeGreaterThanOrEqual(leaseEnds - 1_000);
    const after = await deliveriesOf(ep.id);
    expect(after.every((d) => d.attempts === 2 && d.last_status_code === 200 && d.locked_by === null)).toBe(true);
    // The killed worker never recorded its attempts; the survivor's are in the log.
    const log = await db.db
      .selectFrom('webhook_attempts')
      .select(['worker', 'attempt', 'status_code'])
      .where(
        'delivery_id',
        'in',
        after.map((d) => d.id),
      )
      .execute();
    expect(log).toHaveLength(5);
    expect(log.every((l) => l.worker === 'survivor' && l.attempt === 2 && l.status_code === 200)).toBe(true);
  });
});

async function stopChild(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise((res) => c.once('exit', res));
  c.kill('SIGTERM');
  const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(t);
}
