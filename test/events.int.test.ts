import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseToken } from '../src/auth/tokens.ts';
import { publishEvent } from '../src/events/store.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestKeel, testConfig, type TestKeel } from './helpers/keel.ts';

const config = testConfig({ chains: { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } } });

describe('events: transactional outbox and GET /v1/events', () => {
  let db: TestDatabase;
  let keel: TestKeel;
  let token: string;

  beforeAll(async () => {
    db = await testDatabase();
    keel = await startTestKeel(config, db);
    // api_key.* events are read with admin, webhook.test with webhooks:write (an events:read key sees only what its scopes read)
    token = await keel.tokenWith(['events:read', 'admin', 'webhooks:write']);
  });
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
  });

  const get = async (path: string, t = token) => {
    const r = await fetch(`${keel.url}${path}`, { headers: { authorization: `Bearer ${t}` } });
    return { status: r.status, body: (await r.json()) as any };
  };
  /**
   * Reads until `done` holds (bounded): an event becomes visible only once every older
   * transaction on the server has finished, and other test files share the Postgres server.
   */
  const eventually = async (path: string, done: (body: any) => boolean) => {
    let last: { status: number; body: any } = await get(path);
    // Bounded by time, not by a number of tries: a loaded machine answers each read more slowly.
    for (const until = Date.now() + 60_000; !done(last.body) && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 100));
      last = await get(path);
    }
    return last;
  };

  it('records key creation and revocation as events carrying the resource, never the secret', async () => {
    const { key, token: secretToken } = await keel.keys.create({ name: 'evented', scopes: ['portfolio:read'] });
    await keel.keys.revoke(key.id);
    await keel.keys.revoke(key.id); // idempotent: no second event
    const { status, body } = await eventually(
      '/v1/events?type=api_key.created,api_key.revoked&limit=500',
      (b) => b.data.filter((e: any) => e.data.object.id === key.id).length >= 2,
    );
    expect(status).toBe(200);
    const mine = body.data.filter((e: any) => e.data.object.id === key.id);
    expect(mine.map((e: any) => e.type)).toEqual(['api_key.created', 'api_key.revoked']);
    expect(mine[0]).toMatchObject({
      object: 'event',
      apiVersion: 1,
      data: { object: { object: 'api_key', name: 'evented', scopes: ['portfolio:read'], revokedAt: null } },
    });
    expect(mine[1].data.object.revokedAt).toEqual(expect.any(String));
    // Standard Webhooks' top-level timestamp: the creation time, ISO-8601 UTC, the same instant as createdAt.
    for (const e of mine) {
      expect(e.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(e.timestamp).toBe(e.createdAt);
    }
    expect(JSON.stringify(body)).not.toContain(parseToken(secretToken)!.secret);
    const one = await get(`/v1/events/${mine[1].id}`);
    expect(one.body).toEqual(mine[1]);
  });

  it('pages with a cursor in order, without gaps or repeats', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push((await keel.keys.create({ name: `page ${i}`, scopes: ['portfolio:read'] })).key.id);
    const ref = await eventually('/v1/events?limit=500', (b) =>
      ids.every((id) => b.data.some((e: any) => e.data.object.id === id)),
    );
    const all: string[] = ref.body.data.map((e: any) => e.id);
    // The convention (`startingAfter` = the last id of the page) and, for one release, the
    // deprecated dialect (`after` = `nextCursor`) page the same way.
    for (const dialect of ['startingAfter', 'after'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await get(`/v1/events?limit=3${cursor ? `&${dialect}=${cursor}` : ''}`);
        seen.push(...page.body.data.map((e: any) => e.id));
        if (!page.body.hasMore) break;
        cursor = dialect === 'after' ? page.body.nextCursor : page.body.data.at(-1).id;
      }
      // Events that became visible while paging can only come after the reference list.
      expect(seen.slice(0, all.length), dialect).toEqual(all);
      expect(new Set(seen).size, dialect).toBe(seen.length);
    }
  });

  it('writes nothing when the producing transaction fails', async () => {
    const marker = `rollback-${Date.now()}`;
    await expect(
      db.db.transaction().execute(async (trx) => {
        await publishEvent(trx, 'webhook.test', { object: 'webhook_test', marker });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    const rows = await db.db
      .selectFrom('events')
      .select('id')
      .where(sql<boolean>`data->>'marker' = ${marker}`)
      .execute();
    expect(rows).toEqual([]);
  });

  it('answers bad queries with 422 and field paths, unknown ids with 404, and needs events:read', async () => {
    expect((await get('/v1/events?type=nope')).body).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'querystring.type.0' }],
    });
    expect((await get('/v1/events?after=evt_01aaaaaaaaaaaaaaaaaaaaaaaa')).body).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'querystring.after' }],
    });
    expect((await get('/v1/events?startingAfter=evt_01aaaaaaaaaaaaaaaaaaaaaaaa')).body).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'querystring.startingAfter', code: 'unknown_event' }],
    });
    const both = await get(
      '/v1/events?startingAfter=evt_01aaaaaaaaaaaaaaaaaaaaaaaa&after=evt_01bbbbbbbbbbbbbbbbbbbbbbbb',
    );
    expect(both.body).toMatchObject({ code: 'validation_failed', errors: [{ code: 'conflicting_cursor' }] });
    expect((await get('/v1/events?limit=0')).status).toBe(422);
    expect((await get('/v1/events/evt_nope')).status).toBe(404);
    expect((await get('/v1/events', await keel.tokenWith(['portfolio:read']))).status).toBe(403);
    const types = await get('/v1/event-types');
    expect(types.body.data.map((t: any) => t.type)).toEqual(
      expect.arrayContaining(['api_key.created', 'endpoint.disabled']),
    );
  });

  it.runIf(process.env.DATABASE_URL)('never lets a reader pass an event whose transaction commits late', async () => {
    // The newest event written, from the table: the API hides events until every older open
    // transaction in the database has ended (other test files' too), so its last page can lag.
    const cursor = (
      await db.db.selectFrom('events').select('id').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()
    ).id;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let slowId = '';
    // T1 writes first (lower transaction id) and stays open; T2 writes and commits.
    const t1 = db.db.transaction().execute(async (trx) => {
      slowId = (await publishEvent(trx, 'webhook.test', { object: 'webhook_test', n: 1 })).id;
      await held;
    });
    while (!slowId) await new Promise((r) => setTimeout(r, 10));
    const fast = await db.db
      .transaction()
      .execute((trx) => publishEvent(trx, 'webhook.test', { object: 'webhook_test', n: 2 }));
    const during = await get(`/v1/events?startingAfter=${cursor}`);
    expect(during.body.data.map((e: any) => e.id)).not.toContain(fast.id);
    release();
    await t1;
    const after = await eventually(`/v1/events?startingAfter=${cursor}`, (b) => b.data.length >= 2);
    expect(after.body.data.map((e: any) => e.id)).toEqual([slowId, fast.id]);
  });
});
