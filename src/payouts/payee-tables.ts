import type { ColumnType, Generated } from 'kysely';

/** Kysely table types of the payee book (migration 0024; payee-store.ts is their only writer). */

export const PAYEE_STATUSES = ['active', 'disabled'] as const;
export type PayeeStatus = (typeof PAYEE_STATUSES)[number];

export const ADDRESS_CHANGE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type AddressChangeStatus = (typeof ADDRESS_CHANGE_STATUSES)[number];

export interface PayeesTable {
  id: string;
  name: string;
  reference: string;
  status: ColumnType<PayeeStatus, PayeeStatus | undefined, PayeeStatus>;
  created_by: string;
  created_by_principal: string;
  created_at: Generated<Date>;
  disabled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface PayeeAddressChangesTable {
  id: string;
  payee_id: string;
  chain_id: number;
  asset_symbol: string;
  asset_address: string;
  address: string;
  status: AddressChangeStatus;
  /** Read back as parsed JSON (`PayeeAddressFlag[]`); written as a JSON string. */
  flags: ColumnType<unknown, string, string>;
  is_contract: boolean;
  requested_by: string;
  requested_by_principal: string;
  requested_at: Date;
  cool_off_until: Date;
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
  decided_by_principal: ColumnType<string | null, string | null | undefined, string | null>;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  decision_note: ColumnType<string | null, string | null | undefined, string | null>;
  active_from: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface PayeeTables {
  payees: PayeesTable;
  payee_address_changes: PayeeAddressChangesTable;
}
