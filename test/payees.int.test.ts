import { randomBytes } from 'node:crypto';
import { getAddress, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Payees } from '../src/payouts/payees.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { apiCaller, type ApiCall } from './helpers/treasury.ts';
import { waitFor } from './helpers/webhook-receiver.ts';

/**
 * The payee book against a real chain (code checks) and database: addresses held for a short
 * cool-off and a second principal's approval (runs' `payable()` answers `address_pending` until
 * both, the old address stays paid meanwhile), self-approval refused, lookalikes flagged,
 * contracts confirmed, the CSV import all or nothing.
 */
const COOL_OFF_SECONDS = 2;

describe('payees: address safety', () => {
  let chain: TestChain;
  let db: TestDatabase;
  let keel: TestKeel;
  let book: Payees;
  let tUSD: Address;
  let writer: string;
  let writerReviewer: string;
  let reviewer: string;
  let reader: string;
  let writerPrincipal: string;

  beforeAll(async () => {
    [chain, db] = await Promise.all([startTestChain({ chainId: 31337 }), testDatabase()]);
    keel = await startTestKeel(
      devConfigFor([{ chainId: 31337, rpcUrls: [chain.rpcUrl] }], {
        payouts: { addressCoolOffSeconds: COOL_OFF_SECONDS },
      }),
      db,
    );
    tUSD = chain.world.contracts.tUSD;
    const w = await keel.principal('writer');
    writerPrincipal = w;
    writer = await keel.tokenWith(['payouts:write', 'payouts:read'], { principal: w });
    // Another key of the writer's principal, allowed to review: still the same person.
    writerReviewer = await keel.tokenWith(['review'], { principal: w });
    reviewer = await keel.tokenWith(['review']);
    reader = await keel.tokenWith(['payouts:read']);
    // What a run asks, over the same database.
    book = new Payees({ db: db.db, config: keel.config, chains: keel.chains, facts: keel.pipeline.facts });
  }, 90_000);
  afterAll(async () => {
    await keel?.stop();
    await Promise.all([chain?.stop(), db?.close()]);
  });

  const call: ApiCall = (method, path, token, body) => apiCaller(keel.url!)(method, path, token, body);
  const fresh = (): Address => getAddress(`0x${randomBytes(20).toString('hex')}`);
  const payable = async (id: string) => (await book.payable([id], 31337, tUSD)).get(id)!;
  const count = async (table: 'payees' | 'payee_address_changes') =>
    Number(
      (
        await db.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const events = async (type: string, subject: string) =>
    (await db.db.selectFrom('events').select('data').where('type', '=', type).execute()).filter((e) =>
      JSON.stringify(e.data).includes(subject),
    );

  let payeeId: string;
  let first: Address;

  it('creates a payee whose address waits for approval: runs are answered address_pending', async () => {
    first = fresh();
    const r = await call('POST', '/v1/payees', writer, {
      name: 'Ada Creator',
      reference: 'creator-ada',
      addresses: [{ chainId: 31337, asset: 'tUSD', address: first }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    payeeId = r.body.id;
    expect(r.body).toMatchObject({
      object: 'payee',
      id: expect.stringMatching(/^pye_/),
      status: 'active',
      verification: 'pending',
      addresses: [
        {
          object: 'payee_address_change',
          chainId: 31337,
          asset: { symbol: 'tUSD', address: tUSD },
          address: first,
          state: 'pending_approval',
          flags: [],
          isContract: false,
          decision: null,
          activeFrom: null,
        },
      ],
    });
    expect(await payable(payeeId)).toEqual({ ok: false, reason: 'address_pending' });
    expect(await events('payee.created', payeeId)).toHaveLength(1);
    expect(await events('payee.address_change_requested', r.body.addresses[0].id)).toHaveLength(1);
    // a reference is unique
    const again = await call('POST', '/v1/payees', writer, { name: 'Other', reference: 'creator-ada' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('payee_reference_taken');
    const got = await call('GET', `/v1/payees/${payeeId}`, reader);
    expect(got.body.addresses[0].address).toBe(first);
  });

  it('refuses the requester’s principal as approver, with any of its keys', async () => {
    const { body } = await call('GET', `/v1/payees/${payeeId}`, reader);
    const change = body.addresses[0].id;
    const self = await call('POST', `/v1/payees/${payeeId}/address-changes/${change}/approve`, writerReviewer, {});
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('self_approval');
    expect(await payable(payeeId)).toEqual({ ok: false, reason: 'address_pending' });
  });

  it('an approved address is paid only once its cool-off is over', async () => {
    const { body } = await call('GET', `/v1/payees/${payeeId}`, reader);
    const change = body.addresses[0].id;
    const ok = await call('POST', `/v1/payees/${payeeId}/address-changes/${change}/approve`, reviewer, {
      note: 'checked by phone',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.decision).toMatchObject({ decision: 'approve', note: 'checked by phone' });
    const activeFrom = Date.parse(ok.body.activeFrom);
    expect(activeFrom).toBe(Date.parse(ok.body.coolOffUntil));
    // Approved, but the cool-off is not over (approval came at once): still pending.
    if (Date.now() < activeFrom) {
      expect(ok.body.state).toBe('cooling_off');
      expect(await payable(payeeId)).toEqual({ ok: false, reason: 'address_pending' });
    }
    await waitFor(async () => (await payable(payeeId)).ok, 'the address to be payable');
    expect(Date.now()).toBeGreaterThanOrEqual(activeFrom);
    expect(await payable(payeeId)).toEqual({ ok: true, address: first });
    const got = await call('GET', `/v1/payees/${payeeId}`, reader);
    expect(got.body).toMatchObject({ verification: 'verified', addresses: [{ state: 'active' }] });
    const twice = await call('POST', `/v1/payees/${payeeId}/address-changes/${change}/approve`, reviewer, {});
    expect(twice.body.code).toBe('address_change_closed');
    const audit = await db.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'payee.address_change_approved')
      .where('subject', '=', change)
      .execute();
    expect(audit).toHaveLength(1);
    expect(await events('payee.address_change_approved', change)).toHaveLength(1);
  });

  it('with a long cool-off, an approved address is still not paid', async () => {
    const slow = new Payees({
      db: db.db,
      config: { ...keel.config, payouts: { ...keel.config.payouts, addressCoolOffSeconds: 3_600 } },
      chains: keel.chains,
      facts: keel.pipeline.facts,
    });
    const p = await slow.create(
      { name: 'Slow', reference: 'long-cool-off', addresses: [{ chainId: 31337, asset: 'tUSD', address: fresh() }] },
      { keyId: 'key_writer', principalId: writerPrincipal },
    );
    const approved = await slow.approve(
      p.id,
      p.addresses[0]!.id,
      { keyId: 'key_reviewer', principalId: keel.adminPrincipal },
      { note: null, acknowledgeFlags: false },
    );
    expect(approved.state).toBe('cooling_off');
    expect(Date.parse(approved.activeFrom!) - Date.parse(approved.requestedAt)).toBe(3_600_000);
    expect((await slow.payable([p.id], 31337, tUSD)).get(p.id)).toEqual({ ok: false, reason: 'address_pending' });
  });

  it('a changed address is held; the old one stays paid until the new one is approved and cooled off', async () => {
    const next = fresh();
    const r = await call('POST', `/v1/payees/${payeeId}/address-changes`, writer, {
      chainId: 31337,
      asset: tUSD,
      address: next,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ state: 'pending_approval', address: next });
    const open = await call('POST', `/v1/payees/${payeeId}/address-changes`, writer, {
      chainId: 31337,
      asset: 'tUSD',
      address: fresh(),
    });
    expect(open.body.code).toBe('address_change_open');
    // Pending for longer than the cool-off: the old address is still the one paid.
    await waitFor(() => Date.now() > Date.parse(r.body.coolOffUntil), 'the cool-off to pass');
    expect(await payable(payeeId)).toEqual({ ok: true, address: first });
    const got = await call('GET', `/v1/payees/${payeeId}`, reader);
    expect(got.body.verification).toBe('pending');
    expect(got.body.addresses.map((a: any) => a.state)).toEqual(['active', 'pending_approval']);

    const ok = await call('POST', `/v1/payees/${payeeId}/address-changes/${r.body.id}/approve`, reviewer, {});
    expect(ok.status).toBe(200);
    // Its cool-off is over already: payable from the approval.
    expect(ok.body.state).toBe('active');
    expect(await payable(payeeId)).toEqual({ ok: true, address: next });
    const history = await call('GET', `/v1/payees/${payeeId}/address-changes`, reader);
    expect(history.body.data.map((a: any) => a.state)).toEqual(['superseded', 'active']);
  });

  it('a rejected change is never paid; the requester may withdraw its own', async () => {
    const r = await call('POST', `/v1/payees/${payeeId}/address-changes`, writer, {
      chainId: 31337,
      asset: 'tUSD',
      address: fresh(),
    });
    const no = await call('POST', `/v1/payees/${payeeId}/address-changes/${r.body.id}/reject`, writerReviewer, {
      note: 'sent by mistake',
    });
    expect(no.status).toBe(200);
    expect(no.body).toMatchObject({ state: 'rejected', decision: { decision: 'reject', note: 'sent by mistake' } });
    expect((await payable(payeeId)).ok).toBe(true);
    expect(await events('payee.address_change_rejected', r.body.id)).toHaveLength(1);
  });

  it('flags a lookalike of another payee’s address and of a known address; approval needs acknowledgeFlags', async () => {
    const current = (await payable(payeeId)) as { ok: true; address: Address };
    const low = current.address.toLowerCase();
    const twin = `0x${low.slice(2, 6)}${'e'.repeat(32)}${low.slice(-4)}`;
    const treasury = chain.world.accounts.treasury.toLowerCase();
    const poisoned = `0x${treasury.slice(2, 6)}${'d'.repeat(32)}${treasury.slice(-4)}`;
    const r = await call('POST', '/v1/payees', writer, {
      name: 'Mallory',
      reference: 'lookalike',
      addresses: [
        { chainId: 31337, asset: 'tUSD', address: twin },
        { chainId: 31337, asset: 'WETH', address: poisoned },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const [a, b] = r.body.addresses;
    expect(a.flags).toEqual([{ kind: 'lookalike', of: low, source: 'payee', payeeId }]);
    expect(b.flags).toEqual([{ kind: 'lookalike', of: treasury, source: 'known', payeeId: null }]);
    const refused = await call('POST', `/v1/payees/${r.body.id}/address-changes/${a.id}/approve`, reviewer, {});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('payee_flags_unacknowledged');
    const ok = await call('POST', `/v1/payees/${r.body.id}/address-changes/${a.id}/approve`, reviewer, {
      acknowledgeFlags: true,
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a contract address without confirmation, writing nothing; flags it when confirmed', async () => {
    const before = [await count('payees'), await count('payee_address_changes')];
    const vault = chain.world.contracts.vault;
    const body = (confirm?: boolean) => ({
      name: 'Vault payee',
      reference: 'contract-payee',
      addresses: [{ chainId: 31337, asset: 'tUSD', address: vault, ...(confirm ? { confirmContract: true } : {}) }],
    });
    const no = await call('POST', '/v1/payees', writer, body());
    expect(no.status).toBe(422);
    expect(no.body.code).toBe('payee_contract_unconfirmed');
    expect(no.body.errors).toEqual([
      expect.objectContaining({ field: 'body.addresses[0].address', code: 'contract_not_confirmed' }),
    ]);
    expect([await count('payees'), await count('payee_address_changes')]).toEqual(before);
    const yes = await call('POST', '/v1/payees', writer, body(true));
    expect(yes.status).toBe(201);
    expect(yes.body.addresses[0]).toMatchObject({ isContract: true, flags: [{ kind: 'contract' }] });
  });

  it('imports CSV all or nothing: one bad line imports nothing and is named', async () => {
    const csv = (lines: string[]) => ['name,reference,chainId,asset,address', ...lines].join('\n');
    const importCsv = (text: string) =>
      fetch(`${keel.url}/v1/payees/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${writer}`, 'content-type': 'text/csv' },
        body: text,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const before = [await count('payees'), await count('payee_address_changes')];
    const bad = await importCsv(
      csv([
        `"Bo, the artist",csv-bo,31337,tUSD,${fresh()}`,
        'Cy,csv-cy,31337,tUSD,0xnot-an-address',
        `Di,csv-di,31337,tUSD,${fresh()}`,
      ]),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors).toEqual([
      { field: 'line 3.address', code: 'invalid_address', message: expect.any(String) },
    ]);
    expect([await count('payees'), await count('payee_address_changes')]).toEqual(before);

    const good = await importCsv(
      csv([
        `"Bo, the artist",csv-bo,31337,tUSD,${fresh()}`,
        `"Bo, the artist",csv-bo,31337,WETH,${fresh()}`,
        `Di,csv-di,31337,tUSD,${fresh()}`,
      ]),
    );
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    expect(good.body).toMatchObject({ object: 'payee_import', created: 2 });
    expect(good.body.lines.map((l: any) => [l.line, l.reference])).toEqual([
      [2, 'csv-bo'],
      [3, 'csv-bo'],
      [4, 'csv-di'],
    ]);
    expect(good.body.payees[0]).toMatchObject({ name: 'Bo, the artist', verification: 'pending' });
    expect(good.body.payees[0].addresses).toHaveLength(2);
    expect([await count('payees'), await count('payee_address_changes')]).toEqual([before[0]! + 2, before[1]! + 3]);
    // the same references again: named per line, nothing written
    const taken = await importCsv(csv([`Di,csv-di,31337,tUSD,${fresh()}`]));
    expect(taken.body.errors).toEqual([
      expect.objectContaining({ field: 'line 2.reference', code: 'reference_taken' }),
    ]);
  });

  it('lists payees newest first with a cursor; a disabled payee is never payable', async () => {
    const page = await call('GET', '/v1/payees?limit=2', reader);
    expect(page.body).toMatchObject({ object: 'list', hasMore: true });
    expect(page.body.data).toHaveLength(2);
    const next = await call('GET', `/v1/payees?limit=100&startingAfter=${page.body.data[1].id}`, reader);
    expect(next.body.data.map((p: any) => p.id)).not.toContain(page.body.data[0].id);
    expect(next.body.data.map((p: any) => p.id)).toContain(payeeId);
    const off = await call('POST', `/v1/payees/${payeeId}/disable`, writer, {});
    expect(off.body).toMatchObject({ status: 'disabled', disabledAt: expect.any(String) });
    expect(await payable(payeeId)).toEqual({ ok: false, reason: 'payee_disabled' });
    const answers = await book.payable([payeeId, 'pye_unknown'], 31337, chain.world.contracts.WETH);
    expect(answers.get('pye_unknown')).toEqual({ ok: false, reason: 'unknown_payee' });
    const change = await call('POST', `/v1/payees/${payeeId}/address-changes`, writer, {
      chainId: 31337,
      asset: 'tUSD',
      address: fresh(),
    });
    expect(change.body.code).toBe('payee_disabled');
  });
});
