import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import { appendAudit } from '../audit/store.ts';
import { dbJson } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import type { EventType } from '../events/catalogue.ts';
import { publishEvent } from '../events/store.ts';
import { NotFoundError, PermanentError } from '../lib/errors.ts';
import { releaseUsage } from '../policy/windows-store.ts';
import type { UserOperationOutcome, UserOperationOutcomes } from './user-operation-outcomes.ts';
import { type UserOperationRow, userOperationResource } from './user-operation-resource.ts';
import {
  canTransitionUserOp,
  FINAL_USER_OP_SET,
  type UserOpStatus,
  userOpReleasesUsage,
} from './user-operation-states.ts';
import type { UserOperationsTable } from './user-operation-tables.ts';

/**
 * The SQL of the user-operation worker: claiming due operations under a lease, and every change
 * of state the worker makes — through `canTransitionUserOp`, with its history row, its event,
 * its audit entry, the release of its policy windows and its outcome hook, in the caller's
 * database transaction.
 */

/** Channel a writer notifies when an operation becomes due now (the worker also polls). */
export const USER_OP_NOTIFY_CHANNEL = 'keel_user_operations';

/** A change of state refused because the operation is no longer where the worker thought. */
export class UserOpStateError extends PermanentError {
  constructor(id: string, status: UserOpStatus, wanted: UserOpStatus) {
    super('user_operation_state_conflict', `user operation ${id} is ${status}; it cannot move to ${wanted}`, {
      extra: { userOperationId: id, status },
    });
  }
}

export interface UserOpTransition {
  from: UserOpStatus;
  to: UserOpStatus;
  /** Stable snake_case reason (`custodial_signed`, `sent`, `included`, `sponsorship_denied`…). */
  reason: string;
  detail?: Record<string, unknown> | undefined;
  /** Columns set with the change. */
  patch?: Partial<Insertable<UserOperationsTable>> | undefined;
  /** Whether a `failed` operation was mined (its calls reverted): windows are kept then. */
  mined?: boolean | undefined;
  /** Extra audit details (the custodial signer). */
  audit?: Record<string, unknown> | undefined;
}

/** Which event a change publishes (none for `queued → signed`). */
export function userOpEventOf(to: UserOpStatus, reason: string): EventType | null {
  switch (to) {
    case 'awaiting_signature':
      return 'user_operation.signature_required';
    case 'submitted':
      return reason.startsWith('reorged') ? 'user_operation.reorged' : 'user_operation.submitted';
    case 'included':
      return 'user_operation.included';
    case 'confirmed':
      return 'user_operation.confirmed';
    case 'failed':
    case 'expired':
      return 'user_operation.failed';
    default:
      return null;
  }
}

const isFinal = (s: UserOpStatus): s is UserOperationOutcome['status'] => FINAL_USER_OP_SET.has(s);

