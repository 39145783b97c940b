import type { ColumnType, Generated } from 'kysely';

/** Kysely table types of accruals (migration 0026; src/payouts/accrual-store.ts is their only writer). */

/** numeric(78,0): read as a decimal string, written as a string. */
type Numeric = ColumnType<string, string | undefined, string>;
type NullableDate = ColumnType<Date | null, Date | null | undefined, Date | null>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

/** Per payee, chain and asset: credited = accrued + reserved + paid (a check constraint keeps it). */
export interface PayoutAccrualBalancesTable {
  payee_id: string;
  chain_id: number;
  asset: string;
  asset_symbol: string;
  decimals: number;
  credited: Numeric;
  accrued: Numeric;
  reserved: Numeric;
  paid: Numeric;
  first_unpaid_at: NullableDate;
  stream_due: ColumnType<boolean, boolean | undefined, boolean>;
  /** A released amount (its line failed or was carried) waits until then before it is paid again. */
  retry_after: NullableDate;
  updated_at: Generated<Date>;
}

/** One micro-payout credit, unique by the caller's reference. */
export interface PayoutAccrualCreditsTable {
  id: string;
  reference: string;
  payee_id: string;
  chain_id: number;
  asset: string;
  amount: string;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** A stream: a rate per second from a start, moved into its payee's balance on a schedule. */
export interface PayoutAccrualStreamsTable {
  id: string;
  payee_id: string;
  chain_id: number;
  asset: string;
  asset_symbol: string;
  decimals: number;
  rate: string;
  rate_scaled: string;
  start_at: Date;
  end_at: Date | null;
  stopped_at: NullableDate;
  accounted_until: Date;
  moved: Numeric;
  created_by: string | null;
  created_at: Generated<Date>;
}

export type AccrualBatchStatus = 'pending' | 'submitted';

/** One settlement batch: the run of one chain, asset and window (`run_key`). */
export interface PayoutAccrualBatchesTable {
  id: string;
  run_key: string;
  chain_id: number;
  asset: string;
  status: AccrualBatchStatus;
  run_id: NullableText;
  attempts: Generated<number>;
  last_error: NullableText;
  created_at: Generated<Date>;
  submitted_at: NullableDate;
}

export type AccrualSettlementStatus = 'reserved' | 'paid' | 'released';

/** What one balance handed to one batch; its id is the run line's `source`. */
export interface PayoutAccrualSettlementsTable {
  id: string;
  batch_id: string;
  payee_id: string;
  chain_id: number;
  asset: string;
  amount: string;
  status: AccrualSettlementStatus;
  first_unpaid_at: Date | null;
  run_id: NullableText;
  line_id: NullableText;
  tx_id: NullableText;
  line_status: NullableText;
  created_at: Generated<Date>;
  finished_at: NullableDate;
}

/** Accruals' tables, merged into the DB type (src/db/schema.ts). */
export interface AccrualTables {
  payout_accrual_balances: PayoutAccrualBalancesTable;
  payout_accrual_credits: PayoutAccrualCreditsTable;
  payout_accrual_streams: PayoutAccrualStreamsTable;
  payout_accrual_batches: PayoutAccrualBatchesTable;
  payout_accrual_settlements: PayoutAccrualSettlementsTable;
}
