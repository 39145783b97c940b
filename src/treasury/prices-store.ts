import { sql, type Kysely } from 'kysely';
import { getAddress, type Address, type Hex } from 'viem';
import type { DB } from '../db/schema.ts';
import type { PricePoint } from './yield-logic.ts';

/**
 * The treasury's share-price history (`treasury_share_prices`): the only SQL of the position
 * part. The recorder writes a round of readings at one block; the position reads, per vault,
 * the point nearest to a time (7 and 30 days back), the recorded high and the newest record.
 */

/** One vault's share price and totals at a block, as the recorder writes it. */
export interface SharePriceRow {
  chainId: number;
  vault: Address;
  blockNumber: bigint;
  /** Unix seconds of the block. */
  blockTime: number;
  assetsPerShare: bigint;
  shareDecimals: number;
  totalAssets: bigint;
  totalSupply: bigint;
  /** keccak256 of the vault's runtime code at the block (the watcher reads it; absent or null: not read). */
  codeHash?: Hex | null;
  /** The EIP-1967 implementation behind the vault (null: not a proxy, or not read). */
  implementation?: Address | null;
  implementationCodeHash?: Hex | null;
  /** The vault's own withdrawal pause switch (null: the vault exposes none, or not read). */
  withdrawalsPaused?: boolean | null;
}

/** The code and pause columns (migration 0022): filled on a conflict only where still null. */
const FACT_COLUMNS = ['code_hash', 'implementation', 'implementation_code_hash', 'withdrawals_paused'] as const;

/** What the history says of one vault, for the position. */
export interface VaultPriceSummary {
  /** Highest recorded assets per share (null: nothing recorded). */
  high: bigint | null;
  /** Unix seconds of the newest record's `recorded_at` (null: never). */
  lastRecordedAt: number | null;
  /** The newest recorded point. */
  latest: PricePoint | null;
}

const secondsOf = (d: Date | string) => Math.floor(new Date(d).getTime() / 1000);
const toPoint = (r: { block_number: string; block_time: Date | string; assets_per_share: string }): PricePoint => ({
  blockNumber: BigInt(r.block_number),
  blockTime: secondsOf(r.block_time),
  assetsPerShare: BigInt(r.assets_per_share),
});

export class SharePricesStore {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Records readings. A vault already recorded at that block keeps its price and totals; only its
   * code and pause columns still null are filled from the new reading (the recorder and the
   * watcher may land on the same block). Returns how many rows were new.
   */
  async record(rows: readonly SharePriceRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await this.db
      .insertInto('treasury_share_prices')
      .values(
        rows.map((r) => ({
          chain_id: r.chainId,
          vault: getAddress(r.vault),
          block_number: r.blockNumber.toString(),
          block_time: new Date(r.blockTime * 1000),
          assets_per_share: r.assetsPerShare.toString(),
          share_decimals: r.shareDecimals,
          total_assets: r.totalAssets.toString(),
          total_supply: r.totalSupply.toString(),
          code_hash: r.codeHash ?? null,
          implementation: r.implementation ? getAddress(r.implementation) : null,
          implementation_code_hash: r.implementationCodeHash ?? null,
          withdrawals_paused: r.withdrawalsPaused ?? null,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['chain_id', 'vault', 'block_number'])
          .doUpdateSet(
            Object.fromEntries(
              FACT_COLUMNS.map((c) => [c, sql`coalesce(treasury_share_prices.${sql.ref(c)}, excluded.${sql.ref(c)})`]),
            ),
          )
          .where((eb) =>
            eb.or(
              FACT_COLUMNS.map((c) =>
                eb.and([eb(`treasury_share_prices.${c}`, 'is', null), eb(`excluded.${c}`, 'is not', null)]),
              ),
            ),
          ),
      )
      // xmax is 0 on a row this statement inserted, not on one it updated.
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .execute();
    return inserted.filter((r) => r.inserted).length;
  }

  /**
   * Per vault, the recorded point whose block time is nearest to `atTime` (unix seconds), on
   * either side; vaults without history are absent. Whether it is near enough is the caller's
   * rule (yield-logic `coversPeriod`).
   */
  async nearest(chainId: number, vaults: readonly Address[], atTime: number): Promise<Map<Address, PricePoint>> {
    if (vaults.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('treasury_share_prices')
      .select(['vault', 'block_number', 'block_time', 'assets_per_share'])
      .distinctOn('vault')
      .where('chain_id', '=', chainId)
      .where(
        'vault',
        'in',
        vaults.map((v) => getAddress(v)),
      )
      .orderBy('vault')
      .orderBy(sql`abs(extract(epoch from block_time) - ${atTime})`)
      .orderBy('block_number', 'desc')
      .execute();
    return new Map(rows.map((r) => [r.vault as Address, toPoint(r)]));
  }

  /** Per vault: the recorded high, the newest record and when it was recorded. */
  async summary(chainId: number, vaults: readonly Address[]): Promise<Map<Address, VaultPriceSummary>> {
    const out = new Map<Address, VaultPriceSummary>(
      vaults.map((v) => [getAddress(v), { high: null, lastRecordedAt: null, latest: null }]),
    );
    if (vaults.length === 0) return out;
    const keys = [...out.keys()];
    const [highs, latest] = await Promise.all([
      this.db
        .selectFrom('treasury_share_prices')
        .select(['vault', sql<string>`max(assets_per_share)::text`.as('high')])
        .where('chain_id', '=', chainId)
        .where('vault', 'in', keys)
        .groupBy('vault')
        .execute(),
      this.db
        .selectFrom('treasury_share_prices')
        .select(['vault', 'block_number', 'block_time', 'assets_per_share', 'recorded_at'])
        .distinctOn('vault')
        .where('chain_id', '=', chainId)
        .where('vault', 'in', keys)
        .orderBy('vault')
        .orderBy('block_number', 'desc')
        .execute(),
    ]);
    for (const h of highs) out.get(h.vault as Address)!.high = BigInt(h.high);
    for (const r of latest) {
      const s = out.get(r.vault as Address)!;
      s.latest = toPoint(r);
      s.lastRecordedAt = secondsOf(r.recorded_at);
    }
    return out;
  }

  /** One vault's recorded points from `sinceTime` (unix seconds), oldest first, at most `limit`. */
  async history(chainId: number, vault: Address, sinceTime: number, limit = 1_000): Promise<PricePoint[]> {
    const rows = await this.db
      .selectFrom('treasury_share_prices')
      .select(['block_number', 'block_time', 'assets_per_share'])
      .where('chain_id', '=', chainId)
      .where('vault', '=', getAddress(vault))
      .where('block_time', '>=', new Date(sinceTime * 1000))
      .orderBy('block_number')
      .limit(limit)
      .execute();
    return rows.map(toPoint);
  }
}
