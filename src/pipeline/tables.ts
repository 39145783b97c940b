import type { ColumnType, Generated } from 'kysely';

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

/** Kysely table types of the pipeline module (its store is their only writer). */
export interface PipelineTables {
  nonce_accounts: NonceAccountsTable;
  nonce_allocations: NonceAllocationsTable;
}
