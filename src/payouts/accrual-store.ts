import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type {
  PayoutAccrualBalancesTable,
  PayoutAccrualBatchesTable,
  PayoutAccrualCreditsTable,
  PayoutAccrualSettlementsTable,
  PayoutAccrualStreamsTable,
} from './accrual-tables.ts';

/**
 * The SQL of accruals (migration 0026): balances per payee, chain and asset, the credits and
 * streams that feed them, and the batches and settlements that hand them to payout runs. Every
 * change of a balance keeps credited = accrued + reserved + paid (the table checks it too).
 */

type Db = Kysely<DB> | Transaction<DB>;
export type BalanceRow = Selectable<PayoutAccrualBalancesTable>;
export type CreditRow = Selectable<PayoutAccrualCreditsTable>;
export type StreamRow = Selectable<PayoutAccrualStreamsTable>;
export type BatchRow = Selectable<PayoutAccrualBatchesTable>;
export type SettlementRow = Selectable<PayoutAccrualSettlementsTable>;

/** A balance's key and the asset facts stored beside it. */
export interface BalanceKey {
  payeeId: string;
  chainId: number;
  asset: string;
}

export interface BalanceAsset extends BalanceKey {
  symbol: string;
  decimals: number;
}

export async function creditByReference(db: Db, reference: string): Promise<CreditRow | undefined> {
  return db.selectFrom('payout_accrual_credits').selectAll().where('reference', '=', reference).executeTakeFirst();
}

