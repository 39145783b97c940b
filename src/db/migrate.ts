import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { PermanentError } from '../lib/errors.ts';
import type { DB } from './schema.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Arbitrary constant shared by every Keel process: serialises concurrent migrators.
const MIGRATION_LOCK_KEY = 7_304_219_551;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The migrations shipped with this build, in order. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const text = readFileSync(dir + f, 'utf8');
      return { name: f.replace(/\.sql$/, ''), sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Applies pending migrations, each in its own transaction under an advisory lock, so
 * several processes starting at once apply each migration exactly once. A migration whose
 * file changed after it was applied stops the run: history is never rewritten silently.
 */
export async function migrate(db: Kysely<DB>, migrations = listMigrations()): Promise<MigrateResult> {
  await db.transaction().execute(async (trx) => {
    // Concurrent `create table if not exists` can still collide in the catalog: lock first.
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
    await sql`create table if not exists keel_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`.execute(trx);
  });
  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  for (const m of migrations) {
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      const row = await trx
        .selectFrom('keel_migrations')
        .select(['checksum'])
        .where('name', '=', m.name)
        .executeTakeFirst();
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new PermanentError(
            'migration_modified',
            `migration ${m.name} was changed after it was applied (checksum differs); add a new migration instead`,
          );
        }
        alreadyApplied.push(m.name);
        return;
      }
      await sql.raw(m.sql).execute(trx);
      await trx.insertInto('keel_migrations').values({ name: m.name, checksum: m.checksum }).execute();
      applied.push(m.name);
    });
  }
  return { applied, alreadyApplied };
}
