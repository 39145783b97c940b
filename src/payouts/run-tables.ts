import type { ColumnType, Generated } from 'kysely';

/** Kysely table types of payout plans and runs (migration 0025; src/payouts/run-store.ts is their only writer). */

export const RUN_STATUSES = [
  'pending_review',
  'executing',
  'completed',
  'completed_with_failures',
  'rejected',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const LINE_STATUSES = ['pending', 'paid', 'failed', 'carried'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

type Json = ColumnType<unknown, string, string>;
type Ts = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface PayoutPlansTable {
  id: string;
  name: string;
  chain_id: number;
  asset_symbol: string;
  asset_address: string;
  asset_decimals: number;
  recipients: Json;
  source: Json;
  created_by: string;
  created_by_principal: string | null;
  created_at: Generated<Date>;
}

export interface PayoutRunsTable {
  id: string;
  plan_id: string | null;
  line_key: string | null;
  chain_id: number;
  asset_symbol: string;
  asset_address: string;
  asset_decimals: number;
  period_from: Date | null;
  period_to: Date | null;
  status: RunStatus;
  revenue: string;
  carried_in: string;
  total: string;
  carried_out: string;
  preview: Json;
  created_by: string;
  created_by_principal: string | null;
  decided_by_principal: string | null;
  decision_note: string | null;
  decided_at: Ts;
  created_at: Generated<Date>;
  finished_at: Ts;
}

export interface PayoutLinesTable {
  id: string;
  run_id: string;
  payee_id: string;
  earned: string;
  carried_in: string;
  amount: string;
  carried_out: string;
  status: LineStatus;
  reason: string | null;
  source: string | null;
  address: string | null;
  tx_id: string | null;
  tx_hash: ColumnType<string | null, string | null | undefined, string | null>;
  attempts: Generated<number>;
  created_at: Generated<Date>;
  settled_at: Ts;
}

export interface PayoutCarriesTable {
  plan_id: string;
  payee_id: string;
  amount: string;
  updated_at: Generated<Date>;
}

/** The payout runs' tables, merged into the DB type (src/db/schema.ts). */
export interface PayoutRunTables {
  payout_plans: PayoutPlansTable;
  payout_runs: PayoutRunsTable;
  payout_lines: PayoutLinesTable;
  payout_carries: PayoutCarriesTable;
}
