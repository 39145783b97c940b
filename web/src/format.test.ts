import { describe, expect, it } from 'vitest';
import {
  duration,
  fromBaseUnits,
  groupDecimal,
  humanize,
  percent,
  relative,
  short,
  signed,
  tone,
  usd,
  utc,
} from './format.ts';

describe('money formatting (strings and bigints, never floats)', () => {
  it('groups thousands and trims fractions', () => {
    expect(groupDecimal('12000')).toBe('12,000');
    expect(groupDecimal('1234567.500000')).toBe('1,234,567.5');
    expect(groupDecimal('-1000.123456789', 4)).toBe('-1,000.1234');
    expect(groupDecimal('not a number')).toBe('not a number');
  });

  it('shows USD with cents, rounding down', () => {
    expect(usd('12000')).toBe('$12,000.00');
    expect(usd('0.5')).toBe('$0.50');
    expect(usd('1234.5678')).toBe('$1,234.56');
    expect(usd(null)).toBe('—');
  });

  it('converts signed base units exactly, beyond float precision', () => {
    expect(fromBaseUnits('-12000000000', 6)).toBe('-12000');
    expect(fromBaseUnits('1', 18)).toBe('0.000000000000000001');
    expect(fromBaseUnits('123456789012345678901234567890', 18)).toBe('123456789012.34567890123456789');
    expect(signed('12000')).toBe('+12,000');
    expect(signed('-3')).toBe('-3');
  });
});

describe('time formatting', () => {
  it('renders durations at a sensible unit', () => {
    expect(duration(2.34)).toBe('2.3 s');
    expect(duration(42)).toBe('42 s');
    expect(duration(185)).toBe('3 min 5 s');
    expect(duration(7_800)).toBe('2 h 10 min');
    expect(duration(3 * 86_400 + 4 * 3600)).toBe('3 d 4 h');
    expect(duration(null)).toBe('—');
  });

  it('renders times relative to a given now, and in UTC', () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    expect(relative('2025-06-01T11:55:00Z', now)).toBe('5 min ago');
    expect(relative('2025-06-01T12:00:02Z', now)).toBe('just now');
    expect(relative('2025-06-02T12:00:00Z', now)).toBe('in 1 d');
    expect(utc('2025-06-01T09:30:12.345Z')).toBe('2025-06-01 09:30:12 UTC');
  });
});

describe('labels', () => {
  it('shortens hex, humanizes codes, maps statuses to tones', () => {
    expect(short('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')).toBe('0x7099…79C8');
    expect(short('tx_01abc')).toBe('tx_01abc');
    expect(humanize('review_approved')).toBe('Review approved');
    expect(percent(0.9876)).toBe('98.8%');
    expect(percent(null)).toBe('—');
    expect([tone('confirmed'), tone('reverted'), tone('pending_review'), tone('submitted'), tone('whatever')]).toEqual([
      'good',
      'bad',
      'warn',
      'info',
      'neutral',
    ]);
  });
});
