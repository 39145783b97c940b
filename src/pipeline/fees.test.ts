import { describe, expect, it } from 'vitest';
import { bumpFees, gasLimitFor, raise } from './fees.ts';

describe('fee bumps', () => {
  it('raises both fees by at least the percentage, rounding up', () => {
    expect(raise(1_000n, 12.5)).toBe(1_125n);
    expect(raise(1_001n, 12.5)).toBe(1_127n); // 1126.125 rounded up
    const b = bumpFees(
      { maxFeePerGas: 100n, maxPriorityFeePerGas: 10n },
      { maxFeePerGas: 1n, maxPriorityFeePerGas: 1n },
      12.5,
    );
    expect(b).toEqual({ maxFeePerGas: 113n, maxPriorityFeePerGas: 12n });
    expect(b.maxFeePerGas * 1000n).toBeGreaterThanOrEqual(100n * 1125n);
  });

  it('follows the network when it asks more than the bump', () => {
    const b = bumpFees(
      { maxFeePerGas: 100n, maxPriorityFeePerGas: 10n },
      { maxFeePerGas: 500n, maxPriorityFeePerGas: 50n },
      12.5,
    );
    expect(b).toEqual({ maxFeePerGas: 500n, maxPriorityFeePerGas: 50n });
  });

  it('never lets the tip exceed the fee cap', () => {
    const b = bumpFees(
      { maxFeePerGas: 10n, maxPriorityFeePerGas: 10n },
      { maxFeePerGas: 1n, maxPriorityFeePerGas: 40n },
      12.5,
    );
    expect(b.maxFeePerGas).toBeGreaterThanOrEqual(b.maxPriorityFeePerGas);
  });

  it('adds a gas margin except to plain transfers', () => {
    expect(gasLimitFor(21_000n, 25)).toBe(21_000n);
    expect(gasLimitFor(40_000n, 25)).toBe(50_000n);
  });
});
