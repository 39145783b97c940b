import { erc4626Abi, getAddress, keccak256, type Address, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbJson } from '../src/db/json.ts';
import { drillLowerSharePrice, drillPauseWithdrawals, drillUpgrade, proxyImplementation } from '../src/devnet/drill.ts';
import type { WatchReport } from '../src/treasury/watcher.ts';
import { startTreasuryWorld, type ApiCall, type TreasuryWorld } from './helpers/treasury.ts';
import { pollUntil } from './helpers/keel-process.ts';

/**
 * The treasury watcher on the demo world: a mandate deposits into the drill vault through an
 * executed plan; then the vault misbehaves (a loss beyond the drawdown limit, an upgrade,
 * paused withdrawals) and one watcher round at a time (the module's task, run directly) trips
 * the vault's breaker once, alerts each rule once, and proposes the withdrawal plan for review
 * — one live plan per breaker, honest about what a paused vault lets out.
 */
describe('treasury watch: breakers, alerts and the rollback plan', () => {
  let w: TreasuryWorld;
  let chain: TreasuryWorld['chain'];
  let db: TreasuryWorld['db'];
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
  let key: string;
  let firstPlan: string;

  beforeAll(async () => {
    // The test runs the watcher itself, one round at a time.
    w = await startTreasuryWorld({
      extra: { treasury: { watchIntervalSeconds: 86_400, sharePriceIntervalSeconds: 86_400 } },
    });
    ({ chain, db, keel, client, call, kv, kc, kd } = w);
    key = `vault:31337:${kd.toLowerCase()}`;
    writer = await keel.tokenWith(['treasury:write', 'treasury:read', 'transactions:read']);
    alice = await keel.tokenWith(['policy:approve', 'treasury:read']);
    bob = await keel.tokenWith(['policy:approve', 'treasury:read']);
  }, 90_000);
  afterAll(async () => {
    await w?.stop();
  });

  const watch = async (): Promise<WatchReport[]> => {
    const task = keel.modules.find((m) => m.name === 'treasury')?.tasks?.find((t) => t.name === 'treasury-watch');
    expect(task, 'the treasury module registers its watcher').toBeDefined();
    return (await task!.run()) as WatchReport[];
  };
  const alerts = async () =>
    (await db.db.selectFrom('events').select('data').where('type', '=', 'treasury.alert').orderBy('seq').execute()).map(
      (e) => dbJson<any>(e.data),
    );
  /** The drill vault's newest history row (the watcher records one per round at the position's block). */
  const newestRow = () =>
    db.db
      .selectFrom('treasury_share_prices')
      .selectAll()
      .where('chain_id', '=', 31337)
      .where('vault', '=', getAddress(kd))
      .orderBy('block_number', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
  const codeHashOf = async (address: Address) => keccak256((await client.getCode({ address }))!);
  const breakerPlans = () =>
    db.db
      .selectFrom('treasury_plans')
      .select(['id', 'status'])
      .where('trigger', '=', `breaker:${key}`)
      .orderBy('id')
      .execute();

  it('a healthy mandate raises nothing; after a deposit, a loss beyond the drawdown limit trips the breaker once', async () => {
    const p = await call('POST', '/v1/treasury/mandates', writer, {
      document: {
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
        maxShareOfVaultBps: 10_000,
        maxDrawdownBps: 50,
        reviewThreshold: '10000000',
        maxDailyMovement: '10000000',
        onBreaker: 'propose_withdrawal',
      },
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    mandateId = p.body.mandateId;
    for (const t of [alice, bob]) {
      const a = await call('POST', `/v1/treasury/mandates/${mandateId}/approve`, t, { version: p.body.version });
      expect(a.status, JSON.stringify(a.body)).toBe(200);
    }
    // Deposit into the vaults (the plan records the share prices: the high the drop is measured from).
    const plan = await call('POST', `/v1/treasury/mandates/${mandateId}/plans`, writer, {});
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    expect(plan.body.movements.some((m: any) => m.vault === kd && m.kind === 'deposit')).toBe(true);
    const ex = await call('POST', `/v1/treasury/plans/${plan.body.id}/execute`, writer, {});
    expect(ex.status, JSON.stringify(ex.body)).toBe(200);
    const done = await pollUntil(
      async () => {
        const r = await call('GET', `/v1/treasury/plans/${plan.body.id}`, writer);
        return r.body.status === 'executing' ? undefined : r.body;
      },
      60_000,
      () => 'the deposit plan did not finish',
    );
    expect(done.status).toBe('executed');

    const healthy = await watch();
    expect(healthy).toEqual([{ mandateId, tripped: [], alerts: [], plansProposed: [] }]);
    // The round is recorded: the drill vault's price and totals at the head, its code and pause switch.
    const head = await client.getBlockNumber();
    const implementation = await proxyImplementation(chain.rpcUrl, kd);
    const row = await newestRow();
    expect(BigInt(row.block_number)).toBe(head);
    expect(row).toMatchObject({
      code_hash: await codeHashOf(kd),
      implementation,
      implementation_code_hash: await codeHashOf(implementation),
      withdrawals_paused: false,
    });
    const price = await client.readContract({
      address: kd,
      abi: erc4626Abi,
      functionName: 'convertToAssets',
      args: [10n ** BigInt(row.share_decimals)],
      blockNumber: head,
    });
    expect(BigInt(row.assets_per_share)).toBe(price);
    const totalAssets = await client.readContract({
      address: kd,
      abi: erc4626Abi,
      functionName: 'totalAssets',
      blockNumber: head,
    });
    expect(BigInt(row.total_assets)).toBe(totalAssets);

    // A 5 % loss: 500 bps below the recorded high, the mandate allows 50.
    const total = await client.readContract({ address: kd, abi: erc4626Abi, functionName: 'totalAssets' });
    await drillLowerSharePrice(chain.rpcUrl, total / 20n);
    const [r] = await watch();
    expect(r!.error).toBeUndefined();
    expect(r!.tripped).toEqual([key]);
    expect(r!.plansProposed.length).toBe(1);
    firstPlan = r!.plansProposed[0]!;

    const list = await call('GET', '/v1/breakers?limit=100', keel.adminToken);
    const b = { body: list.body.data.find((x: any) => x.key === key) };
    expect(b.body).toMatchObject({ key, state: 'open', trippedBy: 'treasury-watch' });
    expect(b.body.reason).toMatch(/^treasury watch: drawdown \(/);
    const audit = await db.db.selectFrom('audit_log').select(['actor', 'action']).where('subject', '=', key).execute();
    expect(audit).toEqual([{ actor: 'treasury-watch', action: 'breaker.tripped' }]);

    const [alert, ...more] = await alerts();
    expect(more).toEqual([]);
    expect(alert).toMatchObject({
      object: 'treasury_alert',
      mandateId,
      chainId: 31337,
      vault: kd,
      rule: 'drawdown',
      breaker: key,
      planId: firstPlan,
    });
    expect(alert.detail).toMatch(/bps below its recorded high/);

    // The rollback plan: proposed (a human executes it), withdrawing from the tripped vault, no deposit into it.
    const pl = await call('GET', `/v1/treasury/plans/${firstPlan}`, writer);
    expect(pl.body).toMatchObject({ status: 'proposed', trigger: `breaker:${key}` });
    const fromKd = pl.body.movements.filter((m: any) => m.vault === kd);
    expect(fromKd.map((m: any) => [m.kind, m.reason])).toEqual([['withdrawal', 'breaker_open']]);

    // Again: nothing new (the breaker is open, the rule alerted, the plan still proposed).
    const [again] = await watch();
    expect(again).toMatchObject({ tripped: [], alerts: [], plansProposed: [] });
    expect((await alerts()).length).toBe(1);
    expect(await breakerPlans()).toEqual([{ id: firstPlan, status: 'proposed' }]);
    expect((await db.db.selectFrom('events').select('id').where('type', '=', 'breaker.tripped').execute()).length).toBe(
      1,
    );
  }, 180_000);

  it('an upgrade of the vault raises code_changed on the open breaker (no second trip, no second plan)', async () => {
    const before = await newestRow();
    await drillUpgrade(chain.rpcUrl);
    const [r] = await watch();
    const after = await newestRow();
    expect(BigInt(after.block_number)).toBeGreaterThan(BigInt(before.block_number));
    expect(after.implementation).toBe(await proxyImplementation(chain.rpcUrl, kd));
    expect(after.implementation_code_hash).toBe(await codeHashOf(after.implementation as Address));
    expect(after.implementation_code_hash).not.toBe(before.implementation_code_hash);
    expect(after.code_hash).toBe(before.code_hash);
    expect(r!.tripped).toEqual([]);
    expect(r!.alerts.map((a) => [a.rule, a.vault, a.planId])).toEqual([['code_changed', kd, firstPlan]]);
    expect((await alerts()).map((a) => a.rule)).toEqual(['drawdown', 'code_changed']);
    expect((await breakerPlans()).length).toBe(1);
    // The API answers the same alerts, newest first (the dashboard's Alerts card).
    const listed = await call('GET', `/v1/treasury/mandates/${mandateId}/alerts`, writer);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.data.map((a: any) => [a.rule, a.vault, a.breaker, a.planId])).toEqual([
      ['code_changed', kd, key, firstPlan],
      ['drawdown', kd, key, firstPlan],
    ]);
  }, 60_000);

  it('paused withdrawals: alerted; once the first plan is stale the new plan says what is withdrawable', async () => {
    const unpaused = await newestRow();
    await drillPauseWithdrawals(chain.rpcUrl, true);
    const [r] = await watch();
    const paused = await newestRow();
    expect(BigInt(paused.block_number)).toBeGreaterThan(BigInt(unpaused.block_number));
    expect([unpaused.withdrawals_paused, paused.withdrawals_paused]).toEqual([false, true]);
    expect(r!.alerts.map((a) => a.rule)).toEqual(['withdrawals_paused']);
    expect(r!.alerts[0]!.detail).toMatch(/paused/);

    // The first plan would withdraw what the vault no longer lets out: executing it is refused.
    const ex = await call('POST', `/v1/treasury/plans/${firstPlan}/execute`, writer, {});
    expect(ex.status).toBe(409);
    expect(ex.body.code).toBe('plan_stale');

    // The breaker is still open and the vault still holds value: the rollback plan is proposed again.
    const [next] = await watch();
    expect(next!.alerts).toEqual([]);
    expect(next!.plansProposed.length).toBe(1);
    const p2 = await call('GET', `/v1/treasury/plans/${next!.plansProposed[0]}`, writer);
    expect(p2.body).toMatchObject({ status: 'proposed', trigger: `breaker:${key}` });
    expect(p2.body.movements.filter((m: any) => m.vault === kd)).toEqual([]);
    expect(p2.body.notes.some((n: string) => n.includes(kd) && n.includes('withdrawable'))).toBe(true);
    expect((await breakerPlans()).map((p) => p.status)).toEqual(['stale', 'proposed']);

    // The operator resets the breaker; the vault still breaks rules, so the next round trips it again.
    const reset = await call('POST', `/v1/breakers/${encodeURIComponent(key)}/reset`, keel.adminToken, {
      note: 'checked',
    });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    const [after] = await watch();
    expect(after!.tripped).toEqual([key]);
    expect(after!.alerts.map((a) => a.rule).sort()).toEqual(['code_changed', 'drawdown', 'withdrawals_paused']);
    // A plan of this breaker is still proposed: no second one.
    expect(after!.plansProposed).toEqual([]);
    await drillPauseWithdrawals(chain.rpcUrl, false);
  }, 60_000);
});
