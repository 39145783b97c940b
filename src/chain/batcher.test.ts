import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.ts';

describe('Batcher', () => {
  it('groups items added in the same tick and splits at maxSize', async () => {
    const groups: number[][] = [];
    const b = new Batcher<number>({ maxSize: 4, waitMs: 0 }, (g) => groups.push(g));
    for (let i = 0; i < 10; i++) b.add(i);
    // Full groups leave at once; the remainder waits for the timer.
    expect(groups).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    await new Promise((r) => setTimeout(r, 5));
    expect(groups).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    b.add(10);
    await new Promise((r) => setTimeout(r, 5));
    expect(groups.at(-1)).toEqual([10]);
  });

  it('caps a group by bytes: flushes before an item that would overflow it; an oversized item travels alone', () => {
    const groups: string[][] = [];
    const b = new Batcher<string>(
      { maxSize: 100, waitMs: 0, maxBytes: 10 },
      (g) => groups.push(g),
      (x) => x.length,
    );
    b.add('aaaa'); // 4
    b.add('bbbb'); // 8
    b.add('cccc'); // would be 12: the first two leave first
    expect(groups).toEqual([['aaaa', 'bbbb']]);
    b.add('x'.repeat(25)); // larger than the cap: cccc leaves, then it leaves alone at once
    expect(groups).toEqual([['aaaa', 'bbbb'], ['cccc'], ['x'.repeat(25)]]);
    b.add('dddddddddd'); // exactly the cap: leaves at once
    expect(groups.at(-1)).toEqual(['dddddddddd']);
    b.flush();
    expect(groups).toHaveLength(4);
    for (const g of groups) if (g.length > 1) expect(g.join('').length).toBeLessThanOrEqual(10);
  });

  it('refuses a non-positive byte cap', () => {
    expect(() => new Batcher<string>({ maxSize: 1, waitMs: 0, maxBytes: 0 }, () => {})).toThrow(RangeError);
  });
});
