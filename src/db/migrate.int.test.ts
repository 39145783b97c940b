import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { openDatabase } from './database.ts';
import { listMigrations, migrate } from './migrate.ts';

describe('migrations', () => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of opened) await d.close();
  });

  it('applies every shipped migration once and is a no-op the second time', async () => {
    const d = await testDatabase();
    opened.push(d);
    const again = await migrate(d.db);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(listMigrations().map((m) => m.name));
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema()`.execute(d.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['api_keys', 'rate_limit_counters', 'keel_migrations']),
    );
  });

  it('refuses to run when an applied migration file was edited', async () => {
    const d = await testDatabase();
    opened.push(d);
    const edited = listMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));
    await expect(migrate(d.db, edited)).rejects.toMatchObject({ code: 'migration_modified' });
  });

  it('rolls back a failing migration entirely', async () => {
    const d = await testDatabase();
    opened.push(d);
    const dir = mkdtempSync(join(tmpdir(), 'keel-mig-'));
    writeFileSync(join(dir, '0001_bad.sql'), 'create table half_done (x int);\nselect * from no_such_table;');
    const bad = listMigrations(dir + '/');
    await expect(migrate(d.db, bad)).rejects.toThrow(/no_such_table/);
    const t = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
      where table_schema = current_schema() and table_name = 'half_done'`.execute(d.db);
    expect(t.rows[0]?.n).toBe(0);
    rmSync(dir, { recursive: true });
  });

  it.runIf(process.env.DATABASE_URL)('concurrent migrators on one Postgres apply each migration once', async () => {
    const d = await testDatabase();
    opened.push(d);
    const tables = await sql<{
      t: string;
    }>`select table_name as t from information_schema.tables where table_schema = current_schema()`.execute(d.db);
    await sql.raw(`drop table ${tables.rows.map((r) => `"${r.t}"`).join(', ')} cascade`).execute(d.db);
    const others = await Promise.all([1, 2, 3].map(() => openDatabase({ ...d.options, poolSize: 2 })));
    const results = await Promise.all(others.map((o) => migrate(o.db)));
    await Promise.all(others.map((o) => o.close()));
    const appliedCounts = results.map((r) => r.applied.length);
    expect(appliedCounts.reduce((a, b) => a + b, 0)).toBe(listMigrations().length);
  });

  it('0016 gives every existing key a principal of its own and carries it to what the key made', async () => {
    const d = await testDatabase();
    opened.push(d);
    const tables = await sql<{
      t: string;
    }>`select table_name as t from information_schema.tables where table_schema = current_schema()`.execute(d.db);
    await sql.raw(`drop table ${tables.rows.map((r) => `"${r.t}"`).join(', ')} cascade`).execute(d.db);
    const all = listMigrations();
    await migrate(
      d.db,
      all.filter((m) => m.name < '0016'),
    );
    await sql
      .raw(`
      insert into api_keys (id, name, secret_hash, scopes) values
        ('key_01aaaaaaaaaaaaaaaaaaaaaaaa', 'ops', 'h', '{admin,review}'),
        ('key_01bbbbbbbbbbbbbbbbbbbbbbbb', 'ops', 'h', '{webhooks:write}');
      insert into webhook_endpoints (id, url, event_types, secret_enc, created_by)
        values ('we_1', 'https://93.184.215.14/', '{*}', 's', 'key_01bbbbbbbbbbbbbbbbbbbbbbbb'), ('we_2', 'https://93.184.215.14/', '{*}', 's', null);`)
      .execute(d.db);
    await migrate(d.db);
    const keys = await d.db.selectFrom('api_keys').select(['id', 'principal_id', 'status']).orderBy('id').execute();
    expect(keys).toEqual([
      { id: 'key_01aaaaaaaaaaaaaaaaaaaaaaaa', principal_id: 'prn_01aaaaaaaaaaaaaaaaaaaaaaaa', status: 'active' },
      { id: 'key_01bbbbbbbbbbbbbbbbbbbbbbbb', principal_id: 'prn_01bbbbbbbbbbbbbbbbbbbbbbbb', status: 'active' },
    ]);
    const principals = await d.db
      .selectFrom('principals')
      .select(['id', 'name', 'status', 'created_by'])
      .orderBy('id')
      .execute();
    expect(principals.map((p) => [p.name, p.status, p.created_by])).toEqual([
      ['ops', 'active', 'migration'],
      ['ops', 'active', 'migration'],
    ]);
    const endpoints = await d.db
      .selectFrom('webhook_endpoints')
      .select(['id', 'owner_principal', 'read_scopes'])
      .orderBy('id')
      .execute();
    expect(endpoints).toEqual([
      { id: 'we_1', owner_principal: 'prn_01bbbbbbbbbbbbbbbbbbbbbbbb', read_scopes: ['webhooks:write'] },
      { id: 'we_2', owner_principal: null, read_scopes: null },
    ]);
  });

  it('keeps PGlite data on disk between opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-lite-'));
    mkdirSync(dir, { recursive: true });
    const a = await openDatabase({ pglitePath: join(dir, 'db') });
    await migrate(a.db);
    await a.db
      .insertInto('principals')
      .values({ id: 'prn_x', name: 'n', kind: 'operator', status: 'active', created_by: 'cli' })
      .execute();
    await a.db
      .insertInto('api_keys')
      .values({
        id: 'key_x',
        name: 'n',
        secret_hash: 'h',
        scopes: ['admin'],
        revoked_at: null,
        last_used_at: null,
        principal_id: 'prn_x',
      })
      .execute();
    await a.close();
    const b = await openDatabase({ pglitePath: join(dir, 'db') });
    // a second opener of the same directory is refused while the first holds it
    await expect(openDatabase({ pglitePath: join(dir, 'db') })).rejects.toMatchObject({ code: 'database_locked' });
    const row = await b.db.selectFrom('api_keys').selectAll().executeTakeFirst();
    expect(row?.scopes).toEqual(['admin']);
    await b.close();
    rmSync(dir, { recursive: true });
  });
});
