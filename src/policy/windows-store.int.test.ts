import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { openDatabase, type Database } from '../db/database.ts';
import type { WindowCharge } from './types.ts';
import { pruneUsage, readWindowTotals, releaseUsage, reserveWindows } from './windows-store.ts';

const T0 = new Date('2025-03-01T12:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let n = 0;
const uniq = (p: string) => `${p}-${++n}`;

function charge(key: string, over: Partial<WindowCharge> = {}): WindowCharge {
  return {
    key,
    rule: key.split('|')[0]!,
    windowSeconds: 3_600,
    amount: 100n,
    count: 1,
    maxSum: 300n,
    onExceed: 'deny',
    ...over,
  };
}

describe('policy windows (sequential semantics)', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await testDatabase();
  });
  afterAll(async () => {
    await d.close();
  });

  it('admits uses while the limit has room, then refuses without recording anything', async () => {
    const key = uniq('day|usd|user=u1');
    for (let i = 0; i < 3; i++)
      expect(await reserveWindows(d.db, [charge(key)], { ref: uniq('tx'), now: at(i) })).toMatchObject({
        ok: true,
        review: [],
      });
    const refused = await reserveWindows(d.db, [charge(key, { amount: 1n })], { ref: uniq('tx'), now: at(4) });
    expect(refused).toEqual({
      ok: false,
      exceeded: [{ charge: expect.objectContaining({ key }), used: { sum: 300n, count: 3 } }],
    });
    expect(await readWindowTotals(d.db, [{ key, windowSeconds: 3_600 }], at(5))).toEqual({
      [key]: { sum: 300n, count: 3 },
    });
  });

  it('sums a rolling window: usage older than the window no longer counts', async () => {
    const key = uniq('hour|usd|user=u2');
    await reserveWindows(d.db, [charge(key, { amount: 300n })], { ref: uniq('tx'), now: at(0) });
    expect((await reserveWindows(d.db, [charge(key)], { ref: uniq('tx'), now: at(3_599) })).ok).toBe(false);
    expect((await reserveWindows(d.db, [charge(key)], { ref: uniq('tx'), now: at(3_600) })).ok).toBe(true);
    expect(await readWindowTotals(d.db, [{ key, windowSeconds: 3_600 }], at(3_600))).toEqual({
      [key]: { sum: 100n, count: 1 },
    });
    expect(await readWindowTotals(d.db, [{ key, windowSeconds: 86_400 }], at(3_600))).toEqual({
      [key]: { sum: 400n, count: 2 },
    });
  });

  it('releases the usage of a rejected transaction (twice is harmless) and is idempotent per ref', async () => {
    const key = uniq('day|usd|user=u3');
    const ref = uniq('tx');
    expect(await reserveWindows(d.db, [charge(key, { amount: 300n })], { ref, now: at(0) })).toMatchObject({
      ok: true,
      alreadyReserved: false,
    });
    expect(await reserveWindows(d.db, [charge(key, { amount: 300n })], { ref, now: at(1) })).toMatchObject({
      ok: true,
      alreadyReserved: true,
    });
    expect(await readWindowTotals(d.db, [{ key, windowSeconds: 3_600 }], at(2))).toEqual({
      [key]: { sum: 300n, count: 1 },
    });
    expect(await releaseUsage(d.db, ref)).toBe(1);
    expect(await releaseUsage(d.db, ref)).toBe(0);
    expect(await readWindowTotals(d.db, [{ key, windowSeconds: 3_600 }], at(2))).toEqual({
      [key]: { sum: 0n, count: 0 },
    });
    expect((await reserveWindows(d.db, [charge(key, { amount: 300n })], { ref: uniq('tx'), now: at(3) })).ok).toBe(
      true,
    );
  });

  it('one full deny-window refuses the whole reservation; review-windows only report', async () => {
    const user = uniq('u|usd|user=u4');
    const org = uniq('o|usd|org=*');
    const velocity = uniq('v|count|user=u4');
    const charges = (amount: bigint) => [
      charge(user, { amount, maxSum: 1_000n }),
      charge(org, { amount, maxSum: 150n, onExceed: 'review' }),
      charge(velocity, { amount: 0n, maxSum: undefined, maxCount: 2 }),
    ];
    const first = await reserveWindows(d.db, charges(100n), { ref: uniq('tx'), now: at(0) });
    expect(first).toMatchObject({ ok: true, review: [] });
    const second = await reserveWindows(d.db, charges(100n), { ref: uniq('tx'), now: at(1) });
    expect(second).toMatchObject({ ok: true, review: [{ charge: { key: org }, used: { sum: 100n, count: 1 } }] });
    const third = await reserveWindows(d.db, charges(100n), { ref: uniq('tx'), now: at(2) });
    expect(third).toMatchObject({ ok: false, exceeded: [{ charge: { key: velocity }, used: { count: 2 } }] });
    const totals = await readWindowTotals(
      d.db,
      charges(0n).map((c) => ({ key: c.key, windowSeconds: 3_600 })),
      at(3),
    );
    expect(totals).toEqual({
      [user]: { sum: 200n, count: 2 },
      [org]: { sum: 200n, count: 2 },
      [velocity]: { sum: 0n, count: 2 },
    });
  });

  it("joins the caller's transaction: a rollback takes the usage with it", async () => {
    const key = uniq('t|usd|user=u5');
    await expect(
      d.db.transaction().execute(async (trx) => {
        expect((await reserveWindows(trx, [charge(key)], { ref: uniq('tx'), now: at(0) })).ok).toBe(true);
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect(await readWindowTotals(d.db, [{ key, windowSeconds: 3_600 }], at(1))).toEqual({
      [key]: { sum: 0n, count: 0 },
    });
  });

  it('refuses a REPEATABLE READ transaction (its snapshot would miss concurrent usage)', async () => {
    await expect(
      d.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute((trx) => reserveWindows(trx, [charge(uniq('rr|usd|org=*'))], { ref: uniq('tx') })),
    ).rejects.toMatchObject({ code: 'policy_window_isolation' });
  });

  it('uses the database clock by default and prunes old usage', async () => {
    const key = uniq('clock|usd|org=*');
    const r = await reserveWindows(d.db, [charge(key)], { ref: uniq('tx') });
    expect(r.ok && Math.abs(r.at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await readWindowTotals(d.db, [{ key, windowSeconds: 60 }])).toEqual({ [key]: { sum: 100n, count: 1 } });
    await reserveWindows(d.db, [charge(key)], { ref: uniq('tx'), now: new Date('2020-01-01T00:00:00Z') });
    expect(await pruneUsage(d.db, new Date('2021-01-01T00:00:00Z'))).toBeGreaterThanOrEqual(1);
    const left = await sql<{
      n: number;
    }>`select count(*)::int as n from policy_window_usage where window_key = ${key}`.execute(d.db);
    expect(left.rows[0]!.n).toBe(1);
  });
});

describe.runIf(process.env.DATABASE_URL)(
  'policy windows under real concurrency (two API processes, one Postgres)',
  () => {
    let d: TestDatabase;
    let pools: Database[] = [];
    beforeAll(async () => {
      d = await testDatabase();
      // Two separate pools, as two API processes would have.
      pools = await Promise.all([1, 2].map(() => openDatabase({ ...d.options, poolSize: 10 })));
    });
    afterAll(async () => {
      for (const p of pools) await p.close();
      await d.close();
    });

    it('20 parallel reservations against a limit that fits exactly 7: exactly 7 succeed', async () => {
      const key = 'race|usd|user=u1';
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          reserveWindows(pools[i % 2]!.db, [charge(key, { maxSum: 700n, windowSeconds: 86_400 })], {
            ref: `tx-race-${i}`,
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(7);
      expect(await readWindowTotals(d.db, [{ key, windowSeconds: 86_400 }])).toEqual({
        [key]: { sum: 700n, count: 7 },
      });
    });

    it('overlapping multi-key reservations in opposite orders neither deadlock nor overshoot', async () => {
      const org = 'race|usd|org=*';
      const users = ['race|usd|user=a', 'race|usd|user=b'];
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => {
          const own = charge(users[i % 2]!, { maxSum: 400n, windowSeconds: 86_400 });
          const shared = charge(org, { maxSum: 1_000n, windowSeconds: 86_400 });
          const charges = i % 4 < 2 ? [own, shared] : [shared, own];
          return reserveWindows(pools[i % 2]!.db, charges, { ref: `tx-multi-${i}` });
        }),
      );
      // each user fits 4 uses (400), together 8 (800) under the org's 1,000
      expect(results.filter((r) => r.ok)).toHaveLength(8);
      const totals = await readWindowTotals(
        d.db,
        [org, ...users].map((key) => ({ key, windowSeconds: 86_400 })),
      );
      expect(totals).toEqual({
        [org]: { sum: 800n, count: 8 },
        [users[0]!]: { sum: 400n, count: 4 },
        [users[1]!]: { sum: 400n, count: 4 },
      });
    });

    it('the org window is shared: 30 users in parallel cannot overshoot it', async () => {
      const org = 'shared|usd|org=*';
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          reserveWindows(
            pools[i % 2]!.db,
            [charge(`shared|usd|user=${i}`, { maxSum: 1_000n }), charge(org, { amount: 130n, maxSum: 1_000n })],
            { ref: `tx-org-${i}` },
          ),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(7); // 7 × 130 = 910 ≤ 1,000 < 8 × 130
    });
  },
);
