import { formatUnits, type Address } from 'viem';
import type { AssetSettings, ChainConfig, PriceFeedSettings } from '../config/schema.ts';
import {
  amountOf,
  feedState,
  isUnlimitedAllowance,
  usdOf,
  USD_DECIMALS,
  type Amount,
  type FeedRead,
  type FeedState,
  type PriceStatus,
} from '../lib/prices.ts';

export type { Amount, PriceStatus };
import type { PlannedRead } from './plan.ts';

/**
 * Pure assembly of a chain's portfolio snapshot from raw read results: decimal strings,
 * USD values from feeds (stale feeds flag values instead of hiding them), unlimited
 * allowance flags, per-account totals.
 */

export type ReadResult = FeedRead;

export interface Price {
  symbol: string;
  feed: Address | null;
  usd: string | null;
  status: PriceStatus;
  updatedAt: string | null;
}

export interface UsdValue {
  usd: string | null;
  priceStatus: PriceStatus;
}

export interface AssetRef {
  symbol: string;
  address: Address;
  decimals: number;
}

export interface AccountSnapshot {
  address: Address;
  native: { symbol: string; decimals: number; balance: Amount | null } & UsdValue;
  assets: Array<{ asset: AssetRef; balance: Amount | null } & UsdValue>;
  allowances: Array<{
    asset: AssetRef;
    spender: { name: string; address: Address; kind: string };
    allowance: Amount;
    unlimited: boolean;
  }>;
  vaultPositions: Array<
    { vault: { name: string; address: Address }; asset: AssetRef; shares: Amount; underlying: Amount | null } & UsdValue
  >;
  /** Sum of every value with a usable (ok or stale) price. */
  totalUsd: string;
  /** True when some component's price is stale. */
  totalStale: boolean;
  /** False when some held component could not be valued (no feed, invalid answer, failed read). */
  totalComplete: boolean;
  /** Reads that failed for this account (e.g. a token contract that reverts). */
  readErrors: string[];
}

export interface ChainSnapshot {
  chainId: number;
  name: string;
  status: 'ok';
  blockNumber: string;
  blockTimestamp: string;
  prices: Price[];
  accounts: AccountSnapshot[];
}

function usdValue(
  baseUnits: bigint | null,
  decimals: number,
  feed: FeedState | undefined,
): UsdValue & { raw: bigint | null } {
  const status = feed?.status ?? 'unavailable';
  if (baseUnits === null) return { usd: null, priceStatus: status, raw: null };
  const raw = usdOf(baseUnits, decimals, feed);
  return { usd: raw === null ? null : formatUnits(raw, USD_DECIMALS), priceStatus: status, raw };
}

const assetRef = (a: AssetSettings): AssetRef => ({ symbol: a.symbol, address: a.address, decimals: a.decimals });

/**
 * Builds the snapshot of one chain. `results[i]` answers `reads[i]`; `vaultUnderlying` maps
 * `${owner}:${vault}` to the underlying amount of that position.
 */
