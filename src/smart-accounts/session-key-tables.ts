import type { ColumnType, Generated } from 'kysely';
import type { StoredKeyStatus } from './session-key-logic.ts';

/** Kysely table type of session keys (migration 0030; session-key-store.ts is the only writer). */

type Json = ColumnType<unknown, string, string>;
type Numeric = ColumnType<string, string | bigint, string | bigint>;
type BigIntCol = ColumnType<string | number, number, number>;

export interface SessionKeysTable {
  id: string;
  account_id: string;
  chain_id: number;
  key_address: string;
  label: string | null;
  status: StoredKeyStatus;
  status_reason: string | null;
  valid_after: BigIntCol;
  valid_until: BigIntCol;
  token: string | null;
  token_symbol: string | null;
  token_decimals: number | null;
  per_op_cap: Numeric;
  total_cap: Numeric;
  value_per_call: Numeric;
  targets: Json;
  recipients: Json;
  metadata: ColumnType<unknown, string | undefined, string>;
  grant_operation_id: string | null;
  revoke_operation_id: string | null;
  replaced_by: string | null;
  granted_at: Date | null;
  revoked_at: Date | null;
  created_by: string;
  created_by_principal: string;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface SessionKeyTables {
  session_keys: SessionKeysTable;
}
