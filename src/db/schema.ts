import type { ColumnType, Generated } from 'kysely';

/**
 * Table types for Kysely. Each module's store is the only writer of its tables; this file
 * only describes them so one `Kysely<DB>` instance serves every store.
 */
export interface ApiKeysTable {
  id: string;
  name: string;
  secret_hash: string;
  scopes: string[];
  created_at: Generated<Date>;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface RateLimitCountersTable {
  bucket: string;
  window_start: Date;
  hits: ColumnType<number, number | undefined, number>;
}

export interface KeelMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface DB {
  api_keys: ApiKeysTable;
  rate_limit_counters: RateLimitCountersTable;
  keel_migrations: KeelMigrationsTable;
}
