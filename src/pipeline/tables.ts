import type { IntentKind } from '../policy/document.ts';
import type { ColumnType, Generated } from 'kysely';
import type { TxStatus } from './states.ts';

/**
 * Where a nonce stands: `allocated` (handed out, not yet committed to broadcast),
 * `broadcast` (its signed transaction is stored and being sent), `released` (its transaction
 * will never be sent; the next allocation reuses it), `skipped` (the chain moved past it
 * without Keel, or an operator rewound the account; never handed out again as is).
 */
export type NonceStatus = 'allocated' | 'broadcast' | 'released' | 'skipped';

/** One row per (chain, signer address): the next nonce never handed out. */
export interface NonceAccountsTable {
  chain_id: number;
  /** EIP-55 checksummed address. */
  address: string;
  next_nonce: number;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One row per nonce handed out, kept until pruned, so gaps can be found and healed. */
export interface NonceAllocationsTable {
  chain_id: number;
  address: string;
  nonce: number;
  status: ColumnType<NonceStatus, NonceStatus | undefined, NonceStatus>;
  /** What uses the nonce (a `tx_…` id, `gap_fill`); null when released. */
  ref: string | null;
  tx_hash: string | null;
  allocated_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The states of a transaction: defined with the machine in src/pipeline/states.ts. */
export type { TxStatus };

type Json = ColumnType<unknown, string | undefined, string>;
type JsonOrNull = ColumnType<unknown, string | null | undefined, string | null>;
/** numeric(78,0): read as a decimal string, written as a string or bigint-as-string. */
type Numeric = ColumnType<string, string | undefined, string>;
type NumericOrNull = ColumnType<string | null, string | null | undefined, string | null>;

/** One row per transaction: its state, what it was accepted on, and the worker lease driving it. */
export interface TransactionsTable {
  id: string;
  chain_id: number;
  signer: string;
  from_address: string;
  kind: 'transfer' | 'contract_call';
  /** What policy rules scope it by: `kind` for raw requests, else the capability's kind (swap, sweep, refund). */
  intent_kind: IntentKind;
  to_address: string;
  recipient: string | null;
  value: Numeric;
  data: ColumnType<string, string | undefined, string>;
  asset: JsonOrNull;
  amount: Numeric;
  amount_usd8: NumericOrNull;
  call: JsonOrNull;
  user_id: string;
  session_id: string | null;
  api_key_id: string;
  /** The principal of the creating key (migration 0016): it cannot review the transaction. Null for Keel's own (sweeps). */
  created_by_principal: ColumnType<string | null, string | null | undefined, string | null>;
  metadata: Json;
  status: TxStatus;
  status_reason: string | null;
  decision: Json;
  /** What it can take out of Keel's accounts (`ExposureJson`), from its simulation. */
  exposure: JsonOrNull;
  simulation: JsonOrNull;
  preview: JsonOrNull;
  revert: JsonOrNull;
  review: JsonOrNull;
  review_expires_at: Date | null;
  nonce: number | null;
  gas_limit: NumericOrNull;
  tx_hash: string | null;
  inclusion: JsonOrNull;
  receipt: JsonOrNull;
  cancel_requested_at: Date | null;
  next_run_at: Date | null;
  locked_until: Date | null;
  locked_by: string | null;
  run_attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  submitted_at: Date | null;
  finished_at: Date | null;
  /** The first transaction of the ordered batch this one belongs to (its own id for the first). */
  batch_id: string | null;
  batch_index: number | null;
  /** Decoded revert text → status reason, set by the capability that created the transaction. */
  revert_codes: JsonOrNull;
  /** It was final and the chain later lost its block (rollback, reorg deeper than the confirmations): see reconcile.ts. */
  reorged_after_final: Generated<boolean>;
  /**
   * The capability that created it (`payments.sweep`, `swaps.swap`…; migration 0018), whose
   * outcome handler runs when it is final (src/pipeline/outcomes.ts). Null: the API.
   */
  origin: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Every state change (and notable step within a state) of a transaction, in order. */
export interface TransactionHistoryTable {
  tx_id: string;
  seq: Generated<number>;
  status: TxStatus;
  reason: string;
  detail: JsonOrNull;
  at: Generated<Date>;
}

/** Every signed version of a transaction: the original, fee bumps, the cancellation replacement. */
export interface TransactionAttemptsTable {
  tx_id: string;
  seq: number;
  kind: 'original' | 'fee_bump' | 'cancel';
  tx_hash: string;
  raw: string;
  nonce: number;
  max_fee_per_gas: Numeric;
  max_priority_fee_per_gas: Numeric;
  gas_limit: Numeric;
  created_at: Generated<Date>;
  broadcast_at: Date | null;
}

/** Destinations Keel was asked to pay and has paid, per chain (policy facts). */
export interface DestinationsTable {
  chain_id: number;
  address: string;
  first_seen_at: Generated<Date>;
  last_paid_at: Date | null;
  paid_count: Generated<number>;
}

/** Kysely table types of the pipeline module (its store is their only writer). */
export interface PipelineTables {
  nonce_accounts: NonceAccountsTable;
  nonce_allocations: NonceAllocationsTable;
  transactions: TransactionsTable;
  transaction_history: TransactionHistoryTable;
  transaction_attempts: TransactionAttemptsTable;
  destinations: DestinationsTable;
}
