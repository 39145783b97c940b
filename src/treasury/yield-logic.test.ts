import { describe, expect, it } from 'vitest';
import {
  apyBetween,
  apyOverPeriod,
  costBasis,
  coversPeriod,
  DAY_SECONDS,
  expFixed,
  lnFixed,
  yieldFigures,
  type PricePoint,
} from './yield-logic.ts';

const ONE = 10n ** 24n;
const T0 = 1_700_000_000;
/** A point with a 6-decimal price ("1.010000") `days` after T0. */
const at = (days: number, price: string, block = BigInt(Math.round(days))): PricePoint => ({
  blockNumber: block,
  blockTime: T0 + Math.round(days * DAY_SECONDS),
  assetsPerShare: BigInt(price.replace('.', '')),
});
const near = (a: bigint, b: bigint, tol: bigint) => (a > b ? a - b : b - a) <= tol;

describe('fixed-point ln and exp', () => {
  it('match known constants to 1e-20', () => {
    expect(near(lnFixed(2n * ONE), 693_147_180_559_945_309_417_232n, 10_000n)).toBe(true);
    expect(near(expFixed(ONE), 2_718_281_828_459_045_235_360_287n, 10_000n)).toBe(true);
    expect(lnFixed(ONE)).toBe(0n);
    expect(expFixed(0n)).toBe(ONE);
    // e^(ln 0.5) = 0.5 and ln(e^-3) = -3: both directions, negative arguments.
    expect(near(expFixed(lnFixed(ONE / 2n)), ONE / 2n, 10_000n)).toBe(true);
    expect(near(lnFixed(expFixed(-3n * ONE)), -3n * ONE, 10_000n)).toBe(true);
    expect(() => lnFixed(0n)).toThrow(RangeError);
  });
});

describe('APY = (price_now / price_then)^(365 d / elapsed) − 1', () => {
  // Expectations computed by hand with 50-digit decimals: 1.01^(365/30) − 1 = 0.128695294159…
  it('1.000000 → 1.010000 over 30 days is 12.87 %', () => {
    const a = apyBetween(at(0, '1.000000'), at(30, '1.010000'))!;
    expect(a.bps).toBe(1287);
    expect(a.decimal).toBe('0.12869529');
    expect(a.elapsedSeconds).toBe(30 * DAY_SECONDS);
  });
  it('1.000000 → 1.001000 over 7 days is 5.35 %; a loss is negative; a full year is the plain ratio', () => {
    expect(apyBetween(at(0, '1.000000'), at(7, '1.001000'))).toMatchObject({ bps: 535, decimal: '0.05349879' });
    expect(apyBetween(at(0, '1.000000'), at(30, '0.990000'))).toMatchObject({ bps: -1151, decimal: '-0.11509863' });
    expect(apyBetween(at(0, '1.000000'), at(365, '1.050000'))).toMatchObject({ bps: 500, decimal: '0.05000000' });
    expect(apyBetween(at(0, '1.050000'), at(30, '1.050000'))).toMatchObject({ bps: 0, decimal: '0.00000000' });
  });
  it('uses the real elapsed time, not the nominal period', () => {
    // 1 % over 29 days annualises higher than over 30.
    const a = apyBetween(at(1, '1.000000'), at(30, '1.010000'))!;
    expect(a.elapsedSeconds).toBe(29 * DAY_SECONDS);
    expect(a.bps).toBeGreaterThan(1287);
  });
  it('says nothing for readings under an hour apart, out of order, zero prices or absurd results', () => {
    const p = at(0, '1.000000');
    expect(apyBetween(p, { ...p, blockTime: p.blockTime + 3599, assetsPerShare: 1_000_001n })).toBeNull();
    expect(apyBetween(at(30, '1.010000'), at(0, '1.000000'))).toBeNull();
    expect(apyBetween(at(0, '0.000000'), at(30, '1.000000'))).toBeNull();
    expect(apyBetween(at(0, '1.000000'), at(1, '2.000000'))).toBeNull();
  });
});

describe('history coverage', () => {
  const now = at(30, '1.010000');
  it('takes a point within 10 % of the period from its target', () => {
    expect(coversPeriod(at(0, '1.000000'), now.blockTime, 30 * DAY_SECONDS)).toBe(true);
    expect(coversPeriod(at(2.9, '1.000000'), now.blockTime, 30 * DAY_SECONDS)).toBe(true);
    expect(coversPeriod(at(3.1, '1.000000'), now.blockTime, 30 * DAY_SECONDS)).toBe(false);
    expect(coversPeriod(null, now.blockTime, 30 * DAY_SECONDS)).toBe(false);
  });
  it('answers null when no history covers the period', () => {
    expect(apyOverPeriod(now, at(20, '1.005000'), 30 * DAY_SECONDS)).toBeNull();
    expect(apyOverPeriod(now, undefined, 7 * DAY_SECONDS)).toBeNull();
    expect(apyOverPeriod(now, at(0, '1.000000'), 30 * DAY_SECONDS)?.bps).toBe(1287);
  });
});

describe('average-cost basis', () => {
  it('deposits add cost; a withdrawal takes cost pro rata and realises the rest', () => {
    // 1,000 for 1,000 shares, then 1,100 for 1,000 shares: 2,000 shares at 2,100.
    // Redeem 500 shares for 560: cost out 2,100 × 500 / 2,000 = 525, realised 35.
    const b = costBasis([
      { kind: 'deposit', assets: 1000n, shares: 1000n },
      { kind: 'deposit', assets: 1100n, shares: 1000n },
      { kind: 'withdrawal', assets: 560n, shares: 500n },
    ]);
    expect(b).toEqual({ shares: 1500n, cost: 1575n, realised: 35n, inconsistent: false });
  });
  it('rounds the cost taken out down, and flags withdrawals of shares never deposited', () => {
    expect(
      costBasis([
        { kind: 'deposit', assets: 100n, shares: 3n },
        { kind: 'withdrawal', assets: 40n, shares: 1n },
      ]),
    ).toEqual({ shares: 2n, cost: 67n, realised: 7n, inconsistent: false });
    expect(
      costBasis([
        { kind: 'deposit', assets: 100n, shares: 100n },
        { kind: 'withdrawal', assets: 150n, shares: 140n },
      ]),
    ).toEqual({ shares: 0n, cost: 0n, realised: 50n, inconsistent: true });
    expect(() => costBasis([{ kind: 'deposit', assets: -1n, shares: 1n }])).toThrow(RangeError);
  });
  it('unrealised yield values the recorded shares at the live price, and reports untracked shares', () => {
    const moves = [{ kind: 'deposit' as const, assets: 1000n, shares: 1000n }];
    expect(yieldFigures(moves, 1000n, 1050n)).toMatchObject({ cost: 1000n, unrealised: 50n, untrackedShares: 0n });
    // 500 more shares arrived another way: only the 1,000 recorded count (1,575 × 1,000 / 1,500).
    expect(yieldFigures(moves, 1500n, 1575n)).toMatchObject({ unrealised: 50n, untrackedShares: 500n });
    expect(yieldFigures(moves, null, null)).toMatchObject({ unrealised: null, untrackedShares: null });
    expect(yieldFigures([], 0n, 0n)).toMatchObject({ cost: 0n, realised: 0n, unrealised: 0n });
  });
});
