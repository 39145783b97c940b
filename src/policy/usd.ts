import { usdOf } from '../lib/prices.ts';

/** A price feed as interpreted by `feedState` (src/lib/prices.ts). */
export type PolicyFeed = Parameters<typeof usdOf>[2];

/**
 * `Intent.amountUsd8` from an asset amount and its feed, through the portfolio's own feed
 * interpretation (`feedState` + `usdOf`). Only a fresh (`ok`) price decides a limit: a stale,
 * invalid or missing price gives `undefined`, and USD rules then report `price_unavailable`
 * with their effect — a limit never passes on a price nobody can vouch for.
 */
export function policyUsd8(baseUnits: bigint, decimals: number, feed: PolicyFeed): bigint | undefined {
  if (feed?.status !== 'ok') return undefined;
  return usdOf(baseUnits, decimals, feed) ?? undefined;
}
