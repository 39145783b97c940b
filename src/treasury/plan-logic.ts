import { parseUnits } from 'viem';
import { floorAmount, limitAmount } from './allocation-logic.ts';
import type { MandateDocument } from './mandate.ts';

/**
 * The rebalancing plan (pure): which deposits and withdrawals bring a mandate's position
 * inside its rules at least cost. Written here because it is Keel's own judgement, not a
 * library's: "least cost" means the fewest and smallest movements —
 *   1. withdraw what must leave: everything from a vault whose breaker is open, whose code no
 *      longer matches, or that the mandate no longer lists; the excess over a vault's cap;
 *   2. withdraw what the buffer lacks, from the vaults furthest above their targets first;
 *   3. deposit what idles above the buffer into vaults below their targets, the largest room
 *      first, never past a vault's cap, its concentration limit or the daily movement left.
 * A vault between its target and its cap is left alone: moving it would cost gas and buy no
 * rule. Withdrawals are never cut by the daily limit (a rollback must not wait for tomorrow);
 * a plan that goes past it needs a human instead. All amounts are the asset's base units.
 */

/** A limit resolved to base units (`undefined` parts were not given). */
export interface ResolvedLimit {
  amount?: bigint;
  bps?: number;
}

/** The mandate's numbers in base units: what the plan and the checks compare with. */
export interface PlanRules {
  buffer: ResolvedLimit;
  vaults: Map<string, { targetBps: number; maxAllocation: ResolvedLimit }>;
  maxShareOfVaultBps: number;
  minVaultAssets: bigint;
  reviewThreshold: bigint;
  maxDailyMovement: bigint;
}

/** Parses a mandate's decimal amounts with the asset's decimals. */
export function planRules(doc: MandateDocument, decimals: number): PlanRules {
  const limit = (l: { amount?: string; bps?: number }): ResolvedLimit => ({
    ...(l.amount !== undefined ? { amount: parseUnits(l.amount, decimals) } : {}),
    ...(l.bps !== undefined ? { bps: l.bps } : {}),
  });
  return {
    buffer: limit(doc.buffer),
    vaults: new Map(
      doc.vaults.map((v) => [
        v.address.toLowerCase(),
        { targetBps: v.targetBps, maxAllocation: limit(v.maxAllocation) },
      ]),
    ),
    maxShareOfVaultBps: doc.maxShareOfVaultBps,
    minVaultAssets: parseUnits(doc.minVaultAssets, decimals),
    reviewThreshold: parseUnits(doc.reviewThreshold, decimals),
    maxDailyMovement: parseUnits(doc.maxDailyMovement, decimals),
  };
}

/** What the plan knows of one vault the account holds or the mandate lists. */
export interface PlanVaultFacts {
  address: string;
  /** The account's shares, valued with `convertToAssets`. */
  value: bigint;
  /** `maxWithdraw(account)`; null when the call failed (nothing is withdrawable then). */
  maxWithdraw: bigint | null;
  totalAssets: bigint;
  /** The vault's breaker is open (no deposits; its position is withdrawn). */
  tripped: boolean;
  /** The code on chain is not the code the mandate pinned. */
  codeChanged: boolean;
  /** Its share-price reading is older than the mandate allows: no deposit on it. */
  stale: boolean;
}

export interface PlanFacts {
  /** The asset the account holds, undeployed. */
  idle: bigint;
  vaults: PlanVaultFacts[];
  /** Deposits plus withdrawals of this mandate in the last 24 h. */
  movedLast24h: bigint;
}

export type MovementKind = 'deposit' | 'withdrawal';

export interface Movement {
  kind: MovementKind;
  vault: string;
  amount: bigint;
  /** Why, as a stable code: `breaker_open`, `code_changed`, `not_in_mandate`, `over_cap`, `buffer`, `target`. */
  reason: string;
}

export interface Plan {
  movements: Movement[];
  /** The mandate's total (idle plus every vault's value) the shares were computed on. */
  total: bigint;
  /** Deposits plus withdrawals. */
  moved: bigint;
  /** What breaks a rule now, and what would still after the plan (e.g. withdrawals paused). */
  violationsBefore: string[];
  violationsAfter: string[];
  /** Why a human must approve it: `review_threshold`, `daily_movement`. Empty when none. */
  reviewReasons: string[];
  /** Plain facts the preview shows (a withdrawal cut short by `maxWithdraw`, a vault skipped). */
  notes: string[];
}

const BPS = 10_000n;
const UNBOUNDED = 2n ** 256n - 1n;
const share = (total: bigint, bps: number) => (total * BigInt(bps)) / BPS;
const min = (...xs: bigint[]) => xs.reduce((a, b) => (b < a ? b : a));
const max0 = (x: bigint) => (x > 0n ? x : 0n);

