import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, WebhookDeliveriesTable } from '../db/schema.ts';
import { EVENT_TYPE_NAMES } from '../events/catalogue.ts';
import { recordEventOnly, WEBHOOK_NOTIFY_CHANNEL } from '../events/store.ts';
import { KeelError, NotFoundError, ValidationError, type ErrorCode } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import type { EndpointRow } from './endpoints-store.ts';
import { actsForOther, canManage, receivedTypes, type WebhookActor } from './ownership.ts';
import { appendAudit } from '../audit/store.ts';

/** A delivery's statuses (the table's and the API's). */
export const DELIVERY_STATUSES = ['pending', 'delivering', 'succeeded', 'failed'] as const satisfies ReadonlyArray<
  Selectable<WebhookDeliveriesTable>['status']
>;

/** One delivery of an event to an endpoint, with its attempt log. */
export interface WebhookDelivery {
  id: string;
  object: 'webhook_delivery';
  endpointId: string;
  eventId: string;
  eventType: string;
  kind: 'event' | 'replay' | 'test';
  status: (typeof DELIVERY_STATUSES)[number];
  attempts: number;
  nextAttemptAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  attemptLog: Array<{
    attempt: number;
    startedAt: string;
    durationMs: number;
    statusCode: number | null;
    error: string | null;
    responseBody: string | null;
    responseBytes: number | null;
  }>;
}

export interface DeliveryListInput {
  status?: WebhookDelivery['status'] | undefined;
  limit: number;
  /** Return deliveries older than this one (cursor). */
  after?: string | undefined;
  /** The query parameter that carried `after`, named in a 422 (`startingAfter`, or the deprecated `after`). */
  cursorParam?: string | undefined;
}

type DeliveryRow = Selectable<WebhookDeliveriesTable>;

/** Longest time range one replay may cover, counted in events. */
export const MAX_REPLAY_EVENTS = 10_000;
/** Columns a new delivery starts without. */
const FRESH_DELIVERY = {
  locked_until: null,
  locked_by: null,
  last_status_code: null,
  last_error: null,
  delivered_at: null,
} as const;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const conflict = (code: ErrorCode, detail: string) => new KeelError(code, detail);

/**
 * The API side of `webhook_deliveries`: the delivery log, manual retry, replay of a time
 * range and test deliveries. (The delivery worker's side is deliveries-store.ts.)
 */
export class DeliveryLog {
  constructor(private readonly db: Kysely<DB>) {}

