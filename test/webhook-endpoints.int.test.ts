import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_NOTIFY_CHANNEL, publishEvent } from '../src/events/store.ts';
import { SecretBox } from '../src/lib/secret-box.ts';
import { disableEndpoint } from '../src/webhooks/endpoints-store.ts';
import { activeSecrets } from '../src/webhooks/secrets.ts';
import { generateWebhookSecret, signedHeaders, verifyWebhook } from '../src/webhooks/signing.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestKeel, testConfig, type TestKeel } from './helpers/keel.ts';

// No worker runs here (role api): deliveries stay as the API leaves them. Public literal IPs
// resolve without DNS, so endpoint URLs never depend on the network.
const config = testConfig({
  webhooks: { allowHttp: false, allowPrivateNetworks: false, rotationOverlapHours: 1 },
  chains: { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } },
});
const PUBLIC_URL = 'https://93.184.215.14/keel-hooks';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Standard Webhooks signing', () => {
  it('is verified by the standardwebhooks package and by verifyWebhook, and tampering breaks it', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ id: 'evt_1', type: 'webhook.test', data: { object: { amount: '1.00' } } });
    const headers = signedHeaders([secret], 'evt_1', Math.floor(Date.now() / 1000), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(verifyWebhook(secret, headers, body)).toBe(true);
    const tampered = body.replace('1.00', '9.00');
    expect(() => new Webhook(secret).verify(tampered, headers)).toThrow();
    expect(verifyWebhook(secret, headers, tampered)).toBe(false);
    expect(verifyWebhook(generateWebhookSecret(), headers, body)).toBe(false);
  });
});

