import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { StoredKeyStatus } from './session-key-logic.ts';
import type { SessionKeysTable } from './session-key-tables.ts';

/** The only SQL of session keys (`session_keys`), in the caller's transaction when given one. */

type Db = Kysely<DB> | Transaction<DB>;
export type SessionKeyRow = Selectable<SessionKeysTable>;

export async function insertKey(trx: Db, row: Insertable<SessionKeysTable>): Promise<SessionKeyRow> {
  return trx.insertInto('session_keys').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Removes a key recorded moments ago whose grant operation could not be created (nothing half-written). */
export async function deletePendingKey(trx: Db, id: string): Promise<void> {
  await trx.deleteFrom('session_keys').where('id', '=', id).where('grant_operation_id', 'is', null).execute();
}

export async function keyById(db: Db, accountId: string, id: string): Promise<SessionKeyRow | undefined> {
  return db
    .selectFrom('session_keys')
    .selectAll()
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** The key row locked for an update (outcome handlers, revocation). */
export async function lockKey(trx: Transaction<DB>, id: string): Promise<SessionKeyRow | undefined> {
  return trx.selectFrom('session_keys').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The key whose grant or revoke operation is `operationId`. */
export async function keyByOperation(
  trx: Transaction<DB>,
  kind: 'grant' | 'revoke',
  operationId: string,
): Promise<SessionKeyRow | undefined> {
  return trx
    .selectFrom('session_keys')
    .selectAll()
    .where(kind === 'grant' ? 'grant_operation_id' : 'revoke_operation_id', '=', operationId)
    .forUpdate()
    .executeTakeFirst();
}

/** A page of an account's keys, newest first, below `belowId` when given. */
export async function listKeys(
  db: Db,
  accountId: string,
  q: { limit: number; belowId?: string },
): Promise<SessionKeyRow[]> {
  let query = db
    .selectFrom('session_keys')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.belowId) query = query.where('id', '<', q.belowId);
  return query.execute();
}

export async function setOperation(
  trx: Db,
  id: string,
  kind: 'grant' | 'revoke',
  operationId: string,
  status?: StoredKeyStatus,
): Promise<SessionKeyRow> {
  return trx
    .updateTable('session_keys')
    .set({
      ...(kind === 'grant' ? { grant_operation_id: operationId } : { revoke_operation_id: operationId }),
      ...(status ? { status } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Moves a key to `status` with the timestamps the move implies; `granted`: the move comes from
 * the grant (active sets `granted_at`, pending clears it), not from a revocation's outcome.
 */
export async function setStatus(
  trx: Db,
  id: string,
  status: StoredKeyStatus,
  reason: string | null,
  at: Date,
  opts: { granted: boolean },
): Promise<SessionKeyRow> {
  return trx
    .updateTable('session_keys')
    .set({
      status,
      status_reason: reason,
      updated_at: at,
      ...(status === 'active' && opts.granted ? { granted_at: at } : {}),
      ...(status === 'active' ? { revoked_at: null } : {}),
      ...(status === 'revoked' ? { revoked_at: at } : {}),
      ...(status === 'pending' ? { granted_at: null } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Marks the account's other recorded grants of the same key address revoked, replaced by `byId`
 * (the contract replaces a key's grant with a new one). Returns the rows it changed.
 */
export async function markReplaced(
  trx: Transaction<DB>,
  row: Pick<SessionKeyRow, 'id' | 'account_id' | 'key_address'>,
  at: Date,
): Promise<SessionKeyRow[]> {
  return trx
    .updateTable('session_keys')
    .set({ status: 'revoked', status_reason: 'replaced', replaced_by: row.id, revoked_at: at, updated_at: at })
    .where('account_id', '=', row.account_id)
    .where('key_address', '=', row.key_address)
    .where('id', '!=', row.id)
    .where('status', 'in', ['active', 'revoking'])
    .returningAll()
    .execute();
}
