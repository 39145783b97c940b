import { encodeFunctionData, toFunctionSelector, type Abi, type Address, type Hex } from 'viem';
import { aggregatorV3Abi, erc20Abi, erc4626Abi, multicall3Abi } from '../contracts/abis.ts';
import type { ChainConfig } from '../config/schema.ts';
import { addressWord, staticCall, uintWord } from './aggregate3.ts';

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

export interface PlannedRead<T = ReadTag> {
  /** What the read is for, to put the answers back together (the portfolio's, or a caller's own). */
  tag: T;
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  /** The call's calldata, encoded once at planning. */
  callData: Hex;
  /**
   * How to read the answer: `uint256` takes the first word (the per-owner reads, thousands
   * per snapshot); `abi` decodes with viem against `abi` (the few feed and decimals reads).
   */
  returns: 'uint256' | 'abi';
}

const SEL = {
  balanceOf: toFunctionSelector('function balanceOf(address)'),
  allowance: toFunctionSelector('function allowance(address,address)'),
  getEthBalance: toFunctionSelector('function getEthBalance(address)'),
  convertToAssets: toFunctionSelector('function convertToAssets(uint256)'),
} as const;

/** A read decoded by viem's ABI codec (few per snapshot, mixed output types). */
function abiRead(tag: ReadTag, address: Address, abi: Abi, functionName: string): PlannedRead {
  const callData = encodeFunctionData({ abi, functionName, args: [] } as never);
  return { tag, address, abi, functionName, args: [], callData, returns: 'abi' };
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
    reads.push(abiRead({ kind: 'feedDecimals', feed }, feed, aggregatorV3Abi, 'decimals'));
    reads.push(abiRead({ kind: 'feedRound', feed }, feed, aggregatorV3Abi, 'latestRoundData'));
  }
  for (const v of chain.vaults) {
    reads.push(abiRead({ kind: 'vaultDecimals', vault: v.address }, v.address, erc4626Abi, 'decimals'));
  }
  for (const owner of owners) {
    const ownerWord = addressWord(owner);
    reads.push({
      tag: { kind: 'native', owner },
      address: chain.multicall3,
      abi: multicall3Abi,
      functionName: 'getEthBalance',
      args: [owner],
      callData: staticCall(SEL.getEthBalance, ownerWord),
      returns: 'uint256',
    });
    for (const a of chain.assets) {
      reads.push({
        tag: { kind: 'balance', owner, asset: a.symbol },
        address: a.address,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [owner],
        callData: staticCall(SEL.balanceOf, ownerWord),
        returns: 'uint256',
      });
      for (const s of chain.spenders) {
        reads.push({
          tag: { kind: 'allowance', owner, asset: a.symbol, spender: s.address },
          address: a.address,
          abi: erc20Abi,
          functionName: 'allowance',
          args: [owner, s.address],
          callData: staticCall(SEL.allowance, ownerWord, addressWord(s.address)),
          returns: 'uint256',
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
        callData: staticCall(SEL.balanceOf, ownerWord),
        returns: 'uint256',
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
      callData: staticCall(SEL.convertToAssets, uintWord(p.shares)),
      returns: 'uint256' as const,
    }));
}

/** Splits reads into groups of at most `size` (one eth_call each). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
