import { prng } from '../lib/prng.ts';
import { describe, expect, it } from 'vitest';
import { shares, splitRevenue, type SplitRecipient, validShares } from './split-logic.ts';

const rng = prng;

const r = (payeeId: string, shareBps: number, minimum = 0n, cap: bigint | null = null): SplitRecipient => ({
  payeeId,
  shareBps,
  minimum,
  cap,
});

describe('split logic', () => {
  it('gives the units rounding left over to the largest remainders, first listed on ties', () => {
    expect(shares(100n, [3333, 3333, 3334])).toEqual([33n, 33n, 34n]);
    expect(shares(10n, [3333, 3333, 3334])).toEqual([3n, 3n, 4n]);
    expect(shares(1n, [5000, 5000])).toEqual([1n, 0n]);
    expect(shares(7n, [0, 10_000])).toEqual([0n, 7n]);
  });

  it('carries an amount under the minimum and pays it once enough accrued', () => {
    const plan = [r('a', 9_900), r('b', 100, 50n)];
    const one = splitRevenue(1_000n, plan);
    expect(one.lines[1]).toMatchObject({ earned: 10n, amount: 0n, carriedOut: 10n, reason: 'below_minimum' });
    const carried = new Map([['b', 10n]]);
    const two = splitRevenue(4_000n, plan, carried);
    expect(two.lines[1]).toMatchObject({ earned: 40n, carriedIn: 10n, amount: 50n, carriedOut: 0n });
  });

  it('pays a capped payee its cap and carries the excess', () => {
    const s = splitRevenue(1_000n, [r('a', 5_000, 0n, 100n), r('b', 5_000)]);
    expect(s.lines[0]).toMatchObject({ amount: 100n, carriedOut: 400n, reason: 'over_cap' });
    expect(s.total + s.carriedOut).toBe(1_000n);
  });

  it('still owes a payee removed from the plan what was carried for it', () => {
    const s = splitRevenue(100n, [r('a', 10_000)], new Map([['gone', 7n]]));
    expect(s.lines.find((l) => l.payeeId === 'gone')).toMatchObject({ amount: 7n, carriedOut: 0n });
  });

  it('refuses shares that do not sum to 10,000', () => {
    expect(validShares([5_000, 4_999])).toBe(false);
    expect(() => splitRevenue(1n, [r('a', 9_999)])).toThrow(/10000/);
  });

  it('property: Σ lines + carried out = revenue + carried in, always (seeded)', () => {
    const seed = Number(process.env.SPLIT_SEED ?? Date.now() % 2 ** 31);
    console.log(`split property seed: ${seed} (SPLIT_SEED=${seed} replays it)`);
    const rand = rng(seed);
    const int = (n: number) => Math.floor(rand() * n);
    for (let round = 0; round < 2_000; round++) {
      const n = 1 + int(12);
      // Random shares summing to 10,000: cut points on [0, 10000].
      const cuts = Array.from({ length: n - 1 }, () => int(10_001)).sort((a, b) => a - b);
      const bps = [...cuts, 10_000].map((c, i) => c - (i ? cuts[i - 1]! : 0));
      const recipients = bps.map((b, i) => {
        const min = rand() < 0.3 ? BigInt(int(1_000)) : 0n;
        // A plan's cap is never under its minimum (refused at creation).
        return r(`p${i}`, b, min, rand() < 0.3 ? min + BigInt(1 + int(5_000)) : null);
      });
      const revenue = rand() < 0.1 ? BigInt(int(10)) : BigInt(int(1_000_000)) * (rand() < 0.2 ? 10n ** 12n : 1n);
      const carried = new Map<string, bigint>();
      for (let i = 0; i < n + 2; i++) if (rand() < 0.3) carried.set(`p${i}`, BigInt(int(10_000)));
      const s = splitRevenue(revenue, recipients, carried);
      const carriedIn = [...carried.values()].reduce((a, b) => a + b, 0n);
      const sumLines = s.lines.reduce((a, l) => a + l.amount, 0n);
      const sumOut = s.lines.reduce((a, l) => a + l.carriedOut, 0n);
      expect(sumLines + sumOut, `seed ${seed} round ${round}`).toBe(revenue + carriedIn);
      expect(s.total).toBe(sumLines);
      expect(s.lines.every((l) => l.amount >= 0n && l.carriedOut >= 0n)).toBe(true);
      expect(s.lines.reduce((a, l) => a + l.earned, 0n)).toBe(revenue);
      for (const [i, rec] of recipients.entries()) {
        const l = s.lines[i]!;
        if (rec.cap !== null) expect(l.amount <= rec.cap).toBe(true);
        if (l.amount > 0n) expect(l.amount >= rec.minimum).toBe(true);
      }
    }
  });
});
