import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestKeel, testConfig, type TestKeel } from './helpers/keel.ts';

/**
 * The small lists (API keys, principals, webhook endpoints, policy versions and proposals,
 * breakers) page like every other list (docs/api.md): `limit` + `startingAfter` → `hasMore`,
 * newest first (breakers: in key order). Walking a list page by page gives exactly the list
 * read at once, in the same order; an answer without `limit` keeps its old shape.
 */

// The chain's only RPC endpoint is a closed port: none of these lists reads a chain.
const config = testConfig({
  chains: { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } },
  webhooks: { allowHttp: false, allowPrivateNetworks: false },
  policy: {
    document: {
      description: 'small lists v1',
      rules: [{ id: 'chains', kind: 'chain', effect: 'allow', chainIds: [31337] }],
    },
  },
});
// A public literal IP: endpoint URLs never depend on DNS.
const PUBLIC_URL = 'https://93.184.215.14/keel-hooks';

type Page = { object: string; data: Array<Record<string, any>>; hasMore: boolean };

describe('small lists page with limit + startingAfter and answer hasMore', () => {
  let db: TestDatabase;
  let keel: TestKeel;

  beforeAll(async () => {
    db = await testDatabase();
    keel = await startTestKeel(config, db);
  });
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
  });

  const call = async (method: string, path: string, body?: unknown, token = keel.adminToken) => {
    const r = await fetch(`${keel.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : null) as any };
  };
  const get = async (path: string, token = keel.adminToken): Promise<Page> => {
    const r = await call('GET', path, undefined, token);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body as Page;
  };
  const sep = (path: string) => (path.includes('?') ? '&' : '?');

  /**
   * Reads `path` page by page (`limit` each, the last cursor of one page as the next page's
   * `startingAfter`) and checks each page against the list read at once.
   */
  async function walk(path: string, limit: number, cursor: (item: Record<string, any>) => string, token?: string) {
    const whole = await get(`${path}${sep(path)}limit=500`, token);
    expect(whole.hasMore).toBe(false);
    const pages: Page[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await get(
        `${path}${sep(path)}limit=${limit}${after ? `&startingAfter=${encodeURIComponent(after)}` : ''}`,
        token,
      );
      expect(page.object).toBe('list');
      expect(page.data.length).toBeLessThanOrEqual(limit);
      pages.push(page);
      if (!page.hasMore) break;
      expect(page.data).toHaveLength(limit);
      after = cursor(page.data.at(-1)!);
      expect(pages.length, 'pages never end').toBeLessThan(100);
    }
    expect(pages.flatMap((p) => p.data.map(cursor))).toEqual(whole.data.map(cursor));
    return { whole: whole.data, pages };
  }
  const byId = (x: Record<string, any>) => x.id as string;
  const newestFirst = (ids: string[]) => expect(ids).toEqual([...ids].sort().reverse());

  it('API keys: newest first, also of one principal', async () => {
    const mine = await keel.principal('key owner');
    for (let i = 0; i < 5; i++) await keel.tokenWith(['portfolio:read'], { principal: mine });
    await keel.tokenWith(['payments:read']);
    const { whole, pages } = await walk('/v1/api-keys', 2, byId);
    expect(whole.length).toBeGreaterThanOrEqual(7); // the admin's key, these six
    expect(pages.length).toBe(Math.ceil(whole.length / 2));
    newestFirst(whole.map(byId));
    expect(whole[0]).toMatchObject({ object: 'api_key', scopes: ['payments:read'] });
    const own = await walk(`/v1/api-keys?principalId=${mine}`, 2, byId);
    expect(own.whole.map((k) => k.principal.id)).toEqual(Array(5).fill(mine));
    expect(own.pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
    // Without a limit: the default page (100) holds them all, in the old shape plus hasMore.
    const all = await get('/v1/api-keys');
    expect(all).toMatchObject({ object: 'list', hasMore: false });
    expect(all.data.map(byId)).toEqual(whole.map(byId));
  });

  it('principals: newest first', async () => {
    for (const name of ['ada', 'ben', 'cy']) await keel.principal(name);
    const { whole } = await walk('/v1/principals', 2, byId);
    newestFirst(whole.map(byId));
    expect(whole.slice(0, 3).map((p) => p.name)).toEqual(['cy', 'ben', 'ada']);
    const first = await get('/v1/principals?limit=1');
    expect(first).toMatchObject({ hasMore: true, data: [{ object: 'principal', name: 'cy' }] });
  });

  it("webhook endpoints: newest first; a non-admin key pages its own principal's only", async () => {
    const create = async (description: string, token = keel.adminToken) => {
      const r = await call('POST', '/v1/webhook-endpoints', { url: PUBLIC_URL, eventTypes: ['*'], description }, token);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    const adminIds = [];
    for (let i = 0; i < 4; i++) adminIds.push(await create(`admin ${i}`));
    const other = await keel.tokenWith(['webhooks:write']);
    const otherIds = [await create('other 0', other), await create('other 1', other), await create('other 2', other)];
    const { whole } = await walk('/v1/webhook-endpoints', 3, byId);
    expect(whole.map(byId)).toEqual([...adminIds, ...otherIds].reverse());
    const own = await walk('/v1/webhook-endpoints', 2, byId, other);
    expect(own.whole.map(byId)).toEqual([...otherIds].reverse());
    // A deleted endpoint leaves the list and its pages.
    expect((await call('DELETE', `/v1/webhook-endpoints/${adminIds[1]}`)).status).toBe(204);
    expect((await walk('/v1/webhook-endpoints', 2, byId)).whole.map(byId)).not.toContain(adminIds[1]);
  });

  it('policy versions and proposals: newest first; an unknown cursor is a 422', async () => {
    const active = (await call('GET', '/v1/policy')).body;
    for (const n of [2, 3, 4]) {
      const r = await call('POST', '/v1/policy/proposals', {
        document: { ...active.document, description: `small lists v${n}` },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const versions = await walk('/v1/policy/versions', 2, byId);
    expect(versions.whole.map((v) => v.version)).toEqual([4, 3, 2, 1]);
    expect(versions.pages.map((p) => p.data.map((v) => v.version))).toEqual([
      [4, 3],
      [2, 1],
    ]);
    const proposals = await walk('/v1/policy/proposals?status=proposed', 1, byId);
    expect(proposals.whole.map((v) => v.version)).toEqual([4, 3, 2]);
    const unknown = await call('GET', '/v1/policy/versions?startingAfter=polv_01aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'querystring.startingAfter' })]);
  });

  it('breakers: in key order, the last key of a page as the cursor', async () => {
    const keys = ['uniswap-v2:31337', 'pool:31337:0xaa', 'pool:31337:0xbb', 'demo-breaker:1', 'zz-breaker:2'];
    for (const key of keys)
      expect((await call('POST', `/v1/breakers/${key}/trip`, { reason: 'paging test' })).status).toBe(200);
    const { whole, pages } = await walk('/v1/breakers', 2, (b) => b.key);
    expect(whole.map((b) => b.key)).toEqual([...keys].sort());
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
  });

  it('refuses a limit out of range and a malformed cursor with 422', async () => {
    for (const path of [
      '/v1/api-keys?limit=0',
      '/v1/principals?limit=501',
      '/v1/webhook-endpoints?limit=abc',
      '/v1/breakers?limit=-1',
      '/v1/policy/proposals?limit=501',
      '/v1/api-keys?startingAfter=prn_01aaaaaaaaaaaaaaaaaaaaaaaa',
      '/v1/principals?startingAfter=key_01aaaaaaaaaaaaaaaaaaaaaaaa',
      '/v1/webhook-endpoints?startingAfter=nope',
      '/v1/breakers?startingAfter=UPPER',
      '/v1/policy/versions?startingAfter=42',
    ]) {
      const r = await call('GET', path);
      expect(r.status, path).toBe(422);
      expect(r.body.errors.map((e: { field: string }) => e.field).join(' '), path).toMatch(/querystring\./);
    }
  });
});
