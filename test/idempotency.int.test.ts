import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestHash } from '../src/api/idempotency-logic.ts';
import { IdempotencyStore } from '../src/api/idempotency-store.ts';
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
      headers: {
        authorization: `Bearer ${t}`,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: r.status, replayed: r.headers.get('idempotent-replayed'), body: (await r.json()) as any };
  };
  const endpointCount = async () =>
    (await db.db.selectFrom('webhook_endpoints').select(db.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow())
      .n;

  it('returns the first response for a repeated key and body, creating one resource', async () => {
    // endpoint.disabled: a webhooks:write key may subscribe only to what it reads
    const body = { url: 'http://127.0.0.1:9/hook', eventTypes: ['endpoint.disabled'], description: 'idem' };
    const before = Number(await endpointCount());
    const first = await post(body, 'create-endpoint-1');
    const again = await post(
      { description: 'idem', eventTypes: ['endpoint.disabled'], url: 'http://127.0.0.1:9/hook' },
      'create-endpoint-1',
    );
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
    const fresh = await post(
      { url: 'http://127.0.0.1:9/b', eventTypes: ['*'] },
      'k2',
      await keel.tokenWith(['webhooks:write']),
    );
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

/**
 * What a crash leaves behind, set up row by row (the kill -9 tests with real processes are in
 * idempotency-crash.int.test.ts): a key held by a process that died before committing anything,
 * a key whose request committed its effect and answer but died before replying, and a key
 * held by a live request.
 */
describe('Idempotency-Key after the holder died', () => {
  let db: TestDatabase;
  let keel: TestKeel;
  let token: string;
  let apiKeyId: string;
  const url = '/v1/webhook-endpoints';

  beforeAll(async () => {
    db = await testDatabase();
    keel = await startTestKeel(
      testConfig({
        webhooks: { allowHttp: true, allowPrivateNetworks: true },
        chains: { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } },
        server: { idempotencyLeaseMs: 1_000 },
      }),
      db,
    );
    token = await keel.tokenWith(['webhooks:write']);
    apiKeyId = (await keel.keys.verify(token))!.id;
  });
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
  });

  const post = async (body: unknown, key: string) => {
    const r = await fetch(`${keel.url}${url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    return {
      status: r.status,
      replayed: r.headers.get('idempotent-replayed'),
      retryAfter: r.headers.get('retry-after'),
      body: (await r.json()) as any,
    };
  };
  const endpointsWith = async (description: string) =>
    (await db.db.selectFrom('webhook_endpoints').select('id').where('description', '=', description).execute()).map(
      (r) => r.id,
    );
  const row = (key: string) =>
    db.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('api_key_id', '=', apiKeyId)
      .where('key', '=', key)
      .executeTakeFirst();
  /** The row a process leaves when it claimed `key` for `body` and then died (its lease lapsed `agoMs` ago; negative: still live). */
  const claimedByDeadProcess = (key: string, body: unknown, agoMs: number) =>
    sql`insert into idempotency_keys (api_key_id, key, method, path, request_hash, owner, lease_until)
        values (${apiKeyId}, ${key}, 'POST', ${url}, ${requestHash({ method: 'POST', url, body })}, 'gone-host:4242:req_dead', now() - (${agoMs}::integer * interval '1 millisecond'))`.execute(
      db.db,
    );

  it('a key held by a process that died before committing anything is taken over once its lease lapsed: the request runs once', async () => {
    const body = { url: 'http://127.0.0.1:9/dead-before-commit', eventTypes: ['*'], description: 'dead-before-commit' };
    await claimedByDeadProcess('died-early', body, 5);
    const first = await post(body, 'died-early');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.replayed).toBeNull();
    const again = await post(body, 'died-early');
    expect(again).toMatchObject({ status: 201, replayed: 'true' });
    expect(again.body).toEqual(first.body);
    expect(await endpointsWith('dead-before-commit')).toEqual([first.body.id]);
    expect(await row('died-early')).toMatchObject({ status: 'done', response_code: 201 });
  });

  it('a key whose holder is alive answers 409 idempotency_in_progress with Retry-After, and runs nothing', async () => {
    const body = { url: 'http://127.0.0.1:9/live', eventTypes: ['*'], description: 'live-holder' };
    await claimedByDeadProcess('live', body, -60_000);
    const r = await post(body, 'live');
    expect(r).toMatchObject({ status: 409, retryAfter: '1', body: { code: 'idempotency_in_progress' } });
    expect(await endpointsWith('live-holder')).toEqual([]);
    // The same key with another body is still refused as reused, even while in progress.
    expect((await post({ ...body, description: 'other' }, 'live')).body.code).toBe('idempotency_key_reused');
  });

  it('a request that committed but died before answering is answered from what it committed, secret included, and never runs again', async () => {
    const body = { url: 'http://127.0.0.1:9/committed', eventTypes: ['*'], description: 'committed-then-died' };
    const original = await post(body, 'died-late');
    expect(original.status).toBe(201);
    const stored = await row('died-late');
    // The answer was recorded inside the write transaction, before the reply.
    expect(stored!.outcome, 'the write path records its answer (sealed) with its effect').toEqual(expect.any(String));
    expect(stored!.outcome).not.toContain(original.body.secret);
    // Roll the row back to what a kill -9 between the commit and the reply leaves.
    await db.db
      .updateTable('idempotency_keys')
      .set({
        status: 'committed',
        response_code: null,
        response_body: null,
        owner: 'gone-host:4242:req_dead',
        lease_until: new Date(Date.now() + 60_000),
      })
      .where('api_key_id', '=', apiKeyId)
      .where('key', '=', 'died-late')
      .execute();
    const retry = await post(body, 'died-late');
    expect(retry).toMatchObject({ status: 201, replayed: 'true' });
    expect(retry.body).toEqual(original.body);
    expect(retry.body.secret).toEqual(expect.stringMatching(/^whsec_/));
    expect(await endpointsWith('committed-then-died')).toEqual([original.body.id]);
    expect(await row('died-late')).toMatchObject({ status: 'done', response_code: 201 });
    expect((await post(body, 'died-late')).body).toEqual(original.body);
  });

  it('a committed 202 (a pending key behind an access request) is replayed as 202, not as the route’s 201', async () => {
    const admin = (await keel.keys.verify(keel.adminToken))!.id;
    const body = { name: 'died-late privileged', scopes: ['review'] };
    const send = async () => {
      const r = await fetch(`${keel.url}/v1/api-keys`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${keel.adminToken}`,
          'content-type': 'application/json',
          'idempotency-key': 'died-late-202',
        },
        body: JSON.stringify(body),
      });
      return { status: r.status, replayed: r.headers.get('idempotent-replayed'), body: (await r.json()) as any };
    };
    const original = await send();
    expect(original.status, JSON.stringify(original.body)).toBe(202);
    expect(original.body).toMatchObject({ status: 'pending', accessRequest: { status: 'pending' } });
    // What a kill -9 between the commit and the reply leaves.
    await db.db
      .updateTable('idempotency_keys')
      .set({
        status: 'committed',
        response_code: null,
        response_body: null,
        owner: 'gone-host:4242:req_dead',
        lease_until: new Date(Date.now() + 60_000),
      })
      .where('api_key_id', '=', admin)
      .where('key', '=', 'died-late-202')
      .execute();
    const retry = await send();
    expect(retry).toMatchObject({ status: 202, replayed: 'true' });
    expect(retry.body).toEqual(original.body);
    const keys = await db.db.selectFrom('api_keys').select('id').where('name', '=', 'died-late privileged').execute();
    expect(keys.map((k) => k.id)).toEqual([original.body.id]);
  });

  it('a refusal that wrote nothing (422) frees the key; rows left by the previous version (no owner, no lease) are taken over', async () => {
    const body = { url: 'http://127.0.0.1:9/legacy', eventTypes: ['*'], description: 'legacy-row' };
    await sql`insert into idempotency_keys (api_key_id, key, method, path, request_hash) values (${apiKeyId}, 'legacy', 'POST', ${url}, ${requestHash({ method: 'POST', url, body })})`.execute(
      db.db,
    );
    expect((await post(body, 'legacy')).status).toBe(201);
    expect(await endpointsWith('legacy-row')).toHaveLength(1);
    expect((await post({ url: 'not a url', eventTypes: ['*'] }, 'bad-then-good')).status).toBe(422);
    expect(await row('bad-then-good')).toBeUndefined();
  });
});

