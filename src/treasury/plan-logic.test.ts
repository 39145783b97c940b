import { describe, expect, it } from 'vitest';
import {
  concentrationRoom,
  planRebalance,
  planRules,
  sameMovements,
  type PlanFacts,
  type PlanVaultFacts,
} from './plan-logic.ts';
import { A, B, healthyVault, opsReserve, u } from './test-support.ts';

const C = '0x00000000000000000000000000000000000000cc';
const doc = opsReserve;
const vault = healthyVault;
const facts = (idle: bigint, vaults: PlanVaultFacts[], movedLast24h = 0n): PlanFacts => ({
  idle,
  vaults,
  movedLast24h,
});
const rules = (over?: Record<string, unknown>) => planRules(doc(over), 6);

describe('planRebalance', () => {
  it('deploys what idles above the buffer toward the targets, largest room first', () => {
    // Total 1,000,000: buffer max(100,000, 20 %) = 200,000; A target 400,000, B target 300,000.
    const p = planRebalance(rules(), facts(u(1_000_000), [vault(A, 0n), vault(B, 0n)]));
    expect(p.movements).toEqual([
      { kind: 'deposit', vault: A, amount: u(400_000), reason: 'target' },
      { kind: 'deposit', vault: B, amount: u(300_000), reason: 'target' },
    ]);
    expect(p.moved).toBe(u(700_000));
    expect(p.violationsAfter).toEqual([]);
    expect(p.reviewReasons).toEqual(['review_threshold']);
  });

  it('leaves a vault between its target and its cap alone, and respects the amount cap when it binds', () => {
    // Total 1,000,000. A holds 450,000 (over target 400,000, under cap 500,000): untouched.
    // B: 30 % target = 300,000 but its amount cap is 350,000; it holds 0 → room 300,000;
    // idle 550,000 − buffer 200,000 = 350,000 spendable → 300,000 into B.
    const p = planRebalance(rules(), facts(u(550_000), [vault(A, u(450_000)), vault(B, 0n)]));
    expect(p.movements).toEqual([{ kind: 'deposit', vault: B, amount: u(300_000), reason: 'target' }]);
  });

  it('withdraws the excess over a cap, and everything from a tripped, changed or unlisted vault', () => {
    const p = planRebalance(
      rules(),
      facts(u(200_000), [vault(A, u(600_000)), vault(B, u(100_000), { tripped: true }), vault(C, u(100_000))]),
    );
    // Total 1,000,000: A's cap 500,000 → withdraw 100,000; B and C entirely. Then idle 500,000:
    // spendable 300,000; B is tripped (no deposit), A is at 500,000 ≥ target → nothing deposited.
    expect(p.movements).toEqual([
      { kind: 'withdrawal', vault: A, amount: u(100_000), reason: 'over_cap' },
      { kind: 'withdrawal', vault: B, amount: u(100_000), reason: 'breaker_open' },
      { kind: 'withdrawal', vault: C, amount: u(100_000), reason: 'not_in_mandate' },
    ]);
    expect(p.violationsBefore.length).toBe(3);
    expect(p.violationsAfter).toEqual([]);
    expect(p.notes.some((n) => n.includes('breaker is open'))).toBe(true);
  });

  it('is honest when withdrawals are paused: withdraws what it can and says what is left', () => {
    const p = planRebalance(
      rules(),
      facts(u(500_000), [vault(A, u(300_000)), vault(B, u(200_000), { tripped: true, maxWithdraw: u(50_000) })]),
    );
    expect(p.movements.filter((m) => m.kind === 'withdrawal')).toEqual([
      { kind: 'withdrawal', vault: B, amount: u(50_000), reason: 'breaker_open' },
    ]);
    expect(p.notes.some((n) => n.includes('only 50000000000 withdrawable now of 200000000000'))).toBe(true);
    expect(p.violationsAfter.some((v) => v.includes('breaker is open'))).toBe(true);
  });

  it('refills a short buffer from the vault furthest above its target', () => {
    // Total 1,000,000, idle 50,000 < buffer 200,000. A is 150,000 above its target, B 50,000 under.
    const p = planRebalance(rules(), facts(u(50_000), [vault(A, u(500_000)), vault(B, u(450_000) - u(0))]));
    const w = p.movements.filter((m) => m.kind === 'withdrawal');
    // B (450,000) is over its 350,000 amount cap first: 100,000 out; then 50,000 more from the
    // furthest above target — B at 350,000 is 50,000 above 300,000, A 100,000 above 400,000 → A.
    expect(w).toEqual([
      { kind: 'withdrawal', vault: B, amount: u(100_000), reason: 'over_cap' },
      { kind: 'withdrawal', vault: A, amount: u(50_000), reason: 'buffer' },
    ]);
    expect(p.violationsAfter).toEqual([]);
  });

  it('holds deposits to the daily movement left, never the withdrawals (those go to review)', () => {
    const r = rules({ maxDailyMovement: '100000' });
    const dep = planRebalance(r, facts(u(1_000_000), [vault(A, 0n), vault(B, 0n)], u(40_000)));
    expect(dep.moved).toBe(u(60_000));
    expect(dep.reviewReasons).toEqual([]);
    const out = planRebalance(r, facts(u(200_000), [vault(A, u(800_000), { tripped: true })], u(40_000)));
    expect(out.movements).toEqual([{ kind: 'withdrawal', vault: A, amount: u(800_000), reason: 'breaker_open' }]);
    expect(out.reviewReasons).toEqual(['review_threshold', 'daily_movement']);
  });

  it('makes no deposit into a stale, tripped or too small vault, and keeps concentration', () => {
    const r = rules({ maxShareOfVaultBps: 1_000, minVaultAssets: '5000000' });
    const p = planRebalance(
      r,
      facts(u(1_000_000), [vault(A, 0n, { totalAssets: u(1_000_000) }), vault(B, 0n, { stale: true })]),
    );
    // A may receive d with d ≤ 10 % of (1,000,000 + d) → 111,111.111111; but A is under the
    // minimum size (5,000,000) so it gets nothing; B is stale.
    expect(p.movements).toEqual([]);
    expect(p.notes.length).toBe(2);
  });
});

