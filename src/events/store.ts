import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { EVENT_API_VERSION, readableEventTypes, readScopesOf, type EventType } from './catalogue.ts';
import { dbJson } from '../db/json.ts';

/** An event as the API and webhooks show it. */
export interface KeelEvent {
  id: string;
  object: 'event';
  type: string;
  /** When the event happened, ISO-8601 UTC: the top-level `timestamp` of the Standard Webhooks payload shape. */
  timestamp: string;
  apiVersion: number;
  createdAt: string;
  data: { object: unknown };
}

/** Channel on which a new delivery wakes the webhook workers (a hint; they also poll). */
export const WEBHOOK_NOTIFY_CHANNEL = 'keel_webhook_deliveries';

interface EventRow {
  id: string;
  type: string;
  api_version: number;
  data: unknown;
  created_at: Date;
}

export function toEvent(r: EventRow): KeelEvent {
  const at = r.created_at.toISOString();
  return {
    id: r.id,
    object: 'event',
    type: r.type,
    timestamp: at,
    apiVersion: r.api_version,
    createdAt: at,
    data: { object: dbJson(r.data) },
  };
}

/**
 * Records an event in the caller's transaction (the transactional outbox): the state change
 * and its event commit together or not at all. Deliveries to every enabled endpoint
 * subscribed to the type are created in the same statement set, so none can be missed — only
 * to endpoints whose key may read the type (`read_scopes` overlaps the type's read scopes;
 * null: Keel's own endpoint), so `*` never carries a resource its owner could not read.
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
        and (w.read_scopes is null or w.read_scopes && ${[...readScopesOf(type)]}::text[])
      returning 1)
    select e.*, (select count(*) from d)::int as fanned from e`.execute(trx);
  const row = r.rows[0]!;
  if (row.fanned > 0) await sql`select pg_notify(${WEBHOOK_NOTIFY_CHANNEL}, '')`.execute(trx);
  return toEvent(row);
}

/**
 * `publishEvent` as three CTE bodies of the caller's own statement, for a change that is one
 * statement with its event and so needs no database transaction around it (begin and commit
 * are two round trips of four): `event` inserts the event, `deliveries` fans it out to the
 * subscribed endpoints (it reads the event CTE, named `names.event`), and `wake` tells the
 * webhook workers when it fanned out to any (it reads `names.deliveries`; a SELECT CTE only
 * runs when read, so the statement must select from it). Each body comes in parentheses, as
 * Kysely writes a raw CTE body as given. `resource`: the full resource as it is once the
 * statement has run.
 */
export function eventInStatement(
  type: EventType,
  resource: unknown,
  names: { event: string; deliveries: string },
): {
  event: RawBuilder<{ id: string }>;
  deliveries: RawBuilder<{ one: number }>;
  wake: RawBuilder<{ one: number }>;
} {
  const id = newId('evt');
  const ev = sql.table(names.event);
  return {
    event: sql`(insert into events (id, type, api_version, data)
      values (${id}::text, ${type}::text, ${EVENT_API_VERSION}::int, ${JSON.stringify(resource)}::jsonb) returning id)`,
    deliveries: sql`(insert into webhook_deliveries (id, event_id, endpoint_id, kind)
      select 'whd_' || ev.id || '_' || w.id, ev.id, w.id, 'event'
      from webhook_endpoints w, ${ev} ev
      where w.status = 'enabled' and w.deleted_at is null
        and (${type}::text = any(w.event_types) or '*' = any(w.event_types))
        and (w.read_scopes is null or w.read_scopes && ${[...readScopesOf(type)]}::text[])
      returning 1 as one)`,
    wake: sql`(select 1 as one from (select pg_notify(${WEBHOOK_NOTIFY_CHANNEL}, '')
      where exists (select 1 from ${sql.table(names.deliveries)})) w)`,
  };
}

/**
 * Records an event without fanning it out to the subscribed endpoints, in the caller's
 * transaction, and returns its id: for an event meant for one endpoint only (a webhook test
 * event), whose single delivery the caller creates.
 */
export async function recordEventOnly(trx: Transaction<DB>, type: string, data: unknown): Promise<string> {
  const id = newId('evt');
  await trx
    .insertInto('events')
    .values({ id, type, api_version: EVENT_API_VERSION, data: JSON.stringify(data) })
    .execute();
  return id;
}

/**
 * `publishEvent` for many events at once (one statement), in order: for a state change that
 * touches many resources in one transaction (a block full of payments).
 */
