import type { Generated } from 'kysely';

/** One circuit breaker (protocol per chain, or pool). */
export interface BreakersTable {
  key: string;
  state: Generated<'closed' | 'open'>;
  reason: string | null;
  tripped_at: Date | null;
  tripped_by: string | null;
  reset_at: Date | null;
  reset_by: string | null;
  failures: Generated<number>;
  window_started_at: Date | null;
  updated_at: Generated<Date>;
}

/** Kysely table types of the breakers module. */
export interface BreakerTables {
  breakers: BreakersTable;
}
