import { describe, expect, it } from 'vitest';
import { maxUint256 } from 'viem';
import { formatAmount, formatDuration, formatUsd8, formatUtcTime, shortAddress } from './format.ts';

describe('formatAmount', () => {
  it('zero, whole and stablecoin amounts get two decimals', () => {
    expect(formatAmount(0n, 6)).toBe('0.00');
    expect(formatAmount(0n, 18)).toBe('0.00');
    expect(formatAmount(1_200_000_000n, 6)).toBe('1,200.00');
    expect(formatAmount(1_234_567n, 6)).toBe('1.234567');
  });

  it('is exact: tiny amounts and every one of 18 decimals survive', () => {
    expect(formatAmount(1n, 18)).toBe('0.000000000000000001');
    expect(formatAmount(1n, 6)).toBe('0.000001');
    expect(formatAmount(10n ** 18n + 1n, 18)).toBe('1.000000000000000001');
    expect(formatAmount(33_000_000_000_000_000n, 18)).toBe('0.033');
  });

  it('groups huge amounts without losing digits', () => {
    expect(formatAmount(maxUint256, 18)).toBe(
      '115,792,089,237,316,195,423,570,985,008,687,907,853,269,984,665,640,564,039,457.584007913129639935',
    );
    expect(formatAmount(123_456_789n, 0)).toBe('123,456,789');
  });

  it('signs, and rounds away from zero only when asked to shorten', () => {
    expect(formatAmount(-1_500_000n, 6)).toBe('-1.50');
    expect(formatAmount(1_500_000n, 6, { signed: true })).toBe('+1.50');
    expect(formatAmount(0n, 6, { signed: true })).toBe('0.00');
    expect(formatAmount(1n, 18, { minFraction: 0, maxFraction: 8 })).toBe('0.00000001');
    expect(formatAmount(10n ** 18n, 18, { minFraction: 0, maxFraction: 8 })).toBe('1');
  });
});

describe('formatUsd8', () => {
  it('rounds to cents and never shows a non-zero value as zero', () => {
    expect(formatUsd8(129_600_000_000n)).toBe('$1,296.00');
    expect(formatUsd8(12_600_000n)).toBe('$0.13');
    expect(formatUsd8(0n)).toBe('$0.00');
    expect(formatUsd8(1n)).toBe('less than $0.01');
    expect(formatUsd8(-350_000_000n, { signed: true })).toBe('-$3.50');
    expect(formatUsd8(350_000_000n, { signed: true })).toBe('+$3.50');
  });
});

describe('shortAddress, formatUtcTime, formatDuration', () => {
  it('shortens a checksummed address, 4 hex characters each side', () => {
    expect(shortAddress('0xab5801a7d398351b8be11c439e05c5b3259aec9b')).toBe('0xAb58…eC9B');
  });

  it('shows the date unless the time falls on the same UTC day as now; huge deadlines read as none', () => {
    const t = BigInt(Date.parse('2026-11-24T12:03:59Z') / 1000);
    expect(formatUtcTime(t, new Date('2026-11-24T00:00:00Z'))).toBe('12:03 UTC');
    expect(formatUtcTime(t)).toBe('2026-11-24 12:03 UTC');
    expect(formatUtcTime(maxUint256)).toBe('no deadline');
  });

  it('picks a unit', () => {
    expect(formatDuration(0.2)).toBe('1 second');
    expect(formatDuration(2)).toBe('2 seconds');
    expect(formatDuration(768)).toBe('13 minutes');
    expect(formatDuration(60)).toBe('60 seconds');
    expect(formatDuration(7200)).toBe('2 hours');
  });
});
