import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SmartAccountsTable } from './account-tables.ts';

/** The only SQL of smart accounts (`smart_accounts`), in the caller's transaction when given one. */

type Db = Kysely<DB> | Transaction<DB>;
export type SmartAccountRow = Selectable<SmartAccountsTable>;

/**
 * Inserts an account unless the user already has one on that chain; returns the row that holds
 * the user's account either way, and whether this call created it. Two concurrent requests for
 * one user and chain both answer the same row (the unique key decides, no lock held across the
 * chain read that computed the address).
 */
export async function insertOrGetAccount(
  trx: Transaction<DB>,
  row: Insertable<SmartAccountsTable>,
): Promise<{ row: SmartAccountRow; created: boolean }> {
  const inserted = await trx
    .insertInto('smart_accounts')
    .values(row)
    .onConflict((oc) => oc.columns(['chain_id', 'user_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { row: inserted, created: true };
  const existing = await trx
    .selectFrom('smart_accounts')
    .selectAll()
    .where('chain_id', '=', row.chain_id)
    .where('user_id', '=', row.user_id)
    .executeTakeFirstOrThrow();
  return { row: existing, created: false };
}

export async function accountById(db: Db, id: string): Promise<SmartAccountRow | undefined> {
  return db.selectFrom('smart_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function accountOf(db: Db, chainId: number, userId: string): Promise<SmartAccountRow | undefined> {
  return db
    .selectFrom('smart_accounts')
    .selectAll()
    .where('chain_id', '=', chainId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** A page of accounts, newest first (ids are time-ordered), below `belowId` when given. */
export async function listAccounts(
  db: Db,
  q: { limit: number; belowId?: string; userId?: string; chainId?: number },
): Promise<SmartAccountRow[]> {
  let query = db.selectFrom('smart_accounts').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.belowId) query = query.where('id', '<', q.belowId);
  if (q.userId !== undefined) query = query.where('user_id', '=', q.userId);
  if (q.chainId !== undefined) query = query.where('chain_id', '=', q.chainId);
  return query.execute();
}

/** Records the first time the account was seen with code; returns the row as it is now. */
export async function markDeployed(db: Db, id: string, at: Date): Promise<SmartAccountRow> {
  return db
    .updateTable('smart_accounts')
    .set({ deployed_at: at })
    .where('id', '=', id)
    .where('deployed_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
    .then(async (r) => r ?? (await accountById(db, id))!);
}

/** The Keel smart account at `address` on the chain (addresses are stored checksummed). */
export async function accountByAddress(db: Db, chainId: number, address: string): Promise<SmartAccountRow | undefined> {
  return db
    .selectFrom('smart_accounts')
    .selectAll()
    .where('chain_id', '=', chainId)
    .where('address', '=', address)
    .executeTakeFirst();
}
