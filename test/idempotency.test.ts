import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestKeel, testConfig, type TestKeel } from './helpers/keel.ts';

const config = testConfig({
  webhooks: { allowHttp: true, allowPrivateNetworks: true },
  chains: { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } },
});

describe('Idempotency-Key on POST', () => {
  let db: TestDatabase;
  let keel: TestKeel;
  let token: string;

  beforeAll(async () => {
    db = await testDatabase();
    keel = await startTestKeel(config, db);
    token = await keel.tokenWith(['webhooks:write']);
  });
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
  });

  const post = async (body: unknown, key?: string, t = token) => {
    const r = await fetch(`${keel.url}/v1/webhook-endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
    return { status: r.status, replayed: r.headers.get('idempotent-replayed'), body: (await r.json()) as any };
  };
  const endpointCount = async () => (await db.db.selectFrom('webhook_endpoints').select(db.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('returns the first response for a repeated key and body, creating one resource', async () => {
    // endpoint.disabled: a webhooks:write key may subscribe only to what it reads
    const body = { url: 'http://127.0.0.1:9/hook', eventTypes: ['endpoint.disabled'], description: 'idem' };
    const before = Number(await endpointCount());
    const first = await post(body, 'create-endpoint-1');
    const again = await post({ description: 'idem', eventTypes: ['endpoint.disabled'], url: 'http://127.0.0.1:9/hook' }, 'create-endpoint-1');
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, replayed: 'true' });
    expect(again.body).toEqual(first.body);
    expect(Number(await endpointCount())).toBe(before + 1);
  });

  it('refuses the same key with a different body (422) and keeps keys per API key', async () => {
    await post({ url: 'http://127.0.0.1:9/a', eventTypes: ['*'] }, 'k2');
    const other = await post({ url: 'http://127.0.0.1:9/b', eventTypes: ['*'] }, 'k2');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    // another API key may use the same key string independently
    const fresh = await post({ url: 'http://127.0.0.1:9/b', eventTypes: ['*'] }, 'k2', await keel.tokenWith(['webhooks:write']));
    expect(fresh.status).toBe(201);
  });

  it('does not record requests that fail validation, so they can be corrected and retried', async () => {
    const bad = await post({ url: 'not a url', eventTypes: ['*'] }, 'k3');
    expect(bad.status).toBe(422);
    const good = await post({ url: 'http://127.0.0.1:9/c', eventTypes: ['*'] }, 'k3');
    expect(good.status).toBe(201);
  });

  it('rejects a malformed key and stores responses sealed, never the secret in clear', async () => {
    expect((await post({ url: 'http://127.0.0.1:9/d', eventTypes: ['*'] }, 'x'.repeat(300))).status).toBe(422);
    const created = await post({ url: 'http://127.0.0.1:9/e', eventTypes: ['*'] }, 'k5');
    const rows = await db.db.selectFrom('idempotency_keys').select(['response_body']).execute();
    expect(JSON.stringify(rows)).not.toContain(created.body.secret);
  });
});