/** Inserts a credit unless its reference exists; false when it did (the caller answers the first). */
export async function insertCredit(trx: Db, row: Insertable<PayoutAccrualCreditsTable>): Promise<boolean> {
  const r = await trx
    .insertInto('payout_accrual_credits')
    .values(row)
    .onConflict((oc) => oc.column('reference').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * Adds `amount` to a balance (credited and accrued), creating it at zero first. `streamDue`
 * marks stream money moved in at a settlement instant: paid at the next check.
 */
export async function addToBalance(trx: Db, key: BalanceAsset, amount: bigint, streamDue = false): Promise<BalanceRow> {
  const a = amount.toString();
  return trx
    .insertInto('payout_accrual_balances')
    .values({
      payee_id: key.payeeId,
      chain_id: key.chainId,
      asset: key.asset,
      asset_symbol: key.symbol,
      decimals: key.decimals,
      credited: a,
      accrued: a,
      first_unpaid_at: amount > 0n ? new Date() : null,
      stream_due: streamDue && amount > 0n,
    })
    .onConflict((oc) =>
      oc.columns(['payee_id', 'chain_id', 'asset']).doUpdateSet({
        credited: sql<string>`payout_accrual_balances.credited + ${a}::numeric`,
        accrued: sql<string>`payout_accrual_balances.accrued + ${a}::numeric`,
        first_unpaid_at:
          amount > 0n
            ? sql<Date>`coalesce(payout_accrual_balances.first_unpaid_at, now())`
            : sql<Date>`payout_accrual_balances.first_unpaid_at`,
        stream_due: sql<boolean>`payout_accrual_balances.stream_due or ${streamDue && amount > 0n}`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function balanceOf(db: Db, key: BalanceKey, lock = false): Promise<BalanceRow | undefined> {
  let q = db
    .selectFrom('payout_accrual_balances')
    .selectAll()
    .where('payee_id', '=', key.payeeId)
    .where('chain_id', '=', key.chainId)
    .where('asset', '=', key.asset);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface BalanceFilter {
  payeeId?: string;
  chainId?: number;
  asset?: string;
}

export async function listBalances(db: Db, f: BalanceFilter, limit: number): Promise<BalanceRow[]> {
  let q = db.selectFrom('payout_accrual_balances').selectAll();
  if (f.payeeId) q = q.where('payee_id', '=', f.payeeId);
  if (f.chainId !== undefined) q = q.where('chain_id', '=', f.chainId);
  if (f.asset) q = q.where('asset', '=', f.asset);
  return q.orderBy('payee_id').orderBy('chain_id').orderBy('asset').limit(limit).execute();
}

/** Balances with something accrued, oldest unpaid first (candidates for payment). */
export async function accruedBalances(db: Db): Promise<BalanceRow[]> {
  return db
    .selectFrom('payout_accrual_balances')
    .selectAll()
    .where('accrued', '>', '0')
    .orderBy('first_unpaid_at')
    .execute();
}

/**
 * Moves everything accrued of a locked balance to reserved; the amount moved (0 when nothing
 * was accrued any more) and the oldest-unpaid time it cleared (restored on release).
 */
export async function reserveBalance(
  trx: Transaction<DB>,
  key: BalanceKey,
): Promise<{ amount: bigint; firstUnpaidAt: Date | null }> {
  const b = await balanceOf(trx, key, true);
  if (!b || BigInt(b.accrued) <= 0n) return { amount: 0n, firstUnpaidAt: null };
  await whereKey(trx.updateTable('payout_accrual_balances'), key)
    .set({
      accrued: '0',
      reserved: sql<string>`reserved + accrued`,
      first_unpaid_at: null,
      stream_due: false,
      retry_after: null,
      updated_at: sql<Date>`now()`,
    })
    .execute();
  return { amount: BigInt(b.accrued), firstUnpaidAt: b.first_unpaid_at };
}

/**
 * A reservation made final: paid, or released back to accrued (its oldest-unpaid time kept, not
 * paid again before `retryAfter`).
 */
export async function settleBalance(
  trx: Transaction<DB>,
  key: BalanceKey,
  amount: bigint,
  outcome: 'paid' | 'released',
  firstUnpaidAt: Date | null,
  retryAfter: Date | null = null,
): Promise<void> {
  const a = amount.toString();
  const q = whereKey(trx.updateTable('payout_accrual_balances'), key).where('reserved', '>=', a);
  const r =
    outcome === 'paid'
      ? await q
          .set({
            reserved: sql<string>`reserved - ${a}::numeric`,
            paid: sql<string>`paid + ${a}::numeric`,
            updated_at: sql<Date>`now()`,
          })
          .executeTakeFirst()
      : await q
          .set({
            reserved: sql<string>`reserved - ${a}::numeric`,
            accrued: sql<string>`accrued + ${a}::numeric`,
            first_unpaid_at: sql<Date>`least(first_unpaid_at, ${firstUnpaidAt ?? new Date()}::timestamptz)`,
            retry_after: retryAfter,
            updated_at: sql<Date>`now()`,
          })
          .executeTakeFirst();
  if (r.numUpdatedRows !== 1n)
    throw new Error(`balance ${key.payeeId}/${key.chainId}/${key.asset} has less than ${a} reserved`);
}

// biome-ignore lint/suspicious/noExplicitAny: a where-by-key over an update builder of this one table
function whereKey<Q extends { where: (...a: any[]) => Q }>(q: Q, key: BalanceKey): Q {
  return q.where('payee_id', '=', key.payeeId).where('chain_id', '=', key.chainId).where('asset', '=', key.asset);
}

// Streams

export async function insertStream(trx: Db, row: Insertable<PayoutAccrualStreamsTable>): Promise<void> {
  await trx.insertInto('payout_accrual_streams').values(row).execute();
}

export async function streamById(db: Db, id: string, lock = false): Promise<StreamRow | undefined> {
  let q = db.selectFrom('payout_accrual_streams').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listStreams(db: Db, f: BalanceFilter, limit: number): Promise<StreamRow[]> {
  let q = db.selectFrom('payout_accrual_streams').selectAll();
  if (f.payeeId) q = q.where('payee_id', '=', f.payeeId);
  if (f.chainId !== undefined) q = q.where('chain_id', '=', f.chainId);
  if (f.asset) q = q.where('asset', '=', f.asset);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export async function stopStreamAt(trx: Db, id: string, at: Date): Promise<StreamRow | undefined> {
  return trx
    .updateTable('payout_accrual_streams')
    .set({ stopped_at: at })
    .where('id', '=', id)
    .where('stopped_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Streams with money to move at `instant`: started before it and accounted short of it, their end and their stop. */
export async function streamsToSettle(db: Db, instant: Date): Promise<StreamRow[]> {
  return db
    .selectFrom('payout_accrual_streams')
    .selectAll()
    .where('start_at', '<', instant)
    .where('accounted_until', '<', instant)
    .where((eb) => eb.or([eb('end_at', 'is', null), eb('accounted_until', '<', eb.ref('end_at'))]))
    .where((eb) => eb.or([eb('stopped_at', 'is', null), eb('accounted_until', '<', eb.ref('stopped_at'))]))
    .orderBy('id')
    .execute();
}

/**
 * Records a stream's settlement at `instant` (`moved` is the new total), fenced on the
 * accounted time the caller read: false when another worker settled it meanwhile.
 */
export async function advanceStream(
  trx: Transaction<DB>,
  id: string,
  from: Date,
  instant: Date,
  moved: bigint,
): Promise<boolean> {
  const r = await trx
    .updateTable('payout_accrual_streams')
    .set({ accounted_until: instant, moved: moved.toString() })
    .where('id', '=', id)
    .where('accounted_until', '=', from)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

// Batches and settlements

/** Creates the batch of a run key; undefined when the key has one already (this window was taken). */
export async function createBatch(
  trx: Transaction<DB>,
  row: Insertable<PayoutAccrualBatchesTable>,
): Promise<BatchRow | undefined> {
  return trx
    .insertInto('payout_accrual_batches')
    .values(row)
    .onConflict((oc) => oc.column('run_key').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function insertSettlements(
  trx: Transaction<DB>,
  rows: Insertable<PayoutAccrualSettlementsTable>[],
): Promise<void> {
  if (rows.length) await trx.insertInto('payout_accrual_settlements').values(rows).execute();
}

export async function deleteBatch(trx: Transaction<DB>, id: string): Promise<void> {
  await trx.deleteFrom('payout_accrual_batches').where('id', '=', id).execute();
}

/** Batches whose run was not created yet (a crash, or the runner failed): sent again with the same key. */
export async function pendingBatches(db: Db): Promise<BatchRow[]> {
  return db.selectFrom('payout_accrual_batches').selectAll().where('status', '=', 'pending').orderBy('id').execute();
}

export async function settlementsOfBatch(db: Db, batchId: string): Promise<SettlementRow[]> {
  return db
    .selectFrom('payout_accrual_settlements')
    .selectAll()
    .where('batch_id', '=', batchId)
    .orderBy('id')
    .execute();
}

export async function batchSubmitted(db: Db, id: string, runId: string): Promise<void> {
  await db
    .updateTable('payout_accrual_batches')
    .set({ status: 'submitted', run_id: runId, submitted_at: new Date() })
    .where('id', '=', id)
    .execute();
  await db
    .updateTable('payout_accrual_settlements')
    .set({ run_id: runId })
    .where('batch_id', '=', id)
    .where('run_id', 'is', null)
    .execute();
}

export async function batchFailedAttempt(db: Db, id: string, error: string): Promise<void> {
  await db
    .updateTable('payout_accrual_batches')
    .set({ attempts: sql<number>`attempts + 1`, last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}

export async function settlementById(db: Db, id: string, lock = false): Promise<SettlementRow | undefined> {
  let q = db.selectFrom('payout_accrual_settlements').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function finishSettlement(
  trx: Transaction<DB>,
  id: string,
  patch: Pick<SettlementRow, 'status' | 'run_id' | 'line_id' | 'tx_id' | 'line_status'>,
): Promise<SettlementRow> {
  return trx
    .updateTable('payout_accrual_settlements')
    .set({ ...patch, finished_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function settlementsOfPayee(db: Db, payeeId: string, limit: number): Promise<SettlementRow[]> {
  return db
    .selectFrom('payout_accrual_settlements')
    .selectAll()
    .where('payee_id', '=', payeeId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
