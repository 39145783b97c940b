import { maxUint256 } from 'viem';
import { describe, expect, it } from 'vitest';
import { decimalAmountSchema, usdAmountSchema } from './money.ts';

describe('money schemas', () => {
  it('accept every amount a uint256 with up to 36 decimals can hold', () => {
    const longest = [maxUint256.toString(), `0.${'1'.repeat(36)}`, `${'9'.repeat(42)}.${'9'.repeat(36)}`];
    for (const s of ['0', '12.5', '25.00', ...longest]) {
      expect(decimalAmountSchema.safeParse(s).success, s).toBe(true);
    }
  });

  it('refuse what can never be an amount', () => {
    for (const s of ['', '-1', '+1', '1e18', '1.', '.5', '1,5', ' 1', '0x10', '1'.repeat(79), `1.${'0'.repeat(37)}`]) {
      expect(decimalAmountSchema.safeParse(s).success, s).toBe(false);
    }
  });

  it('USD amounts carry at most 8 decimals and no leading zeros', () => {
    expect(usdAmountSchema.safeParse('2500.50').success).toBe(true);
    expect(usdAmountSchema.safeParse('0.00000001').success).toBe(true);
    expect(usdAmountSchema.safeParse('0.000000001').success).toBe(false);
    expect(usdAmountSchema.safeParse('010').success).toBe(false);
  });
});