export function assembleChain(
  chain: ChainConfig,
  owners: readonly Address[],
  reads: readonly PlannedRead[],
  results: readonly ReadResult[],
  vaultUnderlying: ReadonlyMap<string, ReadResult>,
  block: { number: bigint; timestamp: bigint },
): ChainSnapshot {
  const byKey = new Map<string, ReadResult>();
  reads.forEach((r, i) => {
    const t = r.tag;
    const key =
      t.kind === 'native'
        ? `native:${t.owner}`
        : t.kind === 'balance'
          ? `balance:${t.owner}:${t.asset}`
          : t.kind === 'allowance'
            ? `allowance:${t.owner}:${t.asset}:${t.spender}`
            : t.kind === 'vaultShares'
              ? `shares:${t.owner}:${t.vault}`
              : t.kind === 'vaultDecimals'
                ? `vdec:${t.vault}`
                : t.kind === 'feedDecimals'
                  ? `fdec:${t.feed}`
                  : `fround:${t.feed}`;
    byKey.set(key, results[i] ?? { ok: false, error: 'missing result' });
  });

  const feeds = new Map<Address, FeedState>();
  const settingsOf = (feed: Address | undefined): PriceFeedSettings | undefined =>
    feed === undefined
      ? undefined
      : chain.nativePriceFeed?.address === feed
        ? chain.nativePriceFeed
        : chain.assets.find((a) => a.priceFeed?.address === feed)?.priceFeed;
  const stateOf = (feed: Address | undefined): FeedState | undefined => {
    if (!feed) return undefined;
    let s = feeds.get(feed);
    if (!s) {
      s = feedState(settingsOf(feed), byKey.get(`fdec:${feed}`), byKey.get(`fround:${feed}`), block.timestamp);
      feeds.set(feed, s);
    }
    return s;
  };

  const nativeFeed = stateOf(chain.nativePriceFeed?.address);
  const prices: Price[] = [
    ...(chain.nativePriceFeed ? [{ symbol: chain.nativeSymbol, feedAddr: chain.nativePriceFeed.address }] : []),
    ...chain.assets.map((a) => ({ symbol: a.symbol, feedAddr: a.priceFeed?.address })),
  ].map(({ symbol, feedAddr }) => {
    const s = stateOf(feedAddr);
    return {
      symbol,
      feed: feedAddr ?? null,
      usd: s?.usd8 != null ? formatUnits(s.usd8, USD_DECIMALS) : null,
      status: s?.status ?? 'unavailable',
      updatedAt: s?.updatedAt != null ? new Date(Number(s.updatedAt) * 1000).toISOString() : null,
    };
  });

  const accounts = owners.map((owner): AccountSnapshot => {
    const readErrors: string[] = [];
    let total = 0n;
    let stale = false;
    let complete = true;
    const add = (v: UsdValue & { raw: bigint | null }, held: bigint | null) => {
      if (v.raw !== null) {
        total += v.raw;
        if (v.priceStatus === 'stale') stale = true;
      } else if (held === null || held > 0n) {
        complete = false;
      }
    };
    const big = (key: string, what: string): bigint | null => {
      const r = byKey.get(key);
      if (r?.ok) return r.value as bigint;
      readErrors.push(`${what}: ${r?.ok === false ? r.error : 'not read'}`);
      return null;
    };

    const nativeBal = big(`native:${owner}`, `native ${chain.nativeSymbol} balance`);
    const nativeUsd = usdValue(nativeBal, chain.nativeDecimals, nativeFeed);
    add(nativeUsd, nativeBal);

    const assets = chain.assets.map((a) => {
      const bal = big(`balance:${owner}:${a.symbol}`, `${a.symbol} balance`);
      const v = usdValue(bal, a.decimals, stateOf(a.priceFeed?.address));
      add(v, bal);
      return {
        asset: assetRef(a),
        balance: bal === null ? null : amountOf(bal, a.decimals),
        usd: v.usd,
        priceStatus: v.priceStatus,
      };
    });

    const allowances: AccountSnapshot['allowances'] = [];
    for (const a of chain.assets) {
      for (const s of chain.spenders) {
        const v = big(`allowance:${owner}:${a.symbol}:${s.address}`, `${a.symbol} allowance to ${s.name}`);
        if (v === null || v === 0n) continue;
        allowances.push({
          asset: assetRef(a),
          spender: { name: s.name, address: s.address, kind: s.kind },
          allowance: amountOf(v, a.decimals),
          unlimited: isUnlimitedAllowance(v),
        });
      }
    }

    const vaultPositions: AccountSnapshot['vaultPositions'] = [];
    for (const v of chain.vaults) {
      const shares = big(`shares:${owner}:${v.address}`, `${v.name} shares`);
      if (shares === null || shares === 0n) continue;
      const asset = chain.assets.find((a) => a.symbol === v.asset)!;
      const dec = byKey.get(`vdec:${v.address}`);
      const shareDecimals = dec?.ok ? Number(dec.value) : asset.decimals;
      const u = vaultUnderlying.get(`${owner}:${v.address}`);
      const underlying = u?.ok ? (u.value as bigint) : null;
      if (u && !u.ok) readErrors.push(`${v.name} underlying value: ${u.error}`);
      const usd = usdValue(underlying, asset.decimals, stateOf(asset.priceFeed?.address));
      add(usd, underlying);
      vaultPositions.push({
        vault: { name: v.name, address: v.address },
        asset: assetRef(asset),
        shares: amountOf(shares, shareDecimals),
        underlying: underlying === null ? null : amountOf(underlying, asset.decimals),
        usd: usd.usd,
        priceStatus: usd.priceStatus,
      });
    }

    return {
      address: owner,
      native: {
        symbol: chain.nativeSymbol,
        decimals: chain.nativeDecimals,
        balance: nativeBal === null ? null : amountOf(nativeBal, chain.nativeDecimals),
        usd: nativeUsd.usd,
        priceStatus: nativeUsd.priceStatus,
      },
      assets,
      allowances,
      vaultPositions,
      totalUsd: formatUnits(total, USD_DECIMALS),
      totalStale: stale,
      totalComplete: complete && readErrors.length === 0,
      readErrors,
    };
  });

  return {
    chainId: chain.chainId,
    name: chain.name,
    status: 'ok',
    blockNumber: block.number.toString(),
    blockTimestamp: new Date(Number(block.timestamp) * 1000).toISOString(),
    prices,
    accounts,
  };
}
