import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type {
  MandateVersionStatus,
  TreasuryMandateDecisionsTable,
  TreasuryMandatesTable,
  TreasuryMandateVersionsTable,
} from './tables.ts';

/**
 * The treasury module's SQL for mandates, their versions and the decisions on them
 * (`treasury_mandates`, `treasury_mandate_versions`, `treasury_mandate_decisions`), in the
 * caller's transaction when given one. mandates.ts holds the rules.
 */

type Db = Kysely<DB> | Transaction<DB>;
export type MandateRow = Selectable<TreasuryMandatesTable>;
export type MandateVersionRow = Selectable<TreasuryMandateVersionsTable>;
export type MandateDecisionRow = Selectable<TreasuryMandateDecisionsTable>;

/** Creates a mandate (with its first version, inserted next). */
export async function insertMandate(trx: Transaction<DB>, row: Insertable<TreasuryMandatesTable>): Promise<void> {
  await trx.insertInto('treasury_mandates').values(row).execute();
}

/** The mandate `id`, if any; `forUpdate` locks its row (proposals and activations of it queue on it). */
export async function mandateById(
  db: Db,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<MandateRow | undefined> {
  const q = db.selectFrom('treasury_mandates').selectAll().where('id', '=', id);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/** A page of mandates, newest first (ids sort by creation), below `belowId`, at most `limit`. */
export async function listMandates(db: Db, opts: { belowId?: string; limit: number }): Promise<MandateRow[]> {
  let q = db.selectFrom('treasury_mandates').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.belowId !== undefined) q = q.where('id', '<', opts.belowId);
  return q.execute();
}

/** Stores a version. */
export async function insertMandateVersion(
  trx: Transaction<DB>,
  row: Insertable<TreasuryMandateVersionsTable>,
): Promise<void> {
  await trx.insertInto('treasury_mandate_versions').values(row).execute();
}

/** The highest version number of a mandate (0 when it has none). */
export async function maxMandateVersion(db: Db, mandateId: string): Promise<number> {
  const r = await db
    .selectFrom('treasury_mandate_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('mandate_id', '=', mandateId)
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}

/** Version `version` of a mandate, if any; `forUpdate` locks its row until the transaction ends. */
export async function mandateVersion(
  db: Db,
  mandateId: string,
  version: number,
  opts: { forUpdate?: boolean } = {},
): Promise<MandateVersionRow | undefined> {
  const q = db
    .selectFrom('treasury_mandate_versions')
    .selectAll()
    .where('mandate_id', '=', mandateId)
    .where('version', '=', version);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/** The version with id `id` (mdtv_…), if any. */
export async function mandateVersionById(db: Db, id: string): Promise<MandateVersionRow | undefined> {
  return db.selectFrom('treasury_mandate_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The active version of each of the given mandates. */
export async function activeMandateVersions(db: Db, mandateIds: readonly string[]): Promise<MandateVersionRow[]> {
  if (mandateIds.length === 0) return [];
  return db
    .selectFrom('treasury_mandate_versions')
    .selectAll()
    .where('mandate_id', 'in', mandateIds)
    .where('status', '=', 'active')
    .execute();
}

/** Every active mandate version with its mandate's chain (what the share-price recorder watches). */
export async function allActiveMandateVersions(db: Db): Promise<Array<MandateVersionRow & { chain_id: number }>> {
  return db
    .selectFrom('treasury_mandate_versions as v')
    .innerJoin('treasury_mandates as m', 'm.id', 'v.mandate_id')
    .selectAll('v')
    .select('m.chain_id')
    .where('v.status', '=', 'active')
    .execute();
}

/** The versions of the given mandates with one of `statuses`, oldest first. */
export async function mandateVersionsWithStatus(
  db: Db,
  mandateIds: readonly string[],
  statuses: readonly MandateVersionStatus[],
): Promise<MandateVersionRow[]> {
  if (mandateIds.length === 0) return [];
  return db
    .selectFrom('treasury_mandate_versions')
    .selectAll()
    .where('mandate_id', 'in', mandateIds)
    .where('status', 'in', statuses)
    .orderBy('version', 'asc')
    .execute();
}

/** Sets a version's status with the times that go with it. */
export async function setMandateVersionStatus(
  trx: Transaction<DB>,
  id: string,
  change: Pick<MandateVersionRow, 'status'> &
    Partial<Pick<MandateVersionRow, 'activated_at' | 'superseded_at' | 'decided_at'>>,
): Promise<void> {
  await trx.updateTable('treasury_mandate_versions').set(change).where('id', '=', id).execute();
}

/** The decisions on the given versions (any order). */
export async function mandateDecisionsOf(db: Db, versionIds: readonly string[]): Promise<MandateDecisionRow[]> {
  if (versionIds.length === 0) return [];
  return db.selectFrom('treasury_mandate_decisions').selectAll().where('version_id', 'in', versionIds).execute();
}

/** A decision on `versionId` by principal `principalId` or key `apiKeyId`, if one was recorded. */
export async function mandateDecisionBy(
  db: Db,
  versionId: string,
  principalId: string,
  apiKeyId: string,
): Promise<Pick<MandateDecisionRow, 'decision'> | undefined> {
  return db
    .selectFrom('treasury_mandate_decisions')
    .select('decision')
    .where('version_id', '=', versionId)
    .where((eb) => eb.or([eb('principal_id', '=', principalId), eb('api_key_id', '=', apiKeyId)]))
    .executeTakeFirst();
}

/** Records one approval or rejection. */
export async function insertMandateDecision(
  trx: Transaction<DB>,
  row: Insertable<TreasuryMandateDecisionsTable>,
): Promise<void> {
  await trx.insertInto('treasury_mandate_decisions').values(row).execute();
}

/** How many approvals (one per principal) `versionId` has. */
export async function countMandateApprovals(db: Db, versionId: string): Promise<number> {
  const n = await db
    .selectFrom('treasury_mandate_decisions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('version_id', '=', versionId)
    .where('decision', '=', 'approve')
    .executeTakeFirstOrThrow();
  return Number(n.n);
}

/** The names of the given principals (the auth module's table), by id, for showing who decided. */
export async function principalNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('principals').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((p) => [p.id, p.name]));
}

/** The mandates with an active version that govern `account` on `chainId` (the intake guard's question). */
export async function activeMandatesOfAccount(
  db: Db,
  chainId: number,
  account: string,
): Promise<Array<MandateRow & { version: number; document: unknown }>> {
  return db
    .selectFrom('treasury_mandates as m')
    .innerJoin('treasury_mandate_versions as v', 'v.mandate_id', 'm.id')
    .selectAll('m')
    .select(['v.version', 'v.document'])
    .where('m.chain_id', '=', chainId)
    .where(sql<string>`lower(m.account)`, '=', account.toLowerCase())
    .where('v.status', '=', 'active')
    .orderBy('m.id')
    .execute();
}
