import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.ts';

describe('Semaphore', () => {
  it('grants up to capacity, then hands released slots to waiters in FIFO order', async () => {
    const s = new Semaphore(2);
    const r1 = await s.acquire(1_000);
    const r2 = await s.acquire(1_000);
    expect(s.active).toBe(2);
    const order: number[] = [];
    const w3 = s.acquire(1_000).then((r) => (order.push(3), r));
    const w4 = s.acquire(1_000).then((r) => (order.push(4), r));
    expect(s.waiting).toBe(2);
    r1!();
    r1!(); // a second release of the same slot is ignored
    const r3 = await w3;
    expect(s.active).toBe(2);
    r2!();
    const r4 = await w4;
    expect(order).toEqual([3, 4]);
    r3!();
    r4!();
    expect(s.active).toBe(0);
  });

  it('gives up after the timeout without taking a slot', async () => {
    const s = new Semaphore(1);
    const r = await s.acquire(1_000);
    const started = Date.now();
    expect(await s.acquire(30)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(s.waiting).toBe(0);
    r!();
    expect(s.active).toBe(0);
  });
});
