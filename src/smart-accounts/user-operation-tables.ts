import type { ColumnType, Generated } from 'kysely';
import type { UserOpStatus } from './user-operation-states.ts';

/** Kysely table types of user operations (migration 0029; user-operation-store.ts is the only writer). */

type Json = ColumnType<unknown, string | undefined, string>;
type JsonOrNull = ColumnType<unknown, string | null | undefined, string | null>;
type NumericOrNull = ColumnType<string | null, string | bigint | null | undefined, string | bigint | null>;

export type UserOpSigning = 'custodial' | 'external' | 'session';

export interface UserOperationsTable {
  id: string;
  chain_id: number;
  account_id: string;
  sender: string;
  entry_point: string;
  user_id: string;
  session_id: string | null;
  session_key_id: string | null;
  signing: UserOpSigning;
  calls: Json;
  call_data: string;
  sponsorship_policy_id: string | null;
  sponsorship_decision_id: string | null;
  /** `{ clientIp?, deviceId? }`: abuse signals the caller passed for the sponsorship decision. */
  sponsorship_context: JsonOrNull;
  status: UserOpStatus;
  status_reason: string | null;
  decision: Json;
  exposure: JsonOrNull;
  simulation: JsonOrNull;
  preview: JsonOrNull;
  review: JsonOrNull;
  review_expires_at: Date | null;
  user_op: JsonOrNull;
  user_op_hash: string | null;
  signature_deadline: Date | null;
  submitted_at: Date | null;
  submissions: Generated<number>;
  tx_hash: string | null;
  block_number: NumericOrNull;
  block_hash: string | null;
  included_at: Date | null;
  success: boolean | null;
  actual_gas_cost: NumericOrNull;
  actual_gas_used: NumericOrNull;
  revert: JsonOrNull;
  reorgs: Generated<number>;
  origin: string | null;
  api_key_id: string;
  created_by_principal: string | null;
  metadata: Json;
  next_run_at: Date | null;
  lease_owner: string | null;
  lease_until: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  finished_at: Date | null;
}

export interface UserOperationHistoryTable {
  id: Generated<string>;
  user_operation_id: string;
  status: UserOpStatus;
  reason: string | null;
  detail: JsonOrNull;
  at: Generated<Date>;
}

export interface UserOperationTables {
  user_operations: UserOperationsTable;
  user_operation_history: UserOperationHistoryTable;
}