/** A cap: the smaller of its amount and its share of the total binds (null: no cap). */
export function capOf(l: ResolvedLimit, total: bigint): bigint | null {
  return l.amount === undefined && l.bps === undefined ? null : limitAmount(l, total).amount;
}

/** The buffer: a floor, so the larger of its amount and its share binds (the conservative reading). */
export function bufferOf(l: ResolvedLimit, total: bigint): bigint {
  return l.amount === undefined && l.bps === undefined ? 0n : floorAmount(l, total).amount;
}

/**
 * The most that can be deposited into a vault before the account owns more than `bps` of its
 * total assets: v + d ≤ bps·(TA + d) / 10,000.
 */
export function concentrationRoom(value: bigint, totalAssets: bigint, bps: number): bigint {
  if (bps >= 10_000) return UNBOUNDED;
  const b = BigInt(bps);
  return max0((b * totalAssets - BPS * value) / (BPS - b));
}

/** Every rule a position breaks, in words (the plan's before and after). */
export function violations(
  rules: PlanRules,
  idle: bigint,
  vaults: { address: string; value: bigint; totalAssets: bigint; tripped: boolean; codeChanged: boolean }[],
): string[] {
  const total = vaults.reduce((s, v) => s + v.value, idle);
  const out: string[] = [];
  const buffer = bufferOf(rules.buffer, total);
  if (idle < buffer) out.push(`buffer short: ${idle} held, ${buffer} required`);
  for (const v of vaults) {
    if (v.value === 0n) continue;
    const r = rules.vaults.get(v.address.toLowerCase());
    if (!r) out.push(`${v.address}: holds ${v.value} but the mandate does not list the vault`);
    else {
      const cap = capOf(r.maxAllocation, total);
      if (cap !== null && v.value > cap) out.push(`${v.address}: ${v.value} above its cap of ${cap}`);
    }
    if (v.tripped) out.push(`${v.address}: holds ${v.value} while its breaker is open`);
    if (v.codeChanged) out.push(`${v.address}: holds ${v.value} but its code is not the code approved`);
    if (
      rules.maxShareOfVaultBps < 10_000 &&
      v.totalAssets > 0n &&
      v.value * BPS > v.totalAssets * BigInt(rules.maxShareOfVaultBps)
    )
      out.push(`${v.address}: the account owns more than ${rules.maxShareOfVaultBps} bps of the vault`);
  }
  return out;
}

