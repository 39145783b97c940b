/**
 * A mandate's limits checked against a position, pure and in bigint base units: allocation per
 * vault against its target and cap, the liquidity buffer, concentration in each vault, vault
 * size, share-price drawdown and the staleness of the recorded prices, and what can be withdrawn
 * now. The caller converts the mandate's decimal strings to base units first.
 *
 * Rules, as docs/treasury.md states them:
 * - the mandate's total is the account's balance of the asset plus the value of its shares in
 *   the mandate's vaults; a vault's allocation is its value as bps of that total (rounded down);
 * - a limit given as an amount and as bps binds at the smaller of the two (mandate.ts); a vault
 *   above its cap is `over_cap`; the buffer (same rule) must be at most the account's balance;
 * - concentration: the account's value in a vault as bps of the vault's `totalAssets`, at most
 *   `maxShareOfVaultBps`;
 * - a vault whose `totalAssets` is below `minVaultAssets` takes no deposits;
 * - drawdown: the live share price below the highest recorded one (the live price counts as a
 *   reading), in bps of that high, at most `maxDrawdownBps`;
 * - stale: the newest recorded share price was read at a block more than
 *   `maxPriceStalenessSeconds` before the position's block (the recorder is not running, so
 *   drawdown and APY rest on old data); no record at all is stale. Both times are block times,
 *   so a chain whose clock was moved (anvil) or an idle dev chain is judged on its own clock;
 * - withdrawable now = min(value, maxWithdraw); unknown when either is.
 */

/** An amount, a share of the total, or both (a cap: the smaller binds; the buffer, a floor: the larger). */
export interface Limit {
  amount?: bigint | undefined;
  bps?: number | undefined;
}

/** The amount a limit allows out of `total`: the smaller of its amount and its share. */
export function limitAmount(limit: Limit, total: bigint): { amount: bigint; binding: 'amount' | 'bps' } {
  const byBps = limit.bps === undefined ? undefined : (total * BigInt(limit.bps)) / 10_000n;
  if (limit.amount === undefined && byBps === undefined) throw new RangeError('a limit needs an amount or bps');
  if (byBps === undefined || (limit.amount !== undefined && limit.amount <= byBps))
    return { amount: limit.amount!, binding: 'amount' };
  return { amount: byBps, binding: 'bps' };
}

/**
 * The amount a floor (the liquidity buffer) requires out of `total`: the larger of its amount
 * and its share — the conservative reading of a minimum, as a cap's is the smaller.
 */
export function floorAmount(limit: Limit, total: bigint): { amount: bigint; binding: 'amount' | 'bps' } {
  const byBps = limit.bps === undefined ? undefined : (total * BigInt(limit.bps)) / 10_000n;
  if (limit.amount === undefined && byBps === undefined) throw new RangeError('a limit needs an amount or bps');
  if (byBps === undefined || (limit.amount !== undefined && limit.amount >= byBps))
    return { amount: limit.amount!, binding: 'amount' };
  return { amount: byBps, binding: 'bps' };
}

/** `part` as bps of `whole`, rounded down; 0 of nothing is 0. */
export function bpsOf(part: bigint, whole: bigint): number {
  return whole <= 0n ? 0 : Number((part * 10_000n) / whole);
}

/** The mandate's rules in base units. */
export interface MandateLimits {
  buffer: Limit;
  maxShareOfVaultBps: number;
  minVaultAssets: bigint;
  maxDrawdownBps: number;
  maxPriceStalenessSeconds: number;
}

/** What the position says of one vault (null: the read failed). */
export interface VaultFacts {
  targetBps: number;
  maxAllocation: Limit;
  value: bigint | null;
  maxWithdraw: bigint | null;
  totalAssets: bigint | null;
  assetsPerShare: bigint | null;
  /** Highest recorded assets per share (null: nothing recorded). */
  recordedHigh: bigint | null;
  /** Block time (unix seconds) of the newest recorded share price (null: never recorded). */
  lastRecordedAt: number | null;
}

/** One rule a position breaks, with what broke it. */
export interface Breach {
  rule: 'over_cap' | 'buffer' | 'max_share_of_vault' | 'min_vault_assets' | 'drawdown' | 'stale_price' | 'unreadable';
  /** Index of the vault in the mandate (absent for the buffer). */
  vault?: number;
  detail: string;
}

export interface VaultCheck {
  /** Value as bps of the mandate's total (null: value unknown). */
  bps: number | null;
  targetBps: number;
  /** bps − targetBps. */
  deviationBps: number | null;
  cap: bigint;
  capBinding: 'amount' | 'bps';
  overCap: boolean | null;
  shareOfVaultBps: number | null;
  overShareOfVault: boolean | null;
  belowMinVaultAssets: boolean | null;
  /** The high drawdown is measured from: max(recorded high, live price). */
  high: bigint | null;
  drawdownBps: number | null;
  overDrawdown: boolean | null;
  stale: boolean;
  withdrawableNow: bigint | null;
}

