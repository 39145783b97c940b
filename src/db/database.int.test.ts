import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';

const root = mkdtempSync(join(tmpdir(), 'keel-db-mode-'));
const modeOf = (p: string) => statSync(p).mode & 0o777;

describe('openDatabase (PGlite directory permissions)', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates the PGlite directory (and a missing .keel/) with mode 0700', { timeout: 60_000 }, async () => {
    const path = join(root, 'fresh', '.keel', 'db');
    const warnings: string[] = [];
    const db = await openDatabase({ pglitePath: path, warn: (m) => warnings.push(m) });
    try {
      expect(modeOf(path)).toBe(0o700);
      expect(modeOf(join(root, 'fresh', '.keel'))).toBe(0o700);
      expect(warnings).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('tightens an existing PGlite directory with a wider mode at start, with a warning', {
    timeout: 60_000,
  }, async () => {
    const path = join(root, 'old-db');
    mkdirSync(path);
    chmodSync(path, 0o775);
    const warnings: string[] = [];
    const db = await openDatabase({ pglitePath: path, warn: (m) => warnings.push(m) });
    try {
      expect(modeOf(path)).toBe(0o700);
      expect(warnings).toEqual([expect.stringContaining('tightened to 0700')]);
    } finally {
      await db.close();
    }
  });
});

const PG_URL = process.env.DATABASE_URL;

describe.skipIf(!PG_URL)('openDatabase (Postgres connections ended by the server)', () => {
  it('a connection the server ends (pg_terminate_backend, a failover), idle or inside a transaction, is dropped, not fatal', {
    timeout: 60_000,
  }, async () => {
    const appName = `keel-db-test-${process.pid}-${Date.now()}`;
    const url = new URL(PG_URL!);
    url.searchParams.set('application_name', appName);
    const warnings: string[] = [];
    const db = await openDatabase({ url: url.toString(), poolSize: 2, warn: (m) => warnings.push(m) });
    const admin = await openDatabase({ url: PG_URL!, poolSize: 1 });
    try {
      // Materialised first, so the server never evaluates pg_terminate_backend on anyone else's connection.
      const terminate = async () => {
        const killed = await sql<{ n: number }>`
          with mine as materialized (
            select pid from pg_stat_activity where application_name = ${appName} and pid <> pg_backend_pid()
          )
          select (count(*) filter (where pg_terminate_backend(pid)))::int as n from mine`.execute(admin.db);
        expect(killed.rows[0]!.n).toBeGreaterThan(0);
      };
      await db.ping(); // leaves an idle connection in the pool
      await terminate();
      // The pool hears of it as an 'error' on the idle client; without a listener that error is thrown (the process dies).
      for (let i = 0; i < 100 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      // One warning or two: node-postgres may report the server's FATAL and then the closed socket.
      expect(warnings.length).toBeGreaterThan(0);
      for (const w of warnings) expect(w).toContain('connection was lost');
      await db.ping();

      // Checked out inside a transaction, between two statements: the transaction fails, the process lives on.
      warnings.length = 0;
      const inTransaction = db.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await terminate();
        for (let i = 0; i < 100 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
        await sql`select 1`.execute(trx);
      });
      await expect(inTransaction).rejects.toThrow();
      // One warning or two: node-postgres may report the server's FATAL and then the closed socket.
      expect(warnings.length).toBeGreaterThan(0);
      for (const w of warnings) expect(w).toContain('connection was lost');
      await db.ping();
    } finally {
      await Promise.all([db.close(), admin.close()]);
    }
  });

  it('a LISTEN whose connection the server ends reconnects and hears later notifications', {
    timeout: 60_000,
  }, async () => {
    const appName = `keel-listen-test-${process.pid}-${Date.now()}`;
    const url = new URL(PG_URL!);
    url.searchParams.set('application_name', appName);
    const warnings: string[] = [];
    const db = await openDatabase({ url: url.toString(), poolSize: 1, warn: (m) => warnings.push(m) });
    const admin = await openDatabase({ url: PG_URL!, poolSize: 1 });
    const channel = `keel_listen_test_${process.pid}`;
    const heard: string[] = [];
    const unlisten = await db.listen(channel, (p) => heard.push(p));
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(ok()).toBe(true);
    };
    try {
      await sql`select pg_notify(${channel}, 'before')`.execute(admin.db);
      await until(() => heard.includes('before'));
      const killed = await sql<{ n: number }>`
        with mine as materialized (
          select pid from pg_stat_activity where application_name = ${appName} and query ilike 'listen%'
        )
        select (count(*) filter (where pg_terminate_backend(pid)))::int as n from mine`.execute(admin.db);
      expect(killed.rows[0]!.n).toBe(1);
      await until(() => warnings.some((w) => w.includes('reconnecting')));
      // Notified until heard: the reconnect takes a moment, and a notification sent before it is lost by design.
      for (let i = 0; i < 250 && !heard.includes('after'); i++) {
        await sql`select pg_notify(${channel}, 'after')`.execute(admin.db);
        await new Promise((r) => setTimeout(r, 40));
      }
      expect(heard).toContain('after');
    } finally {
      await unlisten();
      await Promise.all([db.close(), admin.close()]);
    }
  });
});
