import { describe, expect, it } from 'vitest';
import {
  deviationBps,
  executionPrice,
  getAmountIn,
  getAmountOut,
  getAmountsIn,
  getAmountsOut,
  lpFeeIn,
  maxAmountIn,
  midPrice,
  minAmountOut,
  oraclePrice,
  orient,
  priceImpactBps,
  QuoteMathError,
  WAD,
} from './quote-math.ts';

const pool = { reserveIn: 1_000_000n, reserveOut: 1_000_000n };

describe('Uniswap V2 amounts', () => {
  it('matches the library formulas on hand-computed values', () => {
    // 1000·9970·1e6 / (1e6·1e4 + 1000·9970) = 996.006… → 996
    expect(getAmountOut(1_000n, pool)).toBe(996n);
    // 1e6·996·1e4 / ((1e6 − 996)·9970) + 1 = 999.99… + 1 → 1000
    expect(getAmountIn(996n, pool)).toBe(1_000n);
  });

  it('chains hops both ways, and an exact-out route never asks less than an exact-in route gives', () => {
    const hops = [pool, { reserveIn: 2_000_000n, reserveOut: 500_000n }];
    const outs = getAmountsOut(10_000n, hops);
    expect(outs).toHaveLength(3);
    const ins = getAmountsIn(outs[2]!, hops);
    expect(ins[2]).toBe(outs[2]);
    expect(ins[0]!).toBeLessThanOrEqual(10_000n);
    expect(getAmountsOut(ins[0]!, hops)[2]!).toBeGreaterThanOrEqual(outs[2]!);
  });

  it('refuses empty pools, non-positive amounts and outputs the pool cannot give', () => {
    expect(() => getAmountOut(0n, pool)).toThrow(QuoteMathError);
    expect(() => getAmountOut(1n, { reserveIn: 0n, reserveOut: 5n })).toThrow(/empty/);
    expect(() => getAmountIn(1_000_000n, pool)).toThrow(/less than the requested/);
  });
});

describe('quote figures', () => {
  it('slippage bounds round against the user', () => {
    expect(minAmountOut(10_001n, 50n)).toBe(9_950n); // 9950.995 → 9950
    expect(maxAmountIn(10_001n, 50n)).toBe(10_052n); // 10051.005 → 10052
  });

  it('price impact: zero for a dust trade, growing with size; the LP fee is 0.3% of the input on one hop', () => {
    const big = { reserveIn: 10n ** 24n, reserveOut: 10n ** 24n };
    const small = getAmountOut(10n ** 12n, big);
    expect(priceImpactBps([big], 10n ** 12n, small)).toBeLessThanOrEqual(1n);
    const amt = 10n ** 23n; // 10% of the pool
    const out = getAmountOut(amt, big);
    const impact = priceImpactBps([big], amt, out);
    expect(impact).toBeGreaterThan(800n);
    expect(impact).toBeLessThan(1_000n);
    expect(lpFeeIn([big], [amt, out])).toBe((amt * 30n) / 10_000n);
  });

  it('oracle price and deviation', () => {
    // tUSD (6 decimals, $1) → WETH (18 decimals, $3000): 1 base unit of tUSD buys 1e12/3000 wei
    const p = oraclePrice(100_000_000n, 6, 300_000_000_000n, 18);
    expect(p).toBe((WAD * 10n ** 12n) / 3_000n);
    expect(deviationBps(p, p)).toBe(0n);
    expect(deviationBps((p * 102n) / 100n, p)).toBe(200n);
    expect(midPrice([{ reserveIn: 3_000n, reserveOut: 1n }])).toBe(WAD / 3_000n);
    expect(executionPrice(2n, 1n)).toBe(WAD / 2n);
  });

  it('orients reserves by the input token', () => {
    expect(orient('0xAA', '0xaa', 1n, 2n)).toEqual({ reserveIn: 1n, reserveOut: 2n });
    expect(orient('0xbb', '0xaa', 1n, 2n)).toEqual({ reserveIn: 2n, reserveOut: 1n });
  });
});
