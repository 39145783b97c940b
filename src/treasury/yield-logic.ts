/**
 * Yield numbers of a treasury position, pure: APY from recorded share prices, and cost basis
 * with realised and unrealised yield from the mandate's movements. Plain data in, plain data
 * out; all arithmetic in bigint (no JS number touches an amount or a price).
 *
 * APY: (price_now / price_then)^(365 days / elapsed) − 1, compounded, where `elapsed` is the
 * time between the two readings actually used (not the nominal 7 or 30 days: the history point
 * nearest to the target is rarely exactly there). The fractional power is computed as
 * exp(ln(ratio) × 365 d / elapsed) in 24-decimal fixed point, and reported both as basis
 * points (rounded to the nearest bp) and as a decimal fraction string with 8 decimals
 * (`"0.12869529"` is 12.87 %).
 *
 * Cost basis: the average-cost method. A deposit adds its assets to the cost and its shares to
 * the holding; a withdrawal (or redeem) takes out cost in proportion to the shares it burns
 * (cost × burned / held, rounded down), and its assets minus that cost is realised yield.
 * Unrealised yield is the current value of the held shares minus the remaining cost.
 */

/** 24-decimal fixed point: 1.0. */
const ONE = 10n ** 24n;
/** ln 2 in 24-decimal fixed point. */
const LN2 = 693_147_180_559_945_309_417_232n;
/** Seconds in the 365-day year APY is quoted over. */
export const YEAR_SECONDS = 365n * 24n * 3600n;
export const DAY_SECONDS = 24 * 3600;
/** Readings closer than this make no APY (the power would amplify rounding into nonsense). */
export const MIN_APY_ELAPSED_SECONDS = 3600;
/** A history point covers a period when it lies within this fraction of the period from its target. */
export const COVERAGE_TOLERANCE = 0.1;

/** ln(x) for x > 0, both in 24-decimal fixed point. */
export function lnFixed(x: bigint): bigint {
  if (x <= 0n) throw new RangeError('ln of a non-positive number');
  // x = m · 2^k with m in [1, 2); ln m = 2·atanh((m − 1) / (m + 1)), a fast series for y ≤ 1/3.
  let k = 0n;
  let m = x;
  while (m >= 2n * ONE) {
    m /= 2n;
    k++;
  }
  while (m < ONE) {
    m *= 2n;
    k--;
  }
  const y = ((m - ONE) * ONE) / (m + ONE);
  const y2 = (y * y) / ONE;
  let term = y;
  let sum = 0n;
  for (let n = 1n; term !== 0n; n += 2n) {
    sum += term / n;
    term = (term * y2) / ONE;
  }
  return 2n * sum + k * LN2;
}

/** e^z in 24-decimal fixed point (z may be negative). */
export function expFixed(z: bigint): bigint {
  // e^z = 2^k · e^r with |r| ≤ ln2 / 2: the Taylor series converges in ~25 terms.
  const k = (z >= 0n ? z + LN2 / 2n : z - LN2 / 2n) / LN2;
  const r = z - k * LN2;
  let term = ONE;
  let sum = ONE;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * r) / ONE / n;
    sum += term;
  }
  return k >= 0n ? sum << k : sum >> -k;
}

/** A recorded share price: assets (base units) per whole share at a block. */
export interface PricePoint {
  blockNumber: bigint;
  /** Unix seconds of the block. */
  blockTime: number;
  assetsPerShare: bigint;
}

/** An APY and the readings it came from. */
export interface Apy {
  /** Rounded to the nearest basis point (may be negative). */
  bps: number;
  /** The fraction with 8 decimals: `"0.12869529"` = 12.869529 %. */
  decimal: string;
  from: PricePoint;
  to: PricePoint;
  /** Seconds between the two readings (the exponent's period). */
  elapsedSeconds: number;
}

/** Divides, rounding half away from zero. */
function divRound(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  if (2n * (r < 0n ? -r : r) >= b) return a < 0n ? q - 1n : q + 1n;
  return q;
}

