import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { TreasuryMovementsTable, TreasuryPlansTable, TreasuryPlanStatus } from './tables.ts';

/**
 * The SQL of treasury plans and movements: a plan as computed, its execution (the batch it
 * became, one movement per deposit or withdrawal) and what the chain made of each movement —
 * written by the outcome handler in the pipeline's database transaction, never by polling.
 */

type Db = Kysely<DB> | Transaction<DB>;
export type PlanRow = Selectable<TreasuryPlansTable>;
export type MovementRow = Selectable<TreasuryMovementsTable>;

export async function insertPlan(trx: Db, row: Insertable<TreasuryPlansTable>): Promise<void> {
  await trx.insertInto('treasury_plans').values(row).execute();
}

export async function planById(db: Db, id: string, lock = false): Promise<PlanRow | undefined> {
  let q = db.selectFrom('treasury_plans').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function plansOfMandate(db: Db, mandateId: string, limit: number): Promise<PlanRow[]> {
  return db
    .selectFrom('treasury_plans')
    .selectAll()
    .where('mandate_id', '=', mandateId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function setPlanStatus(
  trx: Db,
  id: string,
  status: TreasuryPlanStatus,
  patch: Partial<Pick<PlanRow, 'batch_id' | 'executed_at' | 'finished_at'>> = {},
): Promise<void> {
  await trx
    .updateTable('treasury_plans')
    .set({ status, ...patch })
    .where('id', '=', id)
    .execute();
}

export async function insertMovements(trx: Db, rows: Insertable<TreasuryMovementsTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('treasury_movements').values(rows).execute();
}

export async function movementsOfPlan(db: Db, planId: string): Promise<MovementRow[]> {
  return db.selectFrom('treasury_movements').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
}

export async function movementByTx(db: Db, txId: string): Promise<MovementRow | undefined> {
  return db.selectFrom('treasury_movements').selectAll().where('tx_id', '=', txId).executeTakeFirst();
}

/** Confirmed movements of a mandate, oldest first (cost basis and yield). */
export async function confirmedMovements(db: Db, mandateId: string): Promise<MovementRow[]> {
  return db
    .selectFrom('treasury_movements')
    .selectAll()
    .where('mandate_id', '=', mandateId)
    .where('status', '=', 'confirmed')
    .orderBy('id')
    .execute();
}

/** Assets moved (deposits plus withdrawals, planned amounts) by a mandate since `since`, not failed. */
export async function movedSince(db: Db, mandateId: string, since: Date): Promise<bigint> {
  const rows = await db
    .selectFrom('treasury_movements')
    .select('assets')
    .where('mandate_id', '=', mandateId)
    .where('status', '!=', 'failed')
    .where('created_at', '>=', since)
    .execute();
  return rows.reduce((s, r) => s + BigInt(r.assets), 0n);
}

/** Settles a movement with what its transaction became (in the outcome's transaction). */
export async function settleMovement(
  trx: Transaction<DB>,
  txId: string,
  patch: {
    status: 'pending' | 'confirmed' | 'failed';
    assets?: string;
    shares?: string | null;
    block_number?: string | null;
  },
): Promise<MovementRow | undefined> {
  return trx
    .updateTable('treasury_movements')
    .set({ ...patch, finished_at: patch.status === 'pending' ? null : new Date() })
    .where('tx_id', '=', txId)
    .returningAll()
    .executeTakeFirst();
}

/** Movements of a plan still in flight, and transactions still awaited at start (outcome hooks). */
export async function pendingMovementTxIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('treasury_movements').select('tx_id').where('status', '=', 'pending').execute();
  return rows.map((r) => r.tx_id);
}

/**
 * The newest plan of a mandate with this `trigger` that can still act: proposed and not expired,
 * or executing. The watcher proposes a breaker's withdrawal plan only when there is none.
 */
export async function livePlanOfTrigger(db: Db, mandateId: string, trigger: string): Promise<PlanRow | undefined> {
  return db
    .selectFrom('treasury_plans')
    .selectAll()
    .where('mandate_id', '=', mandateId)
    .where('trigger', '=', trigger)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'executing'),
        eb.and([eb('status', '=', 'proposed'), eb('expires_at', '>', new Date())]),
      ]),
    )
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
