import type { Address, Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { mandateDocumentSchema } from './mandate.ts';
import { assemblePosition, mandateLimits, THIRTY_DAYS, type VaultHistory } from './position.ts';
import type { PositionReading, VaultReading } from './position-reader.ts';

const A = '0x1111111111111111111111111111111111111111' as Address;
const B = '0x2222222222222222222222222222222222222222' as Address;
const ASSET = '0x3333333333333333333333333333333333333333' as Address;
const ACCOUNT = '0x4444444444444444444444444444444444444444' as Address;
const HASH_A = `0x${'aa'.repeat(32)}` as Hex;
const T = 1_700_000_000n;

const vault = (address: Address, over: Partial<VaultReading> = {}): VaultReading => ({
  address,
  shares: 0n,
  value: 0n,
  maxWithdraw: 0n,
  totalAssets: 10_000_000_000n,
  totalSupply: 10_000_000_000n,
  decimals: 6,
  assetsPerShare: 1_000_000n,
  codeHash: HASH_A,
  implementation: null,
  implementationCodeHash: null,
  failures: [],
  ...over,
});

const mandate = mandateDocumentSchema.parse({
  name: 'm',
  chainId: 31337,
  signer: 'treasury',
  asset: 'tUSD',
  vaults: [
    { address: A, codeHash: HASH_A, targetBps: 5_000, maxAllocation: { bps: 6_000, amount: '700' }, label: 'A' },
    { address: B.toLowerCase(), codeHash: `0x${'bb'.repeat(32)}`, maxAllocation: { bps: 1_000 } },
  ],
  buffer: { amount: '100.5' },
  reviewThreshold: '1000',
  maxDailyMovement: '5000',
});

describe('assemblePosition', () => {
  // Account 400 tUSD; vault A: 495.049504 shares worth 505.000000 at 1.010000 (cost 500);
  // vault B: 95 worth 95, but maxWithdraw 40. Total 1,000.
  const reading: PositionReading = {
    chainId: 31337,
    block: { number: 123n, timestamp: T },
    account: ACCOUNT,
    asset: ASSET,
    accountBalance: 400_000_000n,
    accountFailures: [],
    vaults: [
      vault(A, { shares: 495_049_504n, value: 505_000_000n, maxWithdraw: 505_000_000n, assetsPerShare: 1_010_000n }),
      vault(B, { shares: 95_000_000n, value: 95_000_000n, maxWithdraw: 40_000_000n }),
    ],
  };
  const history = new Map<Address, VaultHistory>([
    [
      A,
      {
        d7: null,
        d30: { blockNumber: 1n, blockTime: Number(T) - THIRTY_DAYS, assetsPerShare: 1_000_000n },
        high: 1_010_000n,
        latest: { blockNumber: 120n, blockTime: Number(T) - 60, assetsPerShare: 1_010_000n },
      },
    ],
  ]);
  const p = assemblePosition({
    mandateId: 'mdt_1',
    mandate,
    asset: { symbol: 'tUSD', address: ASSET, decimals: 6 },
    reading,
    history,
    movements: new Map([[A, [{ kind: 'deposit' as const, assets: 500_000_000n, shares: 495_049_504n }]]]),
  });

  it('puts decimal strings at the edge and sums the mandate', () => {
    expect(p).toMatchObject({
      object: 'treasury_position',
      mandateId: 'mdt_1',
      blockNumber: '123',
      blockTime: new Date(Number(T) * 1000).toISOString(),
      total: { amount: '1000', baseUnits: '1000000000' },
      deployed: { amount: '600' },
      accountBalance: { amount: '400' },
      // A: min(505, 505); B: min(95, 40).
      withdrawableNow: { amount: '545' },
      buffer: { required: { amount: '100.5' }, binding: 'amount', ok: true },
      yield: { costBasis: { amount: '500' }, realised: { amount: '0' }, unrealised: { amount: '5' } },
    });
    expect(p.vaults[0]).toMatchObject({
      label: 'A',
      shares: { amount: '495.049504', decimals: 6 },
      sharePrice: '1.01',
      allocation: {
        bps: 5_050,
        targetBps: 5_000,
        deviationBps: 50,
        cap: { amount: '600' },
        capBinding: 'bps',
        overCap: false,
      },
      apy: { d7: null, d30: { bps: 1287, decimal: '0.12869529', from: { blockNumber: '1', sharePrice: '1' } } },
      prices: { lastRecordedBlock: '120', stale: false },
      code: { matchesMandate: true },
    });
  });

  it('names the vault of each rule broken, a moved code hash included', () => {
    expect(p.vaults[1]!.address).toBe(B);
    expect(p.breaches).toEqual([
      { rule: 'stale_price', vault: B, detail: 'no share price has been recorded for this vault' },
      {
        rule: 'code_changed',
        vault: B,
        detail: 'the code at the vault (or its implementation) is not the code the mandate approved',
      },
    ]);
    // B: 950 bps of the mandate, under its 1,000 bps cap; no history: no APY, stale.
    expect(p.vaults[1]).toMatchObject({
      allocation: { bps: 950, overCap: false },
      withdrawableNow: { amount: '40' },
      apy: { d7: null, d30: null },
      untrackedShares: '95000000',
      code: { matchesMandate: false },
    });
  });

  it('refuses a reading of another mandate, and converts limits with the asset decimals', () => {
    expect(() =>
      assemblePosition({
        mandate,
        asset: { symbol: 'tUSD', address: ASSET, decimals: 6 },
        reading: { ...reading, vaults: [reading.vaults[0]!] },
        history,
        movements: new Map(),
      }),
    ).toThrow(RangeError);
    expect(mandateLimits(mandate, 6)).toMatchObject({ buffer: { amount: 100_500_000n }, minVaultAssets: 0n });
  });
});
