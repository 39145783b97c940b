import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeysStore } from '../src/auth/keys-store.ts';
import { PrincipalsStore } from '../src/auth/principals-store.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestKeel, testConfig, type TestKeel } from './helpers/keel.ts';

/**
 * Issue 12 part 4, "one admin defeats four eyes": an admin key minted a review key and approved
 * its own transfer, and minted a proposer and two approvers to activate a policy alone. Keys
 * belong to principals now; four-eyes checks count principals; privileged keys, keys for others
 * and new principals wait for approval by other principals; the CLI is the bootstrap path.
 * (Self-review of transactions by principal: test/transactions.int.test.ts, "human review".)
 */

const USDC = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const policy = {
  description: 'test policy',
  rules: [
    { id: 'chains', kind: 'chain', effect: 'allow', chainIds: [31337] },
    { id: 'assets', kind: 'asset', effect: 'allow', chainIds: [31337], assets: ['USDC'] },
    { id: 'tx-max', kind: 'amount', effect: 'deny', assets: ['USDC'], limit: { baseUnits: '1000000000' } },
  ],
};
const config = testConfig({
  chains: {
    '31337': {
      name: 'Nowhere',
      rpcUrls: ['http://127.0.0.1:9'],
      assets: [{ symbol: 'USDC', address: USDC, decimals: 6 }],
    },
  },
  policy: { document: policy, approvalsRequired: 2 },
  auth: { approvalsRequired: 1 },
});

