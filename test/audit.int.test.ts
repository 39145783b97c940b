import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditStore } from '../src/audit/store.ts';
import { KeysStore } from '../src/auth/keys-store.ts';
import { parseToken } from '../src/auth/tokens.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestKeel, testConfig, type TestKeel } from './helpers/keel.ts';

const config = testConfig({
  webhooks: { allowHttp: false, allowPrivateNetworks: false },
  chains: { '31337': { name: 'Nowhere', rpcUrls: ['http://127.0.0.1:9'] } },
});

describe('audit log over HTTP', () => {
  let db: TestDatabase;
  let keel: TestKeel;
  let adminId: string;
  let auditToken: string;

  beforeAll(async () => {
    db = await testDatabase();
    keel = await startTestKeel(config, db);
    adminId = parseToken(keel.adminToken)!.id;
    auditToken = await keel.tokenWith(['audit:read']);
  });
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
  });

  async function call(
    method: string,
    path: string,
    body?: unknown,
    token = keel.adminToken,
  ): Promise<{ status: number; body: any }> {
    const r = await fetch(`${keel.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  }
  const audit = async (query: string) => (await call('GET', `/v1/audit-log?${query}`, undefined, auditToken)).body;

  it('records key creation and revocation over HTTP with the calling key as actor', async () => {
    expect(adminId).toMatch(/^key_[0-9a-z]{26}$/);
    expect((await keel.keys.list()).some((k) => k.id === adminId)).toBe(true);
    const created = await call('POST', '/v1/api-keys', { name: 'ops bot', scopes: ['events:read'] });
    expect(created.status).toBe(201);
    const revoked = await call('POST', `/v1/api-keys/${created.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    const page = await audit(`subject=${created.body.id}`);
    expect(page.data).toMatchObject([
      {
        object: 'audit_entry',
        action: 'api_key.revoked',
        actor: adminId,
        subject: created.body.id,
        details: { name: 'ops bot' },
      },
      {
        object: 'audit_entry',
        action: 'api_key.created',
        actor: adminId,
        subject: created.body.id,
        details: { name: 'ops bot', scopes: ['events:read'] },
      },
    ]);
    expect(JSON.stringify(page)).not.toContain(created.body.token);
    // keys made outside the API (the test helper, like `keel keys create`) are the CLI's
    const own = await audit(`subject=${adminId}`);
    expect(own.data).toMatchObject([{ action: 'api_key.created', actor: 'cli' }]);
  });

  it('records webhook endpoint changes with the calling key as actor, never the secret', async () => {
    const created = await call('POST', '/v1/webhook-endpoints', {
      url: 'https://93.184.215.14/hooks',
      eventTypes: ['*'],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(
      (await call('PATCH', `/v1/webhook-endpoints/${id}`, { status: 'disabled', description: 'paused' })).status,
    ).toBe(200);
    const rotated = await call('POST', `/v1/webhook-endpoints/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect((await call('DELETE', `/v1/webhook-endpoints/${id}`)).status).toBe(204);
    const page = await audit(`subject=${id}&order=asc`);
    expect(page.data.map((e: any) => [e.action, e.actor])).toEqual([
      ['webhook_endpoint.created', adminId],
      ['webhook_endpoint.updated', adminId],
      ['webhook_endpoint.secret_rotated', adminId],
      ['webhook_endpoint.deleted', adminId],
    ]);
    expect(page.data[0].details).toEqual({
      url: 'https://93.184.215.14/hooks',
      eventTypes: ['*'],
      description: null,
      owner: keel.adminPrincipal,
    });
    expect(page.data[0].actorPrincipal).toEqual({ id: keel.adminPrincipal, name: 'test admin' });
    expect(page.data[1].details).toMatchObject({
      patch: { status: 'disabled', description: 'paused' },
      previous: { status: 'enabled', description: null },
    });
    const text = JSON.stringify(page);
    expect(text).not.toContain(created.body.secret);
    expect(text).not.toContain(rotated.body.secret);
  });

  it('leaves no audit entry when the change fails', async () => {
    const before = (await audit('limit=500')).data.length;
    expect((await call('PATCH', '/v1/webhook-endpoints/we_missing', { description: 'x' })).status).toBe(404);
    expect((await call('DELETE', '/v1/webhook-endpoints/we_missing')).status).toBe(404);
    expect((await call('POST', '/v1/api-keys/key_missing/revoke')).status).toBe(404);
    expect((await call('POST', '/v1/api-keys', { name: 'x', scopes: ['nope'] })).status).toBe(422);
    expect((await audit('limit=500')).data.length).toBe(before);
  });

  it('lists with filters and a cursor, verifies the chain, and needs audit:read', async () => {
    const all = (await audit('limit=500')).data;
    const seqs = all.map((e: any) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a: number, b: number) => b - a));
    expect(Math.min(...seqs)).toBe(1);
    const first = await audit('limit=2');
    expect(first).toMatchObject({ object: 'list', hasMore: true, nextCursor: all[1].id });
    expect((await audit(`limit=2&startingAfter=${all[1].id}`)).data).toEqual(all.slice(2, 4));
    // The deprecated dialect (`after` = `nextCursor`) keeps working for one release.
    expect((await audit(`limit=2&after=${first.nextCursor}`)).data).toEqual(all.slice(2, 4));
    expect((await audit(`limit=2&order=asc&startingAfter=${all.at(-1).id}`)).data).toEqual(all.slice(-3, -1).reverse());
    expect((await audit(`action=api_key.revoked`)).data.every((e: any) => e.action === 'api_key.revoked')).toBe(true);
    expect((await audit(`actor=${adminId}&action=webhook_endpoint.deleted`)).data).toHaveLength(1);

    const verify = await call('GET', '/v1/audit-log/verify', undefined, auditToken);
    expect(verify).toEqual({
      status: 200,
      body: { ok: true, entries: all.length, head: { seq: all[0].seq, hash: all[0].hash } },
    });
    const anchored = await call(
      'GET',
      `/v1/audit-log/verify?anchor=${all[0].seq + 5}:${all[0].hash}`,
      undefined,
      auditToken,
    );
    expect(anchored.body).toMatchObject({ ok: false, problem: 'missing_entry', firstBadSeq: all[0].seq + 1 });
    expect((await call('GET', '/v1/audit-log/verify?anchor=nope', undefined, auditToken)).status).toBe(422);
    expect((await call('GET', '/v1/audit-log?after=nope', undefined, auditToken)).status).toBe(422);
    expect((await call('GET', '/v1/audit-log?limit=0', undefined, auditToken)).status).toBe(422);

    const noScope = await keel.tokenWith(['events:read']);
    expect((await call('GET', '/v1/audit-log', undefined, noScope)).status).toBe(403);
    expect((await call('GET', '/v1/audit-log/verify', undefined, noScope)).status).toBe(403);
  });

  it('answers a broken chain with the first bad entry', async () => {
    await db.db.transaction().execute(async (trx) => {
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx);
      await sql`update audit_log set actor = 'key_someone_else' where seq = 2`.execute(trx);
      await sql`alter table audit_log enable trigger audit_log_append_only`.execute(trx);
    });
    const verify = await call('GET', '/v1/audit-log/verify', undefined, auditToken);
    expect(verify.body).toMatchObject({
      ok: false,
      firstBadSeq: 2,
      problem: 'hash_mismatch',
      detail: expect.stringContaining('entry 2'),
    });
  });
});

describe('keel audit verify (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-audit-'));
  const dataDir = join(dir, 'db');
  const file = join(dir, 'keel.yaml');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const keel = (...args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      // The CLI must read the temp config only: no DATABASE_URL or KEEL_* from this process.
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('KEEL')),
      );
      const child = spawn(process.execPath, ['bin/keel.js', ...args, '--config', file], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (out += b.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
  const withDb = async (fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>) => {
    const db = await openDatabase({ pglitePath: dataDir });
    try {
      await migrate(db.db);
      await fn(db);
    } finally {
      await db.close();
    }
  };

  it('exits 0 with the entry count on a valid chain and 3 with the first bad seq after tampering', async () => {
    writeFileSync(
      file,
      [
        'env: test',
        'log: { level: silent }',
        `database: { pglitePath: ${JSON.stringify(dataDir)} }`,
        `secrets: { encryptionKey: ${Buffer.alloc(32, 7).toString('base64')} }`,
        'chains: { "31337": { name: Nowhere, rpcUrls: ["http://127.0.0.1:9"] } }',
      ].join('\n'),
    );
    let head = '';
    await withDb(async (db) => {
      const keys = new KeysStore(db.db);
      const { key } = await keys.create({ name: 'a', scopes: ['admin'] });
      await keys.create({ name: 'b', scopes: ['events:read'] }, key.id);
      await keys.revoke(key.id);
      const r = await new AuditStore(db.db).verify();
      if (r.ok && r.head) head = `${r.head.seq}:${r.head.hash}`;
    });
    const good = await keel('audit', 'verify');
    expect(good.out).toContain('audit log OK: 3 entries');
    expect(good.out).toContain(head);
    expect(good.code).toBe(0);

    await withDb(async (db) => {
      await db.db.transaction().execute(async (trx) => {
        await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx);
        await sql`update audit_log set details = '{"name": "z", "scopes": ["admin"]}'::jsonb where seq = 1`.execute(
          trx,
        );
        await sql`delete from audit_log where seq = 3`.execute(trx);
        await sql`alter table audit_log enable trigger audit_log_append_only`.execute(trx);
      });
    });
    const bad = await keel('audit', 'verify');
    expect(bad.out).toMatch(
      /^audit log BROKEN at seq 1: hash_mismatch entry 1 \(aud_[0-9a-z]+\) does not match its hash/m,
    );
    expect(bad.code).toBe(3);

    const list = await keel('audit', 'list');
    expect(list.code).toBe(0);
    expect(
      list.out
        .trim()
        .split('\n')
        .map((l) => l.split('\t').slice(0, 4).join(' ')),
    ).toEqual([
      expect.stringMatching(/^2 \S+ key_\S+ api_key.created$/),
      expect.stringMatching(/^1 \S+ cli api_key.created$/),
    ]);
  }, 120_000);
});
