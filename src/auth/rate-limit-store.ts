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
      const now = Date.now();
      const start = now - (now % timeWindow);
      sql<{ hits: number }>`
        insert into rate_limit_counters (bucket, window_start, hits) values (${key}, ${new Date(start)}, 1)
        on conflict (bucket, window_start) do update set hits = rate_limit_counters.hits + 1
        returning hits`
        .execute(db)
        .then((r) => cb(null, { current: Number(r.rows[0]?.hits ?? 1), ttl: start + timeWindow - now }))
        .catch((err: Error) => cb(err));
    }

    child(): PgRateLimitStore {
      return new PgRateLimitStore();
    }
  };
}

/** Deletes counters of windows that ended; run periodically by a worker. */
export async function pruneRateLimitCounters(db: Kysely<DB>, olderThan: Date): Promise<number> {
  const r = await db.deleteFrom('rate_limit_counters').where('window_start', '<', olderThan).executeTakeFirst();
  return Number(r.numDeletedRows);
}
