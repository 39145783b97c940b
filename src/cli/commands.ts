import { sql, type Kysely } from 'kysely';
import { AuditStore, formatVerifyResult, parseAnchor } from '../audit/store.ts';
import { KeysStore } from '../auth/keys-store.ts';
import { PrincipalsStore } from '../auth/principals-store.ts';
import { configPath, loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate, type MigrateResult } from '../db/migrate.ts';
import type { DB } from '../db/schema.ts';
import { isDatabaseConnectionLoss } from '../db/connection-loss.ts';
import { KeelError, PermanentError, RetryableError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import { startKeel, type Role } from '../runtime/keel.ts';
import { EXIT } from './exit-codes.ts';
import { onShutdown } from './shutdown.ts';

/**
 * The actions of the production commands (`start`, `migrate`, `principals`, `keys`, `audit`,
 * `config check`). main.ts imports this module only when one of them runs, so `keel --help`
 * never loads the database, the API or the chain clients.
 */

/** Options every command that reads the config takes. */
export interface ConfigOpts {
  config?: string;
  env?: string;
}

const load = (o: ConfigOpts) =>
  loadConfig({ ...(o.config ? { file: o.config } : {}), ...(o.env ? { env: o.env } : {}) });

/** Where the database is, without credentials: host, port and database name, or the PGlite path. */
function databaseLabel(config: Config): string {
  if (!config.database.url) return `PGlite ${config.database.pglitePath ?? '(in memory)'}`;
  try {
    const u = new URL(config.database.url);
    return `postgres ${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'postgres (unparseable URL)';
  }
}

/**
 * Opens the configured database and makes one round trip, so an unreachable server, a wrong
 * password or a missing database is reported as such (`database_unavailable`, exit 4) before
 * anything else starts.
 */
async function openReachable(config: Config, warn: (m: string) => void): Promise<Database> {
  let database: Database | undefined;
  try {
    database = await openDatabase({
      url: config.database.url,
      pglitePath: config.database.pglitePath,
      poolSize: config.database.poolSize,
      warn,
    });
    await sql`select 1`.execute(database.db);
    return database;
  } catch (err) {
    await database?.close().catch(() => {});
    if (err instanceof KeelError) throw err;
    throw new RetryableError(
      'database_unavailable',
      `cannot reach the database (${databaseLabel(config)}): ${(err as Error).message || String(err)}`,
      { cause: err },
    );
  }
}

/** Applies pending migrations; a failing one becomes `migration_failed` (exit 4). */
export async function migrateChecked(db: Kysely<DB>): Promise<MigrateResult> {
  try {
    return await migrate(db);
  } catch (err) {
    if (err instanceof KeelError) throw err;
    // A connection lost mid-migration (terminated, failover) is the database, not the migration:
    // nothing of it was kept, and a restart applies it.
    if (isDatabaseConnectionLoss(err))
      throw new RetryableError(
        'database_unavailable',
        `the database connection was lost while migrating: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    throw new PermanentError('migration_failed', `a migration failed: ${(err as Error).message || String(err)}`, {
      cause: err,
    });
  }
}

/** Opens the configured database, applies pending migrations, runs `fn`, always closes. */
async function withDatabase(
  o: ConfigOpts,
  fn: (db: Kysely<DB>, migrated: MigrateResult, config: Config) => Promise<void>,
): Promise<void> {
  const config = load(o);
  const db = await openReachable(config, (m) => console.warn(`warning: ${m}`));
  try {
    await fn(db.db, await migrateChecked(db.db), config);
  } finally {
    await db.close();
  }
}

/** `keel start`: one production process of the given role, until SIGTERM/SIGINT. */
export async function start(o: ConfigOpts & { role: Role; migrate: boolean }): Promise<void> {
  const config = load(o);
  const logger = createLogger(config.log);
  const database = await openReachable(config, (m) => logger.warn(m));
  try {
    if (o.migrate) {
      const m = await migrateChecked(database.db);
      if (m.applied.length) logger.info({ module: 'runtime', applied: m.applied }, 'database migrated');
    }
    const keel = await startKeel({ config, role: o.role, logger, database, migrate: false });
    onShutdown(async () => {
      logger.info('stopping');
      await keel.stop();
      await database.close();
    });
  } catch (err) {
    await database.close().catch(() => {});
    throw startupError(err);
  }
}

/**
 * What ends a failed start: start-up reads (swaps to settle, leases, …) can meet a failover
 * or `pg_terminate_backend` too, and that is the database (`database_unavailable`, exit 4,
 * worth a restart), not a bug (exit 1).
 */
export function startupError(err: unknown): unknown {
  if (err instanceof KeelError || !isDatabaseConnectionLoss(err)) return err;
  return new RetryableError(
    'database_unavailable',
    `the database connection was lost while starting: ${(err as Error).message}`,
    { cause: err },
  );
}

/** `keel migrate`. */
export async function migrateCommand(o: ConfigOpts): Promise<void> {
  await withDatabase(o, async (_db, r) => {
    console.log(r.applied.length ? `applied: ${r.applied.join(', ')}` : 'database is up to date');
  });
}

// The CLI holds the database: it is the bootstrap path. Principals and keys it creates are
// active at once, without the approvals the API requires (audited with actor `cli`).
const withPrincipals = (o: ConfigOpts, fn: (p: PrincipalsStore, k: KeysStore) => Promise<void>) =>
  withDatabase(o, (db, _m, config) => fn(new PrincipalsStore(db, config.auth.approvalsRequired), new KeysStore(db)));

/** `keel principals create`. */
export async function principalsCreate(o: ConfigOpts & { name: string; kind: 'operator' | 'service' }): Promise<void> {
  await withPrincipals(o, async (p) => {
    const created = await p.bootstrap({ name: o.name, kind: o.kind });
    console.log(`created ${created.id} (${created.name}, ${created.kind})`);
    console.log(`give it a key: keel keys create --principal ${created.id} --name "…" --scopes …`);
  });
}

/** `keel principals list`. */
export async function principalsList(o: ConfigOpts): Promise<void> {
  await withPrincipals(o, async (p) => {
    for (const x of await p.list())
      console.log(`${x.id}\t${x.name}\t${x.kind}\t${x.status}\tcreated by ${x.createdBy}`);
  });
}

/** `keel keys create`: the token is printed once and never stored. */
export async function keysCreate(o: ConfigOpts & { name: string; scopes: string; principal?: string }): Promise<void> {
  await withPrincipals(o, async (p, k) => {
    const principalId = o.principal ? (await p.find(o.principal)).id : undefined;
    const { key, token } = await k.create({
      name: o.name,
      scopes: o.scopes
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      principalId,
    });
    console.log(
      `created ${key.id} (${key.name}) for principal ${key.principal.id} (${key.principal.name}) with scopes ${key.scopes.join(', ')}`,
    );
    console.log(`token (shown once, store it now): ${token}`);
  });
}

/** `keel keys list` (never their secrets). */
export async function keysList(o: ConfigOpts): Promise<void> {
  await withDatabase(o, async (db) => {
    for (const key of await new KeysStore(db).list()) {
      const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : key.status;
      console.log(
        `${key.id}\t${key.name}\t${key.principal.id} (${key.principal.name})\t${state}\t${key.scopes.join(',')}\tlast used ${key.lastUsedAt?.toISOString() ?? 'never'}`,
      );
    }
  });
}

/** `keel keys revoke <id>`. */
export async function keysRevoke(id: string, o: ConfigOpts): Promise<void> {
  await withDatabase(o, async (db) => {
    const key = await new KeysStore(db).revoke(id);
    console.log(`revoked ${key.id} (${key.name})`);
  });
}

/** `keel audit verify`: exit 3 at the first missing, altered or replaced entry. */
export async function auditVerify(o: ConfigOpts & { anchor?: string }): Promise<void> {
  const anchor = o.anchor === undefined ? undefined : parseAnchor(o.anchor);
  if (o.anchor !== undefined && !anchor)
    throw new KeelError(
      'invalid_anchor',
      'an anchor is <seq>:<64 hex characters>, as `keel audit verify` prints the head',
    );
  await withDatabase(o, async (db) => {
    const r = await new AuditStore(db).verify({ anchor });
    console.log(formatVerifyResult(r));
    if (!r.ok) process.exitCode = EXIT.checkFailed;
  });
}

/** `keel audit list`, newest first. */
export async function auditList(
  o: ConfigOpts & { limit: string; action?: string; actor?: string; subject?: string },
): Promise<void> {
  await withDatabase(o, async (db) => {
    const page = await new AuditStore(db).list({
      limit: Math.min(500, Math.max(1, Number(o.limit) || 50)),
      action: o.action,
      actor: o.actor,
      subject: o.subject,
    });
    for (const e of page.data)
      console.log(`${e.seq}\t${e.at}\t${e.actor}\t${e.action}\t${e.subject ?? '-'}\t${JSON.stringify(e.details)}`);
  });
}

/** `keel config check`: validates a file and prints every problem (exit 78 when invalid). */
export function configCheck(o: { env?: string; config?: string; file?: string }): void {
  const file = o.config ?? o.file;
  const where = configPath({ ...(file ? { file } : {}), ...(o.env ? { env: o.env } : {}) });
  const cfg = loadConfig({ ...(file ? { file } : {}), ...(o.env ? { env: o.env } : {}) });
  console.log(
    `${where.file}: valid (${cfg.env}; chains ${cfg.chains.map((c) => `${c.chainId} ${c.name}`).join(', ')})`,
  );
}
