import { describe, expect, it } from 'vitest';
import { seededRng } from '../chain/endpoint-health.ts';
import {
  accrualRunKey,
  balanceHolds,
  credit,
  dueReason,
  emptyBalance,
  feeInAsset,
  RATE_SCALE,
  reserveAll,
  scaledRate,
  settleReservation,
  streamAccruedAt,
  streamSettlement,
  streamStatus,
  windowStart,
  type BalanceAmounts,
  type StreamTimes,
} from './accrual-logic.ts';

const stream = (rate: string, decimals: number, start: bigint, end: bigint | null = null): StreamTimes => ({
  rateScaled: scaledRate(rate, decimals)!,
  startSec: start,
  endSec: end,
  stoppedSec: null,
});

describe('stream accrual', () => {
  it('scales a rate exactly and refuses more decimals than the asset plus 18', () => {
    expect(scaledRate('1', 6)).toBe(10n ** 24n);
    expect(scaledRate('0.000001', 6)).toBe(RATE_SCALE);
    expect(scaledRate(`0.${'0'.repeat(23)}1`, 6)).toBe(1n);
    expect(scaledRate(`0.${'0'.repeat(24)}1`, 6)).toBeNull();
  });

  it('accrues rate × whole seconds from the start, floored, and nothing before it or after the end', () => {
    const s = stream('0.0000015', 6, 1000n, 1010n); // 1.5 base units a second
    expect(streamAccruedAt(s, 999n)).toBe(0n);
    expect(streamAccruedAt(s, 1000n)).toBe(0n);
    expect(streamAccruedAt(s, 1001n)).toBe(1n);
    expect(streamAccruedAt(s, 1002n)).toBe(3n);
    expect(streamAccruedAt(s, 1010n)).toBe(15n);
    expect(streamAccruedAt(s, 5000n)).toBe(15n);
    expect(streamAccruedAt({ ...s, stoppedSec: 1004n }, 5000n)).toBe(6n);
  });

  it('carries the remainder below one base unit to the next settlement', () => {
    const s = stream('0.0000001', 6, 0n); // 0.1 base unit a second
    let moved = 0n;
    const r1 = streamSettlement(s, moved, 15n);
    expect(r1).toEqual({ amount: 1n, carried: RATE_SCALE / 2n });
    moved += r1.amount;
    const r2 = streamSettlement(s, moved, 25n);
    expect(r2).toEqual({ amount: 1n, carried: RATE_SCALE / 2n });
    expect(streamSettlement(s, moved + r2.amount, 30n)).toEqual({ amount: 1n, carried: 0n });
  });

  it('names its status at an instant', () => {
    const s = stream('1', 6, 100n, 200n);
    expect(streamStatus(s, 50n)).toBe('scheduled');
    expect(streamStatus(s, 150n)).toBe('active');
    expect(streamStatus(s, 200n)).toBe('ended');
    expect(streamStatus({ ...s, stoppedSec: 120n }, 150n)).toBe('stopped');
  });
});

describe('due-ness and fees', () => {
  it('prices the fee of one recipient in the asset, rounded up, and knows when it cannot', () => {
    // 30,000 gas at 2 gwei = 6e13 wei; ETH at $2,000 → $0.12 → 120,000 base units of a $1 six-decimal asset.
    const f = {
      gasPerRecipient: 30_000n,
      gasPrice: 2_000_000_000n,
      nativeDecimals: 18,
      nativeUsd8: 2_000n * 10n ** 8n,
      assetUsd8: 10n ** 8n,
      assetDecimals: 6,
    };
    expect(feeInAsset(f)).toBe(120_000n);
    expect(feeInAsset({ ...f, gasPrice: 1n })).toBe(1n);
    expect(feeInAsset({ ...f, assetUsd8: null })).toBeNull();
    expect(feeInAsset({ ...f, nativeUsd8: 0n })).toBeNull();
  });

  it('pays at K × the fee, at the maximum interval, or for stream money; waits otherwise', () => {
    const now = new Date('2026-01-01T00:10:00Z');
    const rule = { fee: 100n, feeMultiple: 20, maxIntervalSeconds: 600, now };
    const recent = new Date('2026-01-01T00:05:00Z');
    expect(dueReason({ accrued: 1_999n, firstUnpaidAt: recent, streamDue: false }, rule)).toBeNull();
    expect(dueReason({ accrued: 2_000n, firstUnpaidAt: recent, streamDue: false }, rule)).toBe('threshold');
    expect(dueReason({ accrued: 1n, firstUnpaidAt: new Date('2026-01-01T00:00:00Z'), streamDue: false }, rule)).toBe(
      'interval',
    );
    expect(dueReason({ accrued: 1n, firstUnpaidAt: recent, streamDue: true }, rule)).toBe('stream');
    expect(
      dueReason({ accrued: 10n ** 30n, firstUnpaidAt: recent, streamDue: false }, { ...rule, fee: null }),
    ).toBeNull();
    expect(dueReason({ accrued: 0n, firstUnpaidAt: null, streamDue: true }, rule)).toBeNull();
    const later = new Date('2026-01-01T00:11:00Z');
    expect(dueReason({ accrued: 5_000n, firstUnpaidAt: recent, streamDue: false, retryAfter: later }, rule)).toBeNull();
    expect(dueReason({ accrued: 5_000n, firstUnpaidAt: recent, streamDue: false, retryAfter: now }, rule)).toBe(
      'threshold',
    );
  });

  it('keys a run by chain, asset and window', () => {
    expect(windowStart(12_345n, 60)).toBe(12_300n);
    expect(accrualRunKey(31337, '0xAbC', 12_300n)).toBe('accruals:31337:0xabc:12300');
  });
});

