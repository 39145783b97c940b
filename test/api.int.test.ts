import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestKeel, testConfig, type TestKeel } from './helpers/keel.ts';

// A chain whose only RPC endpoint is a closed port: enough for auth and validation tests,
// and the portfolio then shows the "every chain unavailable" answer.
const NOWHERE = { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } };
const config = testConfig({ auth: { rateLimit: { max: 20, publicMax: 6, windowSeconds: 3600 } }, chains: NOWHERE });

describe('API plumbing: auth, scopes, errors, rate limits, docs', () => {
  let db: TestDatabase;
  let keel: TestKeel;
  const user = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

  beforeAll(async () => {
    db = await testDatabase();
    keel = await startTestKeel(config, db);
  });
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
  });

  const get = (path: string, token?: string) =>
    fetch(`${keel.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('answers 401 problem+json without a key or with a bad one', async () => {
    for (const token of [
      undefined,
      'nonsense',
      'keel_sk_01aaaaaaaaaaaaaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      const r = await get(`/v1/portfolio?addresses=${user}`, token);
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const body = (await r.json()) as any;
      expect(body).toMatchObject({ status: 401, code: 'unauthenticated', type: 'urn:keel:problem:unauthenticated' });
      expect(body.userMessage).toEqual(expect.any(String));
    }
  });

  it('answers 403 when the key lacks the scope, and 401 once the key is revoked', async () => {
    const token = await keel.tokenWith(['payments:read']);
    const r = await get(`/v1/portfolio?addresses=${user}`, token);
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ code: 'forbidden', requiredScope: 'portfolio:read' });

    const ok = await keel.tokenWith(['portfolio:read']);
    expect((await get(`/v1/portfolio?addresses=${user}`, ok)).status).not.toBe(401);
    const id = (await keel.keys.list()).find((k) => k.scopes.length === 1 && k.scopes[0] === 'portfolio:read')!.id;
    await keel.keys.revoke(id);
    expect((await get(`/v1/portfolio?addresses=${user}`, ok)).status).toBe(401);
  });

  it('answers 422 with field errors for bad portfolio input', async () => {
    const t = keel.adminToken;
    const cases: Array<[string, RegExp]> = [
      ['/v1/portfolio', /querystring\.addresses/],
      ['/v1/portfolio?addresses=', /querystring\.addresses/],
      ['/v1/portfolio?addresses=0x123', /querystring\.addresses\.0/],
      // valid hex but broken EIP-55 checksum (one letter's case flipped)
      [`/v1/portfolio?addresses=${user},0x90f79bf6EB2c4f870365E785982E1f101E93b906`, /querystring\.addresses\.1/],
      [`/v1/portfolio?addresses=${user}&chains=1`, /querystring\.chains\.0/],
      [`/v1/portfolio?addresses=${user}&chains=31337,abc`, /querystring\.chains\.1/],
      [
        `/v1/portfolio?addresses=${Array.from({ length: 201 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`).join(',')}`,
        /querystring\.addresses/,
      ],
    ];
    for (const [path, field] of cases) {
      const r = await get(path, t);
      expect(r.status, path).toBe(422);
      const body = (await r.json()) as any;
      expect(body.code).toBe('validation_failed');
      expect(body.errors.map((e: { field: string }) => e.field).join(' '), path).toMatch(field);
    }
  });

  it('answers 503 chains_unavailable when no requested chain can be reached', async () => {
    const r = await get(`/v1/portfolio?addresses=${user}`, keel.adminToken);
    expect(r.status).toBe(503);
    const body = (await r.json()) as any;
    expect(body).toMatchObject({ code: 'chains_unavailable', chains: [{ chainId: 31337, status: 'unavailable' }] });
    expect(JSON.stringify(body)).not.toContain('127.0.0.1:9');
  });

  it('limits requests per key with 429 and Retry-After, shared through the database', async () => {
    const token = await keel.tokenWith(['portfolio:read']);
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 22; i++) {
      last = await get('/v1/portfolio?addresses=0x123', token);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 422)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last!.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    // another key is not affected
    expect((await get('/v1/portfolio?addresses=0x123', await keel.tokenWith(['portfolio:read']))).status).toBe(422);
  });

  it('limits the public checkout read per client IP; a malformed or unknown id is the same 404 problem', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    const ids = [
      'pi_01jz8x9k2m3n4p5q6r7s8t9v0w',
      'nope',
      'pi_01JZ8X9K2M3N4P5Q6R7S8T9V0W',
      'pi_01jz8x9k2m3n4p5q6r7s8t9v0u',
      'pi_01jz8x9k2m3n4p5q6r7s8t9v0w%00',
      'pi_01jz8x9k2m3n4p5q6r7s8t9v0wa',
    ];
    for (const id of ids) {
      last = await get(`/v1/checkout/${id}`);
      statuses.push(last.status);
      expect(last.headers.get('content-type'), id).toMatch(/application\/problem\+json/);
      expect(await last.json(), id).toMatchObject({
        status: 404,
        code: 'not_found',
        detail: 'no such payment intent',
        userMessage: 'The requested item was not found.',
      });
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404]);
    for (let i = 0; i < 2; i++) {
      last = await get('/v1/checkout/pi_01jz8x9k2m3n4p5q6r7s8t9v0w');
      expect(last.status).toBe(429);
    }
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last!.json()).toMatchObject({
      code: 'rate_limited',
      userMessage: 'Too many requests. Please wait a moment and try again.',
    });
    // Other public routes keep no such limit; keyed routes count per key, not per IP.
    for (let i = 0; i < 8; i++) expect((await get('/health')).status).toBe(200);
  });

  it('serves health, readiness, metrics, OpenAPI and the docs page without a key', async () => {
    expect(await (await get('/health')).json()).toEqual({ status: 'ok' });
    const ready = await get('/ready');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'not_ready',
      database: { status: 'ok' },
      chains: [{ chainId: 31337, status: 'unavailable' }],
    });
    const metrics = await (await get('/metrics')).text();
    expect(metrics).toContain('keel_http_requests_total');
    expect(metrics).toContain('keel_rpc_');
    const spec = (await (await get('/openapi.json')).json()) as any;
    expect(spec.openapi).toMatch(/^3\./);
    const params = spec.paths['/v1/portfolio'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['addresses', 'chains']));
    expect(spec.paths['/v1/portfolio'].get.responses['200']).toBeDefined();
    // The public checkout read: documented, without the API-key requirement, with only the whitelisted fields.
    const checkout = spec.paths['/v1/checkout/{id}'].get;
    expect(checkout.security).toEqual([]);
    expect(Object.keys(checkout.responses['200'].content['application/json'].schema.properties)).not.toContain(
      'metadata',
    );
    const docs = await get('/docs/');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
  });

  it('manages API keys over HTTP with the admin scope only', async () => {
    const post = (path: string, token: string, body?: unknown) =>
      fetch(`${keel.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : null,
      });
    const created = await post('/v1/api-keys', keel.adminToken, { name: 'over http', scopes: ['portfolio:read'] });
    expect(created.status).toBe(201);
    const k = (await created.json()) as any;
    expect(k.token).toMatch(/^keel_sk_/);
    expect((await get(`/v1/portfolio?addresses=${user}`, k.token)).status).toBe(503); // authenticated: the chain is down
    const listed = (await (await get('/v1/api-keys', keel.adminToken)).json()) as any;
    expect(JSON.stringify(listed)).not.toContain(k.token);
    expect(listed.data.find((x: any) => x.id === k.id)).toMatchObject({ name: 'over http', revokedAt: null });
    expect((await post(`/v1/api-keys/${k.id}/revoke`, keel.adminToken)).status).toBe(200);
    expect((await get(`/v1/portfolio?addresses=${user}`, k.token)).status).toBe(401);
    expect((await post('/v1/api-keys', k.token, { name: 'x', scopes: ['admin'] })).status).toBe(401);
    const nonAdmin = await keel.tokenWith(['portfolio:read']);
    expect((await post('/v1/api-keys', nonAdmin, { name: 'x', scopes: ['admin'] })).status).toBe(403);
    const bad = (await (await post('/v1/api-keys', keel.adminToken, { name: '', scopes: ['nope'] })).json()) as any;
    expect(bad.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(['body.name', 'body.scopes.0']));
    expect((await post('/v1/api-keys/key_nope/revoke', keel.adminToken)).status).toBe(404);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const r = await get('/v1/nope', keel.adminToken);
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ code: 'not_found' });
  });
});

describe('server.trustProxy as a list of proxies: the per-IP limit of the public checkout read', () => {
  const PUBLIC_MAX = 3;
  const proxied = (trustProxy: string[]) =>
    testConfig({
      server: { trustProxy },
      auth: { rateLimit: { publicMax: PUBLIC_MAX, windowSeconds: 3600 } },
      chains: NOWHERE,
    });
  let db: TestDatabase;
  /** Trusts only 10.0.0.0/8: the test client (127.0.0.1) is not one of its proxies. */
  let unlisted: TestKeel;
  /** Trusts 127.0.0.1: the test client is its proxy, as a load balancer would be. */
  let listed: TestKeel;

  beforeAll(async () => {
    db = await testDatabase();
    unlisted = await startTestKeel(proxied(['10.0.0.0/8']), db);
    listed = await startTestKeel(proxied(['127.0.0.1']), db);
  });
  afterAll(async () => {
    await listed?.stop();
    await unlisted?.stop();
    await db?.close();
  });

  const checkout = async (keel: TestKeel, forwardedFor: string) =>
    (
      await fetch(`${keel.url}/v1/checkout/pi_01jz8x9k2m3n4p5q6r7s8t9v0w`, {
        headers: { 'x-forwarded-for': forwardedFor },
      })
    ).status;

  it('ignores X-Forwarded-For from a peer that is not a listed proxy: a client cannot pick a new IP per request', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= PUBLIC_MAX + 2; i++) statuses.push(await checkout(unlisted, `198.51.100.${i}`));
    expect(statuses).toEqual([...Array(PUBLIC_MAX).fill(404), 429, 429]);
  });

  it('believes X-Forwarded-For from a listed proxy: each client has its own count', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= PUBLIC_MAX + 2; i++) statuses.push(await checkout(listed, `203.0.113.${i}`));
    expect(statuses).toEqual(Array(PUBLIC_MAX + 2).fill(404));
    // …and one client behind the proxy is still limited.
    const same: number[] = [];
    for (let i = 0; i <= PUBLIC_MAX; i++) same.push(await checkout(listed, '203.0.113.200'));
    expect(same).toEqual([...Array(PUBLIC_MAX).fill(404), 429]);
  });
});
