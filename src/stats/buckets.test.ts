import { describe, expect, it } from 'vitest';
import { ValidationError } from '../lib/errors.ts';
import {
  AUTO_TARGET_BUCKETS,
  autoBucket,
  BUCKET_SIZES,
  fillSeries,
  MAX_BUCKETS,
  planBuckets,
  successRate,
} from './buckets.ts';

const d = (s: string) => new Date(s);

describe('planBuckets', () => {
  it('aligns the first bucket down to the bucket size and covers `to`', () => {
    const p = planBuckets({ from: d('2025-06-01T09:17:30Z'), to: d('2025-06-01T12:05:00Z'), bucket: '1h' });
    expect(p.from.toISOString()).toBe('2025-06-01T09:00:00.000Z');
    expect(p.starts.map((s) => s.toISOString())).toEqual([
      '2025-06-01T09:00:00.000Z',
      '2025-06-01T10:00:00.000Z',
      '2025-06-01T11:00:00.000Z',
      '2025-06-01T12:00:00.000Z',
    ]);
    expect(p.bucketSeconds).toBe(3600);
  });

  it('keeps the same boundaries for a window that slides by a few seconds (polling)', () => {
    const a = planBuckets({ from: d('2025-06-01T00:00:07Z'), to: d('2025-06-02T00:00:07Z'), bucket: 'auto' });
    const b = planBuckets({ from: d('2025-06-01T00:00:11Z'), to: d('2025-06-02T00:00:11Z'), bucket: 'auto' });
    expect(a.starts.map(String)).toEqual(b.starts.map(String));
  });

  it('chooses the smallest bucket giving at most the target count with auto', () => {
    expect(autoBucket(3_600)).toBe('1m');
    expect(autoBucket(86_400)).toBe('1h');
    expect(autoBucket(7 * 86_400)).toBe('6h');
    expect(autoBucket(365 * 86_400)).toBe('1d');
    for (const span of [600, 3_600, 20_000, 86_400, 7 * 86_400, 30 * 86_400]) {
      const p = planBuckets({ from: new Date(0), to: new Date(span * 1000), bucket: 'auto' });
      expect(p.starts.length).toBeLessThanOrEqual(AUTO_TARGET_BUCKETS);
    }
  });

  it('refuses empty, reversed, too long ranges and too many buckets with field errors', () => {
    const t = d('2025-06-01T00:00:00Z');
    const bad = (q: Parameters<typeof planBuckets>[0]) => {
      try {
        planBuckets(q);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).errors![0]!;
      }
      throw new Error('accepted');
    };
    expect(bad({ from: t, to: t, bucket: '1h' }).code).toBe('range_empty');
    expect(bad({ from: d('2025-06-02T00:00:00Z'), to: t, bucket: '1h' }).code).toBe('range_empty');
    expect(bad({ from: d('2020-01-01T00:00:00Z'), to: t, bucket: '1d' }).code).toBe('range_too_long');
    const many = bad({ from: d('2025-05-01T00:00:00Z'), to: t, bucket: '1m' });
    expect(many).toMatchObject({ field: 'querystring.bucket', code: 'too_many_buckets' });
    // the limit itself is allowed
    expect(
      planBuckets({ from: t, to: new Date(t.getTime() + MAX_BUCKETS * BUCKET_SIZES['1m'] * 1000), bucket: '1m' })
        .starts,
    ).toHaveLength(MAX_BUCKETS);
  });
});

describe('fillSeries', () => {
  it('puts each row at its bucket index, empty elsewhere, and ignores indexes outside the plan', () => {
    const p = planBuckets({ from: d('2025-06-01T00:00:00Z'), to: d('2025-06-01T05:00:00Z'), bucket: '1h' });
    const rows = [
      { b: 1, n: 3 },
      { b: '4', n: 7 },
      { b: -1, n: 99 },
      { b: 5, n: 99 },
    ];
    expect(fillSeries(p, rows, (r) => r.n, 0)).toEqual([0, 3, 0, 0, 7]);
    expect(fillSeries(p, [], (r: { b: number }) => r.b, null)).toEqual([null, null, null, null, null]);
  });
});

describe('successRate', () => {
  it('is confirmed over everything that reached the chain, null without any', () => {
    expect(successRate(0, 0, 0)).toBeNull();
    expect(successRate(3, 1, 0)).toBe(0.75);
    expect(successRate(2, 0, 1)).toBe(0.6667);
    expect(successRate(5, 0, 0)).toBe(1);
  });
});
