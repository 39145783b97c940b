import type { ColumnType, Generated } from 'kysely';

/** numeric(78,0): read as a decimal string, written as a string. */
type Numeric = ColumnType<string, string, string>;

/** One recorded share price of a mandate vault at a block (migrations 0020, 0022). */
export interface TreasurySharePricesTable {
  chain_id: number;
  /** EIP-55 checksummed. */
  vault: string;
  /** bigint: read as a string. */
  block_number: ColumnType<string, string | bigint, string>;
  block_time: Date;
  /** convertToAssets(10^share_decimals): asset base units per whole share. */
  assets_per_share: Numeric;
  share_decimals: number;
  total_assets: Numeric;
  total_supply: Numeric;
  /** keccak256 of the vault's runtime code (migration 0022; null: not read). */
  code_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** EIP-1967 implementation, EIP-55 checksummed (null: not a proxy, or not read). */
  implementation: ColumnType<string | null, string | null | undefined, string | null>;
  implementation_code_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** The vault's own withdrawal pause switch (null: not exposed, or not read). */
  withdrawals_paused: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  recorded_at: Generated<Date>;
}

/** Kysely table types of the treasury's share-price history (gathered into `DB` by db/schema.ts). */
export interface TreasuryPriceTables {
  treasury_share_prices: TreasurySharePricesTable;
}
