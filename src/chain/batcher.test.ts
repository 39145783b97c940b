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
});
