import type { TreasuryAlert } from './watcher.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { eventResourcesSince } from '../events/store.ts';
import { formatUnits, getAddress, type Address } from 'viem';
import { KeelError } from '../lib/errors.ts';
import type { Mandates } from './mandates.ts';
import type { SharePricesStore } from './prices-store.ts';

/** One recorded share price as the API shows it. */
export interface SharePricePoint {
  blockNumber: string;
  /** ISO time of the block. */
  blockTime: string;
  /** Assets per whole share, a decimal string in the mandate asset's units. */
  sharePrice: string;
}

/** A mandate's recorded share prices per vault of its active version (`GET …/share-prices`). */
export interface SharePriceHistory {
  object: 'treasury_share_prices';
  mandateId: string;
  chainId: number;
  asset: { symbol: string; address: string; decimals: number };
  since: string;
  vaults: Array<{ address: string; label: string | null; points: SharePricePoint[] }>;
}

/** The most points one vault's series carries (the recorder's default hourly cadence × 30 days fits). */
export const SHARE_PRICE_POINTS_MAX = 1_000;

/**
 * The share-price history of a mandate's vaults over the last `days` days, oldest first, from
 * the recorder's table — the "yield over time" the dashboard charts. The vaults are those of the
 * active version (409 `mandate_not_active` while the first version waits for approvals).
 */
export async function sharePriceHistory(
  deps: { mandates: Mandates; prices: SharePricesStore },
  mandateId: string,
  days: number,
  nowMs = Date.now(),
): Promise<SharePriceHistory> {
  const m = await deps.mandates.get(mandateId);
  if (!m.activeVersion)
    throw new KeelError('mandate_not_active', `mandate ${mandateId} has no active version yet (approvals pending)`);
  const sinceTime = Math.floor(nowMs / 1000) - days * 86_400;
  const vaults = await Promise.all(
    m.activeVersion.document.vaults.map(async (v) => {
      const address = getAddress(v.address) as Address;
      const points = await deps.prices.history(m.chainId, address, sinceTime, SHARE_PRICE_POINTS_MAX);
      return {
        address,
        label: v.label ?? null,
        points: points.map((p) => ({
          blockNumber: p.blockNumber.toString(),
          blockTime: new Date(p.blockTime * 1000).toISOString(),
          sharePrice: formatUnits(p.assetsPerShare, m.asset.decimals),
        })),
      };
    }),
  );
  return {
    object: 'treasury_share_prices',
    mandateId,
    chainId: m.chainId,
    asset: m.asset,
    since: new Date(sinceTime * 1000).toISOString(),
    vaults,
  };
}

/**
 * The watcher's alerts on a mandate (`treasury.alert` events) since `days` days ago, newest
 * first, at most 100: what the dashboard's Alerts card lists. 404 for an unknown mandate.
 */
export async function mandateAlerts(
  deps: { mandates: Mandates; db: Kysely<DB> },
  mandateId: string,
  days: number,
  nowMs = Date.now(),
): Promise<{ object: 'list'; data: TreasuryAlert[] }> {
  await deps.mandates.get(mandateId);
  const all = await eventResourcesSince(
    deps.db,
    'treasury.alert',
    new Date(nowMs - days * 86_400_000),
    'mandateId',
    mandateId,
  );
  return { object: 'list', data: (all as TreasuryAlert[]).reverse().slice(0, 100) };
}
