import type { ColumnType, Generated } from 'kysely';

/** Kysely table type of smart accounts (migration 0028; account-store.ts is the only writer). */

export const OWNER_KINDS = ['custodial', 'external'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

export interface SmartAccountsTable {
  id: string;
  chain_id: number;
  user_id: string;
  address: string;
  owner_kind: OwnerKind;
  owner_address: string;
  owner_signer: string | null;
  factory: string;
  entry_point: string;
  salt: string;
  deployed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_by: string;
  created_by_principal: string;
  created_at: Generated<Date>;
}

export interface SmartAccountTables {
  smart_accounts: SmartAccountsTable;
}
