import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { EVENT_API_VERSION, type EventType } from './catalogue.ts';
import { dbJson } from '../db/json.ts';

/** An event as the API and webhooks show it. */
export interface KeelEvent {
  id: string;
  object: 'event';
  type: string;
  apiVersion: number;
  createdAt: string;
  data: { object: unknown };
}

/** Channel on which a new delivery wakes the webhook workers (a hint; they also poll). */
export const WEBHOOK_NOTIFY_CHANNEL = 'keel_webhook_deliveries';

type Executor = Kysely<DB> | Transaction<DB>;

interface EventRow {
  id: string;
  type: string;
  api_version: number;
  data: unknown;
  created_at: Date;
}

export function toEvent(r: EventRow): KeelEvent {
  return {
    id: r.id,
    object: 'event',
    type: r.type,
    apiVersion: r.api_version,
    createdAt: r.created_at.toISOString(),
    data: { object: dbJson(r.data) },
  };
}

/**
 * Records an event in the caller's transaction (the transactional outbox): the state change
 * and its event commit together or not at all. Deliveries to every enabled endpoint
 * subscribed to the type are created in the same statement set, so none can be missed.
 * `resource` must be the full resource as it is at this moment.
 */
export async function publishEvent(trx: Transaction<DB>, type: EventType, resource: unknown): Promise<KeelEvent> {
  const id = newId('evt');
  // One statement: the event, and a delivery to every enabled endpoint subscribed to its type.
  const r = await sql<EventRow & { fanned: number }>`
    with e as (
      insert into events (id, type, api_version, data) values (${id}, ${type}, ${EVENT_API_VERSION}, ${JSON.stringify(resource)})
      returning id, type, api_version, data, created_at),
    d as (
      insert into webhook_deliveries (id, event_id, endpoint_id, kind)
      select 'whd_' || ${id}::text || '_' || w.id, ${id}, w.id, 'event'
      from webhook_endpoints w
      where w.status = 'enabled' and w.deleted_at is null
        and (${type} = any(w.event_types) or '*' = any(w.event_types))
      returning 1)
    select e.*, (select count(*) from d)::int as fanned from e`.execute(trx);
  const row = r.rows[0]!;
  if (row.fanned > 0) await sql`select pg_notify(${WEBHOOK_NOTIFY_CHANNEL}, '')`.execute(trx);
  return toEvent(row);
}

/**
 * `publishEvent` for many events at once (one statement), in order: for a state change that
 * touches many resources in one transaction (a block full of payments).
 */
export async function publishEvents(trx: Transaction<DB>, items: ReadonlyArray<{ type: EventType; resource: unknown }>): Promise<void> {
  if (items.length === 0) return;
  // One JSON document parsed once by the server (several times faster than a jsonb[] parameter).
  const doc = JSON.stringify(items.map((it) => ({ id: newId('evt'), type: it.type, data: it.resource })));
  const r = await sql<{ fanned: number }>`
    with e as (
      insert into events (id, type, api_version, data)
      select x.value->>'id', x.value->>'type', ${EVENT_API_VERSION}, x.value->'data'
      from jsonb_array_elements(${doc}::jsonb) with ordinality as x(value, ord)
      order by x.ord
      returning id, type),
    d as (
      insert into webhook_deliveries (id, event_id, endpoint_id, kind)
      select 'whd_' || e.id || '_' || w.id, e.id, w.id, 'event'
      from e join webhook_endpoints w
        on w.status = 'enabled' and w.deleted_at is null and (e.type = any(w.event_types) or '*' = any(w.event_types))
      returning 1)
    select (select count(*) from d)::int as fanned`.execute(trx);
  if ((r.rows[0]?.fanned ?? 0) > 0) await sql`select pg_notify(${WEBHOOK_NOTIFY_CHANNEL}, '')`.execute(trx);
}

export interface ListEventsInput {
  types?: string[];
  /** Return events after this one (cursor). */
  after?: string;
  limit: number;
}

/** Reading events: cursor pagination that never skips an event committed late. */
export class EventsStore {
  constructor(private readonly db: Kysely<DB>) {}

  async get(id: string): Promise<KeelEvent> {
    const r = await this.db.selectFrom('events').select(['id', 'type', 'api_version', 'data', 'created_at']).where('id', '=', id).executeTakeFirst();
    if (!r) throw new NotFoundError(`no event ${id}`);
    return toEvent(r);
  }

  /**
   * Events in commit-safe order: only events of transactions older than every transaction
   * still running are returned, ordered by (writer transaction, sequence). An event whose
   * transaction commits after a reader passed it can therefore never be skipped: it is
   * simply not visible until everything before it is.
   */
  async list(input: ListEventsInput): Promise<{ data: KeelEvent[]; hasMore: boolean; nextCursor: string | null }> {
    let q = this.db
      .selectFrom('events')
      .select(['id', 'type', 'api_version', 'data', 'created_at', 'txid', 'seq'])
      .where(sql<boolean>`txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`)
      .orderBy('txid')
      .orderBy('seq')
      .limit(input.limit + 1);
    if (input.types?.length) q = q.where('type', 'in', input.types);
    if (input.after) {
      const cursor = await this.db.selectFrom('events').select(['txid', 'seq']).where('id', '=', input.after).executeTakeFirst();
      if (!cursor) throw new ValidationError(`unknown cursor ${input.after}`, [{ field: 'querystring.after', code: 'unknown_event', message: 'no event with this id' }]);
      q = q.where(sql<boolean>`(txid, seq) > (${cursor.txid}::bigint, ${cursor.seq}::bigint)`);
    }
    const rows = await q.execute();
    const hasMore = rows.length > input.limit;
    const data = rows.slice(0, input.limit).map(toEvent);
    return { data, hasMore, nextCursor: data.length ? data[data.length - 1]!.id : (input.after ?? null) };
  }
}
