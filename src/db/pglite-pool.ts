import type { PGlite } from '@electric-sql/pglite';

/**
 * Presents one PGlite instance as the tiny subset of a `pg.Pool` that Kysely's Postgres
 * driver uses. PGlite is a single connection, so `connect()` hands it out to one holder at a
 * time (a FIFO mutex): a transaction started by one caller can never interleave with
 * statements of another. Statements without parameters go through `exec`, which accepts
 * multi-statement scripts (migrations) the way a Postgres server's simple protocol does.
 */
export function pglitePool(db: PGlite) {
  let held = false;
  const waiters: Array<() => void> = [];

  const release = () => {
    const next = waiters.shift();
    if (next) next();
    else held = false;
  };

  const client = {
    async query(sql: string, params: readonly unknown[]) {
      const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
      if (params.length === 0) {
        const results = await db.exec(sql);
        const last = results[results.length - 1];
        return { command, rowCount: last?.affectedRows ?? 0, rows: last?.rows ?? [] };
      }
      const r = await db.query(sql, params as unknown[]);
      return { command, rowCount: r.affectedRows ?? 0, rows: r.rows };
    },
    release,
  };

  return {
    async connect() {
      if (held) await new Promise<void>((resolve) => waiters.push(resolve));
      held = true;
      return client;
    },
    async end() {
      await db.close();
    },
  };
}
