import { formatUnits, maxUint256 } from 'viem';

/**
 * Pure price and amount arithmetic shared by every module that values money: Chainlink-style
 * feed interpretation (staleness at a block time, invalid answers), USD values in 1e-8 USD
 * as bigint, decimal formatting, and what counts as an "unlimited" allowance.
 */

export type PriceStatus = 'ok' | 'stale' | 'invalid' | 'unavailable';

export interface Amount {
  amount: string;
  baseUnits: string;
}

/** A feed answer read through the Multicall/RPC layer, as ok/error. */
export type FeedRead = { ok: true; value: unknown } | { ok: false; error: string };

export interface FeedState {
  usd8: bigint | null;
  status: PriceStatus;
  updatedAt: bigint | null;
}

/** Allowances this large are treated as "unlimited" (max uint256 or anything astronomically above supply). */
const UNLIMITED_THRESHOLD = 1n << 128n;
export const USD_DECIMALS = 8;

export function isUnlimitedAllowance(v: bigint): boolean {
  return v === maxUint256 || v >= UNLIMITED_THRESHOLD;
}

export function amountOf(baseUnits: bigint, decimals: number): Amount {
  return { amount: formatUnits(baseUnits, decimals), baseUnits: baseUnits.toString() };
}

/** USD value of `baseUnits` in 10^-8 USD, truncated; null when the price is unusable. */
export function usdOf(baseUnits: bigint, decimals: number, feed: FeedState | undefined): bigint | null {
  if (!feed || feed.usd8 === null || (feed.status !== 'ok' && feed.status !== 'stale')) return null;
  return (baseUnits * feed.usd8) / 10n ** BigInt(decimals);
}

/** Interprets a feed's latestRoundData against its heartbeat at the snapshot's block time. */
export function feedState(
  settings: { heartbeatSeconds: number } | undefined,
  decimals: FeedRead | undefined,
  round: FeedRead | undefined,
  blockTimestamp: bigint,
): FeedState {
  if (!settings || !decimals?.ok || !round?.ok) return { usd8: null, status: 'unavailable', updatedAt: null };
  const d = Number(decimals.value);
  const [, answer, , updatedAt] = round.value as readonly [bigint, bigint, bigint, bigint, bigint];
  if (answer <= 0n) return { usd8: null, status: 'invalid', updatedAt };
  const usd8 = d >= USD_DECIMALS ? answer / 10n ** BigInt(d - USD_DECIMALS) : answer * 10n ** BigInt(USD_DECIMALS - d);
  const stale = updatedAt + BigInt(settings.heartbeatSeconds) < blockTimestamp || updatedAt > blockTimestamp + 3600n;
  return { usd8, status: stale ? 'stale' : 'ok', updatedAt };
}
