import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PermanentError } from '../lib/errors.ts';
import { acquirePidLock } from '../lib/pid-lock.ts';
import { ensurePrivateDir } from '../lib/private-dir.ts';
import { pglitePool } from './pglite-pool.ts';
import type { DB } from './schema.ts';

export interface DatabaseOptions {
  /** Postgres server URL; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` (or undefined) keeps it in memory. */
  pglitePath?: string | undefined;
  poolSize?: number;
  /** Postgres schema to use (created if missing); isolates test runs on a shared server. */
  schema?: string;
  /**
   * Told what an operator should know but need not act on: the PGlite directory's permissions
   * tightened, a pooled Postgres connection lost (default: a process warning).
   */
  warn?: (message: string) => void;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<DB>;
  /** Quick liveness probe for `/ready`. */
  ping(): Promise<void>;
  /** SQL statements run through `db` so far (transaction begin/commit included): `keel_db_statements_total`. */
  statements(): number;
  /**
   * Subscribes to a Postgres NOTIFY channel (a dedicated connection on a server; PGlite's own
   * listener when embedded). Wake-ups only: a missed notification must never lose work.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * PGlite is one process's database: two processes opening the same directory corrupt it.
 * A lock file next to the directory (holding the owner's pid) refuses a second opener with a
 * clear message; a lock whose process is gone is taken over.
 */
function lockDataDir(path: string): () => void {
  return acquirePidLock(
    `${path.replace(/\/+$/, '')}.lock`,
    (owner) =>
      new PermanentError(
        'database_locked',
        `the embedded database ${path} is in use by process ${owner} (PGlite allows one process); stop it, or run this through its API`,
      ),
  );
}

/**
 * Opens the database Keel runs on: a Postgres server when a URL is configured, otherwise
 * an embedded PGlite directory. The same migrations and the same Kysely queries run on both.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  let db: Kysely<DB>;
  let kind: Database['kind'];
  let listen: Database['listen'];
  let statements = 0;
  // Kysely calls this once per statement it runs (begin and commit included): a counter, nothing logged.
  const log = () => {
    statements++;
  };
  const closers: Array<() => Promise<void>> = [];
  if (opts.url) {
    kind = 'postgres';
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      // int8 as a JS number, as PGlite returns it; money is never int8 (numeric(78,0) strings).
      types: {
        getTypeParser: (oid: number, format?: 'text' | 'binary') =>
          oid === 20 ? Number : pg.types.getTypeParser(oid, format),
      } as pg.CustomTypesConfig,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    // A connection the server ends (pg_terminate_backend, a restart, a failover) emits 'error':
    // on the pool while it is idle, on the client while checked out between two statements of a
    // transaction. An 'error' nobody listens to is thrown and kills the process. Heard, the
    // transaction's next statement fails (and its work is rolled back by the server), and the
    // pool drops the broken connection on release and opens a new one for the next query.
    const warn = opts.warn ?? ((m: string) => process.emitWarning(m));
    pool.on('connect', (client) => {
      client.on('error', (err) => warn(`a database connection was lost (${err.message}); it will be replaced`));
    });
    // Already reported by the client's own listener above.
    pool.on('error', () => {});
    if (opts.schema) {
      const c = await pool.connect();
      try {
        await c.query(`create schema if not exists "${opts.schema}"`);
      } finally {
        c.release();
      }
    }
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log });
    const url = opts.url;
    listen = (channel, onNotify) => listenWithReconnect(url, channel, onNotify, warn);
  } else {
    kind = 'pglite';
    const path = opts.pglitePath && opts.pglitePath !== 'memory://' ? opts.pglitePath : undefined;
    // Owner only (0700): it holds API key hashes, sealed secrets and the audit trail.
    if (path) ensurePrivateDir(path, opts.warn ?? ((m) => process.emitWarning(m)));
    const unlock = path ? lockDataDir(path) : () => {};
    let lite: PGlite;
    try {
      lite = path ? await PGlite.create(path) : await PGlite.create();
    } catch (err) {
      unlock();
      throw err;
    }
    closers.push(async () => unlock());
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pglitePool(lite) as never }), log });
    listen = async (channel, onNotify) => {
      const unsubscribe = await lite.listen(channel, onNotify);
      return async () => {
        await unsubscribe().catch(() => {});
      };
    };
  }
  await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
  return {
    kind,
    db,
    listen,
    statements: () => statements,
    async ping() {
      await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    },
    async close() {
      await db.destroy();
      for (const c of closers) await c();
    },
  };
}

/**
 * A Postgres LISTEN on its own connection that comes back after the server ends it
 * (pg_terminate_backend, a restart, a failover): reconnects with a doubling delay (100 ms up
 * to 5 s) until unsubscribed, and calls `onNotify('')` once back, since notifications sent
 * while it was away are lost (pollers would find the work too, later). The first connection's
 * failure is thrown to the caller, as before.
 */
async function listenWithReconnect(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  warn: (message: string) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let delay = 100;
  const open = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === channel) onNotify(n.payload ?? '');
    });
    let lost = false;
    const onLost = (why: string) => {
      if (lost || stopped) return;
      lost = true;
      if (client === c) client = undefined;
      void c.end().catch(() => {});
      warn(`the listener on ${channel} lost its database connection (${why}); reconnecting`);
      schedule();
    };
    c.on('error', (err) => onLost(err.message));
    c.on('end', () => onLost('connection ended'));
    client = c;
    await c.connect();
    await c.query(`listen "${channel}"`);
  };
  const schedule = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      open().then(
        () => {
          delay = 100;
          if (!stopped) onNotify('');
        },
        () => {
          // The client's own 'error'/'end' listener has scheduled the next try; a refused
          // connect may emit neither, so schedule here too (schedule() is idempotent).
          delay = Math.min(delay * 2, 5_000);
          client?.end().catch(() => {});
          client = undefined;
          schedule();
        },
      );
    }, delay);
  };
  await open();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}
