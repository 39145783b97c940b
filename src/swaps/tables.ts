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

/** Kysely table types of the swaps module. */
export interface SwapTables {
  swap_quotes: SwapQuotesTable;
}
