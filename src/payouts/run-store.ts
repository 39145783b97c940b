import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { LineStatus, PayoutLinesTable, PayoutPlansTable, PayoutRunsTable, RunStatus } from './run-tables.ts';

/** The only SQL of payout plans and runs (migration 0025). */

type Db = Kysely<DB> | Transaction<DB>;
export type PlanRow = Selectable<PayoutPlansTable>;
export type RunRow = Selectable<PayoutRunsTable>;
export type LineRow = Selectable<PayoutLinesTable>;

export async function insertPlan(trx: Transaction<DB>, row: Insertable<PayoutPlansTable>): Promise<void> {
  await trx.insertInto('payout_plans').values(row).execute();
}

export async function planById(db: Db, id: string, lock = false): Promise<PlanRow | undefined> {
  let q = db.selectFrom('payout_plans').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listPlans(db: Db, limit: number, startingAfter?: string): Promise<PlanRow[]> {
  let q = db
    .selectFrom('payout_plans')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (startingAfter) q = q.where('id', '<', startingAfter);
  return q.execute();
}

export async function runById(db: Db, id: string, lock = false): Promise<RunRow | undefined> {
  let q = db.selectFrom('payout_runs').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function runByKey(db: Db, key: string): Promise<RunRow | undefined> {
  return db.selectFrom('payout_runs').selectAll().where('line_key', '=', key).executeTakeFirst();
}

export async function listRuns(
  db: Db,
  filter: { planId?: string; status?: RunStatus; limit: number; startingAfter?: string },
): Promise<RunRow[]> {
  let q = db
    .selectFrom('payout_runs')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.planId) q = q.where('plan_id', '=', filter.planId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.startingAfter) q = q.where('id', '<', filter.startingAfter);
  return q.execute();
}

/** The plan's runs whose period meets `[from, to)` (the identical one included). */
export async function runsMeeting(db: Db, planId: string, from: Date, to: Date): Promise<RunRow[]> {
  return db
    .selectFrom('payout_runs')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('period_from', '<', to)
    .where('period_to', '>', from)
    .execute();
}

export async function runsInReview(db: Db, planId: string): Promise<RunRow[]> {
  return db
    .selectFrom('payout_runs')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('status', '=', 'pending_review')
    .execute();
}

export async function insertRun(trx: Transaction<DB>, row: Insertable<PayoutRunsTable>): Promise<void> {
  await trx.insertInto('payout_runs').values(row).execute();
}

export async function insertLines(trx: Transaction<DB>, rows: Insertable<PayoutLinesTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto('payout_lines')
      .values(rows.slice(i, i + 1000))
      .execute();
}

export async function linesOfRun(db: Db, runId: string): Promise<LineRow[]> {
  return db.selectFrom('payout_lines').selectAll().where('run_id', '=', runId).orderBy('id').execute();
}

export async function setRunStatus(
  trx: Transaction<DB>,
  id: string,
  status: RunStatus,
  extra: Pick<
    Updateable<PayoutRunsTable>,
    'decided_by_principal' | 'decision_note' | 'finished_at' | 'decided_at' | 'total' | 'carried_out'
  > = {},
): Promise<void> {
  await trx
    .updateTable('payout_runs')
    .set({ status, ...extra })
    .where('id', '=', id)
    .execute();
}

/** What earlier runs of the plan carry per payee. */
export async function carriesOf(db: Db, planId: string): Promise<Map<string, bigint>> {
  const rows = await db.selectFrom('payout_carries').selectAll().where('plan_id', '=', planId).execute();
  return new Map(rows.map((r) => [r.payee_id, BigInt(r.amount)]));
}

/** Replaces what the plan carries (payees with nothing carried have no row). */
export async function replaceCarries(
  trx: Transaction<DB>,
  planId: string,
  carried: Map<string, bigint>,
): Promise<void> {
  await trx.deleteFrom('payout_carries').where('plan_id', '=', planId).execute();
  const rows = [...carried]
    .filter(([, a]) => a > 0n)
    .map(([payee_id, a]) => ({ plan_id: planId, payee_id, amount: a.toString() }));
  if (rows.length) await trx.insertInto('payout_carries').values(rows).execute();
}

/** Adds `amount` to what the plan carries for `payeeId`. */
export async function addCarry(trx: Transaction<DB>, planId: string, payeeId: string, amount: bigint): Promise<void> {
  await sql`insert into payout_carries (plan_id, payee_id, amount) values (${planId}, ${payeeId}, ${amount.toString()})
    on conflict (plan_id, payee_id) do update
    set amount = (payout_carries.amount::numeric + excluded.amount::numeric)::text, updated_at = now()`.execute(trx);
}

/** Lines of a run that are pending and not sent yet, locked. */
export async function unsentLines(trx: Transaction<DB>, runId: string): Promise<LineRow[]> {
  return trx
    .selectFrom('payout_lines')
    .selectAll()
    .where('run_id', '=', runId)
    .where('status', '=', 'pending')
    .where('tx_id', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function updateLine(
  trx: Transaction<DB>,
  id: string,
  set: Pick<
    Updateable<PayoutLinesTable>,
    'status' | 'reason' | 'address' | 'amount' | 'carried_out' | 'tx_id' | 'settled_at'
  >,
): Promise<void> {
  await trx.updateTable('payout_lines').set(set).where('id', '=', id).execute();
}

/** Ties lines to the transaction that pays them (another attempt). */
export async function assignLines(trx: Transaction<DB>, ids: readonly string[], txId: string): Promise<void> {
  if (!ids.length) return;
  await trx
    .updateTable('payout_lines')
    .set((eb) => ({ tx_id: txId, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', ids)
    .execute();
}

/** The lines a transaction pays, locked. */
export async function linesOfTx(trx: Transaction<DB>, txId: string): Promise<LineRow[]> {
  return trx.selectFrom('payout_lines').selectAll().where('tx_id', '=', txId).orderBy('id').forUpdate().execute();
}

/** Settles the `from` lines of a transaction; answers those it changed. */
export async function settleLinesOfTx(
  trx: Transaction<DB>,
  txId: string,
  from: LineStatus,
  to: LineStatus,
  reason: string | null,
  txHash: string | null,
): Promise<LineRow[]> {
  return trx
    .updateTable('payout_lines')
    .set({ status: to, reason, tx_hash: txHash, settled_at: to === 'pending' ? null : new Date() })
    .where('tx_id', '=', txId)
    .where('status', '=', from)
    .returningAll()
    .execute();
}

/** Failed lines of a run that a retry may send again (their batch failed or was never sent). */
export async function retryableLines(trx: Transaction<DB>, runId: string): Promise<LineRow[]> {
  return trx
    .selectFrom('payout_lines')
    .selectAll()
    .where('run_id', '=', runId)
    .where('status', '=', 'failed')
    .where((eb) => eb.or([eb('reason', 'like', 'batch_failed%'), eb('reason', 'like', 'not_sent%')]))
    .forUpdate()
    .execute();
}

/** Puts lines back to pending, unsent (a retry). */
export async function resetLines(trx: Transaction<DB>, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await trx
    .updateTable('payout_lines')
    .set({ status: 'pending', reason: null, tx_id: null, settled_at: null })
    .where('id', 'in', ids)
    .execute();
}

/** Runs still executing with lines not yet sent, created before `before` (the dispatch backstop). */
export async function runsWithUnsentLines(db: Db, before: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('payout_runs as r')
    .select('r.id')
    .where('r.status', '=', 'executing')
    .where('r.created_at', '<', before)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('payout_lines as l')
          .select('l.id')
          .whereRef('l.run_id', '=', 'r.id')
          .where('l.status', '=', 'pending')
          .where('l.tx_id', 'is', null),
      ),
    )
    .limit(50)
    .execute();
  return rows.map((r) => r.id);
}

/** Transactions of lines still pending (the catch-up at start). */
export async function pendingLineTxIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('payout_lines')
    .select('tx_id')
    .distinct()
    .where('status', '=', 'pending')
    .where('tx_id', 'is not', null)
    .execute();
  return rows.map((r) => r.tx_id!);
}

/** A payee's lines of runs created in `[from, to)` with their run (statements). */
export async function linesOfPayee(db: Db, payeeId: string, from: Date, to: Date) {
  return db
    .selectFrom('payout_lines as l')
    .innerJoin('payout_runs as r', 'r.id', 'l.run_id')
    .select([
      'l.id',
      'l.run_id',
      'l.earned',
      'l.carried_in',
      'l.amount',
      'l.carried_out',
      'l.status',
      'l.reason',
      'l.source',
      'l.tx_id',
      'l.tx_hash',
      'l.settled_at',
      'l.created_at',
      'r.plan_id',
      'r.chain_id',
      'r.asset_symbol',
      'r.asset_address',
      'r.asset_decimals',
      'r.period_from',
      'r.period_to',
      'r.status as run_status',
    ])
    .where('l.payee_id', '=', payeeId)
    .where('l.created_at', '>=', from)
    .where('l.created_at', '<', to)
    .where('r.status', '!=', 'rejected')
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();
}
