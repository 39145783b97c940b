import type { ColumnType, Generated } from 'kysely';

/** Kysely table types of the policy module (its store is their only writer). */

/** Lifecycle of a version: proposals wait for approvals; one version is active. */
export const POLICY_VERSION_STATUSES = ['proposed', 'active', 'superseded', 'rejected'] as const;
export type PolicyVersionStatus = (typeof POLICY_VERSION_STATUSES)[number];

/** Every policy version ever created (migration 0004_policy). */
export interface PolicyVersionsTable {
  id: string;
  version: number;
  /** Read back as parsed JSON; written as a JSON string. */
  document: ColumnType<unknown, string, string>;
  document_sha256: string;
  status: PolicyVersionStatus;
  source: string;
  created_by: string | null;
  note: string | null;
  created_at: Generated<Date>;
  activated_at: Date | null;
  superseded_at: Date | null;
  /** Proposals: the version active when proposed (migration 0006). */
  base_version: ColumnType<number | null, number | null | undefined, number | null>;
  /** Proposals: the structural diff against the base version (diff.ts), as JSON. */
  diff: ColumnType<unknown, string | null | undefined, string | null>;
  /** When a proposal was activated or rejected. */
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The proposer's principal (migration 0016): it cannot approve. */
  created_by_principal: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One approval or rejection of a proposal by one principal, through one of its API keys (migrations 0006, 0016). */
export interface PolicyApprovalsTable {
  id: string;
  version_id: string;
  api_key_id: string;
  /** The deciding key's principal (migration 0016): one decision per principal. Null only on rows older than principals. */
  principal_id: ColumnType<string | null, string | null | undefined, string | null>;
  decision: 'approve' | 'reject';
  note: string | null;
  created_at: Generated<Date>;
}

/** The rolling-window usage ledger: one row per (window key, use). */
export interface PolicyWindowUsageTable {
  id: Generated<number>;
  window_key: string;
  ref: string;
  rule_id: string;
  at: Date;
  /** numeric(78,0): read and written as a decimal string. */
  amount: ColumnType<string, string, string>;
  count: number;
  released_at: Date | null;
}

/** The policy module's tables, merged into the DB type (src/db/schema.ts). */
export interface PolicyTables {
  policy_versions: PolicyVersionsTable;
  policy_window_usage: PolicyWindowUsageTable;
  policy_approvals: PolicyApprovalsTable;
}
