import type { ColumnType, Generated } from 'kysely';
import type { IntentStatus } from './state.ts';

/** numeric(78,0): read as a decimal string, written as a string. */
type Numeric = ColumnType<string, string | undefined, string>;
type NumericOrNull = ColumnType<string | null, string | null | undefined, string | null>;
type Json = ColumnType<unknown, string, string>;

export type { IntentStatus };

export interface PaymentIntentsTable {
  id: string;
  asset: string;
  decimals: number;
  amount: Numeric;
  chains: Json;
  deposit_address: string;
  status: IntentStatus;
  amount_received: Numeric;
  amount_pending: Numeric;
  amount_refunded: Numeric;
  paid_late: Generated<boolean>;
  needs_attention: Generated<boolean>;
  customer_reference: string | null;
  description: string | null;
  metadata: Json;
  api_key_id: string;
  expires_at: Date;
  late_until: Date;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  first_seen_at: Date | null;
  processing_at: Date | null;
  succeeded_at: Date | null;
  swept_at: Date | null;
  cancelled_at: Date | null;
}

export type DepositKind = 'payment' | 'unexpected';
export type DepositReason = 'wrong_asset' | 'wrong_chain' | 'intent_cancelled' | 'after_late_window';

export interface PaymentDepositsTable {
  id: string;
  intent_id: string;
  chain_id: number;
  tx_hash: string;
  log_index: number;
  block_number: ColumnType<string, string | number | bigint, string>;
  block_hash: string;
  token: string;
  asset: string | null;
  from_address: string;
  amount: Numeric;
  kind: DepositKind;
  reason: DepositReason | null;
  late: Generated<boolean>;
  status: Generated<'pending' | 'confirmed' | 'reorged'>;
  block_time: Date;
  seen_at: Generated<Date>;
  confirmed_at: Date | null;
  reorged_at: Date | null;
  sweep_id: string | null;
  swept_at: Date | null;
  /** It was `confirmed` (final) when a reorganisation removed its block. */
  reorged_after_final: Generated<boolean>;
}

export interface PaymentSweepsTable {
  id: string;
  chain_id: number;
  tx_id: string;
  status: Generated<'pending' | 'confirmed' | 'failed'>;
  addresses: number;
  gas_used: NumericOrNull;
  gas_cost_wei: NumericOrNull;
  gas_cost_usd8: NumericOrNull;
  /** The native coin's price (USD·1e8) read when the sweep was sent; its gas is priced from it (migration 0018). */
  native_price_usd8: NumericOrNull;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface PaymentRefundsTable {
  id: string;
  intent_id: string;
  chain_id: number;
  amount: Numeric;
  to_address: string;
  reason: string;
  tx_id: string;
  status: Generated<'pending' | 'succeeded' | 'failed'>;
  api_key_id: string;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

/** Kysely table types of the payments module. */
export interface PaymentTables {
  payment_intents: PaymentIntentsTable;
  payment_deposits: PaymentDepositsTable;
  payment_sweeps: PaymentSweepsTable;
  payment_refunds: PaymentRefundsTable;
}
