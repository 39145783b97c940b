import { describe, expect, it } from 'vitest';
import { alignSeries, amountText, bps, limitText, movementProgress, reviewReasonText } from './treasury-view.ts';

describe('treasury view helpers', () => {
  it('writes basis points and limits in words', () => {
    expect(bps(4000)).toBe('40 %');
    expect(bps(1250)).toBe('12.5 %');
    expect(bps(null)).toBe('—');
    expect(limitText({ bps: 1000, amount: '10000' }, 'tUSD')).toBe('10 % or 10,000 tUSD');
    expect(limitText({ amount: '5.5' }, 'tUSD')).toBe('5.5 tUSD');
    expect(limitText({}, 'tUSD')).toBe('—');
    expect(amountText({ amount: '1234567.5' }, 'tUSD')).toBe('1,234,567.5 tUSD');
    expect(amountText(null, 'tUSD')).toBe('—');
    expect(amountText({ amount: '254999.999997' }, 'tUSD', 2)).toBe('254,999.99 tUSD');
  });

  it('aligns vault series on the union of their times, null where a vault has no point', () => {
    const { times, values } = alignSeries([
      {
        label: 'A',
        points: [
          { blockTime: '2026-01-01T00:00:00.000Z', sharePrice: '1.0' },
          { blockTime: '2026-01-03T00:00:00.000Z', sharePrice: '1.02' },
        ],
      },
      { label: 'B', points: [{ blockTime: '2026-01-02T00:00:00.000Z', sharePrice: '1.5' }] },
    ]);
    expect(times).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z']);
    expect(values).toEqual([
      [1, null, 1.02],
      [null, 1.5, null],
    ]);
    expect(alignSeries([])).toEqual({ times: [], values: [] });
  });

  it('counts movements by status and is settled only when none is planned or pending', () => {
    expect(movementProgress([{ status: 'confirmed' }, { status: 'pending' }])).toEqual({
      counts: { confirmed: 1, pending: 1 },
      settled: false,
    });
    expect(movementProgress([{ status: 'confirmed' }, { status: 'failed' }]).settled).toBe(true);
    expect(movementProgress([{ status: 'planned' }]).settled).toBe(false);
    expect(reviewReasonText('review_threshold')).toMatch(/review threshold/);
    expect(reviewReasonText('other')).toBe('other');
  });
});
