import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventsStore, publishEvent } from '../src/events/store.ts';
import type { EventType } from '../src/events/catalogue.ts';
import { newId } from '../src/lib/ids.ts';
import { silentLogger, type Logger } from '../src/lib/logger.ts';
import { SecretBox } from '../src/lib/secret-box.ts';
import { DeliveryLog } from '../src/webhooks/delivery-log-store.ts';
import { EndpointsStore } from '../src/webhooks/endpoints-store.ts';
import { sealEndpointSecret } from '../src/webhooks/secrets.ts';
import { generateWebhookSecret } from '../src/webhooks/signing.ts';
import { startWebhookWorker, type WebhookWorker } from '../src/webhooks/worker.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { testConfig } from './helpers/keel.ts';
import { freePort, startReceiver, waitFor, type Receiver } from './helpers/webhook-receiver.ts';

const KEY = Buffer.alloc(32, 42).toString('base64');
const box = new SecretBox(KEY);

/** Test config: loopback allowed, a compressed retry schedule, fast polling. */
const configWith = (webhooks: Record<string, unknown> = {}) =>
  testConfig({
    chains: { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } },
    webhooks: {
      allowHttp: true,
      allowPrivateNetworks: true,
      retryScheduleSeconds: [0, 0.2, 0.4, 0.6],
      jitter: 0,
      timeoutMs: 10_000,
      pollIntervalMs: 50,
      ...webhooks,
    },
  });

