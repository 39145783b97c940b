import type { ColumnType, Generated } from 'kysely';

/** A jsonb column: written as JSON text, read through `dbJson` (drivers differ). */
type Json = ColumnType<unknown, string, string>;

/** Table types of migration 0023 (written only by src/attestations/store.ts). */

export interface LiabilitySnapshotsTable {
  id: string;
  as_of: Date;
  assets: Json;
  root_hash: string;
  totals: Json;
  leaf_count: number;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface LiabilityLeavesTable {
  snapshot_id: string;
  position: number;
  user_id: string;
  salt: ColumnType<Uint8Array, Uint8Array, never>;
  balances: Json;
}

export interface AttestationRegistryRecord {
  chainId: number;
  address: string;
  txId: string;
  txHash: string | null;
  status: 'pending' | 'recorded' | 'failed';
  blockNumber?: string | null;
}

export interface AttestationsTable {
  id: string;
  status: 'draft' | 'published';
  snapshot_id: string;
  content: Json;
  digest: string;
  message: string;
  signatures: ColumnType<unknown, string | undefined, string>;
  signer_address: string | null;
  signature: string | null;
  registry: ColumnType<unknown, string | null, string | null>;
  created_by: string | null;
  created_at: Generated<Date>;
  published_at: Date | null;
}

export interface AttestationTables {
  liability_snapshots: LiabilitySnapshotsTable;
  liability_leaves: LiabilityLeavesTable;
  attestations: AttestationsTable;
}
