import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

export interface TestDatabase extends Database {
  /** Connection settings another process or instance can use to reach the same data. */
  options: { url?: string; schema?: string };
}

/**
 * A migrated database for one test file: a fresh schema on the Postgres server named by
 * `DATABASE_URL` when set (CI), otherwise an in-memory PGlite. `close()` drops the schema.
 */
export async function testDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openDatabase({ pglitePath: 'memory://' });
    await migrate(db.db);
    return Object.assign(db, { options: {} });
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const db = await openDatabase({ url, schema, poolSize: 5 });
  await migrate(db.db);
  const close = db.close.bind(db);
  return Object.assign(db, {
    options: { url, schema },
    async close() {
      await close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await c.end();
      }
    },
  });
}
