import type { Generated } from 'kysely';

/** Kysely table types of principals and access requests (migration 0016; written only by src/auth). */

export type PrincipalKind = 'operator' | 'service';
export type PrincipalStatus = 'pending' | 'active' | 'rejected';
export type AccessRequestStatus = 'pending' | 'approved' | 'rejected';

export interface PrincipalsTable {
  id: string;
  name: string;
  kind: PrincipalKind;
  status: PrincipalStatus;
  created_at: Generated<Date>;
  /** A principal id, `cli` (bootstrap) or `migration`. */
  created_by: string;
}

export interface AccessRequestsTable {
  id: string;
  kind: 'principal' | 'api_key';
  status: Generated<AccessRequestStatus>;
  principal_id: string;
  api_key_id: string | null;
  requested_by_principal: string;
  requested_by_key: string;
  note: string | null;
  created_at: Generated<Date>;
  decided_at: Date | null;
}

export interface AccessRequestDecisionsTable {
  id: string;
  request_id: string;
  principal_id: string;
  api_key_id: string;
  decision: 'approve' | 'reject';
  note: string | null;
  created_at: Generated<Date>;
}

/** The auth module's tables beside `api_keys`, merged into the DB type (src/db/schema.ts). */
export interface AuthTables {
  principals: PrincipalsTable;
  access_requests: AccessRequestsTable;
  access_request_decisions: AccessRequestDecisionsTable;
}
