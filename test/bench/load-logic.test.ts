import { describe, expect, it } from 'vitest';
import { countStatus, latencySummary, newTally, parseMix, rssGrowth, weightedMix } from '../../bench/load-logic.ts';

describe('weightedMix', () => {
  it('picks each name in proportion to its weight', () => {
    const mix = weightedMix({ a: 1, b: 3, c: 0 });
    expect(mix.names).toEqual(['a', 'b']);
    expect(mix.shares).toEqual({ a: 0.25, b: 0.75 });
    const counts = { a: 0, b: 0 } as Record<string, number>;
    for (let i = 0; i < 1000; i++) counts[mix.pick(i / 1000)]!++;
    expect(counts).toEqual({ a: 250, b: 750 });
    expect(mix.pick(0.9999999999999999)).toBe('b');
  });

  it('refuses negative, non-finite or all-zero weights', () => {
    expect(() => weightedMix({ a: -1, b: 1 })).toThrow(/a must be/);
    expect(() => weightedMix({ a: Number.NaN })).toThrow(/a must be/);
    expect(() => weightedMix({ a: 0, b: 0 })).toThrow(/positive weight/);
  });
});

describe('rssGrowth', () => {
  const run = (f: (t: number) => number, durationMs = 600_000, every = 5_000) =>
    Array.from({ length: durationMs / every + 1 }, (_, i) => ({ tMs: i * every, rssKiB: f(i * every) }));
  const opts = { durationMs: 600_000, from: 0.2, to: 1, window: 0.15, bound: 0.1 };
  /** A GC sawtooth: 200 MB floor, rising 50 MB over 80 s, then collected. */
  const saw = (t: number) => 200_000 + ((t % 80_000) / 80_000) * 50_000;

  it('passes a sawtooth whose floor stays put, wherever the marks fall on it', () => {
    for (const shift of [0, 20_000, 40_000, 60_000]) {
      const g = rssGrowth(
        run((t) => saw(t + shift)),
        opts,
      );
      expect(g.fromKiB).toBeLessThan(201_000);
      expect(g.toKiB).toBeLessThan(201_000);
      expect(g.toPeakKiB).toBeGreaterThan(240_000);
      expect(g.ok).toBe(true);
    }
  });

  it('does not judge growth before the first mark (warm-up)', () => {
    const g = rssGrowth(
      run((t) => (t < 110_000 ? 50_000 + t : 200_000)),
      opts,
    );
    expect(g.fromWindowMs).toEqual([120_000, 210_000]);
    expect(g.fromKiB).toBe(200_000);
    expect(g.ok).toBe(true);
  });

  it('fails a leak that raises the floor above the bound, sawtooth and all', () => {
    // 4 MB more every minute under the sawtooth: the floor climbs ~13 % from minute 2 to minute 10
    const g = rssGrowth(
      run((t) => saw(t) + (4_000 * t) / 60_000),
      opts,
    );
    expect(g.growth).toBeGreaterThan(0.1);
    expect(g.ok).toBe(false);
  });

  it('uses the nearest sample when a window holds none, and scales the windows with the duration', () => {
    const g = rssGrowth(
      [
        { tMs: 0, rssKiB: 10 },
        { tMs: 30_000, rssKiB: 100 },
        { tMs: 60_000, rssKiB: 120 },
      ],
      { ...opts, durationMs: 60_000, window: 0.01 },
    );
    expect(g.fromWindowMs).toEqual([12_000, 12_600]);
    expect(g.fromKiB).toBe(10);
    expect(g.toKiB).toBe(120);
    expect(g.ok).toBe(false);
    expect(() => rssGrowth([], opts)).toThrow(/no RSS samples/);
  });
});

describe('tallies and latencies', () => {
  it('counts statuses into their classes', () => {
    const t = newTally();
    for (const s of [200, 201, 201, 400, 409, 429, 500, 503]) countStatus(t, s);
    expect(t).toEqual({
      requests: 8,
      byStatus: { 200: 1, 201: 2, 400: 1, 409: 1, 429: 1, 500: 1, 503: 1 },
      non2xx: 5,
      rateLimited: 1,
      serverErrors: 2,
      clientErrors: 2,
    });
  });

  it('summarises latencies by nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(latencySummary(xs)).toEqual({ p50: 50, p99: 99, max: 100 });
    expect(latencySummary([]).p50).toBeNaN();
  });
});

describe('parseMix', () => {
  const known = ['a', 'b', 'c'] as const;
  it('reads name=weight pairs, names left out weigh 0', () => {
    expect(parseMix('a=3, b=0.5', known)).toEqual({ a: 3, b: 0.5, c: 0 });
  });
  it('refuses unknown names, repeats and malformed entries', () => {
    expect(() => parseMix('d=1', known)).toThrow(/unknown route "d"/);
    expect(() => parseMix('a=1,a=2', known)).toThrow(/twice/);
    expect(() => parseMix('a:1', known)).toThrow(/not name=weight/);
  });
});
