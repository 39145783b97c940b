import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/lib/logger.ts';
import { startKeel, type KeelInstance } from '../src/runtime/keel.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestKeel, testConfig, type TestKeel } from './helpers/keel.ts';

/**
 * Issue 12 §6, exposure: the ops listener (`server.opsPort`) and the per-client limit of
 * failed authentications. A chain whose only RPC endpoint is a closed port is enough here.
 */
const CHAINS = { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } };

describe('ops listener (server.opsPort)', () => {
  let db: TestDatabase;
  let keel: TestKeel;
  let worker: KeelInstance | undefined;
  const config = testConfig({ server: { opsPort: 0, opsHost: '127.0.0.1' }, chains: CHAINS });

  beforeAll(async () => {
    db = await testDatabase();
    keel = await startTestKeel(config, db);
  });
  afterAll(async () => {
    await worker?.stop();
    await keel?.stop();
    await db?.close();
  });

  it('serves /metrics, /ready and /health on the ops port; the API port keeps only /health', async () => {
    expect(keel.opsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(keel.opsUrl).not.toBe(keel.url);
    // Some API traffic first, so the API's own series have samples.
    expect((await fetch(`${keel.url}/v1/me`, { headers: { authorization: `Bearer ${keel.adminToken}` } })).status).toBe(
      200,
    );

    const metrics = await fetch(`${keel.opsUrl}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('keel_http_requests_total');
    expect(text).toContain('keel_rpc_');
    const ready = await fetch(`${keel.opsUrl}/ready`);
    expect(ready.status).toBe(503); // the only chain is unreachable
    expect(await ready.json()).toMatchObject({
      status: 'not_ready',
      database: { status: 'ok' },
      chains: [{ chainId: 31337, status: 'unavailable' }],
    });
    expect(await (await fetch(`${keel.opsUrl}/health`)).json()).toEqual({ status: 'ok' });

    for (const path of ['/metrics', '/ready']) {
      const r = await fetch(`${keel.url}${path}`);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect(await (await fetch(`${keel.url}/health`)).json()).toEqual({ status: 'ok' });
    const spec = (await (await fetch(`${keel.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).not.toContain('/metrics');
    expect(Object.keys(spec.paths)).toContain('/health');
  });

  it('serves nothing else on the ops port', async () => {
    for (const path of ['/v1/me', '/openapi.json', '/docs', '/dashboard']) {
      expect(
        (await fetch(`${keel.opsUrl}${path}`, { headers: { authorization: `Bearer ${keel.adminToken}` } })).status,
        path,
      ).toBe(404);
    }
  });

  it('runs in a worker process too (which has no API port)', async () => {
    worker = await startKeel({ config, role: 'worker', logger: silentLogger(), migrate: false, database: db });
    expect(worker.url).toBeUndefined();
    expect(worker.opsUrl).toBeDefined();
    const metrics = await fetch(`${worker.opsUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('keel_rpc_');
    expect((await fetch(`${worker.opsUrl}/health`)).status).toBe(200);
  });

  it('refuses an ops port equal to the API port', () => {
    expect(() => testConfig({ server: { port: 8080, opsPort: 8080 }, chains: CHAINS })).toThrow(/server\.opsPort/);
  });
});

describe('failed authentication limit (auth.failedAuthPerMinute)', () => {
  const LIMIT = 5;
  // trustProxy: each test client is told apart by X-Forwarded-For, as behind a load balancer.
  const config = testConfig({ server: { trustProxy: true }, auth: { failedAuthPerMinute: LIMIT }, chains: CHAINS });
  let db: TestDatabase;
  let a: TestKeel;
  let b: TestKeel;
  let clients = 0;

  beforeAll(async () => {
    db = await testDatabase();
    // Two API replicas on one database: the count is shared.
    a = await startTestKeel(config, db);
    b = await startTestKeel(config, db);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await db?.close();
  });

  const call = async (keel: TestKeel, client: string, token: string | undefined, path = '/v1/me') => {
    const r = await fetch(`${keel.url}${path}`, {
      headers: { 'x-forwarded-for': client, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    return {
      status: r.status,
      retryAfter: r.headers.get('retry-after'),
      type: r.headers.get('content-type'),
      body: (await r.json()) as any,
    };
  };

  /**
   * Failures are counted per clock minute: a scenario that crossed a minute boundary proves
   * nothing, so it is run again (as a new client) until one fits in a single minute.
   */
  async function inOneMinute(scenario: (client: string) => Promise<void>): Promise<void> {
    for (let tries = 0; ; tries++) {
      const client = `198.51.100.${++clients}`;
      const minute = Math.floor(Date.now() / 60_000);
      try {
        await scenario(client);
        if (Math.floor(Date.now() / 60_000) === minute) return;
      } catch (err) {
        if (Math.floor(Date.now() / 60_000) === minute || tries >= 2) throw err;
      }
      if (tries >= 2) throw new Error('three attempts each crossed a minute boundary');
    }
  }

  it('answers 429 with Retry-After once a client has failed N times, across replicas, valid key or not', async () => {
    await inOneMinute(async (client) => {
      // Failures split over both replicas, missing and wrong keys alike.
      for (let i = 0; i < LIMIT; i++) {
        const r = await call(i % 2 ? b : a, client, i === 0 ? undefined : `keel_sk_bad_${i}`);
        expect(r.status, `failure ${i + 1}`).toBe(401);
      }
      for (const keel of [a, b]) {
        const blocked = await call(keel, client, 'keel_sk_bad_again');
        expect(blocked.status).toBe(429);
        expect(blocked.type).toMatch(/application\/problem\+json/);
        expect(blocked.body).toMatchObject({ status: 429, code: 'rate_limited' });
        const seconds = Number(blocked.retryAfter);
        expect(seconds).toBeGreaterThanOrEqual(1);
        expect(seconds).toBeLessThanOrEqual(60);
        expect(blocked.body.retryAfterSeconds).toBe(seconds);
        // Blocked before the key lookup: a valid key does not tell itself apart.
        expect((await call(keel, client, keel.adminToken)).status).toBe(429);
      }
      // Public routes are never blocked.
      expect((await call(a, client, undefined, '/health')).status).toBe(200);
    });
  });

  it('leaves other clients alone, and counts nothing for valid keys or refused scopes', async () => {
    await inOneMinute(async (noisy) => {
      for (let i = 0; i < LIMIT; i++) expect((await call(a, noisy, 'keel_sk_nope')).status).toBe(401);
      expect((await call(a, noisy, a.adminToken)).status).toBe(429);

      const other = `203.0.113.${clients}`;
      expect((await call(a, other, a.adminToken)).status).toBe(200);
      expect((await call(b, other, 'keel_sk_nope')).status).toBe(401);
      // A key without the scope is a 403, not an authentication failure: never counted.
      const narrow = await a.tokenWith(['portfolio:read']);
      for (let i = 0; i < LIMIT + 2; i++) {
        expect((await call(a, other, narrow, '/v1/webhook-endpoints')).status).toBe(403);
        expect((await call(a, other, a.adminToken)).status).toBe(200);
      }
      expect((await call(b, other, 'keel_sk_nope')).status).toBe(401);
    });
  });
});
