import type { ColumnType, Generated } from 'kysely';
import type { AuditTables } from '../audit/tables.ts';
import type { PipelineTables } from '../pipeline/tables.ts';
import type { PolicyTables } from '../policy/tables.ts';
import type { SwapTables } from '../swaps/tables.ts';
import type { BreakerTables } from '../breakers/tables.ts';
import type { PaymentTables } from '../payments/tables.ts';
import type { ChainTables } from '../chain/tables.ts';
import type { AuthTables } from '../auth/tables.ts';
import type { TreasuryTables } from '../treasury/tables.ts';
import type { TreasuryPriceTables } from '../treasury/prices-tables.ts';
import type { PayeeTables } from '../payouts/payee-tables.ts';
import type { AccrualTables } from '../payouts/accrual-tables.ts';
import type { PayoutRunTables } from '../payouts/run-tables.ts';
import type { AttestationTables } from '../attestations/tables.ts';
import type { SmartAccountTables } from '../smart-accounts/account-tables.ts';
import type { SponsorshipTables } from '../smart-accounts/sponsorship-tables.ts';
import type { UserOperationTables } from '../smart-accounts/user-operation-tables.ts';
import type { SessionKeyTables } from '../smart-accounts/session-key-tables.ts';

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
  /** The principal the key belongs to (migration 0016). */
  principal_id: string;
  /** `pending` until its access request is approved; only `active` keys authenticate. */
  status: Generated<'pending' | 'active' | 'rejected'>;
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

export interface EventsTable {
  id: string;
  seq: Generated<number>;
  txid: Generated<number>;
  type: string;
  api_version: number;
  data: ColumnType<unknown, string, string>;
  created_at: Generated<Date>;
}

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  description: string | null;
  event_types: string[];
  status: Generated<'enabled' | 'disabled'>;
  disabled_reason: string | null;
  disabled_at: Date | null;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
  /** The principal that owns it; null: created by Keel itself, seen only by admins (migration 0016). */
  owner_principal: string | null;
  /** Scopes of the key that last set its URL or event types: it receives only event types they read (null: unrestricted). */
  read_scopes: string[] | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  event_id: string;
  endpoint_id: string;
  kind: Generated<'event' | 'replay' | 'test'>;
  status: Generated<'pending' | 'delivering' | 'succeeded' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  locked_until: Date | null;
  locked_by: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  delivered_at: Date | null;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  worker: string;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  /** An excerpt, for responses from public addresses only (migration 0017). */
  response_body: string | null;
  /** Size of the response body in bytes, when known (migration 0017). */
  response_bytes: number | null;
}

export interface IdempotencyKeysTable {
  api_key_id: string;
  key: string;
  method: string;
  path: string;
  request_hash: string;
  status: Generated<'in_progress' | 'committed' | 'done'>;
  response_code: number | null;
  response_body: string | null;
  created_at: Generated<Date>;
  /** The request holding an in-progress key (process and request id). */
  owner: string | null;
  /** Its claim lapses at this time unless renewed; then a retry may take the key over. */
  lease_until: Date | null;
  /** The answer recorded with the request's effect, inside its write transaction (sealed JSON). */
  outcome: string | null;
}

export interface DB
  extends AuthTables,
    AuditTables,
    PolicyTables,
    PipelineTables,
    SwapTables,
    BreakerTables,
    PaymentTables,
    ChainTables,
    TreasuryTables,
    TreasuryPriceTables,
    PayeeTables,
    AccrualTables,
    PayoutRunTables,
    AttestationTables,
    SmartAccountTables,
    SponsorshipTables,
    UserOperationTables,
    SessionKeyTables {
  api_keys: ApiKeysTable;
  rate_limit_counters: RateLimitCountersTable;
  keel_migrations: KeelMigrationsTable;
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  idempotency_keys: IdempotencyKeysTable;
}