export interface AllocationCheck {
  /** Account balance plus every known vault value. */
  total: bigint;
  /** Some vault's value (or the balance) is unknown: the total counts only what was read. */
  totalIncomplete: boolean;
  deployed: bigint;
  buffer: { required: bigint; binding: 'amount' | 'bps'; actual: bigint; ok: boolean };
  vaults: VaultCheck[];
  /** Sum of the known withdrawable amounts. */
  withdrawableNow: bigint;
  breaches: Breach[];
}

/**
 * Checks every rule of the file header. `accountBalance` null (its read failed) counts as 0 in
 * the total and fails the buffer check as unreadable. `now` is the position's block time (unix seconds).
 */
export function checkAllocation(
  accountBalance: bigint | null,
  vaults: readonly VaultFacts[],
  limits: MandateLimits,
  now: number,
): AllocationCheck {
  const breaches: Breach[] = [];
  const deployed = vaults.reduce((s, v) => s + (v.value ?? 0n), 0n);
  const total = (accountBalance ?? 0n) + deployed;
  const totalIncomplete = accountBalance === null || vaults.some((v) => v.value === null);
  const need = floorAmount(limits.buffer, total);
  const actual = accountBalance ?? 0n;
  const bufferOk = accountBalance !== null && actual >= need.amount;
  if (accountBalance === null) breaches.push({ rule: 'unreadable', detail: "the account's balance could not be read" });
  else if (!bufferOk)
    breaches.push({ rule: 'buffer', detail: `the account holds ${actual}, below the buffer of ${need.amount}` });

  let withdrawable = 0n;
  const checks = vaults.map((v, i): VaultCheck => {
    const cap = limitAmount(v.maxAllocation, total);
    const bps = v.value === null ? null : bpsOf(v.value, total);
    const overCap = v.value === null ? null : v.value > cap.amount;
    if (overCap)
      breaches.push({ rule: 'over_cap', vault: i, detail: `value ${v.value} is above the cap of ${cap.amount}` });
    const shareOfVaultBps = v.value === null || v.totalAssets === null ? null : bpsOf(v.value, v.totalAssets);
    const overShareOfVault = shareOfVaultBps === null ? null : shareOfVaultBps > limits.maxShareOfVaultBps;
    if (overShareOfVault)
      breaches.push({
        rule: 'max_share_of_vault',
        vault: i,
        detail: `the account owns ${shareOfVaultBps} bps of the vault, above ${limits.maxShareOfVaultBps} bps`,
      });
    const belowMin = v.totalAssets === null ? null : v.totalAssets < limits.minVaultAssets;
    if (belowMin)
      breaches.push({
        rule: 'min_vault_assets',
        vault: i,
        detail: `the vault holds ${v.totalAssets}, below the minimum of ${limits.minVaultAssets}`,
      });
    let high: bigint | null = v.recordedHigh;
    if (v.assetsPerShare !== null && (high === null || v.assetsPerShare > high)) high = v.assetsPerShare;
    const drawdownBps = high === null || v.assetsPerShare === null ? null : bpsOf(high - v.assetsPerShare, high);
    const overDrawdown = drawdownBps === null ? null : drawdownBps > limits.maxDrawdownBps;
    if (overDrawdown)
      breaches.push({
        rule: 'drawdown',
        vault: i,
        detail: `the share price is ${drawdownBps} bps below its recorded high, beyond ${limits.maxDrawdownBps} bps`,
      });
    const stale = v.lastRecordedAt === null || now - v.lastRecordedAt > limits.maxPriceStalenessSeconds;
    if (stale)
      breaches.push({
        rule: 'stale_price',
        vault: i,
        detail:
          v.lastRecordedAt === null
            ? 'no share price has been recorded for this vault'
            : `the newest recorded share price is ${now - v.lastRecordedAt} s old, above ${limits.maxPriceStalenessSeconds} s`,
      });
    if (v.value === null || v.totalAssets === null || v.assetsPerShare === null || v.maxWithdraw === null)
      breaches.push({ rule: 'unreadable', vault: i, detail: 'some of the vault could not be read' });
    const withdrawableNow =
      v.value === null || v.maxWithdraw === null ? null : v.value < v.maxWithdraw ? v.value : v.maxWithdraw;
    withdrawable += withdrawableNow ?? 0n;
    return {
      bps,
      targetBps: v.targetBps,
      deviationBps: bps === null ? null : bps - v.targetBps,
      cap: cap.amount,
      capBinding: cap.binding,
      overCap,
      shareOfVaultBps,
      overShareOfVault,
      belowMinVaultAssets: belowMin,
      high,
      drawdownBps,
      overDrawdown,
      stale,
      withdrawableNow,
    };
  });
  return {
    total,
    totalIncomplete,
    deployed,
    buffer: { required: need.amount, binding: need.binding, actual, ok: bufferOk },
    vaults: checks,
    withdrawableNow: withdrawable,
    breaches,
  };
}
