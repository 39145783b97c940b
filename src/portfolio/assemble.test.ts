import { maxUint256, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { buildConfig } from '../config/load.ts';
import { feedState, isUnlimitedAllowance, usdOf } from '../lib/prices.ts';
import { assembleChain, type ReadResult } from './assemble.ts';
import { planReads } from './plan.ts';

const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const cfg = buildConfig({
  secrets: { encryptionKey: Buffer.alloc(32, 1).toString('base64') },
  chains: {
    '1': {
      name: 'Test',
      rpcUrls: ['http://127.0.0.1:1'],
      nativePriceFeed: { address: A(100), heartbeatSeconds: 3600 },
      assets: [
        { symbol: 'USDX', address: A(10), decimals: 6, priceFeed: { address: A(101), heartbeatSeconds: 3600 } },
        { symbol: 'NOFEED', address: A(11), decimals: 18 },
      ],
      spenders: [{ name: 'Router', address: A(20), kind: 'dex_router' }],
      vaults: [{ name: 'Vault', address: A(30), asset: 'USDX' }],
    },
  },
});
const chain = cfg.chains[0]!;

describe('feed interpretation', () => {
  const s = { address: A(1), heartbeatSeconds: 100 };
  const ok = (v: unknown): ReadResult => ({ ok: true, value: v });
  it('scales answers to 8 decimals and flags staleness against the block time', () => {
    expect(feedState(s, ok(8), ok([1n, 300000000000n, 0n, 1000n, 1n]), 1050n)).toEqual({
      usd8: 300000000000n,
      status: 'ok',
      updatedAt: 1000n,
    });
    expect(feedState(s, ok(18), ok([1n, 10n ** 18n, 0n, 1000n, 1n]), 1101n)).toMatchObject({
      usd8: 100000000n,
      status: 'stale',
    });
    expect(feedState(s, ok(6), ok([1n, 1_080_000n, 0n, 1000n, 1n]), 1000n)).toMatchObject({
      usd8: 108000000n,
      status: 'ok',
    });
  });
  it('reports non-positive answers as invalid and failed reads as unavailable', () => {
    expect(feedState(s, ok(8), ok([1n, 0n, 0n, 1000n, 1n]), 1000n).status).toBe('invalid');
    expect(feedState(s, ok(8), ok([1n, -5n, 0n, 1000n, 1n]), 1000n).status).toBe('invalid');
    expect(feedState(s, { ok: false, error: 'reverted' }, ok([1n, 5n, 0n, 1000n, 1n]), 1000n).status).toBe(
      'unavailable',
    );
    expect(feedState(undefined, ok(8), ok([1n, 5n, 0n, 1000n, 1n]), 1000n).status).toBe('unavailable');
  });
  it('values amounts in 1e-8 USD, truncating, and refuses invalid prices', () => {
    expect(usdOf(1_500_000n, 6, { usd8: 108000000n, status: 'ok', updatedAt: 0n })).toBe(162000000n);
    expect(usdOf(10n ** 18n, 18, { usd8: 300000000000n, status: 'stale', updatedAt: 0n })).toBe(300000000000n);
    expect(usdOf(1n, 18, { usd8: 300000000000n, status: 'ok', updatedAt: 0n })).toBe(0n);
    expect(usdOf(5n, 6, { usd8: null, status: 'invalid', updatedAt: 0n })).toBeNull();
  });
  it('flags unlimited allowances', () => {
    expect(isUnlimitedAllowance(maxUint256)).toBe(true);
    expect(isUnlimitedAllowance(1n << 200n)).toBe(true);
    expect(isUnlimitedAllowance(10n ** 30n)).toBe(false);
  });
});

describe('assembleChain', () => {
  const owner = A(0xabc);
  const reads = planReads(chain, [owner]);
  const answer = (r: (typeof reads)[number]): ReadResult => {
    const t = r.tag;
    switch (t.kind) {
      case 'feedDecimals':
        return { ok: true, value: 8 };
      case 'feedRound':
        return {
          ok: true,
          value: [1n, t.feed === A(100) ? 300000000000n : 100000000n, 0n, t.feed === A(100) ? 1n : 4990n, 1n],
        };
      case 'vaultDecimals':
        return { ok: true, value: 6 };
      case 'native':
        return { ok: true, value: 2n * 10n ** 18n };
      case 'balance':
        return t.asset === 'USDX' ? { ok: true, value: 1_250_000n } : { ok: true, value: 7n };
      case 'allowance':
        return { ok: true, value: maxUint256 };
      case 'vaultShares':
        return { ok: true, value: 1_000_000n };
    }
  };
  const snap = assembleChain(
    chain,
    [owner],
    reads,
    reads.map(answer),
    new Map([[`${owner}:${A(30)}`, { ok: true, value: 1_100_000n }]]),
    { number: 42n, timestamp: 5000n },
  );

  it('plans one read per value plus the feeds', () => {
    // 2 feeds × 2 + 1 vault decimals + native + 2 balances + 2 allowances + 1 vault shares
    expect(reads).toHaveLength(4 + 1 + 1 + 2 + 2 + 1);
  });
  it('puts values, USD and flags together', () => {
    const acct = snap.accounts[0]!;
    expect(snap.blockNumber).toBe('42');
    expect(acct.native.balance).toEqual({ amount: '2', baseUnits: '2000000000000000000' });
    expect(acct.native).toMatchObject({ usd: '6000', priceStatus: 'stale' }); // updated at t=1, heartbeat 3600, block at t=5000
    expect(acct.assets[0]).toMatchObject({ balance: { amount: '1.25' }, usd: '1.25', priceStatus: 'ok' });
    expect(acct.assets[1]).toMatchObject({ balance: { baseUnits: '7' }, usd: null, priceStatus: 'unavailable' });
    expect(acct.allowances.every((a) => a.unlimited)).toBe(true);
    expect(acct.vaultPositions[0]).toMatchObject({
      shares: { amount: '1' },
      underlying: { amount: '1.1' },
      usd: '1.1',
    });
    expect(acct.totalUsd).toBe('6002.35');
    expect(acct.totalComplete).toBe(false); // NOFEED balance cannot be valued
  });
});
