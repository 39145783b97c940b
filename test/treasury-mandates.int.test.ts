import { createPublicClient, createTestClient, http, keccak256, pad, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EIP1967_IMPLEMENTATION_SLOT } from '../src/treasury/mandate-logic.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { apiCaller, type ApiCall } from './helpers/treasury.ts';

/**
 * Mandates against the demo world on anvil (the kvUSD vault over tUSD): proposal with pinned code
 * hashes, approvals by distinct principals, activation with events and audit, and every refusal
 * writing nothing.
 */
describe('treasury mandates: proposals, approvals, chain checks', () => {
  let chain: TestChain;
  let db: TestDatabase;
  let keel: TestKeel;
  let vault: Address;
  let tUSD: Address;
  let writer: string;
  let reader: string;
  let alice: string;
  let alice2: string;
  let bob: string;
  let carol: string;
  let writerApprover: string;

  beforeAll(async () => {
    [chain, db] = await Promise.all([startTestChain({ chainId: 31337 }), testDatabase()]);
    keel = await startTestKeel(devConfigFor([{ chainId: 31337, rpcUrls: [chain.rpcUrl] }]), db);
    vault = chain.world.contracts.vault;
    tUSD = chain.world.contracts.tUSD;
    writer = await keel.tokenWith(['treasury:write', 'treasury:read']);
    reader = await keel.tokenWith(['treasury:read']);
    const a = await keel.principal('alice');
    alice = await keel.tokenWith(['policy:approve'], { principal: a });
    alice2 = await keel.tokenWith(['policy:approve'], { principal: a });
    bob = await keel.tokenWith(['policy:approve']);
    carol = await keel.tokenWith(['policy:approve']);
    writerApprover = await keel.tokenWith(['treasury:write', 'policy:approve']);
  });
  afterAll(async () => {
    await keel?.stop();
    await Promise.all([chain?.stop(), db?.close()]);
  });

  const call: ApiCall = (method, path, token, body) => apiCaller(keel.url!)(method, path, token, body);
  const document = (over: Record<string, unknown> = {}) => ({
    name: 'Core USD reserve',
    chainId: 31337,
    signer: 'treasury',
    asset: 'tUSD',
    vaults: [{ address: vault, targetBps: 6000, maxAllocation: { bps: 8000, amount: '200000' }, label: 'kvUSD' }],
    buffer: { bps: 1000 },
    reviewThreshold: '50000',
    maxDailyMovement: '100000',
    ...over,
  });
  const propose = (token: string, body: Record<string, unknown>) => call('POST', '/v1/treasury/mandates', token, body);
  const counts = async () => {
    const n = async (t: string) =>
      Number(
        (
          await db.db
            .selectFrom(t as 'treasury_mandates')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      mandates: await n('treasury_mandates'),
      versions: await n('treasury_mandate_versions'),
      decisions: await n('treasury_mandate_decisions'),
      events: Number(
        (
          await db.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('type', 'like', 'treasury.%')
            .executeTakeFirstOrThrow()
        ).n,
      ),
    };
  };
  const runtimeHash = async (address: Address) =>
    keccak256((await createPublicClient({ transport: http(chain.rpcUrl) }).getCode({ address }))!);

  let mandateId: string;

  it('proposes a mandate with the vault’s code hash pinned from the chain', async () => {
    const r = await propose(writer, { document: document(), note: 'first deployment' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const v = r.body;
    mandateId = v.mandateId;
    expect(mandateId).toMatch(/^mdt_/);
    expect(v).toMatchObject({
      object: 'treasury_mandate_version',
      id: expect.stringMatching(/^mdtv_/),
      version: 1,
      status: 'proposed',
      baseVersion: null,
      note: 'first deployment',
      approvals: [],
      approvalsRequired: 2,
    });
    const hash = await runtimeHash(vault);
    expect(v.document.vaults[0]).toMatchObject({ address: vault, codeHash: hash, targetBps: 6000 });
    expect(v.document.vaults[0]).not.toHaveProperty('implementationCodeHash');
    // defaults are applied and shown to the approvers
    expect(v.document).toMatchObject({ maxShareOfVaultBps: 2000, maxDrawdownBps: 50, onBreaker: 'propose_withdrawal' });
    expect(v.chainFacts.vaults).toEqual([
      {
        address: vault,
        asset: tUSD,
        codeHash: hash,
        implementation: null,
        implementationCodeHash: null,
        pinned: ['codeHash'],
      },
    ]);
    const m = await call('GET', `/v1/treasury/mandates/${mandateId}`, reader);
    expect(m.status).toBe(200);
    expect(m.body).toMatchObject({
      object: 'treasury_mandate',
      status: 'proposed',
      signer: 'treasury',
      account: chain.world.accounts.treasury,
      asset: { symbol: 'tUSD', address: tUSD, decimals: 6 },
      activeVersion: null,
    });
    expect(m.body.proposals.map((p: any) => p.version)).toEqual([1]);
  });

  it('does not count the proposer’s approval, nor one principal twice', async () => {
    const own = await propose(writerApprover, { document: document({ name: 'own' }) });
    expect(own.status).toBe(201);
    const self = await call('POST', `/v1/treasury/mandates/${own.body.mandateId}/approve`, writerApprover, {
      version: 1,
    });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('self_approval');

    const first = await call('POST', `/v1/treasury/mandates/${mandateId}/approve`, alice, { version: 1, note: 'ok' });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('proposed');
    const again = await call('POST', `/v1/treasury/mandates/${mandateId}/approve`, alice2, { version: 1 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_decided');
    const m = await call('GET', `/v1/treasury/mandates/${mandateId}`, reader);
    expect(m.body.status).toBe('proposed');
    expect(m.body.proposals[0].approvals.map((a: any) => a.principal.name)).toEqual(['alice']);
  });

  it('activates on the second distinct principal, with events and audit', async () => {
    const r = await call('POST', `/v1/treasury/mandates/${mandateId}/approve`, bob, { version: 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'active', activatedAt: expect.any(String) });
    expect(r.body.approvals).toHaveLength(2);
    const closed = await call('POST', `/v1/treasury/mandates/${mandateId}/approve`, carol, { version: 1 });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('proposal_closed');

    const m = await call('GET', `/v1/treasury/mandates/${mandateId}`, reader);
    expect(m.body).toMatchObject({ status: 'active', activeVersion: { version: 1 }, proposals: [] });

    // Events become readable once every earlier writer has committed (commit-safe listing): under
    // load a concurrent transaction can hold the activation back for a moment, so wait for it.
    const mandateEvents = async () =>
      (
        await call('GET', '/v1/events?type=treasury.mandate_proposed,treasury.mandate_activated', keel.adminToken)
      ).body.data.filter((e: any) => e.data.object.mandateId === mandateId);
    let mine = await mandateEvents();
    for (const until = Date.now() + 30_000; mine.length < 2 && Date.now() < until; mine = await mandateEvents())
      await new Promise((r) => setTimeout(r, 100));
    expect(mine.map((e: any) => [e.type, e.data.object.status])).toEqual([
      ['treasury.mandate_proposed', 'proposed'],
      ['treasury.mandate_activated', 'active'],
    ]);
    const audit = await call('GET', `/v1/audit-log?subject=${r.body.id}`, keel.adminToken);
    expect(audit.body.data.map((e: any) => e.action).sort()).toEqual([
      'treasury.mandate_activated',
      'treasury.mandate_approved',
      'treasury.mandate_approved',
      'treasury.mandate_proposed',
    ]);
    const list = await call('GET', '/v1/treasury/mandates', reader);
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: any) => x.id)).toContain(mandateId);
  });

  it('refuses a vault whose asset() is not the mandate’s asset, naming it, writing nothing', async () => {
    const before = await counts();
    const r = await propose(writer, { document: document({ asset: 'tEUR' }) });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('mandate_vault_invalid');
    expect(r.body.errors).toEqual([
      expect.objectContaining({ field: 'body.document.vaults.0.address', code: 'asset_mismatch' }),
    ]);
    expect(r.body.errors[0].message).toContain(vault);
    expect(await counts()).toEqual(before);
  });

  it('refuses a given code hash the chain contradicts, and a token that is no vault', async () => {
    const before = await counts();
    const wrong = `0x${'ab'.repeat(32)}`;
    const r = await propose(writer, {
      mandateId,
      document: document({ vaults: [{ address: vault, codeHash: wrong, maxAllocation: { bps: 8000 } }] }),
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('mandate_vault_invalid');
    expect(r.body.errors.map((e: any) => [e.field, e.code])).toEqual([
      ['body.document.vaults.0.codeHash', 'code_hash_mismatch'],
    ]);
    const notVault = await propose(writer, {
      document: document({ vaults: [{ address: tUSD, maxAllocation: { bps: 8000 } }] }),
    });
    expect(notVault.status).toBe(422);
    expect(notVault.body.errors.map((e: any) => e.code)).toEqual(['not_erc4626']);
    expect(await counts()).toEqual(before);
  });

  it('refuses bad documents with field errors, writing nothing', async () => {
    const before = await counts();
    const r = await propose(writer, {
      document: document({
        signer: 'nobody',
        reviewThreshold: '1.0000001',
        vaults: [{ address: vault, targetBps: 9500, maxAllocation: { bps: 9900 } }],
      }),
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('validation_failed');
    expect(r.body.errors.map((e: any) => [e.field, e.code]).sort()).toEqual(
      [
        ['body.document.signer', 'unknown_signer'],
        ['body.document.reviewThreshold', 'too_many_decimals'],
        ['body.document.vaults', 'invalid'],
      ].sort(),
    );
    const asset = await propose(writer, { document: document({ asset: 'DOGE' }) });
    expect(asset.body.errors.map((e: any) => [e.field, e.code])).toEqual([['body.document.asset', 'unknown_asset']]);
    const shape = await propose(writer, { document: { ...document(), extra: 1 } });
    expect(shape.status).toBe(422);
    const moved = await propose(writer, { mandateId, document: document({ signer: 'operations' }) });
    expect(moved.body.errors.map((e: any) => [e.field, e.code])).toEqual([['body.document.signer', 'immutable']]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a document equal to the active version', async () => {
    const r = await propose(writer, { mandateId, document: document() });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('mandate_unchanged');
  });

  it('answers 409 to a proposal made against an older active version', async () => {
    const a = await propose(writer, { mandateId, baseVersion: 1, document: document({ reviewThreshold: '40000' }) });
    const b = await propose(writer, { mandateId, baseVersion: 1, document: document({ reviewThreshold: '30000' }) });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.body.version, b.body.version, a.body.baseVersion]).toEqual([2, 3, 1]);
    await call('POST', `/v1/treasury/mandates/${mandateId}/approve`, alice, { version: 2 });
    const on = await call('POST', `/v1/treasury/mandates/${mandateId}/approve`, carol, { version: 2 });
    expect(on.body.status).toBe('active');
    await call('POST', `/v1/treasury/mandates/${mandateId}/approve`, alice, { version: 3 });
    const before = await counts();
    const stale = await call('POST', `/v1/treasury/mandates/${mandateId}/approve`, carol, { version: 3 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_proposal');
    expect(await counts()).toEqual(before);
    const early = await propose(writer, {
      mandateId,
      baseVersion: 1,
      document: document({ reviewThreshold: '20000' }),
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('stale_proposal');
    const m = await call('GET', `/v1/treasury/mandates/${mandateId}`, reader);
    expect(m.body.activeVersion).toMatchObject({ version: 2, document: { reviewThreshold: '40000' } });
    const rejected = await call('POST', `/v1/treasury/mandates/${mandateId}/reject`, bob, {
      version: 3,
      note: 'stale',
    });
    expect(rejected.body.status).toBe('rejected');
  });

  it('activates exactly once when the last approvals race', async () => {
    const p = await propose(writer, { mandateId, baseVersion: 2, document: document({ reviewThreshold: '45000' }) });
    expect(p.status).toBe(201);
    const version = p.body.version;
    await call('POST', `/v1/treasury/mandates/${mandateId}/approve`, alice, { version });
    const racers = await Promise.all(
      [bob, carol].map((t) => call('POST', `/v1/treasury/mandates/${mandateId}/approve`, t, { version })),
    );
    expect(racers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(racers.find((r) => r.status === 409)!.body.code).toBe('proposal_closed');
    const activations = await db.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'treasury.mandate_activated')
      .execute();
    const ofThis = activations.filter((e) => {
      const d = (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) as { id: string };
      return d.id === p.body.id;
    });
    expect(ofThis).toHaveLength(1);
    const m = await call('GET', `/v1/treasury/mandates/${mandateId}`, reader);
    expect(m.body.activeVersion.version).toBe(version);
  });

  it('answers a repeated POST with the same Idempotency-Key once', async () => {
    const before = await counts();
    const send = () =>
      fetch(`${keel.url}/v1/treasury/mandates`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${writer}`,
          'content-type': 'application/json',
          'idempotency-key': 'mdt-once',
        },
        body: JSON.stringify({ document: document({ name: 'idempotent' }) }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const a = await send();
    const b = await send();
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    const after = await counts();
    expect([after.mandates - before.mandates, after.versions - before.versions]).toEqual([1, 1]);
  });

  it('pins and compares the implementation code hash of an EIP-1967 proxy', async () => {
    const anvil = createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl) });
    // The vault's own storage does not use the slot: writing it makes the vault read as a proxy of tUSD's code.
    await anvil.setStorageAt({ address: vault, index: EIP1967_IMPLEMENTATION_SLOT, value: pad(tUSD) });
    try {
      const r = await propose(writer, { document: document({ name: 'proxied' }) });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const implHash = await runtimeHash(tUSD);
      expect(r.body.document.vaults[0].implementationCodeHash).toBe(implHash);
      expect(r.body.chainFacts.vaults[0]).toMatchObject({
        implementation: tUSD,
        pinned: ['codeHash', 'implementationCodeHash'],
      });
      const wrong = await propose(writer, {
        document: document({
          vaults: [{ address: vault, implementationCodeHash: `0x${'cd'.repeat(32)}`, maxAllocation: { bps: 1 } }],
        }),
      });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors.map((e: any) => e.code)).toEqual(['implementation_code_hash_mismatch']);
    } finally {
      await anvil.setStorageAt({ address: vault, index: EIP1967_IMPLEMENTATION_SLOT, value: pad('0x0') });
    }
  });

  it('pages the mandates newest first', async () => {
    const all = (await call('GET', '/v1/treasury/mandates?limit=500', reader)).body.data.map((m: any) => m.id);
    expect(all.length).toBeGreaterThan(2);
    expect([...all].sort().reverse()).toEqual(all);
    const p1 = await call('GET', '/v1/treasury/mandates?limit=1', reader);
    expect(p1.body).toMatchObject({ hasMore: true, data: [{ id: all[0] }] });
    const p2 = await call('GET', `/v1/treasury/mandates?limit=1&startingAfter=${all[0]}`, reader);
    expect(p2.body.data.map((m: any) => m.id)).toEqual([all[1]]);
    const unknown = await call('GET', '/v1/treasury/mandates?startingAfter=mdt_01aaaaaaaaaaaaaaaaaaaaaaaa', reader);
    expect(unknown.status).toBe(422);
    expect((await call('GET', '/v1/treasury/mandates/mdt_01aaaaaaaaaaaaaaaaaaaaaaaa', reader)).status).toBe(404);
  });

  it('needs treasury:write to propose, treasury:read to read, policy:approve to decide', async () => {
    expect((await propose(reader, { document: document() })).status).toBe(403);
    expect((await call('GET', '/v1/treasury/mandates', alice)).status).toBe(403);
    const r = await call('POST', `/v1/treasury/mandates/${mandateId}/approve`, writer, { version: 1 });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden');
  });
});
