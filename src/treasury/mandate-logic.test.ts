import { keccak256, toHex, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { mandateDocumentSchema } from './mandate.ts';
import {
  checkVaults,
  EIP1967_IMPLEMENTATION_SLOT,
  identityProblems,
  mandateAmounts,
  mandateDocumentHash,
  quorumReached,
  resolveAsset,
  type VaultFacts,
} from './mandate-logic.ts';

const TUSD = '0x97a7E38964F1caa587a5383EfCF7c4b0085D1750' as Address;
const OTHER = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as Address;
const V1 = '0x1972c6b2A462f53d781a74Db88ecf63c662D5e6d' as Address;
const V2 = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' as Address;
const IMPL = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as Address;
const H1 = keccak256(toHex('code one'));
const H2 = keccak256(toHex('code two'));
const asset = { symbol: 'tUSD', address: TUSD, decimals: 6 };

const doc = (over: Record<string, unknown> = {}) =>
  mandateDocumentSchema.parse({
    name: 'Core USD',
    chainId: 31337,
    signer: 'treasury',
    asset: 'tUSD',
    vaults: [{ address: V1, targetBps: 6000, maxAllocation: { bps: 8000, amount: '200000' } }],
    buffer: { bps: 1000, amount: '10000.5' },
    reviewThreshold: '50000',
    maxDailyMovement: '100000.123456',
    ...over,
  });

const facts = (over: Partial<VaultFacts> = {}): VaultFacts => ({
  address: V1,
  codeHash: H1,
  asset: TUSD,
  implementation: null,
  implementationCodeHash: null,
  ...over,
});

describe('mandate logic', () => {
  it('computes the EIP-1967 implementation slot (its well-known value)', () => {
    expect(EIP1967_IMPLEMENTATION_SLOT).toBe('0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc');
  });

  it('resolves an asset by symbol or by address in any case', () => {
    const assets = [
      { symbol: 'tUSD', address: TUSD.toLowerCase(), decimals: 6 },
      { symbol: 'WETH', address: OTHER, decimals: 18 },
    ];
    expect(resolveAsset(assets, 'tUSD')).toEqual(asset);
    expect(resolveAsset(assets, TUSD.toUpperCase().replace('0X', '0x'))).toEqual(asset);
    expect(resolveAsset(assets, 'tusd')).toBeUndefined();
    expect(resolveAsset(assets, V1)).toBeUndefined();
  });

  it('parses every amount in base units and refuses over-precise ones, each by its field', () => {
    const ok = mandateAmounts(doc(), 6, 'tUSD');
    expect(ok).toEqual({
      ok: true,
      amounts: {
        buffer: 10_000_500_000n,
        vaultMax: [200_000_000_000n],
        minVaultAssets: 0n,
        reviewThreshold: 50_000_000_000n,
        maxDailyMovement: 100_000_123_456n,
      },
    });
    const bad = mandateAmounts(
      doc({ reviewThreshold: '1.0000001', buffer: { amount: '0.1234567' }, minVaultAssets: '1'.repeat(78) }),
      6,
      'tUSD',
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => [e.field, e.code])).toEqual([
      ['buffer.amount', 'too_many_decimals'],
      ['minVaultAssets', 'too_big'],
      ['reviewThreshold', 'too_many_decimals'],
    ]);
  });

  it('pins the code hashes a proposal leaves out and says which', () => {
    const r = checkVaults(doc().vaults, [facts()], asset);
    expect(r).toMatchObject({ ok: true, vaults: [{ address: V1, codeHash: H1 }], facts: [{ pinned: ['codeHash'] }] });
    if (!r.ok) return;
    expect(r.vaults[0]).not.toHaveProperty('implementationCodeHash');
    const proxy = checkVaults(
      doc({
        vaults: [
          { address: V1.toLowerCase(), codeHash: H1.toUpperCase().replace('0X', '0x'), maxAllocation: { bps: 5000 } },
        ],
      }).vaults,
      [facts({ implementation: IMPL, implementationCodeHash: H2 })],
      asset,
    );
    expect(proxy).toMatchObject({
      ok: true,
      vaults: [{ address: V1, codeHash: H1, implementationCodeHash: H2 }],
      facts: [{ implementation: IMPL, pinned: ['implementationCodeHash'] }],
    });
  });

  it('refuses each vault the chain contradicts, naming it', () => {
    const vaults = doc({
      vaults: [
        { address: V1, codeHash: H2, maxAllocation: { bps: 5000 } },
        { address: V2, maxAllocation: { bps: 5000 } },
        { address: OTHER, implementationCodeHash: H1, maxAllocation: { bps: 5000 } },
        { address: IMPL, implementationCodeHash: H1, maxAllocation: { bps: 5000 } },
      ],
    }).vaults;
    const r = checkVaults(
      vaults,
      [
        facts(),
        facts({ address: V2, asset: OTHER }),
        facts({ address: OTHER, asset: null }),
        facts({ address: IMPL, implementation: V2, implementationCodeHash: H2 }),
      ],
      asset,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.field, e.code])).toEqual([
      ['vaults.0.codeHash', 'code_hash_mismatch'],
      ['vaults.1.address', 'asset_mismatch'],
      ['vaults.2.address', 'not_erc4626'],
      ['vaults.2.implementationCodeHash', 'not_a_proxy'],
      ['vaults.3.implementationCodeHash', 'implementation_code_hash_mismatch'],
    ]);
    expect(r.errors[1]!.message).toContain(V2);
    expect(r.errors[1]!.message).toContain(OTHER);
  });

  it('refuses a vault without code and a proxy whose implementation has none', () => {
    const r = checkVaults(
      doc({
        vaults: [
          { address: V1, maxAllocation: { bps: 1 } },
          { address: V2, maxAllocation: { bps: 1 } },
        ],
      }).vaults,
      [
        facts({ codeHash: null, asset: null }),
        facts({ address: V2, implementation: IMPL, implementationCodeHash: null }),
      ],
      asset,
    );
    expect(r.ok ? [] : r.errors.map((e) => [e.field, e.code])).toEqual([
      ['vaults.0.address', 'no_code'],
      ['vaults.1.address', 'implementation_no_code'],
    ]);
  });

  it('keeps a mandate’s chain, signer and asset across versions', () => {
    const m = { chainId: 31337, signer: 'treasury', assetAddress: TUSD };
    expect(identityProblems(doc(), asset, m)).toEqual([]);
    expect(
      identityProblems(doc({ chainId: 1, signer: 'ops' }), { ...asset, address: OTHER }, m).map((e) => e.field),
    ).toEqual(['chainId', 'signer', 'asset']);
  });

  it('hashes equal documents equally, whatever the key order', () => {
    const a = doc();
    const b = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(a).reverse())));
    expect(mandateDocumentHash(b)).toBe(mandateDocumentHash(a));
    expect(mandateDocumentHash(doc({ reviewThreshold: '50001' }))).not.toBe(mandateDocumentHash(a));
  });

  it('reaches the quorum at the required count', () => {
    expect(quorumReached(1, 2)).toBe(false);
    expect(quorumReached(2, 2)).toBe(true);
  });
});