  /** The endpoint, locked, when it exists, `actor` may manage it and it is enabled; 404 / 409 otherwise. */
  private async deliverable(trx: Transaction<DB>, id: string, actor: WebhookActor | null): Promise<EndpointRow> {
    const row = await trx
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!row || !canManage(row.owner_principal, actor)) throw new NotFoundError(`no webhook endpoint ${id}`);
    if (row.status !== 'enabled')
      throw conflict(
        'endpoint_disabled',
        `webhook endpoint ${id} is disabled; enable it first (PATCH status "enabled")`,
      );
    return row;
  }

  /** 404 unless the endpoint exists and `actor` may manage it (another principal's endpoint does not exist for it). */
  private async exists(id: string, actor: WebhookActor | null): Promise<void> {
    const row = await this.db
      .selectFrom('webhook_endpoints')
      .select(['id', 'owner_principal'])
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row || !canManage(row.owner_principal, actor)) throw new NotFoundError(`no webhook endpoint ${id}`);
  }

  /** The delivery log of an endpoint `actor` may manage, newest first, each delivery with its attempts. */
  async deliveries(
    endpointId: string,
    input: DeliveryListInput,
    actor: WebhookActor | null = null,
  ): Promise<{ data: WebhookDelivery[]; hasMore: boolean; nextCursor: string | null }> {
    await this.exists(endpointId, actor);
    let q = this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('events as e', 'e.id', 'd.event_id')
      .selectAll('d')
      .select('e.type as event_type')
      .where('d.endpoint_id', '=', endpointId)
      .orderBy('d.created_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(input.limit + 1);
    if (input.status) q = q.where('d.status', '=', input.status);
    if (input.after) {
      const c = await this.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('id', '=', input.after)
        .where('endpoint_id', '=', endpointId)
        .executeTakeFirst();
      if (!c)
        throw new ValidationError(`unknown cursor ${input.after}`, [
          {
            field: `querystring.${input.cursorParam ?? 'after'}`,
            code: 'unknown_delivery',
            message: 'no delivery of this endpoint with this id',
          },
        ]);
      // Compared in SQL: a JS Date would lose the microseconds of created_at.
      q = q.where(
        sql<boolean>`(d.created_at, d.id) < (select c.created_at, c.id from webhook_deliveries c where c.id = ${c.id})`,
      );
    }
    const rows = await q.execute();
    const page = rows.slice(0, input.limit);
    const attempts = page.length
      ? await this.db
          .selectFrom('webhook_attempts')
          .selectAll()
          .where(
            'delivery_id',
            'in',
            page.map((r) => r.id),
          )
          .orderBy('attempt')
          .execute()
      : [];
    const data = page.map((r) =>
      this.toDelivery(
        r,
        r.event_type,
        attempts.filter((a) => a.delivery_id === r.id),
      ),
    );
    return {
      data,
      hasMore: rows.length > input.limit,
      nextCursor: data.length ? data[data.length - 1]!.id : (input.after ?? null),
    };
  }

  private toDelivery(
    r: DeliveryRow,
    eventType: string,
    attempts: Array<Selectable<DB['webhook_attempts']>> = [],
  ): WebhookDelivery {
    return {
      id: r.id,
      object: 'webhook_delivery',
      endpointId: r.endpoint_id,
      eventId: r.event_id,
      eventType,
      kind: r.kind,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at.toISOString(),
      lastStatusCode: r.last_status_code,
      lastError: r.last_error,
      deliveredAt: iso(r.delivered_at),
      createdAt: r.created_at.toISOString(),
      attemptLog: attempts.map((a) => ({
        attempt: a.attempt,
        startedAt: a.started_at.toISOString(),
        durationMs: a.duration_ms,
        statusCode: a.status_code,
        error: a.error,
        responseBody: a.response_body,
        responseBytes: a.response_bytes === null ? null : Number(a.response_bytes),
      })),
    };
  }

  /**
   * Sends a finished delivery (failed or succeeded) again: back to pending, due now, with
   * nothing else reset — a failed delivery gets one more attempt. 409 `delivery_in_progress`
   * while it is pending or delivering, 409 `endpoint_disabled` when its endpoint is disabled.
   */
  async retryDelivery(deliveryId: string, actor: WebhookActor | null = null): Promise<WebhookDelivery> {
    return this.db.transaction().execute(async (trx) => {
      const d = await trx
        .selectFrom('webhook_deliveries')
        .select(['endpoint_id', 'status', 'event_id', 'kind'])
        .where('id', '=', deliveryId)
        .executeTakeFirst();
      const endpoint =
        d &&
        (await trx
          .selectFrom('webhook_endpoints')
          .select(['status', 'owner_principal', 'event_types', 'read_scopes'])
          .where('id', '=', d.endpoint_id)
          .where('deleted_at', 'is', null)
          .executeTakeFirst());
      if (!d || !endpoint || !canManage(endpoint.owner_principal, actor))
        throw new NotFoundError(`no webhook delivery ${deliveryId}`);
      if (endpoint.status !== 'enabled')
        throw conflict('endpoint_disabled', `the endpoint of delivery ${deliveryId} is disabled; enable it first`);
      if (d.kind !== 'test') {
        const { type } = await trx
          .selectFrom('events')
          .select('type')
          .where('id', '=', d.event_id)
          .executeTakeFirstOrThrow();
        if (!receivedTypes(endpoint.event_types, endpoint.read_scopes, EVENT_TYPE_NAMES).includes(type)) {
          throw conflict(
            'event_type_not_received',
            `endpoint ${d.endpoint_id} no longer receives ${type} events (its URL, event types or key changed)`,
          );
        }
      }
      // Conditional on the state, so a worker claiming it at the same moment cannot be overridden.
      const row = await trx
        .updateTable('webhook_deliveries')
        .set({
          status: 'pending',
          next_attempt_at: sql<Date>`now()`,
          locked_until: null,
          locked_by: null,
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', deliveryId)
        .where('status', 'in', ['failed', 'succeeded'])
        .returningAll()
        .executeTakeFirst();
      if (!row) throw conflict('delivery_in_progress', `delivery ${deliveryId} is already pending or being delivered`);
      await notify(trx);
      const ev = await trx.selectFrom('events').select('type').where('id', '=', row.event_id).executeTakeFirstOrThrow();
      const res = this.toDelivery(row, ev.type);
      await recordResponse(trx, 'webhook_delivery.retry', res);
      return res;
    });
  }

  /**
   * Queues again every event the endpoint receives — a type it subscribes to that its key may
   * read (the same rule as live delivery) — created in [since, until], as deliveries of kind
   * `replay` (test events excluded: they belong to one endpoint). Refuses ranges of more than
   * MAX_REPLAY_EVENTS events with a 422.
   */
  async replay(
    endpointId: string,
    since: Date,
    until: Date,
    actor: WebhookActor | null = null,
  ): Promise<{ replayed: number }> {
    if (since > until)
      throw new ValidationError('replay range is empty', [
        { field: 'body.since', code: 'range_invalid', message: 'since must not be after until' },
      ]);
    return this.db.transaction().execute(async (trx) => {
      const endpoint = await this.deliverable(trx, endpointId, actor);
      const types = receivedTypes(endpoint.event_types, endpoint.read_scopes, EVENT_TYPE_NAMES).filter(
        (t) => t !== 'webhook.test',
      );
      const events = types.length
        ? await trx
            .selectFrom('events')
            .select('id')
            .where('created_at', '>=', since)
            .where('created_at', '<=', until)
            .where('type', 'in', types)
            .orderBy('txid')
            .orderBy('seq')
            .limit(MAX_REPLAY_EVENTS + 1)
            .execute()
        : [];
      if (events.length > MAX_REPLAY_EVENTS) {
        throw new ValidationError(`more than ${MAX_REPLAY_EVENTS} events in the range`, [
          {
            field: 'body.since',
            code: 'replay_range_too_large',
            message: `the range holds more than ${MAX_REPLAY_EVENTS} events; replay a smaller range at a time`,
          },
        ]);
      }
      for (let i = 0; i < events.length; i += 1_000) {
        const values = events.slice(i, i + 1_000).map((e) => ({
          ...FRESH_DELIVERY,
          id: newId('whd'),
          event_id: e.id,
          endpoint_id: endpointId,
          kind: 'replay' as const,
        }));
        await trx.insertInto('webhook_deliveries').values(values).execute();
      }
      if (events.length) await notify(trx);
      const byAdmin = actsForOther(endpoint.owner_principal, actor)
        ? { owner: endpoint.owner_principal, byAdmin: true }
        : {};
      await appendAudit(trx, {
        actor: actor?.keyId ?? 'system',
        action: 'webhook_endpoint.replayed',
        subject: endpointId,
        details: { since: since.toISOString(), until: until.toISOString(), replayed: events.length, ...byAdmin },
      });
      await recordResponse(trx, 'webhook_endpoint.replay', { replayed: events.length });
      return { replayed: events.length };
    });
  }

  /**
   * Sends a `webhook.test` event to this endpoint only: the event row and one delivery of
   * kind `test` are written in one transaction (not through publishEvent, which would fan
   * the event out to every endpoint subscribed to `*`).
   */
  async sendTest(endpointId: string, actor: WebhookActor | null = null): Promise<WebhookDelivery> {
    return this.db.transaction().execute(async (trx) => {
      await this.deliverable(trx, endpointId, actor);
      const data = { object: 'webhook_test', endpointId, message: 'This is a test event sent by Keel on request.' };
      const eventId = await recordEventOnly(trx, 'webhook.test', data);
      const row = await trx
        .insertInto('webhook_deliveries')
        .values({ ...FRESH_DELIVERY, id: newId('whd'), event_id: eventId, endpoint_id: endpointId, kind: 'test' })
        .returningAll()
        .executeTakeFirstOrThrow();
      await notify(trx);
      const res = this.toDelivery(row, 'webhook.test');
      await recordResponse(trx, 'webhook_endpoint.test', res);
      return res;
    });
  }
}

/** Wakes the delivery workers when the transaction commits (a hint; they also poll). */
async function notify(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_notify(${WEBHOOK_NOTIFY_CHANNEL}, '')`.execute(trx);
}
