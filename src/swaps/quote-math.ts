/**
 * Uniswap V2 quote arithmetic (pure): the same integer formulas as `UniswapV2Library`, so a
 * quote computed from reserves read at one block equals the router's own `getAmountsOut` /
 * `getAmountsIn` at that block — plus what a quote shows beside the amounts: the slippage
 * bounds, price impact, LP fee and the deviation of the pool from the oracle.
 * Amounts are base units (bigint); prices are 1e18-scaled ratios of base units.
 */

/** Basis points in one whole. */
export const BPS = 10_000n;
/** 1e18: the scale of prices in this module. */
export const WAD = 10n ** 18n;

/** One pool on a route, oriented in the direction of the trade. */
export interface Hop {
  reserveIn: bigint;
  reserveOut: bigint;
  /** Pool fee in basis points (30 for Uniswap V2). */
  feeBps?: bigint;
}

/** Why a quote cannot be computed: empty pool, or more out than the pool holds. */
export class QuoteMathError extends Error {
  constructor(
    readonly code: 'insufficient_liquidity' | 'insufficient_input' | 'insufficient_output',
    message: string,
  ) {
    super(message);
  }
}

const feeOf = (h: Hop) => h.feeBps ?? 30n;

/** Output of one hop for `amountIn` (UniswapV2Library.getAmountOut). */
export function getAmountOut(amountIn: bigint, h: Hop): bigint {
  if (amountIn <= 0n) throw new QuoteMathError('insufficient_input', 'the input amount must be positive');
  if (h.reserveIn <= 0n || h.reserveOut <= 0n) throw new QuoteMathError('insufficient_liquidity', 'the pool is empty');
  const withFee = amountIn * (BPS - feeOf(h));
  return (withFee * h.reserveOut) / (h.reserveIn * BPS + withFee);
}

/** Input one hop needs to give `amountOut` (UniswapV2Library.getAmountIn), rounded up. */
export function getAmountIn(amountOut: bigint, h: Hop): bigint {
  if (amountOut <= 0n) throw new QuoteMathError('insufficient_output', 'the output amount must be positive');
  if (h.reserveIn <= 0n || h.reserveOut <= 0n) throw new QuoteMathError('insufficient_liquidity', 'the pool is empty');
  if (amountOut >= h.reserveOut)
    throw new QuoteMathError('insufficient_liquidity', 'the pool holds less than the requested output');
  return (h.reserveIn * amountOut * BPS) / ((h.reserveOut - amountOut) * (BPS - feeOf(h))) + 1n;
}

/** Amounts at every step of a route for an exact input (router getAmountsOut). */
export function getAmountsOut(amountIn: bigint, hops: readonly Hop[]): bigint[] {
  const out = [amountIn];
  for (const h of hops) out.push(getAmountOut(out.at(-1)!, h));
  return out;
}

/** Amounts at every step of a route for an exact output (router getAmountsIn). */
export function getAmountsIn(amountOut: bigint, hops: readonly Hop[]): bigint[] {
  const amounts = [amountOut];
  for (let i = hops.length - 1; i >= 0; i--) amounts.unshift(getAmountIn(amounts[0]!, hops[i]!));
  return amounts;
}

/** Least output accepted for `expectedOut` at `slippageBps` (rounded down: never promises more). */
export function minAmountOut(expectedOut: bigint, slippageBps: bigint): bigint {
  return (expectedOut * (BPS - slippageBps)) / BPS;
}

/** Most input paid for `expectedIn` at `slippageBps` (rounded up). */
export function maxAmountIn(expectedIn: bigint, slippageBps: bigint): bigint {
  return (expectedIn * (BPS + slippageBps) + BPS - 1n) / BPS;
}

/** The route's marginal (mid) price before the trade: output base units per input base unit, 1e18-scaled. */
export function midPrice(hops: readonly Hop[]): bigint {
  let p = WAD;
  for (const h of hops) p = (p * h.reserveOut) / h.reserveIn;
  return p;
}

/** Execution price of a fill: output per input base unit, 1e18-scaled. */
export function executionPrice(amountIn: bigint, amountOut: bigint): bigint {
  return (amountOut * WAD) / amountIn;
}

/**
 * Price impact in basis points: how much worse the fill is than the mid price, fees excluded
 * (the fee is reported separately), rounded up.
 */
export function priceImpactBps(hops: readonly Hop[], amountIn: bigint, amountOut: bigint): bigint {
  const mid = midPrice(hops);
  // The price net of fees: what the trade would get at the mid price after paying the LP fees.
  let feeFactor = BPS;
  for (const h of hops) feeFactor = (feeFactor * (BPS - feeOf(h))) / BPS;
  const ideal = (mid * feeFactor) / BPS;
  const exec = executionPrice(amountIn, amountOut);
  if (exec >= ideal) return 0n;
  return ((ideal - exec) * BPS + ideal - 1n) / ideal;
}

/** LP fees paid along the route, in units of the input token (each hop's fee converted at the mid price up to it). */
export function lpFeeIn(hops: readonly Hop[], amounts: readonly bigint[]): bigint {
  let fee = 0n;
  let back = WAD; // input units per unit of the current hop's input token, 1e18-scaled
  hops.forEach((h, i) => {
    const hopFee = (amounts[i]! * feeOf(h)) / BPS;
    fee += (hopFee * back) / WAD;
    back = (back * h.reserveIn) / h.reserveOut;
  });
  return fee;
}

/** Deviation between two 1e18-scaled prices in basis points (absolute, relative to the reference), rounded up. */
export function deviationBps(price: bigint, reference: bigint): bigint {
  if (reference <= 0n) throw new QuoteMathError('insufficient_liquidity', 'the reference price must be positive');
  const diff = price > reference ? price - reference : reference - price;
  return (diff * BPS + reference - 1n) / reference;
}

/**
 * The oracle's price of the pair as output base units per input base unit (1e18-scaled), from
 * two USD feeds (8-decimal USD per whole token) and the tokens' decimals.
 */
export function oraclePrice(usdIn8: bigint, decimalsIn: number, usdOut8: bigint, decimalsOut: number): bigint {
  if (usdIn8 <= 0n || usdOut8 <= 0n)
    throw new QuoteMathError('insufficient_liquidity', 'an oracle price is not positive');
  // (usdIn / 10^decIn) / (usdOut / 10^decOut) out-units per in-unit
  return (usdIn8 * WAD * 10n ** BigInt(decimalsOut)) / (usdOut8 * 10n ** BigInt(decimalsIn));
}

/** Orients a pair's reserves for a trade from `tokenIn` (pairs store them by sorted token address). */
export function orient(tokenIn: string, token0: string, reserve0: bigint, reserve1: bigint): Hop {
  return tokenIn.toLowerCase() === token0.toLowerCase()
    ? { reserveIn: reserve0, reserveOut: reserve1 }
    : { reserveIn: reserve1, reserveOut: reserve0 };
}