/** A fixed-point value as a decimal string with `places` decimals (rounded). */
function fixedToDecimal(v: bigint, places: number): string {
  const scaled = divRound(v, 10n ** BigInt(24 - places));
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(places + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/**
 * The annualised yield between two share-price readings (see the file header), or null when
 * it cannot be said: a non-positive price, readings less than an hour apart or out of order,
 * or a result beyond 10^6 (a meaningless extrapolation).
 */
export function apyBetween(from: PricePoint, to: PricePoint): Apy | null {
  const elapsed = to.blockTime - from.blockTime;
  if (elapsed < MIN_APY_ELAPSED_SECONDS || from.assetsPerShare <= 0n || to.assetsPerShare <= 0n) return null;
  const ratio = (to.assetsPerShare * ONE) / from.assetsPerShare;
  if (ratio === 0n) return null;
  const z = (lnFixed(ratio) * YEAR_SECONDS) / BigInt(elapsed);
  // e^14 ≈ 1.2·10^6: beyond that the figure means nothing and the power only costs time.
  if (z > 14n * ONE) return null;
  const apy = expFixed(z) - ONE;
  return {
    bps: Number(divRound(apy * 10_000n, ONE)),
    decimal: fixedToDecimal(apy, 8),
    from,
    to,
    elapsedSeconds: elapsed,
  };
}

/**
 * Whether `point` may stand for the price `periodSeconds` before `nowTime`: it lies within
 * {@link COVERAGE_TOLERANCE} of the period from that target. History that starts later, or a
 * gap in the recordings around the target, does not cover the period.
 */
export function coversPeriod(point: PricePoint | null | undefined, nowTime: number, periodSeconds: number): boolean {
  if (!point) return false;
  const target = nowTime - periodSeconds;
  return Math.abs(point.blockTime - target) <= periodSeconds * COVERAGE_TOLERANCE;
}

/**
 * APY over a nominal period (7 or 30 days) from the live price `now` and the recorded point
 * nearest to `now − period` (the store picks it); null when that point does not cover the
 * period (see {@link coversPeriod}) or no APY can be said.
 */
export function apyOverPeriod(
  now: PricePoint,
  nearest: PricePoint | null | undefined,
  periodSeconds: number,
): Apy | null {
  if (!nearest || !coversPeriod(nearest, now.blockTime, periodSeconds)) return null;
  return apyBetween(nearest, now);
}

/** One movement of the mandate's account in or out of a vault, in base units. */
export interface Movement {
  kind: 'deposit' | 'withdrawal';
  /** Assets moved (paid in by a deposit, received by a withdrawal or redeem). */
  assets: bigint;
  /** Shares minted by a deposit or burned by a withdrawal. */
  shares: bigint;
}

/** A vault holding under the average-cost method. */
export interface CostBasis {
  /** Shares the movements account for. */
  shares: bigint;
  /** Cost of those shares (assets paid in, less the cost taken out by withdrawals). */
  cost: bigint;
  /** Sum over withdrawals of assets received minus the cost they took out. */
  realised: bigint;
  /**
   * A withdrawal burned more shares than the movements had put in (movements missing): its
   * cost was capped at what was left.
   */
  inconsistent: boolean;
}

/** Folds a vault's movements (oldest first) into its average-cost basis. */
export function costBasis(movements: readonly Movement[]): CostBasis {
  let shares = 0n;
  let cost = 0n;
  let realised = 0n;
  let inconsistent = false;
  for (const m of movements) {
    if (m.assets < 0n || m.shares < 0n) throw new RangeError('a movement has a negative amount');
    if (m.kind === 'deposit') {
      shares += m.shares;
      cost += m.assets;
      continue;
    }
    let out: bigint;
    if (m.shares >= shares) {
      if (m.shares > shares) inconsistent = true;
      out = cost;
      shares = 0n;
    } else {
      out = (cost * m.shares) / shares;
      shares -= m.shares;
    }
    cost -= out;
    realised += m.assets - out;
  }
  return { shares, cost, realised, inconsistent };
}

/** Realised and unrealised yield of a vault holding, given what its shares are worth now. */
export interface YieldFigures {
  cost: bigint;
  realised: bigint;
  /** Value of the shares the movements account for, minus their cost (null when the value is unknown). */
  unrealised: bigint | null;
  /**
   * On-chain shares the movements do not account for (positive: shares that arrived another way,
   * e.g. deposited before the mandate; negative: fewer on chain than recorded). Unrealised yield
   * counts only the recorded shares, valued pro rata.
   */
  untrackedShares: bigint | null;
  inconsistent: boolean;
}

/**
 * Yield figures of one vault: the movements' cost basis against the live holding (`shares`
 * on chain worth `value`). The recorded shares are valued at value × recorded / on-chain
 * (rounded down); with no shares on chain they are worth nothing.
 */
export function yieldFigures(
  movements: readonly Movement[],
  shares: bigint | null,
  value: bigint | null,
): YieldFigures {
  const basis = costBasis(movements);
  let unrealised: bigint | null = null;
  if (shares !== null && value !== null) {
    const held = basis.shares <= shares ? basis.shares : shares;
    const worth = shares === 0n ? 0n : (value * held) / shares;
    unrealised = worth - basis.cost;
  }
  return {
    cost: basis.cost,
    realised: basis.realised,
    unrealised,
    untrackedShares: shares === null ? null : shares - basis.shares,
    inconsistent: basis.inconsistent,
  };
}