export async function publishEvents(
  trx: Transaction<DB>,
  items: ReadonlyArray<{ type: EventType; resource: unknown }>,
): Promise<void> {
  if (items.length === 0) return;
  const ids = items.map(() => newId('evt'));
  // The resources as one text, a line each (JSON text never holds a raw newline), each line
  // parsed on its own by the server: several times cheaper for it than one big JSON document
  // (parsed whole, then taken apart) and cheaper for the driver than a jsonb[] parameter.
  const lines = items.map((it) => JSON.stringify(it.resource)).join('\n');
  const types = [...new Set(items.map((it) => it.type))];
  // Per type, the scopes that read it, as one parameter: (type, scope) pairs.
  const readers = JSON.stringify(types.flatMap((t) => readScopesOf(t).map((s) => ({ t, s }))));
  const r = await sql<{ fanned: number }>`
    with e as (
      insert into events (id, type, api_version, data)
      select x.id, x.type, ${EVENT_API_VERSION}, x.data::jsonb
      from unnest(${ids}::text[], ${items.map((it) => it.type)}::text[], string_to_array(${lines}, chr(10)))
        with ordinality as x(id, type, data, ord)
      order by x.ord
      returning id, type),
    d as (
      insert into webhook_deliveries (id, event_id, endpoint_id, kind)
      select 'whd_' || e.id || '_' || w.id, e.id, w.id, 'event'
      from e join webhook_endpoints w
        on w.status = 'enabled' and w.deleted_at is null and (e.type = any(w.event_types) or '*' = any(w.event_types))
      where w.read_scopes is null
        or exists (select 1 from jsonb_to_recordset(${readers}::jsonb) as r(t text, s text) where r.t = e.type and r.s = any(w.read_scopes))
      returning 1)
    select (select count(*) from d)::int as fanned`.execute(trx);
  if ((r.rows[0]?.fanned ?? 0) > 0) await sql`select pg_notify(${WEBHOOK_NOTIFY_CHANNEL}, '')`.execute(trx);
}

/**
 * The resources of the events of `type` recorded at or after `since`, oldest first, whose
 * top-level `field` equals `value` (e.g. the treasury watcher's alerts of one breaker since it
 * tripped: what it already said, so it says nothing twice).
 */
export async function eventResourcesSince(
  db: Kysely<DB>,
  type: EventType,
  since: Date,
  field: string,
  value: string,
): Promise<unknown[]> {
  const rows = await db
    .selectFrom('events')
    .select('data')
    .where('type', '=', type)
    .where('created_at', '>=', since)
    .where(sql<string>`data->>${field}`, '=', value)
    .orderBy('seq')
    .execute();
  return rows.map((r) => dbJson(r.data));
}

export interface ListEventsInput {
  types?: string[];
  /** Only events the holder of these scopes may read (docs/events.md, "Who receives what"); undefined: all. */
  scopes?: readonly string[];
  /** Return events after this one (cursor). */
  after?: string;
  /** The query parameter that carried `after`, named in a 422 (`startingAfter`, or the deprecated `after`). */
  cursorParam?: string | undefined;
  limit: number;
}

/** Reading events: cursor pagination that never skips an event committed late. */
export class EventsStore {
  constructor(private readonly db: Kysely<DB>) {}

  /** One event; 404 also when `scopes` do not read its type (it does not exist for that key). */
  async get(id: string, scopes?: readonly string[]): Promise<KeelEvent> {
    const r = await this.db
      .selectFrom('events')
      .select(['id', 'type', 'api_version', 'data', 'created_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r || (scopes && !readableEventTypes(scopes).includes(r.type as EventType)))
      throw new NotFoundError(`no event ${id}`);
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
    if (input.scopes) {
      const readable = readableEventTypes(input.scopes);
      q = readable.length ? q.where('type', 'in', readable) : q.where(sql<boolean>`false`);
    }
    if (input.after) {
      const cursor = await this.db
        .selectFrom('events')
        .select(['txid', 'seq'])
        .where('id', '=', input.after)
        .executeTakeFirst();
      if (!cursor)
        throw new ValidationError(`unknown cursor ${input.after}`, [
          {
            field: `querystring.${input.cursorParam ?? 'after'}`,
            code: 'unknown_event',
            message: 'no event with this id',
          },
        ]);
      q = q.where(sql<boolean>`(txid, seq) > (${cursor.txid}::bigint, ${cursor.seq}::bigint)`);
    }
    const rows = await q.execute();
    const hasMore = rows.length > input.limit;
    const data = rows.slice(0, input.limit).map(toEvent);
    return { data, hasMore, nextCursor: data.length ? data[data.length - 1]!.id : (input.after ?? null) };
  }
}