describe('nothing is created or lost (seeded property test)', () => {
  it('keeps credited = accrued + reserved + paid, and streams settle exactly what accrued', () => {
    const seed = Number(process.env.ACCRUAL_SEED ?? Date.now() % 1_000_000);
    const rnd = seededRng(seed);
    const int = (n: number) => Math.floor(rnd() * n);
    for (let round = 0; round < 200; round++) {
      let b: BalanceAmounts = emptyBalance();
      let creditedIn = 0n;
      const reservations: bigint[] = [];
      const decimals = [0, 6, 18][int(3)]!;
      const s = stream(
        `${int(3)}.${String(int(1_000_000)).padStart(6, '0')}`,
        decimals,
        BigInt(int(1_000)),
        rnd() < 0.5 ? null : BigInt(1_000 + int(100_000)),
      );
      if (rnd() < 0.2) s.stoppedSec = BigInt(500 + int(50_000));
      let moved = 0n;
      let t = 0n;
      for (let step = 0; step < 60; step++) {
        const op = int(4);
        if (op === 0) {
          const amount = BigInt(1 + int(1_000_000));
          b = credit(b, amount);
          creditedIn += amount;
        } else if (op === 1) {
          t += BigInt(int(5_000));
          const r = streamSettlement(s, moved, t);
          expect(r.carried, `seed ${seed}`).toBeLessThan(RATE_SCALE);
          moved += r.amount;
          b = credit(b, r.amount);
          creditedIn += r.amount;
        } else if (op === 2) {
          const r = reserveAll(b);
          b = r.balance;
          if (r.reserved > 0n) reservations.push(r.reserved);
        } else if (reservations.length) {
          const amount = reservations.splice(int(reservations.length), 1)[0]!;
          b = settleReservation(b, amount, rnd() < 0.7 ? 'paid' : 'released');
        }
        expect(balanceHolds(b), `seed ${seed} round ${round} step ${step}`).toBe(true);
        expect(b.credited, `seed ${seed}`).toBe(creditedIn);
        expect(moved, `seed ${seed}`).toBe(streamAccruedAt(s, t));
      }
      for (const amount of reservations) b = settleReservation(b, amount, 'paid');
      expect(b.reserved, `seed ${seed}`).toBe(0n);
      expect(b.accrued + b.paid, `seed ${seed}`).toBe(creditedIn);
    }
  });

  it('settling the same stream at any instants moves exactly the total at the last one', () => {
    const seed = Number(process.env.ACCRUAL_SEED ?? Date.now() % 1_000_000);
    const rnd = seededRng(seed + 1);
    for (let round = 0; round < 200; round++) {
      const s = stream(`0.${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`, 6, 0n);
      let moved = 0n;
      let t = 0n;
      for (let k = 0; k < 30; k++) {
        t += BigInt(Math.floor(rnd() * 10_000));
        moved += streamSettlement(s, moved, t).amount;
      }
      expect(moved, `seed ${seed}`).toBe((s.rateScaled * t) / RATE_SCALE);
    }
  });

  it('refuses to settle more than is reserved', () => {
    expect(() => settleReservation(emptyBalance(), 1n, 'paid')).toThrow();
  });
});
