import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;

/**
 * A `@fastify/rate-limit` store on Postgres: fixed windows counted with one upsert, shared by
 * every API process. The window start is aligned to the wall clock so all processes agree.
 */
export function createPgRateLimitStore(db: Kysely<DB>) {
  return class PgRateLimitStore {
    incr(key: string, cb: Callback, timeWindow: number): void {
      hitCounter(db, key, timeWindow)
        .then((r) => cb(null, r))
        .catch((err: Error) => cb(err));
    }

    child(): PgRateLimitStore {
      return new PgRateLimitStore();
    }
  };
}

/** A counter's value in the current window and the milliseconds until that window ends. */
export interface CounterState {
  current: number;
  ttl: number;
}

/** The wall-clock aligned window `now` falls in: its start, and the milliseconds until it ends. */
export function currentWindow(windowMs: number): { start: number; ttl: number } {
  const now = Date.now();
  const start = now - (now % windowMs);
  return { start, ttl: start + windowMs - now };
}

/** Adds one to `bucket` in the current (wall-clock aligned) window: one upsert. */
export async function hitCounter(db: Kysely<DB>, bucket: string, windowMs: number): Promise<CounterState> {
  const w = currentWindow(windowMs);
  const r = await sql<{ hits: number }>`
    insert into rate_limit_counters (bucket, window_start, hits) values (${bucket}, ${new Date(w.start)}, 1)
    on conflict (bucket, window_start) do update set hits = rate_limit_counters.hits + 1
    returning hits`.execute(db);
  return { current: Number(r.rows[0]?.hits ?? 1), ttl: w.ttl };
}

/** Reads `bucket` in the current window without counting (0 when it has no row). */
export async function readCounter(db: Kysely<DB>, bucket: string, windowMs: number): Promise<CounterState> {
  const w = currentWindow(windowMs);
  return { current: await readHits(db, { bucket, windowStart: new Date(w.start) }), ttl: w.ttl };
}

/** The hits of `bucket` in the window starting at `windowStart` (0 when it has no row). */
export async function readHits(db: Kysely<DB>, c: { bucket: string; windowStart: Date }): Promise<number> {
  const row = await db
    .selectFrom('rate_limit_counters')
    .select('hits')
    .where('bucket', '=', c.bucket)
    .where('window_start', '=', c.windowStart)
    .executeTakeFirst();
  return Number(row?.hits ?? 0);
}

/** Deletes counters of windows that ended; run periodically by a worker. */
export async function pruneRateLimitCounters(db: Kysely<DB>, olderThan: Date): Promise<number> {
  const r = await db.deleteFrom('rate_limit_counters').where('window_start', '<', olderThan).executeTakeFirst();
  return Number(r.numDeletedRows);
}