describe('principals and access requests', () => {
  let db: TestDatabase;
  let keel: TestKeel;
  /** The attacker: one admin key of its own principal. */
  let admin: string;
  let adminPrincipal: string;
  /** Two other operators (distinct principals), each with an admin key. */
  let bob: string;
  let carol: string;

  beforeAll(async () => {
    db = await testDatabase();
    keel = await startTestKeel(config, db);
    adminPrincipal = await keel.principal('mallory');
    admin = await keel.tokenWith(['admin'], { principal: adminPrincipal });
    bob = await keel.tokenWith(['admin', 'policy:approve', 'audit:read', 'events:read'], {
      principal: await keel.principal('bob'),
    });
    carol = await keel.tokenWith(['admin', 'policy:approve'], { principal: await keel.principal('carol') });
  });
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
  });

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const r = await fetch(`${keel.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : null) as any };
  };
  const me = (token: string) => call('GET', '/v1/me', token);

  it('a key for one’s own principal without a privileged scope is active at once', async () => {
    const r = await call('POST', '/v1/api-keys', admin, {
      name: 'reporting',
      scopes: ['transactions:read', 'policy:write'],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      status: 'active',
      principal: { id: adminPrincipal, name: 'mallory' },
      accessRequest: null,
      token: expect.stringMatching(/^keel_sk_/),
    });
    expect((await me(r.body.token)).body).toMatchObject({
      id: r.body.id,
      principal: { id: adminPrincipal, name: 'mallory', kind: 'operator' },
    });
  });

  it('an admin minting a review key gets a pending key that does nothing until other principals approve it; it stays the admin’s principal', async () => {
    const r = await call('POST', '/v1/api-keys', admin, {
      name: 'my reviewer',
      scopes: ['review', 'transactions:read'],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toMatchObject({
      status: 'pending',
      principal: { id: adminPrincipal },
      token: expect.stringMatching(/^keel_sk_/),
    });
    const req = r.body.accessRequest;
    expect(req).toMatchObject({
      object: 'access_request',
      kind: 'api_key',
      status: 'pending',
      reasons: ['privileged_scope'],
      requestedBy: { principal: { id: adminPrincipal, name: 'mallory' } },
      approvalsRequired: 1,
    });
    // a pending key authenticates nothing
    expect((await me(r.body.token)).status).toBe(401);
    expect((await call('GET', '/v1/reviews', r.body.token)).status).toBe(401);
    // the admin cannot approve its own request, with this key or another key of its principal
    const self = await call('POST', `/v1/access-requests/${req.id}/approve`, admin, {});
    expect(self).toMatchObject({ status: 403, body: { code: 'self_approval' } });
    const second = (await call('POST', '/v1/api-keys', admin, { name: 'second admin', scopes: ['admin'] })).body;
    expect(second.status).toBe('pending');
    expect((await me(second.token)).status).toBe(401);
    // another principal approves: the key works, and is still the admin's principal
    const ok = await call('POST', `/v1/access-requests/${req.id}/approve`, bob, { note: 'ok' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'approved',
      decisions: [{ principal: { name: 'bob' }, decision: 'approve', note: 'ok' }],
      apiKey: { status: 'active' },
    });
    expect((await me(r.body.token)).body.principal.id).toBe(adminPrincipal);
    expect((await call('POST', `/v1/access-requests/${req.id}/approve`, carol, {})).body.code).toBe('request_closed');
  });

  it('a key for another principal waits, and neither the requester nor the recipient may approve it', async () => {
    const bobPrincipal = (await me(bob)).body.principal.id;
    const r = await call('POST', '/v1/api-keys', admin, {
      name: 'bob, by mallory',
      scopes: ['events:read'],
      principalId: bobPrincipal,
    });
    expect(r.status).toBe(202);
    expect(r.body.accessRequest.reasons).toEqual(['other_principal']);
    expect((await me(r.body.token)).status).toBe(401);
    expect((await call('POST', `/v1/access-requests/${r.body.accessRequest.id}/approve`, bob, {})).body.code).toBe(
      'self_approval',
    );
    expect((await call('POST', `/v1/access-requests/${r.body.accessRequest.id}/approve`, admin, {})).body.code).toBe(
      'self_approval',
    );
    const rej = await call('POST', `/v1/access-requests/${r.body.accessRequest.id}/reject`, carol, {
      note: 'impersonation',
    });
    expect(rej.body).toMatchObject({ status: 'rejected', apiKey: { status: 'rejected' } });
    expect((await me(r.body.token)).status).toBe(401);
    expect((await call('POST', `/v1/access-requests/${r.body.accessRequest.id}/approve`, carol, {})).body.code).toBe(
      'request_closed',
    );
    expect(
      (await call('POST', '/v1/api-keys', admin, { name: 'x', scopes: ['events:read'], principalId: 'prn_nope' }))
        .status,
    ).toBe(404);
  });

  it('an admin cannot activate a policy alone with keys it minted', async () => {
    // the proposer key needs no approval (policy:write), the approver keys do
    const proposer = (await call('POST', '/v1/api-keys', admin, { name: 'proposer', scopes: ['policy:write'] })).body
      .token;
    const approvers = [];
    for (const n of [1, 2]) {
      const r = await call('POST', '/v1/api-keys', admin, { name: `approver ${n}`, scopes: ['policy:approve'] });
      expect(r.status).toBe(202);
      approvers.push(r.body);
    }
    const active = (await call('GET', '/v1/policy', proposer)).body;
    const open = { ...active.document, rules: active.document.rules.filter((x: any) => x.id !== 'tx-max') };
    const p = await call('POST', '/v1/policy/proposals', proposer, { document: open, note: 'no limits' });
    expect(p.status).toBe(201);
    expect(p.body.createdByPrincipal).toEqual({ id: adminPrincipal, name: 'mallory' });
    // pending approver keys: 401
    for (const a of approvers)
      expect((await call('POST', `/v1/policy/proposals/${p.body.id}/approve`, a.token, {})).status).toBe(401);
    // even once another operator lets them through, they are the proposer's principal
    for (const a of approvers)
      expect((await call('POST', `/v1/access-requests/${a.accessRequest.id}/approve`, bob, {})).body.status).toBe(
        'approved',
      );
    for (const a of approvers)
      expect((await call('POST', `/v1/policy/proposals/${p.body.id}/approve`, a.token, {})).body.code).toBe(
        'self_approval',
      );
    expect((await call('GET', '/v1/policy', proposer)).body.version).toBe(active.version);
    expect((await call('GET', `/v1/policy/proposals/${p.body.id}`, bob)).body).toMatchObject({
      status: 'proposed',
      approvals: [],
    });
  });

  it('counts policy approvals per principal: two keys of one principal are one approval', async () => {
    const writer = await keel.tokenWith(['policy:write']);
    const davePrincipal = await keel.principal('dave');
    const dave1 = await keel.tokenWith(['policy:approve'], { principal: davePrincipal });
    const dave2 = await keel.tokenWith(['policy:approve'], { principal: davePrincipal });
    const active = (await call('GET', '/v1/policy', writer)).body;
    const doc = {
      ...active.document,
      rules: active.document.rules.map((x: any) =>
        x.id === 'tx-max' ? { ...x, limit: { baseUnits: '900000000' } } : x,
      ),
    };
    const p = (await call('POST', '/v1/policy/proposals', writer, { document: doc })).body;
    expect((await call('POST', `/v1/policy/proposals/${p.id}/approve`, dave1, {})).body.approvals).toMatchObject([
      { principal: { id: davePrincipal, name: 'dave' } },
    ]);
    expect((await call('POST', `/v1/policy/proposals/${p.id}/approve`, dave2, {})).body.code).toBe('already_decided');
    expect((await call('GET', `/v1/policy/proposals/${p.id}`, bob)).body.status).toBe('proposed');
    const done = await call('POST', `/v1/policy/proposals/${p.id}/approve`, bob, {});
    expect(done.body).toMatchObject({ status: 'active' });
    expect(done.body.approvals.map((a: any) => a.principal.name)).toEqual(['dave', 'bob']);
  });

  it('a new principal (with its first key) waits for approval, then acts; audited and evented', async () => {
    const r = await call('POST', '/v1/principals', admin, {
      name: 'erin',
      kind: 'operator',
      key: { name: 'erin laptop', scopes: ['review'] },
      note: 'new hire',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.principal).toMatchObject({ name: 'erin', status: 'pending', createdBy: adminPrincipal });
    expect(r.body.accessRequest).toMatchObject({
      kind: 'principal',
      reasons: ['new_principal'],
      note: 'new hire',
      apiKey: { status: 'pending', scopes: ['review'] },
    });
    expect((await me(r.body.apiKey.token)).status).toBe(401);
    expect((await call('POST', `/v1/access-requests/${r.body.accessRequest.id}/approve`, admin, {})).body.code).toBe(
      'self_approval',
    );
    const queue = (await call('GET', '/v1/access-requests?status=pending', carol)).body.data;
    expect(queue.map((x: any) => x.id)).toContain(r.body.accessRequest.id);
    // Newest first, paged with `startingAfter` (the last id) and `hasMore`.
    const all = (await call('GET', '/v1/access-requests', carol)).body.data.map((x: any) => x.id);
    const first = (await call('GET', '/v1/access-requests?limit=1', carol)).body;
    expect(first).toMatchObject({ hasMore: all.length > 1, data: [{ id: all[0] }] });
    const rest = (await call('GET', `/v1/access-requests?startingAfter=${all[0]}`, carol)).body.data;
    expect(rest.map((x: any) => x.id)).toEqual(all.slice(1));
    const ok = await call('POST', `/v1/access-requests/${r.body.accessRequest.id}/approve`, carol, {});
    expect(ok.body).toMatchObject({
      status: 'approved',
      principal: { status: 'active' },
      apiKey: { status: 'active' },
    });
    expect((await me(r.body.apiKey.token)).body.principal).toMatchObject({ name: 'erin' });
    const got = (await call('GET', `/v1/principals/${r.body.principal.id}`, bob)).body;
    expect(got).toMatchObject({ status: 'active', apiKeys: [{ name: 'erin laptop', status: 'active' }] });
    expect((await call('GET', '/v1/principals', bob)).body.data.map((x: any) => x.name)).toEqual(
      expect.arrayContaining(['mallory', 'bob', 'carol', 'erin']),
    );

    const audit = (await call('GET', `/v1/audit-log?subject=${r.body.accessRequest.id}&order=asc`, bob)).body.data;
    expect(audit.map((e: any) => [e.action, e.actorPrincipal?.name])).toEqual([
      ['access_request.created', 'mallory'],
      ['access_request.approved', 'carol'],
      ['access_request.granted', 'carol'],
    ]);
    let types: string[] = [];
    const until = Date.now() + 60_000; // bounded by time, not tries: a loaded machine answers more slowly
    for (let i = 0; !types.includes('access_request.approved') && (i === 0 || Date.now() < until); i++) {
      if (i) await new Promise((res) => setTimeout(res, 100));
      const evs = (
        await call(
          'GET',
          '/v1/events?type=access_request.created,access_request.approved,principal.created,api_key.created&limit=500',
          keel.adminToken,
        )
      ).body.data;
      types = evs
        .filter(
          (e: any) =>
            e.data.object.id === r.body.accessRequest.id ||
            e.data.object.id === r.body.principal.id ||
            e.data.object.id === r.body.apiKey.id,
        )
        .map((e: any) => e.type);
    }
    expect(types).toEqual([
      'access_request.created',
      'principal.created',
      'api_key.created',
      'access_request.approved',
    ]);
    // names are resolved for ids a caller holds
    const look = await call(
      'GET',
      `/v1/principals/lookup?ids=${r.body.apiKey.id},${adminPrincipal},system`,
      await keel.tokenWith(['events:read']),
    );
    expect(look.body.data).toEqual([
      { id: r.body.apiKey.id, principal: { id: r.body.principal.id, name: 'erin', kind: 'operator' } },
      { id: adminPrincipal, principal: { id: adminPrincipal, name: 'mallory', kind: 'operator' } },
      { id: 'system', principal: null },
    ]);
  });

  it('a principal’s name is what approvers see: invisible characters that make a look-alike are refused, over the API and the CLI path', async () => {
    // "bob" + RIGHT-TO-LEFT OVERRIDE, a zero-width space, a name padded with spaces
    for (const name of ['bob\u202e', 'b\u200bob', ' bob ']) {
      const r = await call('POST', '/v1/principals', admin, { name, kind: 'operator' });
      expect(r.status, `${JSON.stringify(name)}: ${JSON.stringify(r.body)}`).toBe(422);
      expect(r.body.errors[0]).toMatchObject({ field: 'body.name' });
    }
    await expect(keel.principals.bootstrap({ name: 'b\u200bob', kind: 'operator' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    // Stored in NFC: "é" precomposed and decomposed are one name.
    const r = await call('POST', '/v1/principals', admin, { name: 'rene\u0301', kind: 'operator' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.principal.name).toBe('ren\u00e9');
  });

  it('a quorum of M counts distinct principals, other than the requester and the recipient', async () => {
    const store = new PrincipalsStore(db.db, 2);
    const keys = new KeysStore(db.db);
    const mk = async (name: string, principalId?: string) =>
      (await keys.create({ name, scopes: ['admin'], principalId, principalName: name })).key;
    const req = await mk('requester');
    const x1 = await mk('x');
    const x2 = await mk('x2', x1.principalId);
    const y = await mk('y');
    const {
      body: { accessRequest: request },
    } = await store.requestKey({ name: 'k', scopes: ['admin'] }, req);
    expect((await store.approve(request!.id, x1, null)).status).toBe('pending');
    await expect(store.approve(request!.id, x2, null)).rejects.toMatchObject({ code: 'already_decided' });
    expect((await store.request(request!.id)).status).toBe('pending');
    // racing approvals for the last slot: exactly one grants
    const z = await mk('z');
    const results = await Promise.allSettled([
      store.approve(request!.id, y, null),
      store.approve(request!.id, z, null),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'request_closed' } });
    const final = await store.request(request!.id);
    expect(final.status).toBe('approved');
    expect(final.decisions.filter((d) => d.decision === 'approve')).toHaveLength(2);
    const granted = await db.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject', '=', request!.id)
      .where('action', '=', 'access_request.granted')
      .execute();
    expect(granted).toHaveLength(1);
  });

  it('GET /v1/me names the principal; the principals routes need admin', async () => {
    const t = await keel.tokenWith(['events:read']);
    const m = (await me(t)).body;
    expect(m.principal).toMatchObject({ id: expect.stringMatching(/^prn_/), kind: 'operator' });
    expect((await call('GET', '/v1/principals', t)).status).toBe(403);
    expect((await call('POST', '/v1/principals', t, { name: 'x', kind: 'service' })).status).toBe(403);
    expect((await call('GET', '/v1/access-requests', t)).status).toBe(403);
  });
});

describe('bootstrap through the CLI (keel principals create, keel keys create --principal)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-principals-'));
  const file = join(dir, 'keel.yaml');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve, reject) => {
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

  it('creates active operators and their privileged keys without approval, audited as cli', async () => {
    writeFileSync(
      file,
      [
        'env: test',
        'log: { level: silent }',
        `database: { pglitePath: ${JSON.stringify(join(dir, 'db'))} }`,
        `secrets: { encryptionKey: ${Buffer.alloc(32, 7).toString('base64')} }`,
        'chains: { "31337": { name: Nowhere, rpcUrls: ["http://127.0.0.1:9"] } }',
      ].join('\n'),
    );
    const p = await cli('principals', 'create', '--name', 'alice');
    expect(p.code, p.out).toBe(0);
    const id = /created (prn_[0-9a-z]{26}) \(alice, operator\)/.exec(p.out)?.[1];
    expect(id, p.out).toBeTruthy();
    const k = await cli(
      'keys',
      'create',
      '--principal',
      'alice',
      '--name',
      'alice laptop',
      '--scopes',
      'admin,review,policy:approve',
    );
    expect(k.code, k.out).toBe(0);
    expect(k.out).toContain(`for principal ${id} (alice)`);
    const token = /keel_sk_\S+/.exec(k.out)?.[0];
    const db = await openDatabase({ pglitePath: join(dir, 'db') });
    try {
      await migrate(db.db);
      const key = await new KeysStore(db.db).verify(token!);
      expect(key).toMatchObject({ status: 'active', principalId: id, scopes: ['admin', 'review', 'policy:approve'] });
      const audit = await db.db.selectFrom('audit_log').select(['actor', 'action', 'subject']).orderBy('seq').execute();
      expect(audit.map((e) => [e.actor, e.action])).toEqual([
        ['cli', 'principal.created'],
        ['cli', 'api_key.created'],
      ]);
      const principals = new PrincipalsStore(db.db, 1);
      expect((await principals.list()).map((x) => [x.id, x.name, x.status, x.createdBy])).toEqual([
        [id, 'alice', 'active', 'cli'],
      ]);
      await expect(principals.find('nobody')).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      await db.close();
    }
  }, 240_000);
});
