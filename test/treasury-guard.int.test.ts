import { erc20Abi, erc4626Abi, formatUnits, parseUnits, type Address, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTreasuryWorld, type ApiCall, type TreasuryWorld } from './helpers/treasury.ts';
import { pollUntil } from './helpers/keel-process.ts';

/**
 * The treasury mandate as an intake guard, and a mandate change checked against the position,
 * on the demo world under the development policy (which allows raw deposits into the demo
 * vault, rule `vault-deposits`; the test adds one rule allowing raw withdrawals from it, so that
 * a withdrawal reaches the guard at all). Raw vault calls of the treasury account are judged by
 * its active mandate: an unlisted vault, a deposit over a cap and one under the buffer are
 * refused (403 `policy_denied` with the mandate's reason, recorded `rejected`, nothing sent); a
 * deposit inside the mandate and a withdrawal pass; a plan's own transactions are not judged
 * again. A new version lowering a cap below the holding answers what it puts out of bounds
 * and the withdrawal that fixes it.
 */
describe('treasury mandate guard: raw vault calls judged by the mandate', () => {
  let w: TreasuryWorld;
  let keel: TreasuryWorld['keel'];
  let client: PublicClient;
  let call: ApiCall;
  let writer: string;
  let alice: string;
  let bob: string;
  let mandateId: string;
  let kv: Address;
  let kc: Address;
  let kd: Address;
  let tUSD: Address;
  let treasury: Address;
  let decimals: number;

  beforeAll(async () => {
    w = await startTreasuryWorld({
      extraRules: ({ kv, treasury }) => [
        {
          id: 'vault-withdrawals',
          kind: 'contract',
          effect: 'allow',
          intentKinds: ['contract_call'],
          contracts: [kv],
          functions: [
            {
              selector: 'withdraw(uint256,address,address)',
              args: [
                { index: 1, oneOf: [treasury] },
                { index: 2, oneOf: [treasury] },
              ],
            },
          ],
        },
        { id: 'vault-shares', kind: 'asset', effect: 'allow', intentKinds: ['contract_call'], assets: [kv] },
      ],
    });
    ({ keel, client, call, kv, kc, kd, tUSD, treasury } = w);
    decimals = await client.readContract({ address: tUSD, abi: erc20Abi, functionName: 'decimals' });
    writer = await keel.tokenWith(['treasury:write', 'treasury:read', 'transactions:read', 'transactions:write']);
    alice = await keel.tokenWith(['policy:approve', 'treasury:read']);
    bob = await keel.tokenWith(['policy:approve', 'treasury:read']);
  }, 90_000);
  afterAll(async () => {
    await w?.stop();
  });

  const units = (s: string) => parseUnits(s, decimals);
  const vaults = (kvEntry?: Record<string, unknown>) => [
    ...(kvEntry ? [{ address: kv, label: 'Demo USD vault', ...kvEntry }] : []),
    { address: kc, targetBps: 2500, maxAllocation: { bps: 3000 }, label: 'Conservative USD vault' },
    { address: kd, targetBps: 1500, maxAllocation: { bps: 2000 }, label: 'Drill vault' },
  ];
  const document = (over: Record<string, unknown> = {}) => ({
    name: 'Operating reserve',
    chainId: 31337,
    signer: 'treasury',
    asset: 'tUSD',
    vaults: vaults(),
    buffer: { bps: 1000, amount: '10000' },
    maxShareOfVaultBps: 10_000,
    reviewThreshold: '200000',
    maxDailyMovement: '1000000',
    ...over,
  });
  const approveVersion = async (version: number) => {
    for (const t of [alice, bob]) {
      const a = await call('POST', `/v1/treasury/mandates/${mandateId}/approve`, t, { version });
      expect(a.status, JSON.stringify(a.body)).toBe(200);
    }
  };
  const propose = async (doc: Record<string, unknown>) => {
    const p = await call('POST', '/v1/treasury/mandates', writer, { mandateId, document: doc });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    return p.body;
  };
  const position = async () => {
    const pos = await call('GET', `/v1/treasury/mandates/${mandateId}/position`, writer);
    expect(pos.status, JSON.stringify(pos.body)).toBe(200);
    const kvValue = pos.body.vaults.find((v: any) => v.address === kv)?.value?.baseUnits;
    return { idle: BigInt(pos.body.accountBalance.baseUnits), kv: kvValue ? BigInt(kvValue) : null };
  };
  const raw = (to: Address, fn: string, args: string[]) =>
    call('POST', '/v1/transactions', writer, {
      chainId: 31337,
      signer: 'treasury',
      kind: 'contract_call',
      to,
      call: { function: fn, args },
      userId: 'treasury-desk',
    });
  const deposit = (vault: Address, amount: bigint) =>
    raw(vault, 'deposit(uint256,address)', [amount.toString(), treasury]);
  const confirmed = (id: string) =>
    pollUntil(
      async () => {
        const r = await call('GET', `/v1/transactions/${id}`, writer);
        return ['confirmed', 'reverted', 'failed', 'rejected', 'cancelled'].includes(r.body.status)
          ? r.body
          : undefined;
      },
      60_000,
      () => `transaction ${id} did not finish`,
    );
  const kvShares = () =>
    client.readContract({ address: kv, abi: erc4626Abi, functionName: 'balanceOf', args: [treasury] });
  const expectMandateDenial = async (r: { status: number; body: any }, code: string) => {
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(r.body.code).toBe('policy_denied');
    expect(r.body.decision.deniedBy).toEqual(['treasury.mandate']);
    expect(r.body.decision.reasons.map((x: any) => x.code)).toEqual([code]);
    expect(r.body.decision.reasons[0].rule).toMatch(new RegExp(`^mandate:${mandateId}@\\d+$`));
    expect(r.body.userMessage).toMatch(/mandate/);
    expect(r.body.transaction).toMatchObject({ status: 'rejected', intentKind: 'contract_call' });
    // Nothing is sent: the record is final as rejected, never given to a worker.
    const stored = await call('GET', `/v1/transactions/${r.body.transaction.id}`, writer);
    expect(stored.body).toMatchObject({ status: 'rejected', statusReason: 'policy_denied', hash: null });
  };

  it('refuses a raw deposit into, and an approval to, a vault the active mandate does not list', async () => {
    const p = await call('POST', '/v1/treasury/mandates', writer, { document: document() });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    mandateId = p.body.mandateId;
    // A new mandate has no position to check against.
    expect(p.body.positionCheck).toBeNull();
    const before = await kvShares();
    await approveVersion(1);
    await expectMandateDenial(await deposit(kv, units('10')), 'mandate_vault_not_allowed');
    await expectMandateDenial(
      await raw(tUSD, 'approve(address,uint256)', [kv, units('10').toString()]),
      'mandate_vault_not_allowed',
    );
    expect(await kvShares()).toBe(before);
  }, 60_000);

  it("a plan's own deposits are not judged again by the guard", async () => {
    const plan = await call('POST', `/v1/treasury/mandates/${mandateId}/plans`, writer, {});
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    expect(plan.body.movements.length).toBeGreaterThan(0);
    const ex = await call('POST', `/v1/treasury/plans/${plan.body.id}/execute`, writer, {});
    expect(ex.status, JSON.stringify(ex.body)).toBe(200);
    const done = await pollUntil(
      async () => {
        const r = await call('GET', `/v1/treasury/plans/${plan.body.id}`, writer);
        return r.body.status === 'executing' ? undefined : r.body;
      },
      60_000,
      () => 'plan did not finish',
    );
    expect(done.status, JSON.stringify(done)).toBe('executed');
  }, 90_000);

  it('under a version listing the vault: over its cap is refused, inside the mandate passes, a withdrawal passes', async () => {
    const { idle, kv: held } = await position();
    expect(held).toBeNull();
    const kvHeld = await client.readContract({
      address: kv,
      abi: erc4626Abi,
      functionName: 'convertToAssets',
      args: [await kvShares()],
    });
    // Cap: 100 tUSD above what is held now; buffer: 1,000 tUSD below the idle balance.
    const v2 = await propose(
      document({
        vaults: vaults({ targetBps: 0, maxAllocation: { amount: formatUnits(kvHeld + units('100'), decimals) } }),
        buffer: { amount: formatUnits(idle - units('1000'), decimals) },
      }),
    );
    expect(v2.positionCheck).not.toBeNull();
    await approveVersion(v2.version);

    await expectMandateDenial(await deposit(kv, units('120')), 'mandate_over_cap');

    const approval = await raw(tUSD, 'approve(address,uint256)', [kv, units('50').toString()]);
    expect(approval.status, JSON.stringify(approval.body)).toBe(201);
    expect((await confirmed(approval.body.id)).status).toBe('confirmed');
    const sharesBefore = await kvShares();
    const ok = await deposit(kv, units('50'));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.decision.deniedBy).toBeUndefined();
    expect((await confirmed(ok.body.id)).status).toBe('confirmed');
    expect(await kvShares()).toBeGreaterThan(sharesBefore);

    const out = await raw(kv, 'withdraw(uint256,address,address)', [units('10').toString(), treasury, treasury]);
    expect(out.status, JSON.stringify(out.body)).toBe(201);
    expect((await confirmed(out.body.id)).status).toBe('confirmed');
  }, 120_000);

  it('a deposit that would leave the idle balance under the buffer is refused', async () => {
    const { idle } = await position();
    const v3 = await propose(
      document({
        vaults: vaults({ targetBps: 0, maxAllocation: { amount: '100000000' } }),
        buffer: { amount: formatUnits(idle - units('10'), decimals) },
      }),
    );
    await approveVersion(v3.version);
    await expectMandateDenial(await deposit(kv, units('20')), 'mandate_buffer');
    // Inside the buffer's room the same call is the policy's alone (no allowance left: the simulation says so).
    const small = await deposit(kv, units('5'));
    expect(small.body.decision?.deniedBy).toBeUndefined();
  }, 60_000);

  it('a new version lowering a cap below the holding lists what is out of bounds and the withdrawal that fixes it', async () => {
    const { kv: held } = await position();
    expect(held).not.toBeNull();
    expect(held!).toBeGreaterThan(units('1'));
    const v4 = await propose(
      document({
        vaults: vaults({ targetBps: 0, maxAllocation: { amount: '1' } }),
        buffer: { amount: '0' },
      }),
    );
    expect(v4.status).toBe('proposed');
    const check = v4.positionCheck;
    expect(check, JSON.stringify(v4)).not.toBeNull();
    expect(BigInt(check.blockNumber)).toBeGreaterThan(0n);
    expect(check.outOfBounds.some((s: string) => s.startsWith(`${kv}:`) && s.includes('above its cap'))).toBe(true);
    expect(check.plan.movements).toContainEqual({
      kind: 'withdrawal',
      vault: kv,
      reason: 'over_cap',
      amount: { amount: formatUnits(held! - units('1'), decimals), baseUnits: (held! - units('1')).toString() },
    });
    // Kept with the version: reading it again answers the same check.
    const m = await call('GET', `/v1/treasury/mandates/${mandateId}`, writer);
    expect(m.body.proposals.find((x: any) => x.version === v4.version).positionCheck).toEqual(check);
  }, 60_000);
});
