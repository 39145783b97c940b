import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import { appendAudit } from '../audit/log.ts';
import type { Config } from '../config/schema.ts';
import type { DB, WebhookDeliveriesTable, WebhookEndpointsTable } from '../db/schema.ts';
import { EVENT_API_VERSION, isEventType } from '../events/catalogue.ts';
import { WEBHOOK_NOTIFY_CHANNEL, publishEvent } from '../events/store.ts';
import { KeelError, NotFoundError, ValidationError, type FieldError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import { sealEndpointSecret } from './secrets.ts';
import { generateWebhookSecret } from './signing.ts';
import { checkWebhookUrl, type Resolver } from './url-guard.ts';

/** A webhook endpoint as the API shows it: never a secret. */
export interface WebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  url: string;
  description: string | null;
  eventTypes: string[];
  status: 'enabled' | 'disabled';
  /** `gone` (answered 410), `failing` (no success for webhooks.disableAfterHours) or `operator`. */
  disabledReason: string | null;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Present while the previous secret still signs deliveries after a rotation. */
  secretRotatedUntil?: string;
}

export type DisableReason = 'gone' | 'failing' | 'operator';

/** One delivery of an event to an endpoint, with its attempt log. */
export interface WebhookDelivery {
  id: string;
  object: 'webhook_delivery';
  endpointId: string;
  eventId: string;
  eventType: string;
  kind: 'event' | 'replay' | 'test';
  status: 'pending' | 'delivering' | 'succeeded' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  attemptLog: Array<{ attempt: number; startedAt: string; durationMs: number; statusCode: number | null; error: string | null; responseBody: string | null }>;
}

export type EndpointRow = Selectable<WebhookEndpointsTable>;
type DeliveryRow = Selectable<WebhookDeliveriesTable>;
type Executor = Kysely<DB> | Transaction<DB>;

/** Longest time range one replay may cover, counted in events. */
export const MAX_REPLAY_EVENTS = 10_000;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** Columns a new delivery starts without. */
const FRESH_DELIVERY = { locked_until: null, locked_by: null, last_status_code: null, last_error: null, delivered_at: null } as const;