describe('concentrationRoom', () => {
  it('is the largest deposit that keeps the share at or under the limit', () => {
    const room = concentrationRoom(0n, u(1_000_000), 1_000);
    expect(room * 10_000n <= (u(1_000_000) + room) * 1_000n).toBe(true);
    expect((room + 2n) * 10_000n <= (u(1_000_000) + room + 2n) * 1_000n).toBe(false);
    expect(concentrationRoom(u(200_000), u(1_000_000), 1_000)).toBe(0n);
  });
});

describe('sameMovements', () => {
  const plan = planRebalance(rules(), facts(u(1_000_000), [vault(A, 0n), vault(B, 0n)]));
  const stored = plan.movements.map((m) => ({ ...m, amount: m.amount.toString() }));
  it('is the same plan up to a 10 bps drift of each amount (a live vault accrues between plan and execute)', () => {
    const drift = (bps: bigint) =>
      planRebalance(rules(), facts(u(1_000_000), [vault(A, 0n), vault(B, 0n)])).movements.map((m) => ({
        ...m,
        amount: m.amount + (m.amount * bps) / 10_000n,
      }));
    expect(sameMovements({ ...plan, movements: drift(10n) }, stored)).toBe(true);
    expect(sameMovements({ ...plan, movements: drift(11n) }, stored)).toBe(false);
  });
  it('is another plan when a movement appears, disappears or changes vault, kind or reason', () => {
    const other = planRebalance(rules(), facts(u(1_000_000), [vault(A, u(100_000)), vault(B, 0n)]));
    expect(sameMovements(other, stored)).toBe(false);
    expect(sameMovements({ ...plan, movements: plan.movements.slice(1) }, stored)).toBe(false);
    expect(sameMovements({ ...plan, movements: plan.movements.map((m) => ({ ...m, reason: 'buffer' })) }, stored)).toBe(
      false,
    );
  });
});