describe('IdempotencyStore: the lease fences every write of a holder', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('a holder that lost its key to a takeover can neither renew, record nor finish; the new holder can', async () => {
    const store = new IdempotencyStore(db.db, 60_000);
    const k = { apiKeyId: 'key_fence', key: 'k1' };
    expect(await store.claim(k, { method: 'POST', path: '/x', hash: 'h', owner: 'A' })).toBe(true);
    expect(await store.claim(k, { method: 'POST', path: '/x', hash: 'h', owner: 'B' })).toBe(false);
    expect(await store.takeOver(k, 'B'), 'A is alive (lease running)').toBe(false);
    // A stalls past its lease.
    await db.db
      .updateTable('idempotency_keys')
      .set({ lease_until: new Date(Date.now() - 1_000) })
      .where('key', '=', 'k1')
      .execute();
    expect((await store.read(k))!.leaseLive).toBe(false);
    expect(await store.takeOver(k, 'B')).toBe(true);
    expect(await store.takeOver(k, 'C'), 'B holds a fresh lease').toBe(false);

    // A wakes up inside its write transaction: its record fails, so its transaction rolls back.
    const aRecorded = await db.db.transaction().execute((trx) => store.record(trx, k, 'A', 'a-outcome'));
    expect(aRecorded).toBe(false);
    await store.renew(k, 'A');
    await store.finish(k, 'A', 201, 'a-body');
    await store.release(k, 'A');
    expect(await store.read(k)).toMatchObject({
      status: 'in_progress',
      outcome: null,
      responseBody: null,
      leaseLive: true,
    });

    expect(await db.db.transaction().execute((trx) => store.record(trx, k, 'B', 'b-outcome'))).toBe(true);
    // Once committed, the key cannot be taken over, even when B's lease lapses.
    await db.db
      .updateTable('idempotency_keys')
      .set({ lease_until: new Date(Date.now() - 1_000) })
      .where('key', '=', 'k1')
      .execute();
    expect(await store.takeOver(k, 'C')).toBe(false);
    expect(await store.read(k)).toMatchObject({ status: 'committed', outcome: 'b-outcome' });
    await store.release(k, 'B');
    expect(await store.read(k), 'a committed key is never released').toMatchObject({ status: 'committed' });
    await store.finish(k, null, 201, 'b-body');
    expect(await store.read(k)).toMatchObject({ status: 'done', responseCode: 201, responseBody: 'b-body' });
  });

  it('a takeover waits for a holder’s open write transaction and then sees it committed', async () => {
    const store = new IdempotencyStore(db.db, 60_000);
    const k = { apiKeyId: 'key_fence', key: 'k2' };
    expect(await store.claim(k, { method: 'POST', path: '/x', hash: 'h', owner: 'A' })).toBe(true);
    await db.db
      .updateTable('idempotency_keys')
      .set({ lease_until: new Date(Date.now() - 1_000) })
      .where('key', '=', 'k2')
      .execute();
    let release!: () => void;
    const holding = new Promise<void>((r) => (release = r));
    let recorded!: () => void;
    const didRecord = new Promise<void>((r) => (recorded = r));
    const a = db.db.transaction().execute(async (trx) => {
      expect(await store.record(trx, k, 'A', 'a-outcome')).toBe(true);
      recorded();
      await holding;
    });
    await didRecord;
    const b = store.takeOver(k, 'B');
    release();
    await a;
    expect(await b).toBe(false);
    expect(await store.read(k)).toMatchObject({ status: 'committed', outcome: 'a-outcome' });
  });
});
