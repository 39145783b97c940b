import { sql, type Insertable, type InsertObject, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { PolicyApprovalsTable, PolicyVersionStatus, PolicyVersionsTable } from './tables.ts';

/**
 * The policy module's SQL for its versions and their decisions (`policy_versions`,
 * `policy_approvals`): what loader.ts and proposals.ts read and write, in the caller's
 * transaction when given one. The rolling windows' SQL is windows-store.ts.
 */

type Db = Kysely<DB> | Transaction<DB>;
export type PolicyVersionRow = Selectable<PolicyVersionsTable>;
export type PolicyApprovalRow = Selectable<PolicyApprovalsTable>;

// Arbitrary constants, distinct from the other Keel advisory locks.
/** Serialises processes that insert the first version at the same boot. */
const INIT_LOCK_KEY = 7_304_219_552;
/** Serialises proposals (each takes the next version number). */
const PROPOSE_LOCK_KEY = 7_304_219_553;
/** Serialises activations (each re-reads the active version under it). */
const ACTIVATE_LOCK_KEY = 7_304_219_554;

/** Takes one of the policy module's transaction-scoped advisory locks (released at commit). */
export async function lockPolicy(trx: Transaction<DB>, what: 'init' | 'propose' | 'activate'): Promise<void> {
  const key = what === 'init' ? INIT_LOCK_KEY : what === 'propose' ? PROPOSE_LOCK_KEY : ACTIVATE_LOCK_KEY;
  await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
}

/** The active version's id, number and document hash (one indexed query), if any. */
export async function activeVersionHead(
  db: Db,
): Promise<Pick<PolicyVersionRow, 'id' | 'version' | 'document_sha256'> | undefined> {
  return db
    .selectFrom('policy_versions')
    .select(['id', 'version', 'document_sha256'])
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** Whether any version exists, whatever its status. */
export async function anyPolicyVersion(db: Db): Promise<boolean> {
  return (await db.selectFrom('policy_versions').select('version').limit(1).executeTakeFirst()) !== undefined;
}

/** The highest version number used so far (0 when there is none). */
export async function maxPolicyVersion(db: Db): Promise<number> {
  const max = await db
    .selectFrom('policy_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(max?.v ?? 0);
}

/** Stores a version (the configured first one, or a proposal). */
export async function insertPolicyVersion(
  trx: Transaction<DB>,
  row: InsertObject<DB, 'policy_versions'>,
): Promise<void> {
  await trx.insertInto('policy_versions').values(row).execute();
}

/** The stored document of version `version` (it must exist). */
export async function policyDocumentOfVersion(db: Db, version: number): Promise<unknown> {
  return (
    await db.selectFrom('policy_versions').select(['document']).where('version', '=', version).executeTakeFirstOrThrow()
  ).document;
}

/** The version with id `id`, if any; `forUpdate` locks its row until the transaction ends. */
export async function policyVersionById(
  db: Db,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<PolicyVersionRow | undefined> {
  const q = db.selectFrom('policy_versions').selectAll().where('id', '=', id);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/** The version numbered `version`, if any. */
export async function policyVersionByNumber(db: Db, version: number): Promise<PolicyVersionRow | undefined> {
  return db.selectFrom('policy_versions').selectAll().where('version', '=', version).executeTakeFirst();
}

/** The active version, if any. */
export async function activePolicyVersion(db: Db): Promise<PolicyVersionRow | undefined> {
  return db.selectFrom('policy_versions').selectAll().where('status', '=', 'active').executeTakeFirst();
}

/**
 * Versions newest first (by number), optionally by status, numbered below `belowVersion`, at
 * most `limit`; `proposalsOnly` leaves out the configured first version.
 */
export async function listPolicyVersions(
  db: Db,
  opts: { status?: PolicyVersionStatus; proposalsOnly?: boolean; belowVersion?: number; limit: number },
): Promise<PolicyVersionRow[]> {
  let q = db.selectFrom('policy_versions').selectAll().orderBy('version', 'desc').limit(opts.limit);
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.proposalsOnly) q = q.where('source', '=', 'proposal');
  if (opts.belowVersion !== undefined) q = q.where('version', '<', opts.belowVersion);
  return q.execute();
}

/** Sets a version's status with the times that go with it (activation, supersession, decision). */
export async function setPolicyVersionStatus(
  trx: Transaction<DB>,
  id: string,
  change: Pick<PolicyVersionRow, 'status'> &
    Partial<Pick<PolicyVersionRow, 'activated_at' | 'superseded_at' | 'decided_at'>>,
): Promise<void> {
  await trx.updateTable('policy_versions').set(change).where('id', '=', id).execute();
}

/** The decisions on the given versions (any order). */
export async function policyDecisionsOf(db: Db, versionIds: readonly string[]): Promise<PolicyApprovalRow[]> {
  if (versionIds.length === 0) return [];
  return db.selectFrom('policy_approvals').selectAll().where('version_id', 'in', versionIds).execute();
}

/** A decision on `versionId` by principal `principalId` or key `apiKeyId`, if one was recorded. */
export async function policyDecisionBy(
  db: Db,
  versionId: string,
  principalId: string,
  apiKeyId: string,
): Promise<Pick<PolicyApprovalRow, 'decision'> | undefined> {
  return db
    .selectFrom('policy_approvals')
    .select('decision')
    .where('version_id', '=', versionId)
    .where((eb) => eb.or([eb('principal_id', '=', principalId), eb('api_key_id', '=', apiKeyId)]))
    .executeTakeFirst();
}

/** Records one approval or rejection. */
export async function insertPolicyDecision(trx: Transaction<DB>, row: Insertable<PolicyApprovalsTable>): Promise<void> {
  await trx.insertInto('policy_approvals').values(row).execute();
}

/** The names of the given principals (the auth module's table), by id, for showing who decided. */
export async function principalNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  return new Map(
    (await db.selectFrom('principals').select(['id', 'name']).where('id', 'in', ids).execute()).map((p) => [
      p.id,
      p.name,
    ]),
  );
}

/** How many approvals `versionId` has. */
export async function countPolicyApprovals(db: Db, versionId: string): Promise<number> {
  const n = await db
    .selectFrom('policy_approvals')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('version_id', '=', versionId)
    .where('decision', '=', 'approve')
    .executeTakeFirstOrThrow();
  return Number(n.n);
}
