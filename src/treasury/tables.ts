import type { ColumnType, Generated } from 'kysely';

/** Kysely table types of the treasury module (migration 0019; its stores are their only writers). */

/** Lifecycle of a mandate version: proposals wait for approvals; at most one version per mandate is active. */
export const MANDATE_VERSION_STATUSES = ['proposed', 'active', 'superseded', 'rejected'] as const;
export type MandateVersionStatus = (typeof MANDATE_VERSION_STATUSES)[number];

/** One mandate: what all its versions govern (chain, signer account, asset), fixed at version 1. */
export interface TreasuryMandatesTable {
  id: string;
  name: string;
  chain_id: number;
  signer: string;
  account: string;
  asset_symbol: string;
  asset_address: string;
  asset_decimals: number;
  created_by: string;
  created_by_principal: string;
  created_at: Generated<Date>;
}

/** Every version of every mandate. */
export interface TreasuryMandateVersionsTable {
  id: string;
  mandate_id: string;
  version: number;
  /** Read back as parsed JSON; written as a JSON string. */
  document: ColumnType<unknown, string, string>;
  document_sha256: string;
  /** What the chain showed when the version was proposed (`MandateChainFacts`), as JSON. */
  chain_facts: ColumnType<unknown, string, string>;
  status: MandateVersionStatus;
  base_version: number | null;
  note: string | null;
  created_by: string;
  created_by_principal: string;
  created_at: Generated<Date>;
  activated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  superseded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** One approval or rejection of a proposed version by one principal, through one of its keys. */
export interface TreasuryMandateDecisionsTable {
  id: string;
  version_id: string;
  api_key_id: string;
  principal_id: string;
  decision: 'approve' | 'reject';
  note: string | null;
  created_at: Generated<Date>;
}

/** The treasury module's tables, merged into the DB type (src/db/schema.ts). */
export interface TreasuryTables {
  treasury_mandates: TreasuryMandatesTable;
  treasury_mandate_versions: TreasuryMandateVersionsTable;
  treasury_mandate_decisions: TreasuryMandateDecisionsTable;
  treasury_plans: TreasuryPlansTable;
  treasury_movements: TreasuryMovementsTable;
}

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
