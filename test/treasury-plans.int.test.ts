import { createWalletClient, erc20Abi, erc4626Abi, http, parseUnits, type Address, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { users } from '../src/devnet/accounts.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillPauseWithdrawals } from '../src/devnet/drill.ts';
import { startTreasuryWorld, type ApiCall, type TreasuryWorld } from './helpers/treasury.ts';
import { pollUntil } from './helpers/keel-process.ts';

/**
 * Treasury plans end to end on the demo world, under the development policy as shipped: a
 * mandate over the three demo vaults is approved, its position read at one block, a plan made
 * and executed once through the write path (withdrawals, exact approval → deposit), its
 * movements settled by the outcome hook with the shares the vaults reported; then a vault's
 * breaker trips and the plan withdraws from it, held for review by the mandate's threshold,
 * honest about what a paused vault lets out; and a plan whose position moved is stale.
 */
describe('treasury plans: plan, execute once, roll back from a tripped vault', () => {
  let w: TreasuryWorld;
  let keel: TreasuryWorld['keel'];
  let chain: TreasuryWorld['chain'];
  let db: TreasuryWorld['db'];
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

  beforeAll(async () => {
    w = await startTreasuryWorld();
    ({ keel, chain, db, client, call, kv, kc, kd, tUSD, treasury } = w);
    writer = await keel.tokenWith(['treasury:write', 'treasury:read', 'transactions:read']);
    alice = await keel.tokenWith(['policy:approve', 'treasury:read']);
    bob = await keel.tokenWith(['policy:approve', 'treasury:read']);
  }, 90_000);
  afterAll(async () => {
    await w?.stop();
  });

  const document = (over: Record<string, unknown> = {}) => ({
    name: 'Operating reserve',
    chainId: 31337,
    signer: 'treasury',
    asset: 'tUSD',
    vaults: [
      { address: kv, targetBps: 4000, maxAllocation: { bps: 5000 }, label: 'Demo USD vault' },
      { address: kc, targetBps: 2500, maxAllocation: { bps: 3000 }, label: 'Conservative USD vault' },
      { address: kd, targetBps: 1500, maxAllocation: { bps: 2000 }, label: 'Drill vault' },
    ],
    buffer: { bps: 1000, amount: '10000' },
    // The demo vaults are small: the treasury may own all of one here.
    maxShareOfVaultBps: 10_000,
    reviewThreshold: '200000',
    maxDailyMovement: '1000000',
    ...over,
  });
  const activate = (body: Record<string, unknown>) => w.activate(body, writer, [alice, bob]);
  const shares = (vault: Address) =>
    client.readContract({ address: vault, abi: erc4626Abi, functionName: 'balanceOf', args: [treasury] });
  const tusd = () => client.readContract({ address: tUSD, abi: erc20Abi, functionName: 'balanceOf', args: [treasury] });
  const planFinal = (id: string) =>
    pollUntil(
      async () => {
        const r = await call('GET', `/v1/treasury/plans/${id}`, writer);
        return r.body.status === 'executing' || r.body.status === 'proposed' ? undefined : r.body;
      },
      60_000,
      () => `plan ${id} did not finish`,
    );

  it('refuses to plan under a mandate that waits for approvals', async () => {
    const p = await call('POST', '/v1/treasury/mandates', writer, { document: document({ name: 'pending' }) });
    expect(p.status).toBe(201);
    const r = await call('POST', `/v1/treasury/mandates/${p.body.mandateId}/plans`, writer, {});
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('mandate_not_active');
  });

  it('reads the position at one block, plans deposits toward the targets and executes them once', async () => {
    mandateId = (await activate({ document: document() })).mandateId;
    const pos = await call('GET', `/v1/treasury/mandates/${mandateId}/position`, writer);
    expect(pos.status, JSON.stringify(pos.body)).toBe(200);
    const idle = BigInt(pos.body.accountBalance.baseUnits);
    const deployed = pos.body.vaults.reduce((s: bigint, v: any) => s + BigInt(v.value.baseUnits), 0n);
    expect(BigInt(pos.body.total.baseUnits)).toBe(idle + deployed);
    expect(pos.body.vaults.map((v: any) => v.code.matchesMandate)).toEqual([true, true, true]);

    const plan = await call('POST', `/v1/treasury/mandates/${mandateId}/plans`, writer, {});
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const p = plan.body;
    expect(p).toMatchObject({ object: 'treasury_plan', status: 'proposed', mandateVersion: 1, reviewReasons: [] });
    // Deposits only (nothing breaks a rule), toward the two empty vaults' targets.
    expect(p.movements.map((m: any) => [m.kind, m.vault, m.reason])).toEqual(
      expect.arrayContaining([
        ['deposit', kc, 'target'],
        ['deposit', kd, 'target'],
      ]),
    );
    expect(p.movements.every((m: any) => m.kind === 'deposit' && m.status === 'planned')).toBe(true);
    const total = BigInt(p.total.baseUnits);
    const wantKc = (total * 2500n) / 10_000n;
    expect(BigInt(p.movements.find((m: any) => m.vault === kc).amount.baseUnits)).toBe(wantKc);
    expect(p.preview.lines[0]).toMatch(/^Deposit [\d.]+ tUSD into (Conservative|Drill)/);
    expect(p.preview.disclosures.length).toBe(4);
    expect(p.violationsAfter).toEqual([]);

    const before = { tusd: await tusd(), kc: await shares(kc), kd: await shares(kd) };
    const ex = await call('POST', `/v1/treasury/plans/${p.id}/execute`, writer, {});
    expect(ex.status, JSON.stringify(ex.body)).toBe(200);
    expect(ex.body.status).toBe('executing');
    expect(ex.body.movements.every((m: any) => m.status === 'pending' && m.transactionId)).toBe(true);
    // Executed once: a second execute sends nothing.
    const again = await call('POST', `/v1/treasury/plans/${p.id}/execute`, writer, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('plan_not_executable');

    const done = await planFinal(p.id);
    expect(done.status, JSON.stringify(done)).toBe('executed');
    expect(done.movements.every((m: any) => m.status === 'confirmed' && BigInt(m.shares) > 0n)).toBe(true);
    const moved = BigInt(done.moved.baseUnits);
    expect(before.tusd - (await tusd())).toBe(moved);
    const kcMove = done.movements.find((m: any) => m.vault === kc);
    expect((await shares(kc)) - before.kc).toBe(BigInt(kcMove.shares));
    // Exact approvals: nothing left granted to the vaults.
    for (const v of [kc, kd])
      expect(
        await client.readContract({ address: tUSD, abi: erc20Abi, functionName: 'allowance', args: [treasury, v] }),
      ).toBe(0n);
    const types = (await db.db.selectFrom('events').select('type').where('type', 'like', 'treasury.%').execute()).map(
      (e) => e.type,
    );
    expect(types).toEqual(
      expect.arrayContaining(['treasury.plan_created', 'treasury.movement_confirmed', 'treasury.plan_executed']),
    );
    // The position now carries a cost basis from the confirmed movements.
    const after = await call('GET', `/v1/treasury/mandates/${mandateId}/position`, writer);
    const kcPos = after.body.vaults.find((v: any) => v.address === kc);
    expect(kcPos.costBasis.baseUnits).toBe(kcMove.amount.baseUnits);
    expect(after.body.breaches.filter((b: any) => b.rule === 'over_cap' || b.rule === 'buffer')).toEqual([]);
  }, 120_000);

  it('a plan whose position moved before execution is stale: nothing is sent', async () => {
    // Nothing to deploy now; a payment into the treasury changes that.
    const r = await call('POST', `/v1/treasury/mandates/${mandateId}/plans`, writer, {});
    expect(r.status).toBe(201);
    const wallet = createWalletClient({
      account: privateKeyToAccount(users[0]!.privateKey),
      transport: http(chain.rpcUrl),
      chain: {
        id: 31337,
        name: 'dev',
        nativeCurrency: { name: 'E', symbol: 'ETH', decimals: 18 },
        rpcUrls: { default: { http: [chain.rpcUrl] } },
      },
    });
    const hash = await wallet.writeContract({
      address: tUSD,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [treasury, parseUnits('5000', 6)],
    });
    await client.waitForTransactionReceipt({ hash });
    const txsBefore = await db.db.selectFrom('transactions').select('id').execute();
    const ex = await call('POST', `/v1/treasury/plans/${r.body.id}/execute`, writer, {});
    expect(ex.status).toBe(409);
    expect(ex.body.code).toBe('plan_stale');
    expect((await db.db.selectFrom('transactions').select('id').execute()).length).toBe(txsBefore.length);
    expect((await call('GET', `/v1/treasury/plans/${r.body.id}`, writer)).body.status).toBe('stale');
  });

  it('a tripped vault is withdrawn from (held for review above the threshold); a paused one only as far as it lets out', async () => {
    const admin = keel.adminToken;
    const key = `vault:31337:${kd.toLowerCase()}`;
    const trip = await call('POST', `/v1/breakers/${encodeURIComponent(key)}/trip`, admin, { reason: 'drill' });
    expect(trip.status, JSON.stringify(trip.body)).toBe(200);

    // Paused withdrawals: the plan withdraws nothing from the drill vault and says why.
    await drillPauseWithdrawals(chain.rpcUrl, true);
    const paused = await call('POST', `/v1/treasury/mandates/${mandateId}/plans`, writer, {});
    expect(paused.status).toBe(201);
    expect(paused.body.movements.filter((m: any) => m.vault === kd)).toEqual([]);
    expect(paused.body.violationsAfter.some((v: string) => v.includes('breaker is open'))).toBe(true);
    expect(paused.body.notes.some((n: string) => n.includes(kd) && n.includes('withdrawable'))).toBe(true);
    await drillPauseWithdrawals(chain.rpcUrl, false);

    // A new version with a low review threshold: the rollback waits for a human.
    await activate({ mandateId, baseVersion: 1, document: document({ reviewThreshold: '1000' }) });
    const held = await call('POST', `/v1/treasury/mandates/${mandateId}/plans`, writer, {});
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    const w = held.body.movements.find((m: any) => m.vault === kd);
    expect(w).toMatchObject({ kind: 'withdrawal', reason: 'breaker_open' });
    expect(held.body.reviewReasons).toContain('review_threshold');
    const ex = await call('POST', `/v1/treasury/plans/${held.body.id}/execute`, writer, {});
    expect(ex.status, JSON.stringify(ex.body)).toBe(200);
    const tx = await call('GET', `/v1/transactions/${ex.body.movements[0].transactionId}`, writer);
    expect(tx.body.status).toBe('pending_review');
    const history = await db.db
      .selectFrom('transaction_history')
      .select(['status', 'reason'])
      .where('tx_id', '=', ex.body.movements[0].transactionId)
      .orderBy('seq')
      .execute();
    expect(history.map((h) => `${h.status}:${h.reason}`)).toContain('pending_review:capability_review');

    // The reviewer (another principal) approves the batch: the rollback lands, the drill vault is emptied.
    const reviewer = await keel.tokenWith(['review', 'transactions:read']);
    const ok = await call('POST', `/v1/reviews/${ex.body.movements[0].transactionId}/approve`, reviewer, {
      note: 'drill',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const done = await planFinal(held.body.id);
    expect(done.status, JSON.stringify(done)).toBe('executed');
    expect(await shares(kd)).toBe(0n);
    const pos = await call('GET', `/v1/treasury/mandates/${mandateId}/position`, writer);
    expect(pos.body.vaults.find((v: any) => v.address === kd).value.baseUnits).toBe('0');
    // The realised result of the round trip is the vault's own figure, from the confirmed movements.
    expect(pos.body.vaults.find((v: any) => v.address === kd).costBasis.baseUnits).toBe('0');
  }, 120_000);
});
