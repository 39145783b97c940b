import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { PayeeAddressChangesTable, PayeesTable } from './payee-tables.ts';

/**
 * The payee book's SQL (`payees`, `payee_address_changes`), in the caller's transaction when
 * given one. payees.ts holds the use cases, payee-logic.ts the rules.
 */

type Db = Kysely<DB> | Transaction<DB>;
export type PayeeRow = Selectable<PayeesTable>;
export type AddressChangeRow = Selectable<PayeeAddressChangesTable>;

export async function insertPayee(trx: Transaction<DB>, row: Insertable<PayeesTable>): Promise<void> {
  await trx.insertInto('payees').values(row).execute();
}

export async function insertAddressChange(
  trx: Transaction<DB>,
  row: Insertable<PayeeAddressChangesTable>,
): Promise<void> {
  await trx.insertInto('payee_address_changes').values(row).execute();
}

/** The payee `id`, if any; `forUpdate` locks its row (changes of one payee queue on it). */
export async function payeeById(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<PayeeRow | undefined> {
  const q = db.selectFrom('payees').selectAll().where('id', '=', id);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export async function payeesByIds(db: Db, ids: readonly string[]): Promise<PayeeRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('payees').selectAll().where('id', 'in', ids).execute();
}

/** The payees whose references are among `references`. */
export async function payeesByReferences(db: Db, references: readonly string[]): Promise<PayeeRow[]> {
  if (references.length === 0) return [];
  return db.selectFrom('payees').selectAll().where('reference', 'in', references).execute();
}

/** A page of payees, newest first (ids sort by creation), below `belowId`, at most `limit`. */
export async function listPayees(
  db: Db,
  opts: { belowId?: string; limit: number; status?: 'active' | 'disabled' },
): Promise<PayeeRow[]> {
  let q = db.selectFrom('payees').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.belowId !== undefined) q = q.where('id', '<', opts.belowId);
  if (opts.status !== undefined) q = q.where('status', '=', opts.status);
  return q.execute();
}

export async function disablePayee(trx: Transaction<DB>, id: string, at: Date): Promise<void> {
  await trx.updateTable('payees').set({ status: 'disabled', disabled_at: at }).where('id', '=', id).execute();
}

/** Every address change of the payees `payeeIds`, oldest first (optionally only for one chain and asset). */
export async function changesOfPayees(
  db: Db,
  payeeIds: readonly string[],
  only?: { chainId: number; asset: string },
): Promise<AddressChangeRow[]> {
  if (payeeIds.length === 0) return [];
  let q = db.selectFrom('payee_address_changes').selectAll().where('payee_id', 'in', payeeIds).orderBy('id', 'asc');
  if (only)
    q = q.where('chain_id', '=', only.chainId).where(sql<string>`lower(asset_address)`, '=', only.asset.toLowerCase());
  return q.execute();
}

/** The change `id` of payee `payeeId`, if any; `forUpdate` locks its row. */
export async function changeById(
  db: Db,
  payeeId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<AddressChangeRow | undefined> {
  const q = db.selectFrom('payee_address_changes').selectAll().where('id', '=', id).where('payee_id', '=', payeeId);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/** The open (pending) change of a payee for one chain and asset, if any. */
export async function openChange(
  db: Db,
  payeeId: string,
  chainId: number,
  asset: string,
): Promise<AddressChangeRow | undefined> {
  return db
    .selectFrom('payee_address_changes')
    .selectAll()
    .where('payee_id', '=', payeeId)
    .where('chain_id', '=', chainId)
    .where('asset_address', '=', asset)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

/** Records a decision on a pending change. */
export async function decideChange(
  trx: Transaction<DB>,
  id: string,
  d: {
    status: 'approved' | 'rejected';
    decided_by: string;
    decided_by_principal: string;
    decided_at: Date;
    decision_note: string | null;
    active_from: Date | null;
  },
): Promise<void> {
  await trx.updateTable('payee_address_changes').set(d).where('id', '=', id).where('status', '=', 'pending').execute();
}

/**
 * Payees' addresses on `chainId` (not rejected) whose first `prefix` hex characters are those of
 * `address`: the candidates of the lookalike check (lower case, with their payee).
 */
export async function payeeAddressesLike(
  db: Db,
  chainId: number,
  address: string,
  prefix: number,
): Promise<Array<{ address: string; payee_id: string }>> {
  const head = address.toLowerCase().slice(0, 2 + prefix);
  const r = await sql<{ address: string; payee_id: string }>`select distinct lower(address) as address, payee_id
      from payee_address_changes
      where chain_id = ${chainId} and status <> 'rejected' and left(lower(address), ${2 + prefix}) = ${head}
      limit 10000`.execute(db);
  return r.rows;
}

/** Of `addresses` (lower case), those that are payees' addresses on `chainId` (not rejected), lower case. */
export async function knownPayeeAddressesLike(
  db: Db,
  chainId: number,
  address: string,
  prefix: number,
): Promise<string[]> {
  return (await payeeAddressesLike(db, chainId, address, prefix)).map((r) => r.address);
}

/** Names of principals (the resources show who requested and who decided). */
export async function principalNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('principals').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((p) => [p.id, p.name]));
}
