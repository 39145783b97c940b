import type { Abi, Address } from 'viem';
import { aggregatorV3Abi, erc20Abi, erc4626Abi, multicall3Abi } from '../contracts/abis.ts';
import type { ChainConfig } from '../config/schema.ts';

/**
 * Pure planning of a portfolio snapshot: which contract reads one chain needs for a set of
 * addresses, each tagged so the answers can be put back together. No I/O here.
 */

export type ReadTag =
  | { kind: 'native'; owner: Address }
  | { kind: 'balance'; owner: Address; asset: string }
  | { kind: 'allowance'; owner: Address; asset: string; spender: Address }
  | { kind: 'vaultShares'; owner: Address; vault: Address }
  | { kind: 'vaultDecimals'; vault: Address }
  | { kind: 'feedDecimals'; feed: Address }
  | { kind: 'feedRound'; feed: Address };

export interface PlannedRead {
  tag: ReadTag;
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
}

/** Every feed a chain's snapshot needs: the native coin's and each asset's, deduplicated. */
export function feedsOf(chain: ChainConfig): Address[] {
  const feeds = new Set<Address>();
  if (chain.nativePriceFeed) feeds.add(chain.nativePriceFeed.address);
  for (const a of chain.assets) if (a.priceFeed) feeds.add(a.priceFeed.address);
  return [...feeds];
}

/** First-round reads: balances, allowances, vault shares, feed answers. */
export function planReads(chain: ChainConfig, owners: readonly Address[]): PlannedRead[] {
  const reads: PlannedRead[] = [];
  for (const feed of feedsOf(chain)) {
    reads.push({
      tag: { kind: 'feedDecimals', feed },
      address: feed,
      abi: aggregatorV3Abi,
      functionName: 'decimals',
      args: [],
    });
    reads.push({
      tag: { kind: 'feedRound', feed },
      address: feed,
      abi: aggregatorV3Abi,
      functionName: 'latestRoundData',
      args: [],
    });
  }
  for (const v of chain.vaults) {
    reads.push({
      tag: { kind: 'vaultDecimals', vault: v.address },
      address: v.address,
      abi: erc4626Abi,
      functionName: 'decimals',
      args: [],
    });
  }
  for (const owner of owners) {
    reads.push({
      tag: { kind: 'native', owner },
      address: chain.multicall3,
      abi: multicall3Abi,
      functionName: 'getEthBalance',
      args: [owner],
    });
    for (const a of chain.assets) {
      reads.push({
        tag: { kind: 'balance', owner, asset: a.symbol },
        address: a.address,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [owner],
      });
      for (const s of chain.spenders) {
        reads.push({
          tag: { kind: 'allowance', owner, asset: a.symbol, spender: s.address },
          address: a.address,
          abi: erc20Abi,
          functionName: 'allowance',
          args: [owner, s.address],
        });
      }
    }
    for (const v of chain.vaults) {
      reads.push({
        tag: { kind: 'vaultShares', owner, vault: v.address },
        address: v.address,
        abi: erc4626Abi,
        functionName: 'balanceOf',
        args: [owner],
      });
    }
  }
  return reads;
}

/** Second-round reads: the underlying value of each non-zero vault position. */
export function planVaultValuations(
  positions: ReadonlyArray<{ owner: Address; vault: Address; shares: bigint }>,
): PlannedRead[] {
  return positions
    .filter((p) => p.shares > 0n)
    .map((p) => ({
      tag: { kind: 'vaultShares', owner: p.owner, vault: p.vault } as const,
      address: p.vault,
      abi: erc4626Abi,
      functionName: 'convertToAssets',
      args: [p.shares],
    }));
}

/** Splits reads into groups of at most `size` (one eth_call each). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