describe('webhook endpoints API', () => {
  let db: TestDatabase;
  let keel: TestKeel;
  const box = new SecretBox(config.secrets.encryptionKey);

  beforeAll(async () => {
    db = await testDatabase();
    keel = await startTestKeel(config, db);
  });
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
  });

  async function call(
    method: string,
    path: string,
    body?: unknown,
    token = keel.adminToken,
  ): Promise<{ status: number; body: any; text: string }> {
    const r = await fetch(`${keel.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined, text };
  }
  const create = async (eventTypes: string[] = ['*'], url = PUBLIC_URL) => {
    const r = await call('POST', '/v1/webhook-endpoints', { url, eventTypes, description: 'test' });
    expect(r.status, r.text).toBe(201);
    return r.body as { id: string; secret: string };
  };
  const endpointRow = (id: string) =>
    db.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const deliveriesOf = (endpointId: string) =>
    db.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('id').execute();
  const count = async (table: 'webhook_endpoints' | 'events' | 'webhook_deliveries') =>
    Number(
      (
        await db.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creates an endpoint and shows its secret only once', async () => {
    const created = await create(['api_key.created', 'endpoint.disabled']);
    expect(created).toMatchObject({
      object: 'webhook_endpoint',
      url: PUBLIC_URL,
      description: 'test',
      eventTypes: ['api_key.created', 'endpoint.disabled'],
      status: 'enabled',
      disabledReason: null,
    });
    expect(created.id).toMatch(/^we_[0-9a-z]{26}$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const got = await call('GET', `/v1/webhook-endpoints/${created.id}`);
    const list = await call('GET', '/v1/webhook-endpoints');
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ ...created, secret: undefined });
    expect(list.body.data.map((e: { id: string }) => e.id)).toContain(created.id);
    for (const r of [got, list]) {
      expect(r.text).not.toContain(created.secret.slice(6));
      expect(r.text).not.toMatch(/secret|whsec_/i);
    }
    const row = await endpointRow(created.id);
    expect(row.secret_enc).not.toContain(created.secret.slice(6));
    expect(activeSecrets(box, row)).toEqual([created.secret]);
  });

  it('refuses bad input with 422 field errors and writes nothing', async () => {
    const before = await count('webhook_endpoints');
    const cases: Array<[unknown, Array<[string, string]>]> = [
      [{ url: 'not a url', eventTypes: ['*'] }, [['body.url', 'url_invalid']]],
      [{ url: 'https://127.0.0.1/hook', eventTypes: ['*'] }, [['body.url', 'url_forbidden_address']]],
      [{ url: 'https://[::ffff:169.254.169.254]/', eventTypes: ['*'] }, [['body.url', 'url_forbidden_address']]],
      [{ url: 'https://localhost:8443/hook', eventTypes: ['*'] }, [['body.url', 'url_forbidden_address']]],
      [{ url: 'https://10.1.2.3/hook', eventTypes: ['*'] }, [['body.url', 'url_forbidden_address']]],
      [{ url: 'http://93.184.215.14/hook', eventTypes: ['*'] }, [['body.url', 'url_scheme_not_allowed']]],
      [{ url: 'ftp://93.184.215.14/hook', eventTypes: ['*'] }, [['body.url', 'url_scheme_not_allowed']]],
      [{ url: 'https://me:pw@93.184.215.14/', eventTypes: ['*'] }, [['body.url', 'url_credentials_not_allowed']]],
      [
        { url: PUBLIC_URL, eventTypes: ['api_key.created', '*', 'payment.nope'] },
        [['body.eventTypes.2', 'unknown_event_type']],
      ],
      [{ url: PUBLIC_URL, eventTypes: [] }, [['body.eventTypes', 'too_small']]],
      [{ url: PUBLIC_URL }, [['body.eventTypes', 'invalid_type']]],
      [{ url: PUBLIC_URL, eventTypes: ['*'], secret: 'whsec_mine' }, [['body', 'unrecognized_keys']]],
      [
        { url: 'https://127.0.0.1/', eventTypes: ['nope'] },
        [
          ['body.url', 'url_forbidden_address'],
          ['body.eventTypes.0', 'unknown_event_type'],
        ],
      ],
    ];
    for (const [body, expected] of cases) {
      const r = await call('POST', '/v1/webhook-endpoints', body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.code).toBe('validation_failed');
      expect(
        r.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
        JSON.stringify(body),
      ).toEqual(expected);
    }
    expect(await count('webhook_endpoints')).toBe(before);
  });

  it('answers 403 without the webhooks:write scope and 401 without a key', async () => {
    const token = await keel.tokenWith(['portfolio:read']);
    const { id } = await create();
    const routes: Array<[string, string, unknown?]> = [
      ['POST', '/v1/webhook-endpoints', { url: PUBLIC_URL, eventTypes: ['*'] }],
      ['GET', '/v1/webhook-endpoints'],
      ['GET', `/v1/webhook-endpoints/${id}`],
      ['PATCH', `/v1/webhook-endpoints/${id}`, { description: 'x' }],
      ['DELETE', `/v1/webhook-endpoints/${id}`],
      ['POST', `/v1/webhook-endpoints/${id}/rotate-secret`],
      ['GET', `/v1/webhook-endpoints/${id}/deliveries`],
      ['POST', `/v1/webhook-endpoints/${id}/replay`, { since: new Date(0).toISOString() }],
      ['POST', `/v1/webhook-endpoints/${id}/test`],
      ['POST', '/v1/webhook-deliveries/whd_x/retry'],
    ];
    for (const [method, path, body] of routes) {
      const r = await call(method, path, body, token);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body).toMatchObject({ code: 'forbidden', requiredScope: 'webhooks:write' });
      expect((await call(method, path, body, 'nonsense')).status).toBe(401);
    }
    expect((await call('GET', `/v1/webhook-endpoints/${id}`)).body.description).toBe('test');
  });

  it('updates, disables once (one endpoint.disabled event), re-enables and deletes', async () => {
    const { id } = await create(['api_key.created']);
    const upd = await call('PATCH', `/v1/webhook-endpoints/${id}`, {
      url: 'https://93.184.215.15/v2',
      eventTypes: ['endpoint.disabled', 'endpoint.disabled'],
      description: null,
    });
    expect(upd.status, upd.text).toBe(200);
    expect(upd.body).toMatchObject({
      url: 'https://93.184.215.15/v2',
      eventTypes: ['endpoint.disabled'],
      description: null,
      status: 'enabled',
    });
    const bad = await call('PATCH', `/v1/webhook-endpoints/${id}`, {
      url: 'https://192.168.0.1/',
      description: 'not applied',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'body.url', code: 'url_forbidden_address' });
    expect((await endpointRow(id)).description).toBeNull();

    const disabledEvents = () =>
      db.db.selectFrom('events').select(['data']).where('type', '=', 'endpoint.disabled').execute();
    const eventsBefore = (await disabledEvents()).length;
    const off = await call('PATCH', `/v1/webhook-endpoints/${id}`, { status: 'disabled' });
    expect(off.body).toMatchObject({ status: 'disabled', disabledReason: 'operator', disabledAt: expect.any(String) });
    expect((await call('PATCH', `/v1/webhook-endpoints/${id}`, { status: 'disabled' })).body.disabledAt).toBe(
      off.body.disabledAt,
    );
    expect(await db.db.transaction().execute((trx) => disableEndpoint(trx, id, 'failing'))).toBeUndefined();
    const evs = await disabledEvents();
    expect(evs.length).toBe(eventsBefore + 1);
    expect(evs.map((e) => e.data as { id: string; status: string })).toContainEqual(
      expect.objectContaining({ id, status: 'disabled', object: 'webhook_endpoint' }),
    );

    await db.db.updateTable('webhook_endpoints').set({ failing_since: new Date() }).where('id', '=', id).execute();
    const on = await call('PATCH', `/v1/webhook-endpoints/${id}`, { status: 'enabled' });
    expect(on.body).toMatchObject({ status: 'enabled', disabledReason: null, disabledAt: null });
    expect((await endpointRow(id)).failing_since).toBeNull();
    // The worker's path: disabling with a reason and detail publishes one event that carries both.
    const gone = await db.db.transaction().execute((trx) => disableEndpoint(trx, id, 'gone', 'answered 410 Gone'));
    expect(gone).toMatchObject({ status: 'disabled', disabledReason: 'gone' });
    expect((await disabledEvents()).map((e) => e.data)).toContainEqual(
      expect.objectContaining({ id, disabledReason: 'gone', disabledDetail: 'answered 410 Gone' }),
    );

    expect((await call('DELETE', `/v1/webhook-endpoints/${id}`)).status).toBe(204);
    for (const [method, path, body] of [
      ['GET', `/v1/webhook-endpoints/${id}`],
      ['DELETE', `/v1/webhook-endpoints/${id}`],
      ['PATCH', `/v1/webhook-endpoints/${id}`, { description: 'x' }],
      ['POST', `/v1/webhook-endpoints/${id}/rotate-secret`],
      ['GET', `/v1/webhook-endpoints/${id}/deliveries`],
      ['POST', `/v1/webhook-endpoints/${id}/test`],
      ['GET', '/v1/webhook-endpoints/we_unknown'],
    ] as Array<[string, string, unknown?]>) {
      const r = await call(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body).toMatchObject({ code: 'not_found', status: 404, userMessage: expect.any(String) });
    }
    expect((await call('GET', '/v1/webhook-endpoints')).body.data.map((e: { id: string }) => e.id)).not.toContain(id);
    await db.db
      .transaction()
      .execute((trx) => publishEvent(trx, 'endpoint.disabled', { object: 'webhook_endpoint', id: 'we_other' }));
    expect(await deliveriesOf(id)).toHaveLength(0);
  });

  it('rotates the secret: both secrets sign during the overlap, then only the new one', async () => {
    const { id, secret: oldSecret } = await create();
    const rot = await call('POST', `/v1/webhook-endpoints/${id}/rotate-secret`);
    expect(rot.status, rot.text).toBe(200);
    const { secret: newSecret, previousSecretExpiresAt } = rot.body as {
      secret: string;
      previousSecretExpiresAt: string;
    };
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    const expires = new Date(previousSecretExpiresAt).getTime();
    expect(Math.abs(expires - (Date.now() + 3_600_000))).toBeLessThan(60_000);
    const got = await call('GET', `/v1/webhook-endpoints/${id}`);
    expect(got.body.secretRotatedUntil).toBe(previousSecretExpiresAt);
    expect(got.text).not.toMatch(/whsec_/);

    const row = await endpointRow(id);
    const body = JSON.stringify({ id: 'evt_rot', type: 'webhook.test' });
    const now = Math.floor(Date.now() / 1000);
    const during = activeSecrets(box, row);
    expect(during).toEqual([newSecret, oldSecret]);
    const headers = signedHeaders(during, 'evt_rot', now, body);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(body, headers)).toBeTruthy();
    expect(new Webhook(newSecret).verify(body, headers)).toBeTruthy();

    const after = activeSecrets(box, row, new Date(expires + 1));
    expect(after).toEqual([newSecret]);
    const later = signedHeaders(after, 'evt_rot', now, body);
    expect(new Webhook(newSecret).verify(body, later)).toBeTruthy();
    expect(() => new Webhook(oldSecret).verify(body, later)).toThrow();
  });

  it('sends a test event to one endpoint only, and retries deliveries by state', async () => {
    const target = await create(['api_key.created']);
    const other = await create(['*']);
    const notes: string[] = [];
    const unlisten = await db.listen(WEBHOOK_NOTIFY_CHANNEL, (p) => notes.push(p));
    try {
      const events = await count('events');
      const t = await call('POST', `/v1/webhook-endpoints/${target.id}/test`);
      expect(t.status, t.text).toBe(202);
      expect(t.body).toMatchObject({
        object: 'webhook_delivery',
        endpointId: target.id,
        kind: 'test',
        status: 'pending',
        eventType: 'webhook.test',
        attempts: 0,
        attemptLog: [],
      });
      expect(await count('events')).toBe(events + 1);
      const fanned = await db.db
        .selectFrom('webhook_deliveries')
        .select(['id', 'endpoint_id', 'kind'])
        .where('event_id', '=', t.body.eventId)
        .execute();
      expect(fanned).toEqual([{ id: t.body.id, endpoint_id: target.id, kind: 'test' }]);
      expect(await deliveriesOf(other.id)).toHaveLength(0);
      await waitFor(() => notes.length > 0);

      const id = t.body.id as string;
      const retry = () => call('POST', `/v1/webhook-deliveries/${id}/retry`);
      const setState = (set: Record<string, unknown>) =>
        db.db.updateTable('webhook_deliveries').set(set).where('id', '=', id).execute();
      expect((await retry()).body).toMatchObject({ status: 409, code: 'delivery_in_progress' });
      await setState({ status: 'delivering', attempts: 1 });
      expect((await retry()).status).toBe(409);

      // the worker gave up after the whole schedule
      const past = new Date(Date.now() - 3_600_000);
      await setState({
        status: 'failed',
        attempts: 8,
        last_status_code: 500,
        last_error: 'HTTP 500',
        next_attempt_at: past,
      });
      await db.db
        .insertInto('webhook_attempts')
        .values(
          [1, 2].map((n) => ({
            id: `wha_${id}_${n}`,
            delivery_id: id,
            attempt: n,
            worker: 'w1',
            started_at: past,
            duration_ms: 12 * n,
            status_code: 500,
            error: null,
            response_body: 'boom',
          })),
        )
        .execute();
      notes.length = 0;
      const ok = await retry();
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body).toMatchObject({ id, status: 'pending', attempts: 8, lastStatusCode: 500, lastError: 'HTTP 500' });
      expect(Math.abs(new Date(ok.body.nextAttemptAt).getTime() - Date.now())).toBeLessThan(30_000);
      await waitFor(() => notes.length > 0);
      expect((await retry()).status).toBe(409);
      const log = await call('GET', `/v1/webhook-endpoints/${target.id}/deliveries`);
      expect(log.body.data[0]).toMatchObject({
        id,
        attemptLog: [
          { attempt: 1, durationMs: 12, statusCode: 500, responseBody: 'boom' },
          { attempt: 2, durationMs: 24 },
        ],
      });

      await setState({ status: 'succeeded', delivered_at: new Date() });
      expect((await retry()).body.status).toBe('pending');
      expect((await call('POST', '/v1/webhook-deliveries/whd_nope/retry')).status).toBe(404);

      await setState({ status: 'failed' });
      await call('PATCH', `/v1/webhook-endpoints/${target.id}`, { status: 'disabled' });
      expect((await retry()).body).toMatchObject({ status: 409, code: 'endpoint_disabled' });
      expect((await call('POST', `/v1/webhook-endpoints/${target.id}/test`)).body).toMatchObject({
        status: 409,
        code: 'endpoint_disabled',
      });
    } finally {
      await unlisten();
    }
  });

  it('replays the subscribed events of a time range, bounded', async () => {
    const keys = await create(['api_key.created']);
    const all = await create(['*']);
    const publish = (type: 'api_key.created' | 'endpoint.disabled', n: number) =>
      db.db.transaction().execute(async (trx) => {
        for (let i = 0; i < n; i++) await publishEvent(trx, type, { object: type.split('.')[0], id: `obj_${i}` });
      });
    await publish('api_key.created', 3); // before the range
    await sleep(20);
    const since = new Date();
    await publish('api_key.created', 2);
    await publish('endpoint.disabled', 1);
    await call('POST', `/v1/webhook-endpoints/${all.id}/test`); // test events are never replayed
    await sleep(20);
    const until = new Date();
    await sleep(20);
    await publish('api_key.created', 4); // after the range

    const replay = (id: string, body: Record<string, unknown>) =>
      call('POST', `/v1/webhook-endpoints/${id}/replay`, body);
    expect((await replay(keys.id, { since: since.toISOString(), until: until.toISOString() })).body).toEqual({
      replayed: 2,
    });
    expect((await replay(all.id, { since: since.toISOString(), until: until.toISOString() })).body).toEqual({
      replayed: 3,
    });
    expect((await replay(keys.id, { since: since.toISOString() })).body).toEqual({ replayed: 6 }); // until defaults to now
    const replays = (await deliveriesOf(keys.id)).filter((d) => d.kind === 'replay');
    expect(replays).toHaveLength(8);
    expect(replays.every((d) => d.status === 'pending' && /^whd_[0-9a-z]{26}$/.test(d.id))).toBe(true);
    expect(new Set(replays.map((d) => d.event_id)).size).toBe(6);

    // the delivery log pages newest first
    const page1 = await call('GET', `/v1/webhook-endpoints/${keys.id}/deliveries?limit=5`);
    const page2 = await call(
      'GET',
      `/v1/webhook-endpoints/${keys.id}/deliveries?limit=100&startingAfter=${page1.body.data.at(-1).id}`,
    );
    // The deprecated dialect (`after` = `nextCursor`) answers the same page for one release.
    const page2Old = await call(
      'GET',
      `/v1/webhook-endpoints/${keys.id}/deliveries?limit=100&after=${page1.body.nextCursor}`,
    );
    expect(page2Old.body.data).toEqual(page2.body.data);
    expect(page1.body.hasMore).toBe(true);
    const ids = [...page1.body.data, ...page2.body.data].map((d: { id: string }) => d.id);
    const total = (await deliveriesOf(keys.id)).length;
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    const created = [...page1.body.data, ...page2.body.data].map((d: { createdAt: string }) => d.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    expect((await call('GET', `/v1/webhook-endpoints/${keys.id}/deliveries?status=succeeded`)).body.data).toEqual([]);
    expect((await call('GET', `/v1/webhook-endpoints/${keys.id}/deliveries?after=whd_nope`)).body.errors[0].field).toBe(
      'querystring.after',
    );
    expect(
      (await call('GET', `/v1/webhook-endpoints/${keys.id}/deliveries?startingAfter=whd_nope`)).body.errors[0].field,
    ).toBe('querystring.startingAfter');

    for (const [body, field] of [
      [{ since: until.toISOString(), until: since.toISOString() }, 'body.since'],
      [{ since: 'yesterday' }, 'body.since'],
      [{}, 'body.since'],
    ] as Array<[Record<string, unknown>, string]>) {
      const r = await replay(keys.id, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.errors[0].field).toBe(field);
    }

    // 10,001 old events in one range: too many for one call, nothing written; half of them is fine.
    await sql`insert into events (id, type, api_version, data, created_at)
      select 'evt_old_' || g, 'api_key.created', 1, '{}'::jsonb, timestamptz '2001-01-01T00:00:00Z' + g * interval '1 millisecond'
      from generate_series(0, 10000) g`.execute(db.db);
    const before = await count('webhook_deliveries');
    const big = await replay(keys.id, { since: '2000-01-01T00:00:00Z', until: '2002-01-01T00:00:00Z' });
    expect(big.status).toBe(422);
    expect(big.body.errors[0]).toMatchObject({ field: 'body.since', code: 'replay_range_too_large' });
    expect(await count('webhook_deliveries')).toBe(before);
    expect((await replay(keys.id, { since: '2001-01-01T00:00:00Z', until: '2001-01-01T00:00:05Z' })).body).toEqual({
      replayed: 5_001,
    });
  });

  // Issue 12 part 5: a second webhooks:write key listed, re-pointed and rotated another key's
  // endpoint and read its delivery log; a webhooks:write-only key received every event type.
  it('keeps an endpoint to its principal: another principal’s keys get 404 on every route, admins get through (audited)', async () => {
    const alice = await keel.principal('alice-hooks');
    const aliceKey = await keel.tokenWith(['webhooks:write', 'transactions:read'], { principal: alice });
    const aliceOther = await keel.tokenWith(['webhooks:write'], { principal: alice });
    const mallory = await keel.tokenWith(['webhooks:write']);
    const c = await call(
      'POST',
      '/v1/webhook-endpoints',
      { url: PUBLIC_URL, eventTypes: ['transaction.confirmed'] },
      aliceKey,
    );
    expect(c.status, c.text).toBe(201);
    expect(c.body.ownerPrincipal).toBe(alice);
    const id = c.body.id as string;
    const t = await call('POST', `/v1/webhook-endpoints/${id}/test`, undefined, aliceKey);
    expect(t.status).toBe(202);
    await db.db.updateTable('webhook_deliveries').set({ status: 'failed' }).where('id', '=', t.body.id).execute();

    expect(
      (await call('GET', '/v1/webhook-endpoints', undefined, mallory)).body.data.map((e: any) => e.id),
    ).not.toContain(id);
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/v1/webhook-endpoints/${id}`],
      ['PATCH', `/v1/webhook-endpoints/${id}`, { url: 'https://93.184.215.15/stolen' }],
      ['POST', `/v1/webhook-endpoints/${id}/rotate-secret`],
      ['GET', `/v1/webhook-endpoints/${id}/deliveries`],
      ['POST', `/v1/webhook-endpoints/${id}/replay`, { since: new Date(0).toISOString() }],
      ['POST', `/v1/webhook-endpoints/${id}/test`],
      ['POST', `/v1/webhook-deliveries/${t.body.id}/retry`],
      ['DELETE', `/v1/webhook-endpoints/${id}`],
    ];
    for (const [method, path, body] of routes) {
      const r = await call(method, path, body, mallory);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.code).toBe('not_found');
    }
    const row = await endpointRow(id);
    expect(row.url).toBe(PUBLIC_URL);
    expect(activeSecrets(box, row)).toEqual([c.body.secret]);
    expect(row.deleted_at).toBeNull();

    // any key of the owner's principal manages it
    expect(
      (await call('GET', '/v1/webhook-endpoints', undefined, aliceOther)).body.data.map((e: any) => e.id),
    ).toContain(id);
    expect((await call('GET', `/v1/webhook-endpoints/${id}/deliveries`, undefined, aliceOther)).status).toBe(200);
    // an admin sees and changes every endpoint; its changes are audited with the owner
    expect((await call('GET', '/v1/webhook-endpoints')).body.data.map((e: any) => e.id)).toContain(id);
    const rot = await call('POST', `/v1/webhook-endpoints/${id}/rotate-secret`);
    expect(rot.status).toBe(200);
    const audit = await db.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject', '=', id)
      .where('action', '=', 'webhook_endpoint.secret_rotated')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ owner: alice, byAdmin: true });
  });

  it('subscribes an endpoint only to event types its key may read; * expands to those only', async () => {
    const hooksOnly = await keel.tokenWith(['webhooks:write']);
    for (const types of [
      ['transaction.confirmed'],
      ['payment_intent.succeeded'],
      ['api_key.created'],
      ['*', 'refund.created'],
    ]) {
      const r = await call('POST', '/v1/webhook-endpoints', { url: PUBLIC_URL, eventTypes: types }, hooksOnly);
      expect(r.status, JSON.stringify(types)).toBe(403);
      expect(r.body).toMatchObject({ code: 'event_type_not_readable', eventTypes: types.filter((x) => x !== '*') });
    }
    const star = await call('POST', '/v1/webhook-endpoints', { url: PUBLIC_URL, eventTypes: ['*'] }, hooksOnly);
    expect(star.status).toBe(201);
    const payments = await keel.tokenWith(['webhooks:write', 'payments:read']);
    const pay = (await call('POST', '/v1/webhook-endpoints', { url: PUBLIC_URL, eventTypes: ['*'] }, payments)).body;
    // widening the event types is re-checked against the key that does it
    expect(
      (
        await call(
          'PATCH',
          `/v1/webhook-endpoints/${star.body.id}`,
          { eventTypes: ['payment_intent.created'] },
          hooksOnly,
        )
      ).body.code,
    ).toBe('event_type_not_readable');

    const kinds = [
      'transaction.created',
      'payment_intent.created',
      'api_key.created',
      'policy.proposed',
      'endpoint.disabled',
    ] as const;
    const ids: Record<string, string> = {};
    await db.db.transaction().execute(async (trx) => {
      for (const k of kinds) ids[k] = (await publishEvent(trx, k, { object: k.split('.')[0], id: `obj_${k}` })).id;
    });
    const received = async (endpointId: string) => {
      const rows = await db.db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('events as e', 'e.id', 'd.event_id')
        .select('e.type')
        .where('d.endpoint_id', '=', endpointId)
        .where('d.event_id', 'in', Object.values(ids))
        .execute();
      return rows.map((r) => r.type).sort();
    };
    expect(await received(star.body.id)).toEqual(['endpoint.disabled']);
    expect(await received(pay.id)).toEqual(['endpoint.disabled', 'payment_intent.created']);
    // the admin's `*` endpoint gets them all
    const admin = await create(['*']);
    await db.db.transaction().execute(async (trx) => {
      for (const k of kinds) ids[k] = (await publishEvent(trx, k, { object: k.split('.')[0], id: `obj2_${k}` })).id;
    });
    expect(await received(admin.id)).toEqual([...kinds].sort());
    expect(await received(star.body.id)).toEqual(['endpoint.disabled']);
  });

  it('re-pointing an endpoint drops queued deliveries its new key may not read, and replay is bounded the same way', async () => {
    const owner = await keel.principal('owner-hooks');
    const full = await keel.tokenWith(['webhooks:write', 'transactions:read', 'admin'], { principal: owner });
    const narrow = await keel.tokenWith(['webhooks:write'], { principal: owner });
    const ep = (await call('POST', '/v1/webhook-endpoints', { url: PUBLIC_URL, eventTypes: ['*'] }, full)).body;
    const since = new Date(Date.now() - 1000);
    await db.db.transaction().execute(async (trx) => {
      await publishEvent(trx, 'transaction.created', { object: 'transaction', id: 'tx_queued' });
      await publishEvent(trx, 'api_key.created', { object: 'api_key', id: 'key_queued' });
      await publishEvent(trx, 'endpoint.disabled', { object: 'webhook_endpoint', id: 'we_queued' });
    });
    const pending = async () =>
      (
        await db.db
          .selectFrom('webhook_deliveries as d')
          .innerJoin('events as e', 'e.id', 'd.event_id')
          .select(['e.type', 'd.status'])
          .where('d.endpoint_id', '=', ep.id)
          .execute()
      )
        .filter((d) => d.status === 'pending')
        .map((d) => d.type)
        .sort();
    expect(await pending()).toEqual(['api_key.created', 'endpoint.disabled', 'transaction.created']);
    const moved = await call(
      'PATCH',
      `/v1/webhook-endpoints/${ep.id}`,
      { url: 'https://93.184.215.15/elsewhere' },
      narrow,
    );
    expect(moved.status, moved.text).toBe(200);
    expect(await pending()).toEqual(['endpoint.disabled']);
    const dropped = await db.db
      .selectFrom('webhook_deliveries')
      .select(['id'])
      .where('endpoint_id', '=', ep.id)
      .where('status', '=', 'failed')
      .execute();
    expect((await call('POST', `/v1/webhook-deliveries/${dropped[0]!.id}/retry`, undefined, narrow)).body.code).toBe(
      'event_type_not_received',
    );
    // a webhooks:write-only key replays only what it may read
    const r = await call('POST', `/v1/webhook-endpoints/${ep.id}/replay`, { since: since.toISOString() }, narrow);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const replayed = await db.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('events as e', 'e.id', 'd.event_id')
      .select('e.type')
      .where('d.endpoint_id', '=', ep.id)
      .where('d.kind', '=', 'replay')
      .execute();
    expect(replayed.length).toBe(r.body.replayed);
    expect(new Set(replayed.map((x) => x.type))).toEqual(new Set(['endpoint.disabled']));
  });

  it('GET /v1/events returns only events the key may read', async () => {
    const reader = await keel.tokenWith(['events:read', 'transactions:read']);
    let apiKeyEvent = '';
    await db.db.transaction().execute(async (trx) => {
      apiKeyEvent = (await publishEvent(trx, 'api_key.created', { object: 'api_key', id: 'key_secret' })).id;
      await publishEvent(trx, 'transaction.created', { object: 'transaction', id: 'tx_visible' });
    });
    let types: string[] = [];
    // Bounded by time, not tries: a loaded machine (and a shared server) answers more slowly.
    const until = Date.now() + 60_000;
    for (let i = 0; !types.includes('transaction.created') && (i === 0 || Date.now() < until); i++) {
      if (i) await sleep(100);
      types = (await call('GET', '/v1/events?limit=500', undefined, reader)).body.data.map((e: any) => e.type);
    }
    expect(types).toContain('transaction.created');
    expect(types.every((t) => t.startsWith('transaction.'))).toBe(true);
    expect((await call('GET', '/v1/events?type=api_key.created', undefined, reader)).body).toMatchObject({
      status: 403,
      code: 'event_type_not_readable',
    });
    expect((await call('GET', `/v1/events/${apiKeyEvent}`, undefined, reader)).status).toBe(404);
    expect((await call('GET', `/v1/events/${apiKeyEvent}`)).status).toBe(200);
    const catalogue = (await call('GET', '/v1/event-types', undefined, reader)).body.data;
    expect(catalogue.find((c: any) => c.type === 'transaction.created').readScopes).toEqual(['transactions:read']);
  });

  it('documents every route in OpenAPI', async () => {
    const spec = (await (await fetch(`${keel.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, any>>;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/v1/webhook-endpoints',
        '/v1/webhook-endpoints/{id}',
        '/v1/webhook-endpoints/{id}/replay',
        '/v1/webhook-deliveries/{id}/retry',
      ]),
    );
    expect(spec.paths['/v1/webhook-endpoints']!.post.responses['201']).toBeDefined();
    expect(JSON.stringify(spec.paths['/v1/webhook-endpoints/{id}']!.get.responses['200'])).not.toContain('"secret"');
  });
});

describe('webhook endpoints API with private networks allowed (the dev config)', () => {
  // Issue 12 §6: the dev config accepted http://169.254.169.254/. Loopback and private
  // receivers stay allowed here; link-local and cloud metadata destinations never are.
  const devConfig = testConfig({
    webhooks: { allowHttp: true, allowPrivateNetworks: true },
    chains: { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } },
  });
  let db: TestDatabase;
  let keel: TestKeel;

  beforeAll(async () => {
    db = await testDatabase();
    keel = await startTestKeel(devConfig, db);
  });
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
  });

  const call = async (method: string, path: string, body: unknown) => {
    const r = await fetch(`${keel.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${keel.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as any };
  };

  it('refuses link-local and metadata URLs at creation and on PATCH, and writes nothing', async () => {
    const count = async () =>
      Number(
        (
          await db.db
            .selectFrom('webhook_endpoints')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const ok = await call('POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:3000/hooks', eventTypes: ['*'] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const before = await count();
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://169.254.170.2/v2/credentials',
      'http://0xa9fea9fe/',
      'http://2852039166/',
      'http://0251.0376.0251.0376/',
      'http://[::ffff:169.254.169.254]/',
      'http://[fe80::1]/',
      'http://[fd00:ec2::254]/',
      'http://metadata.google.internal/computeMetadata/v1/',
    ]) {
      const created = await call('POST', '/v1/webhook-endpoints', { url, eventTypes: ['*'] });
      expect(created.status, url).toBe(422);
      expect(created.body.errors, url).toEqual([
        expect.objectContaining({ field: 'body.url', code: 'url_forbidden_address' }),
      ]);
      const patched = await call('PATCH', `/v1/webhook-endpoints/${ok.body.id}`, { url });
      expect(patched.status, url).toBe(422);
    }
    expect(await count()).toBe(before);
    expect(
      (await db.db.selectFrom('webhook_endpoints').select('url').where('id', '=', ok.body.id).executeTakeFirstOrThrow())
        .url,
    ).toBe('http://127.0.0.1:3000/hooks');
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}