describe('webhook delivery (real HTTP receivers on loopback)', () => {
  let db: TestDatabase;
  let endpoints: EndpointsStore;
  let events: EventsStore;
  const cleanup: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    db = await testDatabase();
    endpoints = new EndpointsStore(db.db, box, configWith().webhooks);
    events = new EventsStore(db.db);
  });
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
  });
  afterAll(async () => {
    await db?.close();
  });

  const startWorker = (webhooks: Record<string, unknown> = {}, logger: Logger = silentLogger()): WebhookWorker => {
    const w = startWebhookWorker({ database: db, config: configWith(webhooks), logger, box });
    cleanup.push(() => w.stop());
    return w;
  };
  const receiver = async (...args: Parameters<typeof startReceiver>): Promise<Receiver> => {
    const r = await startReceiver(...args);
    cleanup.push(() => r.close());
    return r;
  };
  /** Registers an endpoint through the API's store; deleted after the test. */
  const endpoint = async (url: string, eventTypes: string[] = ['api_key.created']) => {
    const { endpoint: e, secret } = await endpoints.create({ url, eventTypes }, null);
    cleanup.push(() => endpoints.delete(e.id));
    return { id: e.id, secret };
  };
  const publish = async (n = 1, type: EventType = 'api_key.created') => {
    const ids: string[] = [];
    await db.db.transaction().execute(async (trx) => {
      for (let i = 0; i < n; i++)
        ids.push((await publishEvent(trx, type, { object: 'api_key', id: newId('key'), n: i, note: 'ünïcödé ✓' })).id);
    });
    return ids;
  };
  const deliveryOf = (eventId: string, endpointId: string) =>
    db.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('endpoint_id', '=', endpointId)
      .executeTakeFirstOrThrow();
  const attemptsOf = (deliveryId: string) =>
    db.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('attempt').execute();

  it('delivers each event once, signed so the standardwebhooks package verifies it, with the body GET /v1/events/:id shows', async () => {
    const r = await receiver();
    const ep = await endpoint(`${r.url}/hook`);
    r.secrets.push(ep.secret);
    startWorker();
    const ids = await publish(3);
    await waitFor(() => r.received.length >= 3, '3 deliveries');
    await new Promise((res) => setTimeout(res, 200));
    expect(r.received).toHaveLength(3);
    for (const got of r.received) {
      expect(got.verifiedWith).toEqual([0]);
      expect(got.headers['content-type']).toBe('application/json');
      expect(got.headers['user-agent']).toBe('Keel-Webhooks/1');
      const id = got.headers['webhook-id']!;
      expect(ids).toContain(id);
      expect(got.body).toBe(JSON.stringify(await events.get(id)));
      // The Standard Webhooks payload shape { type, timestamp, data }: the event's creation time, ISO-8601 UTC.
      const payload = JSON.parse(got.body);
      expect(payload).toMatchObject({ type: 'api_key.created', data: { object: { object: 'api_key' } } });
      expect(payload.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const row = await db.db.selectFrom('events').select('created_at').where('id', '=', id).executeTakeFirstOrThrow();
      expect(payload.timestamp).toBe(row.created_at.toISOString());
      expect(payload.timestamp).toBe(payload.createdAt);
      // Seconds, and now (a loaded machine may lag a few seconds; milliseconds would be off by ~1000×).
      expect(Math.abs(Number(got.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    }
    await waitFor(async () => (await deliveryOf(ids[2]!, ep.id)).status === 'succeeded', 'succeeded');
    const d = await deliveryOf(ids[0]!, ep.id);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 1, last_status_code: 200, locked_by: null });
    expect(d.delivered_at).toBeInstanceOf(Date);
    expect(await attemptsOf(d.id)).toMatchObject([{ attempt: 1, status_code: 200, error: null }]);
  });

  it('signs with both secrets during a rotation overlap', async () => {
    const r = await receiver();
    const ep = await endpoint(`${r.url}/rotated`);
    const { secret: fresh } = await endpoints.rotateSecret(ep.id);
    r.secrets.push(ep.secret, fresh, generateWebhookSecret());
    startWorker();
    await publish(1);
    await waitFor(() => r.received.length >= 1, 'a delivery');
    expect(r.received[0]!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(r.received[0]!.verifiedWith).toEqual([0, 1]);
  });

  it('gets everything to a receiver that was down, once it is back', async () => {
    const port = await freePort();
    const ep = await endpoint(`http://127.0.0.1:${port}/late`);
    startWorker({ retryScheduleSeconds: [0, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5] });
    const ids = await publish(5);
    await waitFor(async () => (await deliveryOf(ids[4]!, ep.id)).attempts >= 2, 'failed attempts while down');
    const first = await attemptsOf((await deliveryOf(ids[0]!, ep.id)).id);
    expect(first[0]!.error).toMatch(/ECONNREFUSED/);
    const r = await receiver(undefined, { port, secrets: [ep.secret] });
    await waitFor(
      () => new Set(r.received.map((x) => x.headers['webhook-id'])).size === 5,
      'all 5 events after the receiver came back',
    );
    expect(r.received.every((x) => x.verifiedWith.length === 1)).toBe(true);
    await waitFor(
      async () => (await Promise.all(ids.map((id) => deliveryOf(id, ep.id)))).every((d) => d.status === 'succeeded'),
      'all succeeded',
    );
    const ep0 = await db.db
      .selectFrom('webhook_endpoints')
      .select(['failing_since', 'status'])
      .where('id', '=', ep.id)
      .executeTakeFirstOrThrow();
    expect(ep0).toEqual({ failing_since: null, status: 'enabled' });
  });

  it('retries a 500 with the same webhook-id on the schedule until it succeeds, then gives up when exhausted', async () => {
    const r = await receiver((got, n) =>
      got.path === '/never' || n < 2 ? { status: 500, body: 'oops' } : { status: 204 },
    );
    const ok = await endpoint(`${r.url}/flaky`);
    const never = await endpoint(`${r.url}/never`);
    startWorker();
    const [id] = await publish(1);
    await waitFor(async () => (await deliveryOf(id!, ok.id)).status === 'succeeded', 'success after retries');
    const arrivals = r.received.filter((x) => x.path === '/flaky');
    expect(arrivals.map((x) => x.headers['webhook-id'])).toEqual([id, id, id]);
    // Delays before attempts 1 and 2 are 0.2 s and 0.4 s (no jitter).
    expect(arrivals[1]!.at - arrivals[0]!.at).toBeGreaterThanOrEqual(190);
    expect(arrivals[2]!.at - arrivals[1]!.at).toBeGreaterThanOrEqual(390);
    const log = await attemptsOf((await deliveryOf(id!, ok.id)).id);
    // A loopback receiver: status and size are logged, never its body.
    expect(log.map((a) => [a.attempt, a.status_code, a.response_body, a.response_bytes])).toEqual([
      [1, 500, null, 4],
      [2, 500, null, 4],
      [3, 204, null, 0],
    ]);
    await waitFor(async () => (await deliveryOf(id!, never.id)).status === 'failed', 'gave up after 4 attempts');
    expect(await deliveryOf(id!, never.id)).toMatchObject({ attempts: 4, last_status_code: 500 });
    expect(r.received.filter((x) => x.path === '/never')).toHaveLength(4);
  });

  it('honours Retry-After on 429 and 503: the next attempt is not before it', async () => {
    const r = await receiver((got, n) => {
      if (n > 0) return { status: 200 };
      return got.path === '/busy'
        ? { status: 429, headers: { 'retry-after': '1' } }
        : { status: 503, headers: { 'retry-after': new Date(Date.now() + 2_000).toUTCString() } };
    });
    const busy = await endpoint(`${r.url}/busy`);
    const down = await endpoint(`${r.url}/maintenance`);
    startWorker();
    const [id] = await publish(1);
    await waitFor(
      async () =>
        (await deliveryOf(id!, busy.id)).status === 'succeeded' &&
        (await deliveryOf(id!, down.id)).status === 'succeeded',
      'both succeed',
    );
    const gap = (path: string) => {
      const a = r.received.filter((x) => x.path === path);
      expect(a).toHaveLength(2);
      return a[1]!.at - a[0]!.at;
    };
    expect(gap('/busy')).toBeGreaterThanOrEqual(1_000);
    // An HTTP date is rounded up to whole seconds from the moment it is read.
    expect(gap('/maintenance')).toBeGreaterThanOrEqual(1_000);
    const log = await attemptsOf((await deliveryOf(id!, busy.id)).id);
    expect(log.map((a) => a.status_code)).toEqual([429, 200]);
  });

  it('disables an endpoint that answers 410 and emits endpoint.disabled to the endpoints subscribed to it', async () => {
    const r = await receiver((got) => (got.path === '/gone' ? { status: 410 } : { status: 200 }));
    const gone = await endpoint(`${r.url}/gone`);
    const watcher = await endpoint(`${r.url}/watcher`, ['endpoint.disabled']);
    r.secrets.push(watcher.secret);
    startWorker();
    const [id] = await publish(1);
    const note = await waitFor(() => r.received.find((x) => x.path === '/watcher'), 'endpoint.disabled delivery');
    const event = JSON.parse(note.body);
    expect(note.verifiedWith).toEqual([0]);
    expect(event).toMatchObject({
      type: 'endpoint.disabled',
      data: { object: { id: gone.id, object: 'webhook_endpoint', status: 'disabled', disabledReason: 'gone' } },
    });
    expect(await deliveryOf(id!, gone.id)).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 410 });
    expect(await endpoints.get(gone.id)).toMatchObject({ status: 'disabled', disabledReason: 'gone' });
    // A disabled endpoint gets nothing more.
    await publish(1);
    await new Promise((res) => setTimeout(res, 300));
    expect(r.received.filter((x) => x.path === '/gone')).toHaveLength(1);
  });

  it('disables an endpoint that fails for longer than disableAfterHours', async () => {
    const r = await receiver((got) => (got.path === '/broken' ? { status: 500 } : { status: 200 }));
    const broken = await endpoint(`${r.url}/broken`);
    const _watcher = await endpoint(`${r.url}/watcher2`, ['endpoint.disabled']);
    const started = Date.now();
    // 0.0005 h = 1.8 s of failures.
    startWorker({ disableAfterHours: 0.0005, retryScheduleSeconds: [0, ...Array(30).fill(0.3)] });
    await publish(1);
    const note = await waitFor(() => r.received.find((x) => x.path === '/watcher2'), 'endpoint.disabled delivery');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_800);
    expect(JSON.parse(note.body)).toMatchObject({
      type: 'endpoint.disabled',
      data: { object: { id: broken.id, disabledReason: 'failing' } },
    });
    expect(await endpoints.get(broken.id)).toMatchObject({ status: 'disabled', disabledReason: 'failing' });
    // How many retries fit in 1.8 s depends on the machine; the first failure and one past the limit always happen.
    expect(r.received.filter((x) => x.path === '/broken').length).toBeGreaterThanOrEqual(2);
  });

  it('gives up an attempt at its timeout and retries it', async () => {
    const r = await receiver((_got, n) => (n === 0 ? 'hang' : { status: 200 }));
    const ep = await endpoint(`${r.url}/slow`);
    // Long enough that the answering attempt cannot time out on a loaded machine too.
    startWorker({ timeoutMs: 2_000 });
    const [id] = await publish(1);
    await waitFor(async () => (await deliveryOf(id!, ep.id)).status === 'succeeded', 'success after a timeout');
    const log = await attemptsOf((await deliveryOf(id!, ep.id)).id);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ status_code: null, error: expect.stringMatching(/KEEL_TIMEOUT/) });
    expect(log[0]!.duration_ms).toBeGreaterThanOrEqual(1_990);
    // Ended by the deadline, not by the answer that never comes.
    expect(log[0]!.duration_ms).toBeLessThan(20_000);
    expect(log[1]).toMatchObject({ status_code: 200 });
  });

  it('keeps a slow endpoint to its concurrency cap without starving a fast one', async () => {
    // The slow endpoint answers only once released: everything the fast one gets meanwhile was not
    // held behind it, whatever the machine's speed.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const r = await receiver((got) => (got.path === '/slow' ? { status: 200, after: released } : { status: 200 }));
    await endpoint(`${r.url}/slow`);
    await endpoint(`${r.url}/fast`);
    startWorker({ maxConcurrencyPerEndpoint: 2, workerConcurrency: 8, timeoutMs: 60_000 });
    await publish(20);
    const slow = () => r.received.filter((x) => x.path === '/slow').length;
    const fast = () => r.received.filter((x) => x.path === '/fast').length;
    await waitFor(() => fast() === 20, 'the fast endpoint gets all 20 while the slow one holds');
    await waitFor(() => slow() === 2, 'the slow endpoint at its cap');
    expect(r.maxConcurrent.get('/slow')).toBe(2);
    expect(slow()).toBe(2); // no third request while both are unanswered
    release();
    await waitFor(() => slow() === 20, 'the slow endpoint gets all 20 once it answers');
    expect(r.maxConcurrent.get('/slow')).toBe(2);
  });

  it('refuses, at delivery time, an endpoint whose address became private, and logs the attempt error', async () => {
    const r = await receiver();
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({ write: (chunk, _enc, cb) => (lines.push(JSON.parse(String(chunk))), cb()) }),
    );
    // Rows inserted directly: registration would have refused them (as if DNS changed since).
    const ids = ['literal', 'named'].map(() => newId('we'));
    const urls = [`${r.url}/literal`, `http://localhost:${r.port}/named`];
    await db.db
      .insertInto('webhook_endpoints')
      .values(
        ids.map((id, i) => ({
          id,
          url: urls[i]!,
          description: null,
          event_types: ['api_key.created'],
          secret_enc: sealEndpointSecret(box, id, generateWebhookSecret()),
          disabled_reason: null,
          disabled_at: null,
          previous_secret_enc: null,
          previous_secret_expires_at: null,
          failing_since: null,
          created_by: null,
          deleted_at: null,
        })),
      )
      .execute();
    for (const id of ids) cleanup.push(() => endpoints.delete(id));
    startWorker({ allowPrivateNetworks: false }, logger);
    const [evt] = await publish(1);
    for (const id of ids) {
      await waitFor(
        async () => (await deliveryOf(evt!, id)).attempts >= 1 && (await deliveryOf(evt!, id)).status === 'pending',
        'a refused attempt',
      );
      const log = await attemptsOf((await deliveryOf(evt!, id)).id);
      expect(log[0]).toMatchObject({
        status_code: null,
        error: expect.stringMatching(/KEEL_FORBIDDEN_ADDRESS.*loopback/),
      });
      expect(
        lines.some(
          (l) =>
            l.msg === 'webhook attempt failed' && l.endpointId === id && /KEEL_FORBIDDEN_ADDRESS/.test(String(l.error)),
        ),
      ).toBe(true);
    }
    expect(r.received).toHaveLength(0);
  });

  it('keeps no excerpt of the answer of a private receiver (db_password=…), only its status and size', async () => {
    // Issue 12 §6: an "internal" service's db_password was read back through the delivery log.
    const secret = 'db_password=hunter2 api_token=abc123';
    const big = `${secret} ${'x'.repeat(100_000)}`;
    const r = await receiver((got) =>
      got.path === '/big'
        ? { status: 500, body: big, headers: { 'content-length': String(Buffer.byteLength(big)) } }
        : { status: 200, body: `config: ${secret}` },
    );
    const small = await endpoint(`${r.url}/internal`);
    const large = await endpoint(`${r.url}/big`);
    startWorker({ retryScheduleSeconds: [0] });
    const [id] = await publish(1);
    await waitFor(
      async () =>
        (await deliveryOf(id!, small.id)).status === 'succeeded' &&
        (await deliveryOf(id!, large.id)).status === 'failed',
      'both attempts recorded',
    );
    const [a] = await attemptsOf((await deliveryOf(id!, small.id)).id);
    expect(a).toMatchObject({
      status_code: 200,
      response_body: null,
      response_bytes: Buffer.byteLength(`config: ${secret}`),
    });
    const [b] = await attemptsOf((await deliveryOf(id!, large.id)).id);
    // Longer than what is read: the size is the declared Content-Length.
    expect(b).toMatchObject({ status_code: 500, response_body: null, response_bytes: Buffer.byteLength(big) });
    // …and the API's delivery log shows the same.
    const log = await new DeliveryLog(db.db).deliveries(small.id, { limit: 10 });
    expect(log.data[0]!.attemptLog).toEqual([
      expect.objectContaining({
        statusCode: 200,
        responseBody: null,
        responseBytes: Buffer.byteLength(`config: ${secret}`),
      }),
    ]);
    expect(JSON.stringify(log)).not.toMatch(/hunter2|abc123/);
    const rows = await db.db.selectFrom('webhook_attempts').select(['response_body', 'error']).execute();
    expect(JSON.stringify(rows)).not.toMatch(/hunter2/);
  });

  it('refuses link-local and metadata destinations at delivery time even with allowPrivateNetworks', async () => {
    // Rows inserted directly (registration refuses them): as if DNS or an old row pointed there.
    const ids = ['imds', 'ecs', 'name', 'v6'].map(() => newId('we'));
    const urls = [
      'http://169.254.169.254/latest/meta-data/',
      'http://169.254.170.2/v2/credentials',
      'http://metadata.google.internal/',
      'http://[fe80::1]:9/',
    ];
    await db.db
      .insertInto('webhook_endpoints')
      .values(
        ids.map((id, i) => ({
          id,
          url: urls[i]!,
          description: null,
          event_types: ['api_key.created'],
          secret_enc: sealEndpointSecret(box, id, generateWebhookSecret()),
          disabled_reason: null,
          disabled_at: null,
          previous_secret_enc: null,
          previous_secret_expires_at: null,
          failing_since: null,
          created_by: null,
          deleted_at: null,
        })),
      )
      .execute();
    for (const id of ids) cleanup.push(() => endpoints.delete(id));
    startWorker({ allowPrivateNetworks: true, timeoutMs: 1_000 });
    const [evt] = await publish(1);
    for (const [i, id] of ids.entries()) {
      await waitFor(
        async () => (await deliveryOf(evt!, id)).attempts >= 1 && (await deliveryOf(evt!, id)).status === 'pending',
        `a refused attempt to ${urls[i]}`,
      );
      const [a] = await attemptsOf((await deliveryOf(evt!, id)).id);
      expect(a, urls[i]).toMatchObject({
        status_code: null,
        error: expect.stringMatching(/KEEL_FORBIDDEN_ADDRESS.*(metadata|link_local)/),
      });
    }
  });
});
