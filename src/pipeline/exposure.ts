import type { Address } from 'viem';
import { dbJson } from '../db/json.ts';
import type { Exposure } from '../policy/types.ts';
import type { ExposureJson } from './resource.ts';
import { allowanceKey, type SimulationResult } from './simulate.ts';

/**
 * What each transaction of a simulated batch can take out of Keel's accounts — the quantity
 * the policy's amount rules, windows and review thresholds judge (docs/policy.md, "Valuation").
 * Pure: the simulation's gross transfers and approvals in, raw exposures out; pricing happens
 * in the caller, which has the feeds.
 *
 * - Outflows: every transfer (ERC-20 `Transfer` logs and native value moves, gross, not netted)
 *   from one of Keel's accounts to an address that is not one of Keel's accounts. A swap's
 *   input counts in full whatever comes back; a sweep from a deposit address to the treasury
 *   counts nothing.
 * - Allowances: for each (token, owner, spender) with an `Approval` from one of Keel's accounts
 *   to another address, what the batch leaves granted — the allowance read after the whole
 *   batch when the simulation could read it (an exact approval spent by the next call of the
 *   batch leaves nothing), else the last approved value in full. It is attributed to the
 *   transaction that set it last. `ApprovalForAll(…, true)` is an allowance without bound.
 */

/** One asset's exposure in base units: `asset` is `native` or the token contract. */
export interface RawExposedAsset {
  asset: 'native' | Address;
  outflow: bigint;
  allowance: bigint;
}

/** An allowance a transaction leaves granted (`amount` null: every token of the contract). */
export interface RawAllowance {
  token: Address;
  owner: Address;
  spender: Address;
  amount: bigint | null;
}

/** The exposure of one transaction of a batch. */
export interface RawExposure {
  assets: RawExposedAsset[];
  allowances: RawAllowance[];
}

/**
 * Exposures of the `calls` transactions of a simulated batch, in order. `isKeel` says whether
 * an address (any case) is one of Keel's accounts.
 */
export function exposuresOf(
  sim: Pick<SimulationResult, 'transfers' | 'approvals' | 'allowancesAfter'>,
  calls: number,
  isKeel: (a: string) => boolean,
): RawExposure[] {
  const out = Array.from({ length: calls }, () => ({
    assets: new Map<string, RawExposedAsset>(),
    allowances: [] as RawAllowance[],
  }));
  const assetOf = (i: number, asset: 'native' | Address) => {
    const m = out[i]!.assets;
    const k = asset === 'native' ? asset : asset.toLowerCase();
    let a = m.get(k);
    if (!a) m.set(k, (a = { asset, outflow: 0n, allowance: 0n }));
    return a;
  };
  for (const t of sim.transfers) {
    if (t.index >= calls || !isKeel(t.from) || isKeel(t.to)) continue;
    assetOf(t.index, t.asset).outflow += t.amount;
  }
  // The last approval of each (token, owner, spender) decides what is left granted.
  const last = new Map<string, (typeof sim.approvals)[number]>();
  for (const a of sim.approvals) {
    if (a.index >= calls || !isKeel(a.owner) || isKeel(a.spender)) continue;
    last.set(allowanceKey(a.token, a.owner, a.spender), a);
  }
  for (const [key, a] of last) {
    const after = sim.allowancesAfter?.get(key);
    const amount = a.value === null ? null : (after ?? a.value);
    if (amount === 0n) continue;
    out[a.index]!.allowances.push({ token: a.token, owner: a.owner, spender: a.spender, amount });
    if (amount !== null) assetOf(a.index, a.token).allowance += amount;
  }
  return out.map((o) => ({
    assets: [...o.assets.values()].filter((a) => a.outflow > 0n || a.allowance > 0n),
    allowances: o.allowances,
  }));
}

/**
 * The allowances worth reading after the batch: every (token, owner, spender) an approval of
 * the batch set from one of Keel's accounts to another address (for `readAllowances`).
 */
export function allowancesToRead(
  sim: Pick<SimulationResult, 'approvals'>,
  isKeel: (a: string) => boolean,
): Array<{ token: Address; owner: Address; spender: Address }> {
  const seen = new Map<string, { token: Address; owner: Address; spender: Address }>();
  for (const a of sim.approvals) {
    if (a.value === null || !isKeel(a.owner) || isKeel(a.spender)) continue;
    seen.set(allowanceKey(a.token, a.owner, a.spender), { token: a.token, owner: a.owner, spender: a.spender });
  }
  return [...seen.values()];
}

/**
 * How a transaction's exposure grew since it was accepted: the first asset that can now leave
 * Keel's accounts in a larger amount than was judged (the larger of the declared amount and the
 * exposure then), or null. Rows accepted before valuation existed carry no exposure: not checked.
 */
export function exposureGrowth(
  row: { asset: unknown; amount: string; exposure: unknown },
  now: Exposure,
): { asset: string; accepted: string; now: string } | null {
  const accepted = dbJson<ExposureJson | null>(row.exposure);
  if (!accepted) return null;
  const declared = dbJson<{ address: string | null } | null>(row.asset);
  const key = (a: { address: string | null }) => (a.address ?? 'native').toLowerCase();
  const judged = new Map<string, bigint>();
  for (const a of accepted.assets)
    judged.set(key(a.asset), BigInt(a.outflow.baseUnits) + BigInt(a.allowance.baseUnits));
  if (declared)
    judged.set(
      key(declared),
      [judged.get(key(declared)) ?? 0n, BigInt(row.amount)].reduce((x, y) => (x > y ? x : y)),
    );
  for (const a of now.assets) {
    const n = a.outflow + a.allowance;
    const was = judged.get(key(a.asset)) ?? 0n;
    if (n > was) return { asset: a.asset.symbol, accepted: was.toString(), now: n.toString() };
  }
  return null;
}
