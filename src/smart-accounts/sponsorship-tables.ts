import type { ColumnType, Generated } from 'kysely';

/** Kysely table types of sponsored gas (migration 0027; sponsorship-store.ts is their only writer). */

/** numeric(78,0): read as a decimal string, written as a string. */
type Numeric = ColumnType<string, string | undefined, string>;
type NullableNumeric = ColumnType<string | null, string | null | undefined, string | null>;
type NullableDate = ColumnType<Date | null, Date | null | undefined, Date | null>;
/** jsonb: written as JSON text, read through `dbJson`. */
type Json = ColumnType<unknown, string, string>;

export interface SponsorshipPoliciesTable {
  id: string;
  owner_principal: string;
  version: ColumnType<number, number | undefined, number>;
  status: ColumnType<'enabled' | 'disabled', 'enabled' | 'disabled' | undefined, 'enabled' | 'disabled'>;
  hook_secret_enc: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  disabled_at: NullableDate;
}

export interface SponsorshipPolicyVersionsTable {
  policy_id: string;
  version: number;
  document: Json;
  created_by: string;
  created_at: Generated<Date>;
}

export interface SponsorshipUsageTable {
  policy_id: string;
  dimension: string;
  subject: string;
  period_start: Date;
  usd: Numeric;
  ops: ColumnType<number, number | undefined, number>;
  updated_at: Generated<Date>;
}

export interface SponsorshipDecisionsTable {
  id: string;
  policy_id: string;
  policy_version: number;
  sponsored: boolean;
  dry_run: ColumnType<boolean, boolean | undefined, boolean>;
  class: ColumnType<'organic' | 'abuse' | null, 'organic' | 'abuse' | null | undefined, 'organic' | 'abuse' | null>;
  reasons: Json;
  status: 'reserved' | 'settled' | 'released' | 'denied' | 'dry_run';
  reserved_usd: Numeric;
  actual_usd: NullableNumeric;
  charges: Json;
  chain_id: number;
  sender: string;
  user_id: string;
  request: Json;
  created_at: Generated<Date>;
  settled_at: NullableDate;
}

export interface SponsorshipTables {
  sponsorship_policies: SponsorshipPoliciesTable;
  sponsorship_policy_versions: SponsorshipPolicyVersionsTable;
  sponsorship_usage: SponsorshipUsageTable;
  sponsorship_decisions: SponsorshipDecisionsTable;
}
