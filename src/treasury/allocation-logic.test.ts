import { describe, expect, it } from 'vitest';
import { bpsOf, checkAllocation, limitAmount, type MandateLimits, type VaultFacts } from './allocation-logic.ts';

const NOW = 1_700_000_000;
const limits: MandateLimits = {
  buffer: { amount: 100_000n, bps: 1_000 },
  maxShareOfVaultBps: 2_000,
  minVaultAssets: 50_000n,
  maxDrawdownBps: 50,
  maxPriceStalenessSeconds: 3600,
};
const vault = (over: Partial<VaultFacts> = {}): VaultFacts => ({
  targetBps: 4_000,
  maxAllocation: { bps: 5_000 },
  value: 400_000n,
  maxWithdraw: 400_000n,
  totalAssets: 4_000_000n,
  assetsPerShare: 1_050_000n,
  recordedHigh: 1_050_000n,
  lastRecordedAt: NOW - 60,
  ...over,
});

describe('limits: the smaller of amount and bps binds', () => {
  it('picks the binding side', () => {
    expect(limitAmount({ amount: 300n, bps: 5_000 }, 1_000n)).toEqual({ amount: 300n, binding: 'amount' });
    expect(limitAmount({ amount: 800n, bps: 5_000 }, 1_000n)).toEqual({ amount: 500n, binding: 'bps' });
    expect(limitAmount({ bps: 2_500 }, 1_001n)).toEqual({ amount: 250n, binding: 'bps' });
    expect(limitAmount({ amount: 7n }, 0n)).toEqual({ amount: 7n, binding: 'amount' });
    expect(() => limitAmount({}, 1n)).toThrow(RangeError);
    expect(bpsOf(1n, 3n)).toBe(3_333);
    expect(bpsOf(5n, 0n)).toBe(0);
  });
});

describe('checkAllocation', () => {
  it('a position inside every rule breaks none', () => {
    // total = 600,000 + 400,000 = 1,000,000: the vault holds 4,000 bps (its target), the buffer
    // needs min(100,000, 10 % = 100,000) and the account holds 600,000.
    const c = checkAllocation(600_000n, [vault()], limits, NOW);
    expect(c.total).toBe(1_000_000n);
    expect(c.deployed).toBe(400_000n);
    expect(c.buffer).toEqual({ required: 100_000n, binding: 'amount', actual: 600_000n, ok: true });
    expect(c.vaults[0]).toMatchObject({
      bps: 4_000,
      deviationBps: 0,
      cap: 500_000n,
      capBinding: 'bps',
      overCap: false,
      shareOfVaultBps: 1_000,
      overShareOfVault: false,
      belowMinVaultAssets: false,
      drawdownBps: 0,
      overDrawdown: false,
      stale: false,
      withdrawableNow: 400_000n,
    });
    expect(c.breaches).toEqual([]);
  });

  it('names every rule broken, per vault', () => {
    const c = checkAllocation(
      50_000n,
      [
        // 600,000 of 1,000,000 = 6,000 bps over a 5,000 bps cap; 6,000 bps of a 1,000,000 vault.
        vault({ value: 600_000n, totalAssets: 1_000_000n, maxWithdraw: 250_000n }),
        // share price 1.044 after a high of 1.050: 57 bps down (> 50); below the 50,000 minimum;
        // its newest record is two hours old.
        vault({
          value: 350_000n,
          totalAssets: 40_000n,
          assetsPerShare: 1_044_000n,
          recordedHigh: 1_050_000n,
          lastRecordedAt: NOW - 7200,
          maxAllocation: { amount: 1_000_000n, bps: 10_000 },
        }),
      ],
      limits,
      NOW,
    );
    expect(c.total).toBe(1_000_000n);
    expect(c.breaches.map((b) => [b.rule, b.vault])).toEqual([
      ['buffer', undefined],
      ['over_cap', 0],
      ['max_share_of_vault', 0],
      ['max_share_of_vault', 1],
      ['min_vault_assets', 1],
      ['drawdown', 1],
      ['stale_price', 1],
    ]);
    expect(c.vaults[1]!.drawdownBps).toBe(57);
    // withdrawable now is min(value, maxWithdraw), summed.
    expect(c.vaults[0]!.withdrawableNow).toBe(250_000n);
    expect(c.withdrawableNow).toBe(250_000n + 350_000n);
  });

  it('the live price above the recorded high is the new high; no record at all is stale', () => {
    const c = checkAllocation(600_000n, [vault({ recordedHigh: 1_000_000n, lastRecordedAt: null })], limits, NOW);
    expect(c.vaults[0]).toMatchObject({ high: 1_050_000n, drawdownBps: 0, stale: true });
    expect(c.breaches.map((b) => b.rule)).toEqual(['stale_price']);
  });

  it('unread values make checks unknown, not passed, and the total incomplete', () => {
    const c = checkAllocation(null, [vault({ maxWithdraw: null, value: null })], limits, NOW);
    expect(c.totalIncomplete).toBe(true);
    expect(c.vaults[0]).toMatchObject({ bps: null, overCap: null, withdrawableNow: null, overShareOfVault: null });
    expect(c.buffer.ok).toBe(false);
    expect(c.breaches.map((b) => b.rule)).toEqual(['unreadable', 'unreadable']);
  });
});
