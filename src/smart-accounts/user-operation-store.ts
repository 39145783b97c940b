import { USER_OP_NOTIFY_CHANNEL } from './user-operation-worker-store.ts';
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { KeelError } from '../lib/errors.ts';
import {
  type UserOperationHistoryRow,
  type UserOperationResource,
  type UserOperationRow,
  userOperationResource,
} from './user-operation-resource.ts';
import { canTransitionUserOp, type UserOpStatus } from './user-operation-states.ts';
import type { UserOperationsTable } from './user-operation-tables.ts';

/**
 * The SQL of the synchronous half of user operations (intake, review, cancel, external signature,
 * reads): `user_operations` and `user_operation_history`. The worker's own claims and transitions
 * live in user-operation-worker-store.ts; both go through `canTransitionUserOp`.
 */

type Db = Kysely<DB> | Transaction<DB>;

export interface HistoryEntry {
  status: UserOpStatus;
  reason: string;
  detail?: Record<string, unknown>;
}

/** 409 `user_operation_state`: the operation is not in a state that allows `wanted`. */
export class UserOperationStateError extends KeelError {
  constructor(id: string, status: UserOpStatus, wanted: string) {
    super('user_operation_state', `user operation ${id} is ${status}: it cannot ${wanted}`, { extra: { status } });
  }
}

/** Inserts an operation with its history; returns the row and its resource (with history). */
export async function insertUserOperation(
  trx: Transaction<DB>,
  row: Insertable<UserOperationsTable>,
  history: readonly HistoryEntry[],
): Promise<{ row: UserOperationRow; resource: UserOperationResource }> {
  const stored = await trx.insertInto('user_operations').values(row).returningAll().executeTakeFirstOrThrow();
  const entries = await trx
    .insertInto('user_operation_history')
    .values(
      history.map((h) => ({
        user_operation_id: row.id,
        status: h.status,
        reason: h.reason,
        detail: h.detail ? JSON.stringify(h.detail) : null,
      })),
    )
    .returningAll()
    .execute();
  if (row.status === 'queued') await sql`select pg_notify(${USER_OP_NOTIFY_CHANNEL}, '')`.execute(trx);
  return { row: stored, resource: userOperationResource(stored, entries) };
}

export async function userOperationRow(db: Db, id: string): Promise<UserOperationRow | undefined> {
  return db.selectFrom('user_operations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The row locked for an update (`FOR UPDATE`), or undefined. */
export async function lockUserOperation(trx: Transaction<DB>, id: string): Promise<UserOperationRow | undefined> {
  return trx.selectFrom('user_operations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function userOperationHistory(db: Db, id: string): Promise<UserOperationHistoryRow[]> {
  return db
    .selectFrom('user_operation_history')
    .selectAll()
    .where('user_operation_id', '=', id)
    .orderBy('id')
    .execute();
}

/** The resource with its history, or undefined. */
export async function loadUserOperation(db: Db, id: string): Promise<UserOperationResource | undefined> {
  const row = await userOperationRow(db, id);
  return row ? userOperationResource(row, await userOperationHistory(db, id)) : undefined;
}

const FINAL: ReadonlySet<UserOpStatus> = new Set(['confirmed', 'failed', 'rejected', 'expired', 'cancelled']);

/**
 * Moves an operation from one of `from` to `to` (an edge of the state machine), with `patch`, and
 * a history row. Throws `UserOperationStateError` when the operation is in none of `from`.
 */
export async function transitionUserOperation(
  trx: Transaction<DB>,
  id: string,
  t: {
    from: readonly UserOpStatus[];
    to: UserOpStatus;
    reason: string;
    detail?: Record<string, unknown>;
    patch?: Partial<Insertable<UserOperationsTable>>;
    wanted?: string;
  },
): Promise<UserOperationRow> {
  const allowed = t.from.filter((f) => canTransitionUserOp(f, t.to));
  const updated = allowed.length
    ? await trx
        .updateTable('user_operations')
        .set({
          ...t.patch,
          status: t.to,
          status_reason: t.reason,
          updated_at: sql<Date>`clock_timestamp()`,
          ...(FINAL.has(t.to) ? { finished_at: sql<Date>`clock_timestamp()` } : {}),
        })
        .where('id', '=', id)
        .where('status', 'in', allowed)
        .returningAll()
        .executeTakeFirst()
    : undefined;
  if (!updated) {
    const cur = await userOperationRow(trx, id);
    throw new UserOperationStateError(id, cur?.status ?? t.from[0] ?? t.to, t.wanted ?? `move to ${t.to}`);
  }
  await trx
    .insertInto('user_operation_history')
    .values({
      user_operation_id: id,
      status: t.to,
      reason: t.reason,
      detail: t.detail ? JSON.stringify(t.detail) : null,
    })
    .execute();
  if (t.to === 'queued' || t.to === 'signed') await sql`select pg_notify(${USER_OP_NOTIFY_CHANNEL}, '')`.execute(trx);
  return updated;
}

/**
 * A page of operations, newest first (ids are time-ordered), below `belowId`: of accounts created by
 * `principal` (null: every account, for admins), optionally one account's and one status.
 */
export async function listUserOperations(
  db: Db,
  q: { principal: string | null; accountId?: string; status?: UserOpStatus; belowId?: string; limit: number },
): Promise<UserOperationRow[]> {
  let query = db.selectFrom('user_operations').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.principal !== null) {
    const principal = q.principal;
    query = query.where('account_id', 'in', (sub) =>
      sub.selectFrom('smart_accounts').select('id').where('created_by_principal', '=', principal),
    );
  }
  if (q.accountId) query = query.where('account_id', '=', q.accountId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.belowId) query = query.where('id', '<', q.belowId);
  return query.execute();
}
