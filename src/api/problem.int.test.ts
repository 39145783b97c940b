import Fastify from 'fastify';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { useProblems } from './problem.ts';

const PG_URL = process.env.DATABASE_URL;

describe.skipIf(!PG_URL)('problems: a database connection lost mid-request', () => {
  it('answers a retryable 503 database_unavailable, not a 500', { timeout: 60_000 }, async () => {
    const appName = `keel-problem-test-${process.pid}-${Date.now()}`;
    const url = new URL(PG_URL!);
    url.searchParams.set('application_name', appName);
    const db = await openDatabase({ url: url.toString(), poolSize: 2, warn: () => {} });
    const admin = await openDatabase({ url: PG_URL!, poolSize: 1 });
    const app = Fastify({ logger: false });
    useProblems(app);
    // A transaction whose connection the server ends between two statements (pg_terminate_backend, a failover).
    app.post('/work', async () => {
      await db.db.transaction().execute(async (trx) => {
        const me = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await sql`select pg_terminate_backend(${me.rows[0]!.pid})`.execute(admin.db);
        await sql`select 1`.execute(trx);
      });
      return { ok: true };
    });
    try {
      const res = await app.inject({ method: 'POST', url: '/work' });
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json()).toMatchObject({ code: 'database_unavailable', status: 503 });
    } finally {
      await app.close();
      await Promise.all([db.close(), admin.close()]);
    }
  });
});
