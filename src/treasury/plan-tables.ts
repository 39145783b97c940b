import type { ColumnType, Generated } from 'kysely';

/** A rebalancing plan (migration 0021): what it was computed on and what became of it. */
export interface TreasuryPlansTable {
  id: string;
  mandate_id: string;
  mandate_version: number;
  status: ColumnType<TreasuryPlanStatus, TreasuryPlanStatus, TreasuryPlanStatus>;
  trigger: string;
  position_block: ColumnType<string, string | bigint, string | bigint>;
  plan: ColumnType<unknown, string, string>;
  preview: ColumnType<unknown, string, string>;
  batch_id: string | null;
  created_by: string | null;
  created_by_principal: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  executed_at: Date | null;
  finished_at: Date | null;
}

export const TREASURY_PLAN_STATUSES = [
  'proposed',
  'executing',
  'executed',
  'partially_executed',
  'failed',
  'stale',
  'cancelled',
] as const;
export type TreasuryPlanStatus = (typeof TREASURY_PLAN_STATUSES)[number];

/** One deposit or withdrawal a plan sent, tied to its transaction. */
export interface TreasuryMovementsTable {
  id: string;
  plan_id: string;
  mandate_id: string;
  chain_id: number;
  vault: string;
  kind: 'deposit' | 'withdrawal';
  assets: string;
  shares: string | null;
  tx_id: string;
  status: 'pending' | 'confirmed' | 'failed';
  block_number: ColumnType<string | null, string | bigint | null | undefined, string | bigint | null>;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

/** Kysely table types of the treasury plans. */
export interface TreasuryPlanTables {
  treasury_plans: TreasuryPlansTable;
  treasury_movements: TreasuryMovementsTable;
}