export class UserOpWorkerStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly outcomes: UserOperationOutcomes,
  ) {}

  /** Claims up to `limit` due operations under a lease (`FOR UPDATE SKIP LOCKED`), skipping `exclude`. */
  async claimDue(
    workerId: string,
    limit: number,
    leaseMs: number,
    exclude: readonly string[] = [],
  ): Promise<UserOperationRow[]> {
    const r = await sql<UserOperationRow>`
      update user_operations u set lease_until = clock_timestamp() + make_interval(secs => ${leaseMs / 1000}),
        lease_owner = ${workerId}, attempts = u.attempts + 1
      where u.id in (
        select id from user_operations
        where next_run_at <= clock_timestamp() and (lease_until is null or lease_until < clock_timestamp())
          and id <> all(${[...exclude]}::text[])
        order by next_run_at limit ${limit}
        for update skip locked)
      returning u.*`.execute(this.db);
    return r.rows;
  }

  /**
   * Ends this worker's lease; the operation is due again at `nextRunAt` (null: nothing to do).
   * An operation in a state that needs a worker is never parked, whatever the step thought (a
   * signature or a cancellation may have moved it meanwhile): due now, or at its deadline.
   */
  async releaseLease(id: string, workerId: string, nextRunAt: Date | null, lastError: string | null): Promise<void> {
    await sql`update user_operations set lease_until = null, lease_owner = null,
        next_run_at = case
          when ${nextRunAt}::timestamptz is not null then ${nextRunAt}::timestamptz
          when status in ('queued', 'signed', 'submitted', 'included') then clock_timestamp()
          when status = 'awaiting_signature' then signature_deadline
          when status = 'pending_review' then review_expires_at
          else null end,
        last_error = ${lastError}
      where id = ${id} and lease_owner = ${workerId}`.execute(this.db);
  }

  /** Extends this worker's lease while a long step runs. */
  async renewLease(id: string, workerId: string, leaseMs: number): Promise<void> {
    await sql`update user_operations set lease_until = clock_timestamp() + make_interval(secs => ${leaseMs / 1000})
      where id = ${id} and lease_owner = ${workerId}`.execute(this.db);
  }

  async load(db: Kysely<DB> | Transaction<DB>, id: string): Promise<UserOperationRow> {
    const row = await db.selectFrom('user_operations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError(`no user operation ${id}`);
    return row;
  }

  /** The row, locked for the rest of `trx`. */
  async lock(trx: Transaction<DB>, id: string): Promise<UserOperationRow> {
    const row = await trx.selectFrom('user_operations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new NotFoundError(`no user operation ${id}`);
    return row;
  }

  /** Sets columns without a change of state (inside the row's own step). */
  async patch(trx: Transaction<DB>, id: string, patch: Partial<Insertable<UserOperationsTable>>): Promise<void> {
    await trx
      .updateTable('user_operations')
      .set({ ...patch, updated_at: sql<Date>`clock_timestamp()` } as never)
      .where('id', '=', id)
      .execute();
  }

  /**
   * Moves the operation `from → to` (refused unless it is an edge and the row is still in `from`),
   * with its history row, event, audit entry, window release and outcome hook, all in `trx`.
   */
  async transition(trx: Transaction<DB>, id: string, t: UserOpTransition): Promise<UserOperationRow> {
    if (!canTransitionUserOp(t.from, t.to)) throw new UserOpStateError(id, t.from, t.to);
    const final = isFinal(t.to);
    const updated = await trx
      .updateTable('user_operations')
      .set({
        ...(t.patch ?? {}),
        status: t.to,
        status_reason: t.reason,
        updated_at: sql<Date>`clock_timestamp()`,
        ...(final ? { finished_at: sql<Date>`clock_timestamp()` } : { finished_at: null }),
      } as never)
      .where('id', '=', id)
      .where('status', '=', t.from)
      .returningAll()
      .executeTakeFirst();
    if (!updated) {
      const cur = await trx.selectFrom('user_operations').select('status').where('id', '=', id).executeTakeFirst();
      if (!cur) throw new NotFoundError(`no user operation ${id}`);
      throw new UserOpStateError(id, cur.status, t.to);
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
    if (userOpReleasesUsage(t.to, t.mined ?? false)) await releaseUsage(trx, id);
    const ev = userOpEventOf(t.to, t.reason);
    if (ev) {
      const history = await this.history(trx, id);
      await publishEvent(trx, ev, userOperationResource(updated, history));
    }
    const to = t.to;
    if (isFinal(to)) await this.outcomes.deliver(trx, { kind: 'final', status: to, operation: updated });
    else if (isFinal(t.from))
      await this.outcomes.deliver(trx, { kind: 'retracted', status: t.from, operation: updated });
    // Last: the audit log's lock is held until commit.
    await appendAudit(trx, {
      actor: 'worker',
      action: 'user_operation.state_changed',
      subject: id,
      details: { from: t.from, to: t.to, reason: t.reason, userOpHash: updated.user_op_hash, ...(t.audit ?? {}) },
    });
    return updated;
  }

  async history(db: Kysely<DB> | Transaction<DB>, id: string) {
    return db
      .selectFrom('user_operation_history')
      .selectAll()
      .where('user_operation_id', '=', id)
      .orderBy('id')
      .execute();
  }

  /**
   * Inserts an operation as the intake would leave it (`queued`, due now) with its first history
   * row. The intake (user-operation-store.ts) is the writer in production; tests use this.
   */
  async insertQueued(row: Insertable<UserOperationsTable>): Promise<UserOperationRow> {
    return this.db.transaction().execute(async (trx) => {
      const stored = await trx
        .insertInto('user_operations')
        .values({ ...row, status: 'queued', next_run_at: row.next_run_at ?? sql<Date>`clock_timestamp()` } as never)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('user_operation_history')
        .values({ user_operation_id: stored.id, status: 'queued', reason: 'policy_allowed', detail: null })
        .execute();
      await sql`select pg_notify(${USER_OP_NOTIFY_CHANNEL}, '')`.execute(trx);
      return stored;
    });
  }

  /**
   * Stores an external signature into the built operation and moves it to `signed`, due now: what
   * `POST /v1/user-operations/:id/signature` does (the intake's store owns that path; tests use this).
   */
  async storeSignature(id: string, signature: string): Promise<UserOperationRow> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.lock(trx, id);
      const op = { ...dbJson<Record<string, unknown>>(row.user_op), signature };
      const moved = await this.transition(trx, id, {
        from: 'awaiting_signature',
        to: 'signed',
        reason: 'signature_received',
        patch: { user_op: JSON.stringify(op), next_run_at: sql<Date>`clock_timestamp()` as never },
      });
      await sql`select pg_notify(${USER_OP_NOTIFY_CHANNEL}, '')`.execute(trx);
      return moved;
    });
  }
}