/** The public shape of an endpoint row (the sealed secrets stay behind). */
export function toEndpoint(r: EndpointRow, now = new Date()): WebhookEndpoint {
  const e: WebhookEndpoint = {
    id: r.id,
    object: 'webhook_endpoint',
    url: r.url,
    description: r.description,
    eventTypes: r.event_types,
    status: r.status,
    disabledReason: r.disabled_reason,
    disabledAt: iso(r.disabled_at),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
  if (r.previous_secret_enc && r.previous_secret_expires_at && r.previous_secret_expires_at > now) e.secretRotatedUntil = r.previous_secret_expires_at.toISOString();
  return e;
}

/**
 * Disables an endpoint in the caller's transaction and publishes `endpoint.disabled` with it,
 * so the state change and its event commit together. Idempotent: an endpoint already
 * disabled (or deleted, or unknown) is left alone and no second event is published; the
 * answer is then undefined. Used by the API (operator) and the delivery worker (gone, failing).
 * `detail` (e.g. "answered 410 Gone") travels in the event as `disabledDetail`.
 */
export async function disableEndpoint(trx: Transaction<DB>, id: string, reason: DisableReason, detail?: string): Promise<WebhookEndpoint | undefined> {
  const row = await trx
    .updateTable('webhook_endpoints')
    .set({ status: 'disabled', disabled_reason: reason, disabled_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'enabled')
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  const endpoint = toEndpoint(row);
  await publishEvent(trx, 'endpoint.disabled', detail === undefined ? endpoint : { ...endpoint, disabledDetail: detail });
  return endpoint;
}

/** Checks an event type list; field paths are those of the API body (`body.eventTypes.2`). */
function eventTypeErrors(types: readonly string[]): FieldError[] {
  if (types.length === 0) return [{ field: 'body.eventTypes', code: 'required', message: 'at least one event type (or "*") is required' }];
  return types.flatMap((t, i) =>
    t === '*' || isEventType(t) ? [] : [{ field: `body.eventTypes.${i}`, code: 'unknown_event_type', message: `unknown event type "${t}" (see the event catalogue in docs/events.md)` }],
  );
}

export interface CreateEndpointInput {
  url: string;
  eventTypes: string[];
  description?: string | null | undefined;
}

/** Fields left undefined stay as they are; `description: null` clears it. */
export type UpdateEndpointInput = { [K in keyof CreateEndpointInput]?: CreateEndpointInput[K] | undefined } & { status?: 'enabled' | 'disabled' | undefined };

export interface DeliveryListInput {
  status?: WebhookDelivery['status'] | undefined;
  limit: number;
  /** Return deliveries older than this one (cursor). */
  after?: string | undefined;
}

const conflict = (code: string, detail: string) => new KeelError(code, detail, { status: 409, userMessage: 'This action cannot be done right now.' });

/**
 * The only writer of `webhook_endpoints`; also the API side of `webhook_deliveries` (manual
 * retry, replay, test deliveries, the delivery log). Secrets are sealed with the SecretBox
 * and appear in clear only in the answers of `create` and `rotateSecret`.
 */
export class EndpointsStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly box: SecretBox,
    private readonly config: Pick<Config['webhooks'], 'allowHttp' | 'allowPrivateNetworks' | 'rotationOverlapHours'>,
    /** Name resolution for the URL check (tests inject one). */
    private readonly resolve?: Resolver,
  ) {}

  /** Every field error of an endpoint's URL and event types at once, as one 422. */
  private async validate(url: string | undefined, eventTypes: readonly string[] | undefined): Promise<void> {
    const errors = eventTypes ? eventTypeErrors(eventTypes) : [];
    if (url !== undefined) {
      const opts = { allowHttp: this.config.allowHttp, allowPrivateNetworks: this.config.allowPrivateNetworks, ...(this.resolve ? { resolve: this.resolve } : {}) };
      await checkWebhookUrl(url, opts).catch((err: unknown) => {
        if (!(err instanceof ValidationError)) throw err;
        errors.unshift(...(err.errors ?? []));
      });
    }
    if (errors.length) throw new ValidationError('the webhook endpoint is not valid', errors);
  }

  private async row(ex: Executor, id: string, forUpdate = false): Promise<EndpointRow> {
    let q = ex.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).where('deleted_at', 'is', null);
    if (forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw new NotFoundError(`no webhook endpoint ${id}`);
    return row;
  }

  /** Registers an endpoint; the signing secret in the answer is never shown again. */
  async create(input: CreateEndpointInput, actorKeyId: string | null): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    await this.validate(input.url, input.eventTypes);
    const id = newId('we');
    const secret = generateWebhookSecret();
    const row = await this.db.transaction().execute(async (trx) => {
      const details = { url: input.url, eventTypes: [...new Set(input.eventTypes)], description: input.description ?? null };
      await appendAudit(trx, { actor: actorKeyId ?? 'system', action: 'webhook_endpoint.created', subject: id, details });
      return trx
        .insertInto('webhook_endpoints')
        .values({
          id,
          url: input.url,
          description: input.description ?? null,
          event_types: [...new Set(input.eventTypes)],
          secret_enc: sealEndpointSecret(this.box, id, secret),
          created_by: actorKeyId,
          ...{ disabled_reason: null, disabled_at: null, previous_secret_enc: null, previous_secret_expires_at: null, failing_since: null, deleted_at: null },
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return { endpoint: toEndpoint(row), secret };
  }

  /** 404 `not_found` for unknown and deleted endpoints. */
  async get(id: string): Promise<WebhookEndpoint> {
    return toEndpoint(await this.row(this.db, id));
  }

  /** Every endpoint not deleted, oldest first. */
  async list(): Promise<WebhookEndpoint[]> {
    const rows = await this.db.selectFrom('webhook_endpoints').selectAll().where('deleted_at', 'is', null).orderBy('id').execute();
    return rows.map((r) => toEndpoint(r));
  }

  /**
   * Changes URL, event types, description and/or status. Re-enabling clears the disabled
   * fields and the failure clock; disabling goes through `disableEndpoint` ('operator'),
   * which publishes `endpoint.disabled`.
   */
  async update(id: string, patch: UpdateEndpointInput, actorKeyId: string | null = null): Promise<WebhookEndpoint> {
    // Resolving the URL happens before the transaction: no row lock is held across DNS.
    await this.validate(patch.url, patch.eventTypes);
    return this.db.transaction().execute(async (trx) => {
      const current = await this.row(trx, id, true);
      const set: Updateable<WebhookEndpointsTable> = {};
      if (patch.url !== undefined) set.url = patch.url;
      if (patch.eventTypes !== undefined) set.event_types = [...new Set(patch.eventTypes)];
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.status === 'enabled' && current.status === 'disabled') {
        Object.assign(set, { status: 'enabled', disabled_reason: null, disabled_at: null, failing_since: null } satisfies Updateable<WebhookEndpointsTable>);
      }
      if (Object.keys(set).length) {
        await trx
          .updateTable('webhook_endpoints')
          .set({ ...set, updated_at: sql<Date>`now()` })
          .where('id', '=', id)
          .execute();
      }
      if (patch.status === 'disabled') await disableEndpoint(trx, id, 'operator');
      await appendAudit(trx, { actor: actorKeyId ?? 'system', action: 'webhook_endpoint.updated', subject: id, details: { patch, previous: toEndpoint(current) } });
      return toEndpoint(await this.row(trx, id));
    });
  }

  /** Soft delete: the endpoint disappears from the API and its pending deliveries are no longer attempted. */
  async delete(id: string, actorKeyId: string | null = null): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const set = { deleted_at: sql<Date>`now()`, updated_at: sql<Date>`now()` };
      const r = await trx.updateTable('webhook_endpoints').set(set).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new NotFoundError(`no webhook endpoint ${id}`);
      await appendAudit(trx, { actor: actorKeyId ?? 'system', action: 'webhook_endpoint.deleted', subject: id });
    });
  }

  /**
   * Replaces the signing secret. The old one keeps signing (beside the new one) until
   * `previousSecretExpiresAt`, webhooks.rotationOverlapHours from now. A second rotation
   * within the overlap drops the oldest secret: only one previous secret is kept.
   */
  async rotateSecret(id: string, actorKeyId: string | null = null): Promise<{ endpoint: WebhookEndpoint; secret: string; previousSecretExpiresAt: string }> {
    const secret = generateWebhookSecret();
    const expires = new Date(Date.now() + this.config.rotationOverlapHours * 3_600_000);
    const row = await this.db.transaction().execute(async (trx) => {
      const current = await this.row(trx, id, true);
      await appendAudit(trx, { actor: actorKeyId ?? 'system', action: 'webhook_endpoint.secret_rotated', subject: id, details: { previousSecretExpiresAt: expires.toISOString() } });
      return trx
        .updateTable('webhook_endpoints')
        .set({
          secret_enc: sealEndpointSecret(this.box, id, secret),
          previous_secret_enc: current.secret_enc,
          previous_secret_expires_at: expires,
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return { endpoint: toEndpoint(row), secret, previousSecretExpiresAt: expires.toISOString() };
  }

  /** An endpoint that can take new deliveries now (locked for this transaction), else 404 / 409. */
  private async deliverable(trx: Transaction<DB>, id: string): Promise<EndpointRow> {
    const row = await this.row(trx, id, true);
    if (row.status !== 'enabled') throw conflict('endpoint_disabled', `webhook endpoint ${id} is disabled; enable it first (PATCH status "enabled")`);
    return row;
  }

  /** The delivery log of an endpoint, newest first, each delivery with its attempts. */
  async deliveries(endpointId: string, input: DeliveryListInput): Promise<{ data: WebhookDelivery[]; hasMore: boolean; nextCursor: string | null }> {
    await this.row(this.db, endpointId);
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
      const c = await this.db.selectFrom('webhook_deliveries').select('id').where('id', '=', input.after).where('endpoint_id', '=', endpointId).executeTakeFirst();
      if (!c) throw new ValidationError(`unknown cursor ${input.after}`, [{ field: 'querystring.after', code: 'unknown_delivery', message: 'no delivery of this endpoint with this id' }]);
      // Compared in SQL: a JS Date would lose the microseconds of created_at.
      q = q.where(sql<boolean>`(d.created_at, d.id) < (select c.created_at, c.id from webhook_deliveries c where c.id = ${c.id})`);
    }
    const rows = await q.execute();
    const page = rows.slice(0, input.limit);
    const attempts = page.length
      ? await this.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', page.map((r) => r.id)).orderBy('attempt').execute()
      : [];
    const data = page.map((r) => this.toDelivery(r, r.event_type, attempts.filter((a) => a.delivery_id === r.id)));
    return { data, hasMore: rows.length > input.limit, nextCursor: data.length ? data[data.length - 1]!.id : (input.after ?? null) };
  }

  private toDelivery(r: DeliveryRow, eventType: string, attempts: Array<Selectable<DB['webhook_attempts']>> = []): WebhookDelivery {
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
      attemptLog: attempts.map((a) => ({ attempt: a.attempt, startedAt: a.started_at.toISOString(), durationMs: a.duration_ms, statusCode: a.status_code, error: a.error, responseBody: a.response_body })),
    };
  }

  /**
   * Sends a finished delivery (failed or succeeded) again: back to pending, due now, with
   * nothing else reset — a failed delivery gets one more attempt. 409 `delivery_in_progress`
   * while it is pending or delivering, 409 `endpoint_disabled` when its endpoint is disabled.
   */
  async retryDelivery(deliveryId: string): Promise<WebhookDelivery> {
    return this.db.transaction().execute(async (trx) => {
      const d = await trx.selectFrom('webhook_deliveries').select(['endpoint_id', 'status']).where('id', '=', deliveryId).executeTakeFirst();
      const endpoint = d && (await trx.selectFrom('webhook_endpoints').select(['status']).where('id', '=', d.endpoint_id).where('deleted_at', 'is', null).executeTakeFirst());
      if (!d || !endpoint) throw new NotFoundError(`no webhook delivery ${deliveryId}`);
      if (endpoint.status !== 'enabled') throw conflict('endpoint_disabled', `the endpoint of delivery ${deliveryId} is disabled; enable it first`);
      // Conditional on the state, so a worker claiming it at the same moment cannot be overridden.
      const row = await trx
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', next_attempt_at: sql<Date>`now()`, locked_until: null, locked_by: null, updated_at: sql<Date>`now()` })
        .where('id', '=', deliveryId)
        .where('status', 'in', ['failed', 'succeeded'])
        .returningAll()
        .executeTakeFirst();
      if (!row) throw conflict('delivery_in_progress', `delivery ${deliveryId} is already pending or being delivered`);
      await notify(trx);
      const ev = await trx.selectFrom('events').select('type').where('id', '=', row.event_id).executeTakeFirstOrThrow();
      return this.toDelivery(row, ev.type);
    });
  }

  /**
   * Queues again every event of a type the endpoint subscribes to, created in [since, until],
   * as deliveries of kind `replay` (test events excluded: they belong to one endpoint).
   * Refuses ranges of more than MAX_REPLAY_EVENTS events with a 422.
   */
  async replay(endpointId: string, since: Date, until: Date): Promise<{ replayed: number }> {
    if (since > until) throw new ValidationError('replay range is empty', [{ field: 'body.since', code: 'range_invalid', message: 'since must not be after until' }]);
    return this.db.transaction().execute(async (trx) => {
      const endpoint = await this.deliverable(trx, endpointId);
      let q = trx
        .selectFrom('events')
        .select('id')
        .where('created_at', '>=', since)
        .where('created_at', '<=', until)
        .where('type', '!=', 'webhook.test')
        .orderBy('txid')
        .orderBy('seq')
        .limit(MAX_REPLAY_EVENTS + 1);
      if (!endpoint.event_types.includes('*')) q = q.where('type', 'in', endpoint.event_types);
      const events = await q.execute();
      if (events.length > MAX_REPLAY_EVENTS) {
        throw new ValidationError(`more than ${MAX_REPLAY_EVENTS} events in the range`, [
          { field: 'body.since', code: 'replay_range_too_large', message: `the range holds more than ${MAX_REPLAY_EVENTS} events; replay a smaller range at a time` },
        ]);
      }
      for (let i = 0; i < events.length; i += 1_000) {
        const values = events.slice(i, i + 1_000).map((e) => ({ ...FRESH_DELIVERY, id: newId('whd'), event_id: e.id, endpoint_id: endpointId, kind: 'replay' as const }));
        await trx.insertInto('webhook_deliveries').values(values).execute();
      }
      if (events.length) await notify(trx);
      return { replayed: events.length };
    });
  }

  /**
   * Sends a `webhook.test` event to this endpoint only: the event row and one delivery of
   * kind `test` are written in one transaction (not through publishEvent, which would fan
   * the event out to every endpoint subscribed to `*`).
   */
  async sendTest(endpointId: string): Promise<WebhookDelivery> {
    return this.db.transaction().execute(async (trx) => {
      await this.deliverable(trx, endpointId);
      const eventId = newId('evt');
      const data = { object: 'webhook_test', endpointId, message: 'This is a test event sent by Keel on request.' };
      await trx.insertInto('events').values({ id: eventId, type: 'webhook.test', api_version: EVENT_API_VERSION, data: JSON.stringify(data) }).execute();
      const row = await trx
        .insertInto('webhook_deliveries')
        .values({ ...FRESH_DELIVERY, id: newId('whd'), event_id: eventId, endpoint_id: endpointId, kind: 'test' })
        .returningAll()
        .executeTakeFirstOrThrow();
      await notify(trx);
      return this.toDelivery(row, 'webhook.test');
    });
  }
}

/** Wakes the delivery workers when the transaction commits (a hint; they also poll). */
async function notify(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_notify(${WEBHOOK_NOTIFY_CHANNEL}, '')`.execute(trx);
}
