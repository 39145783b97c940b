import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvent } from '../src/events/store.ts';
import { newId } from '../src/lib/ids.ts';
import { SecretBox } from '../src/lib/secret-box.ts';
import {
  DeliveriesStore,
  type AttemptResult,
  type ClaimedDelivery,
  type DeliverySettings,
} from '../src/webhooks/deliveries-store.ts';
import { EndpointsStore } from '../src/webhooks/endpoints-store.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';

const settings: DeliverySettings = {
  retryScheduleSeconds: [0, 60, 120],
  jitter: 0,
  maxConcurrencyPerEndpoint: 4,
  disableAfterHours: 120,
  maxRetryAfterSeconds: 10,
};

describe('DeliveriesStore: claims and results', () => {
  let db: TestDatabase;
  let endpoints: EndpointsStore;
  let store: DeliveriesStore;

  beforeAll(async () => {
    db = await testDatabase();
    endpoints = new EndpointsStore(db.db, new SecretBox(Buffer.alloc(32, 7).toString('base64')), {
      allowHttp: true,
      allowPrivateNetworks: true,
      rotationOverlapHours: 1,
    });
    store = new DeliveriesStore(db.db, settings);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** A fresh endpoint with `n` due deliveries; every other endpoint is deleted first. */
  const setup = async (n: number) => {
    await sql`update webhook_endpoints set deleted_at = now() where deleted_at is null`.execute(db.db);
    const { endpoint } = await endpoints.create(
      { url: 'http://127.0.0.1:9/hook', eventTypes: ['api_key.created'] },
      null,
    );
    await db.db.transaction().execute(async (trx) => {
      for (let i = 0; i < n; i++) await publishEvent(trx, 'api_key.created', { object: 'api_key', id: newId('key') });
    });
    return endpoint.id;
  };
  const result = (d: ClaimedDelivery, over: Partial<AttemptResult> = {}): AttemptResult => ({
    deliveryId: d.id,
    endpointId: d.endpointId,
    attempt: d.attempt,
    startedAt: new Date(),
    durationMs: 3,
    statusCode: 200,
    ...over,
  });
  const row = (id: string) =>
    db.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('never leases more than the per-endpoint cap, even to claimers racing each other', async () => {
    const ep = await setup(40);
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => store.claim(`w${i}`, 10, 60_000)));
    const all = claims.flat();
    expect(all).toHaveLength(4);
    expect(new Set(all.map((d) => d.id)).size).toBe(4);
    expect(all.every((d) => d.endpointId === ep && d.attempt === 1)).toBe(true);
    // Completing frees the slots for the next claim.
    const byWorker = new Map<string, ClaimedDelivery[]>();
    claims.forEach((c, i) => c.length && byWorker.set(`w${i}`, c));
    for (const [w, c] of byWorker)
      await store.complete(
        w,
        c.map((d) => result(d)),
      );
    expect(await store.claim('w9', 10, 60_000)).toHaveLength(4);
  });

  it('hands an expired lease to another worker, and ignores the first worker’s late result', async () => {
    await setup(1);
    const [first] = await store.claim('slow', 10, 1);
    await new Promise((r) => setTimeout(r, 20));
    const [second] = await store.claim('fast', 10, 60_000);
    expect(second).toMatchObject({ id: first!.id, attempt: 2 });
    expect((await store.complete('slow', [result(first!, { statusCode: 500 })])).stale).toEqual([first!.id]);
    expect(await row(first!.id)).toMatchObject({ status: 'delivering', locked_by: 'fast' });
    expect(await store.complete('fast', [result(second!)])).toMatchObject({ succeeded: 1, stale: [] });
    expect(await row(first!.id)).toMatchObject({ status: 'succeeded', locked_by: null, last_status_code: 200 });
    const log = await db.db
      .selectFrom('webhook_attempts')
      .select(['attempt', 'worker', 'status_code'])
      .where('delivery_id', '=', first!.id)
      .orderBy('attempt')
      .execute();
    expect(log).toEqual([
      { attempt: 1, worker: 'slow', status_code: 500 },
      { attempt: 2, worker: 'fast', status_code: 200 },
    ]);
  });

  it('claims nothing for disabled or deleted endpoints, nor before next_attempt_at', async () => {
    const ep = await setup(2);
    await sql`update webhook_deliveries set next_attempt_at = now() + interval '1 hour' where endpoint_id = ${ep}`.execute(
      db.db,
    );
    expect(await store.claim('w', 10, 60_000)).toEqual([]);
    await sql`update webhook_deliveries set next_attempt_at = now() where endpoint_id = ${ep}`.execute(db.db);
    await sql`update webhook_endpoints set status = 'disabled' where id = ${ep}`.execute(db.db);
    expect(await store.claim('w', 10, 60_000)).toEqual([]);
    await sql`update webhook_endpoints set status = 'enabled', deleted_at = now() where id = ${ep}`.execute(db.db);
    expect(await store.claim('w', 10, 60_000)).toEqual([]);
  });

  it('schedules retries, caps Retry-After, gives up when the schedule is exhausted, and keeps the failure clock', async () => {
    const ep = await setup(3);
    const [a, b, c] = await store.claim('w', 10, 60_000);
    const t0 = Date.now();
    await store.complete('w', [
      result(a!, { statusCode: 500 }),
      result(b!, { statusCode: 429, retryAfterSeconds: 3_600 }),
      result(c!, { error: 'ECONNREFUSED: refused', errorCode: 'ECONNREFUSED', statusCode: undefined }),
    ]);
    const t1 = Date.now();
    const [ra, rb, rc] = await Promise.all([a, b, c].map((d) => row(d!.id)));
    expect(ra).toMatchObject({ status: 'pending', last_status_code: 500, locked_by: null });
    expect(ra!.next_attempt_at.getTime() - t0).toBeGreaterThan(55_000);
    expect(rb!.next_attempt_at.getTime() - t0).toBeGreaterThan(9_000);
    // Capped at maxRetryAfterSeconds (10 s) from when the result was recorded, however long that took.
    expect(rb!.next_attempt_at.getTime() - t1).toBeLessThanOrEqual(10_000 + 1_000);
    expect(rc).toMatchObject({ status: 'pending', last_status_code: null, last_error: 'ECONNREFUSED: refused' });
    const failingSince = (
      await db.db.selectFrom('webhook_endpoints').select('failing_since').where('id', '=', ep).executeTakeFirstOrThrow()
    ).failing_since;
    expect(failingSince).toBeInstanceOf(Date);

    // Attempts 2 and 3 (the last of the schedule): the delivery then fails for good.
    for (let k = 2; k <= 3; k++) {
      await sql`update webhook_deliveries set next_attempt_at = now() where id = ${a!.id}`.execute(db.db);
      const [again] = await store.claim('w', 1, 60_000);
      expect(again).toMatchObject({ id: a!.id, attempt: k });
      await store.complete('w', [result(again!, { statusCode: 503 })]);
    }
    expect(await row(a!.id)).toMatchObject({ status: 'failed', attempts: 3 });
    // The clock keeps its first value while failures continue, and a success clears it.
    const still = await db.db
      .selectFrom('webhook_endpoints')
      .select('failing_since')
      .where('id', '=', ep)
      .executeTakeFirstOrThrow();
    expect(still.failing_since).toEqual(failingSince);
    await sql`update webhook_deliveries set next_attempt_at = now() where id = ${b!.id}`.execute(db.db);
    const [ok] = await store.claim('w', 1, 60_000);
    await store.complete('w', [result(ok!)]);
    expect(
      (
        await db.db
          .selectFrom('webhook_endpoints')
          .select('failing_since')
          .where('id', '=', ep)
          .executeTakeFirstOrThrow()
      ).failing_since,
    ).toBeNull();
  });

  it('puts an aborted attempt back at once without counting it against the endpoint', async () => {
    const ep = await setup(1);
    const [d] = await store.claim('w', 1, 60_000);
    await store.complete('w', [
      result(d!, {
        statusCode: undefined,
        error: 'KEEL_ABORTED: attempt aborted: worker stopping',
        errorCode: 'KEEL_ABORTED',
        aborted: true,
      }),
    ]);
    expect(await row(d!.id)).toMatchObject({ status: 'pending', locked_by: null });
    expect((await row(d!.id)).next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(
      (
        await db.db
          .selectFrom('webhook_endpoints')
          .select('failing_since')
          .where('id', '=', ep)
          .executeTakeFirstOrThrow()
      ).failing_since,
    ).toBeNull();
  });
});
