import type { ColumnType, Generated } from 'kysely';

/** A swap quote as answered, kept until it expires (and for the record). */
export interface SwapQuotesTable {
  id: string;
  chain_id: number;
  signer: string;
  user_id: string;
  api_key_id: string;
  quote: ColumnType<unknown, string, string>;
  expires_at: Date;
  created_at: Generated<Date>;
  executed_by: string | null;
}

/** An executed quote: the batch of transactions it became and, once final, what it yielded. */
export interface SwapsTable {
  id: string;
  quote_id: string;
  chain_id: number;
  signer: string;
  user_id: string;
  api_key_id: string;
  batch_id: string;
  swap_tx_id: string;
  quote: ColumnType<unknown, string, string>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  status: ColumnType<string, string | undefined, string>;
  settled_at: Date | null;
  created_at: Generated<Date>;
}

/** Kysely table types of the swaps module. */
export interface SwapTables {
  swap_quotes: SwapQuotesTable;
  swaps: SwapsTable;
}