/** The plan for `facts` under `rules` (see the file's header for the order of moves). */
export function planRebalance(rules: PlanRules, facts: PlanFacts): Plan {
  const total = facts.vaults.reduce((s, v) => s + v.value, facts.idle);
  const movements: Movement[] = [];
  const notes: string[] = [];
  const after = new Map(facts.vaults.map((v) => [v.address.toLowerCase(), v.value]));
  const withdrawable = new Map(facts.vaults.map((v) => [v.address.toLowerCase(), v.maxWithdraw ?? 0n]));
  let idle = facts.idle;

  const withdraw = (v: PlanVaultFacts, want: bigint, reason: string) => {
    const k = v.address.toLowerCase();
    const can = withdrawable.get(k)!;
    const amount = min(want, can);
    if (amount < want)
      notes.push(
        v.maxWithdraw === null
          ? `${v.address}: maxWithdraw could not be read; ${want} left to withdraw later`
          : `${v.address}: only ${can} withdrawable now of ${want} wanted (${reason})`,
      );
    if (amount <= 0n) return;
    const prev = movements.find((m) => m.kind === 'withdrawal' && m.vault === v.address);
    if (prev) prev.amount += amount;
    else movements.push({ kind: 'withdrawal', vault: v.address, amount, reason });
    withdrawable.set(k, can - amount);
    after.set(k, after.get(k)! - amount);
    idle += amount;
  };

  // 1. What must leave.
  for (const v of facts.vaults) {
    if (v.value === 0n) continue;
    const r = rules.vaults.get(v.address.toLowerCase());
    if (!r) withdraw(v, v.value, 'not_in_mandate');
    else if (v.tripped) withdraw(v, v.value, 'breaker_open');
    else if (v.codeChanged) withdraw(v, v.value, 'code_changed');
    else {
      const cap = capOf(r.maxAllocation, total);
      if (cap !== null && v.value > cap) withdraw(v, v.value - cap, 'over_cap');
    }
  }

  // 2. The buffer, from the vaults furthest above their targets.
  const buffer = bufferOf(rules.buffer, total);
  if (idle < buffer) {
    const healthy = facts.vaults
      .filter((v) => rules.vaults.has(v.address.toLowerCase()) && (after.get(v.address.toLowerCase()) ?? 0n) > 0n)
      .map((v) => {
        const target = share(total, rules.vaults.get(v.address.toLowerCase())!.targetBps);
        return { v, excess: after.get(v.address.toLowerCase())! - target };
      })
      .sort((a, b) => (a.excess === b.excess ? a.v.address.localeCompare(b.v.address) : a.excess > b.excess ? -1 : 1));
    for (const { v } of healthy) {
      if (idle >= buffer) break;
      const have = after.get(v.address.toLowerCase())!;
      const want = min(buffer - idle, have);
      const can = withdrawable.get(v.address.toLowerCase())!;
      if (can <= 0n) continue;
      withdraw(v, min(want, can), 'buffer');
    }
    if (idle < buffer) notes.push(`the buffer stays ${buffer - idle} short: nothing more is withdrawable now`);
  }

  // 3. Deposits toward targets.
  const withdrawn = movements.reduce((s, m) => s + m.amount, 0n);
  let spendable = max0(idle - buffer);
  const dailyLeft = max0(rules.maxDailyMovement - facts.movedLast24h - withdrawn);
  if (spendable > dailyLeft) {
    if (spendable > 0n) notes.push(`deposits held to ${dailyLeft} by the daily movement limit`);
    spendable = dailyLeft;
  }
  const rooms = facts.vaults
    .map((v) => {
      const k = v.address.toLowerCase();
      const r = rules.vaults.get(k);
      if (!r || r.targetBps === 0) return null;
      const why = v.tripped
        ? 'its breaker is open'
        : v.codeChanged
          ? 'its code changed'
          : v.stale
            ? 'its share price reading is stale'
            : v.totalAssets < rules.minVaultAssets
              ? `it holds less than the minimum vault size (${rules.minVaultAssets})`
              : null;
      const value = after.get(k)!;
      const target = share(total, r.targetBps);
      const cap = capOf(r.maxAllocation, total);
      let room = max0(target - value);
      if (cap !== null) room = min(room, max0(cap - value));
      room = min(room, concentrationRoom(value, v.totalAssets, rules.maxShareOfVaultBps));
      if (why && room > 0n) {
        notes.push(`${v.address}: no deposit, ${why}`);
        return null;
      }
      return room > 0n ? { v, room } : null;
    })
    .filter((x): x is { v: PlanVaultFacts; room: bigint } => x !== null)
    .sort((a, b) => (a.room === b.room ? a.v.address.localeCompare(b.v.address) : a.room > b.room ? -1 : 1));
  for (const { v, room } of rooms) {
    if (spendable <= 0n) break;
    const amount = min(room, spendable);
    movements.push({ kind: 'deposit', vault: v.address, amount, reason: 'target' });
    after.set(v.address.toLowerCase(), after.get(v.address.toLowerCase())! + amount);
    idle -= amount;
    spendable -= amount;
  }

  const moved = movements.reduce((s, m) => s + m.amount, 0n);
  const reviewReasons: string[] = [];
  if (moved > rules.reviewThreshold) reviewReasons.push('review_threshold');
  if (facts.movedLast24h + moved > rules.maxDailyMovement) reviewReasons.push('daily_movement');
  const state = (value: (v: PlanVaultFacts) => bigint) => facts.vaults.map((v) => ({ ...v, value: value(v) }));
  return {
    // Withdrawals first: a deposit may spend what a withdrawal frees.
    movements: [...movements.filter((m) => m.kind === 'withdrawal'), ...movements.filter((m) => m.kind === 'deposit')],
    total,
    moved,
    violationsBefore: violations(
      rules,
      facts.idle,
      state((v) => v.value),
    ),
    violationsAfter: violations(
      rules,
      idle,
      state((v) => after.get(v.address.toLowerCase())!),
    ),
    reviewReasons,
    notes,
  };
}

/**
 * Whether the plan made now is the one stored, up to what a live vault's accrual moves: the
 * same movements (kind, vault, reason) in the same order, each amount within
 * `SAME_PLAN_TOLERANCE_BPS` of the stored one. A share price that grew a little between plan and
 * execute must not make every plan stale; a balance or a vault that moved does.
 */
export function sameMovements(
  now: Plan,
  stored: readonly { kind: MovementKind; vault: string; amount: string; reason: string }[],
): boolean {
  return (
    now.movements.length === stored.length &&
    now.movements.every((m, i) => {
      const s = stored[i]!;
      const was = BigInt(s.amount);
      const diff = m.amount > was ? m.amount - was : was - m.amount;
      return (
        m.kind === s.kind &&
        m.reason === s.reason &&
        m.vault.toLowerCase() === s.vault.toLowerCase() &&
        diff * 10_000n <= was * SAME_PLAN_TOLERANCE_BPS
      );
    })
  );
}

/** How far (bps) an amount may drift between a plan and its execution before the plan is stale. */
export const SAME_PLAN_TOLERANCE_BPS = 10n;
