import type { ColumnType } from 'kysely';

/** Written once, never updated: Kysely refuses `updateTable('audit_log').set(…)` at compile time. */
type Immutable<T> = ColumnType<T, T, never>;

/**
 * One entry of the hash-chained audit log (migration 0003_audit.sql). Only `appendAudit`
 * (src/audit/store.ts) inserts rows; a database trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export interface AuditLogTable {
  /** bigint; read as a JS number (int8 parser), contiguous from 1. */
  seq: Immutable<number>;
  id: Immutable<string>;
  at: Immutable<Date>;
  actor: Immutable<string>;
  action: Immutable<string>;
  subject: Immutable<string | null>;
  /** jsonb: inserted as JSON text, read back parsed. */
  details: ColumnType<unknown, string, never>;
  prev_hash: Immutable<string>;
  hash: Immutable<string>;
}

/** Kysely table types of the audit module (its store is their only writer). */
export interface AuditTables {
  audit_log: AuditLogTable;
}
