import { sql, type Selectable, type Transaction } from 'kysely';
import type { Config } from '../config/schema.ts';
import { dbJson } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import type { EventType } from '../events/catalogue.ts';
import { publishEvents } from '../events/store.ts';
import { intentResource } from './resource.ts';
import { intentState } from './state.ts';
import type { IntentStatus, PaymentDepositsTable, PaymentIntentsTable, PaymentRefundsTable } from './tables.ts';

/**
 * The one place a payment intent's state changes, part of the payments store (store.ts calls
 * it; nothing else does): lock intents and read everything that arrived for them, apply the
 * rules of state.ts, write what changed and publish an event per change with the resource as
 * it now is — all in the caller's transaction.
 *
 * Built for a block full of payments (thousands of intents in one range): a fixed number of
 * statements whatever the count, nothing just written read back (the resources are built from
 * the rows in hand), and the writes are sent without waiting for one another, so the database
 * works through one while this process prepares the next (the connection runs them in order;
 * any failure fails the caller's transaction).
 */

export type IntentRow = Selectable<PaymentIntentsTable>;
export type DepositRow = Selectable<PaymentDepositsTable>;
type RefundRow = Selectable<PaymentRefundsTable>;

/** Why an intent is recomputed, beyond what its state says. */
export type Cause = 'reorged' | 'unexpected';

const STATUS_EVENT: Partial<Record<IntentStatus, EventType>> = {
  processing: 'payment_intent.processing',
  succeeded: 'payment_intent.succeeded',
  underpaid: 'payment_intent.underpaid',
  expired: 'payment_intent.expired',
};

/** Intents locked in a transaction, with everything a recompute reads of them. */
export interface LockedIntents {
  /** In id order (the order every writer locks them in). */
  intents: IntentRow[];
  /** Every deposit of each intent, in chain order. */
  deposits: Map<string, DepositRow[]>;
  refunds: Map<string, RefundRow[]>;
  /** The transaction's time (`now()`): what column defaults and `now()` in its statements write. */
  txNow: Date;
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Chain order: by block, then by position in the block (block numbers are decimal text). */
function chainOrder(a: DepositRow, b: DepositRow): number {
  const x = String(a.block_number);
  const y = String(b.block_number);
  if (x !== y) return x.length !== y.length ? x.length - y.length : x < y ? -1 : 1;
  return a.log_index - b.log_index;
}

/**
 * Locks the intents `ids`, or those whose deposit addresses are `addresses` (lower-case), for
 * the rest of `trx` (in id order) and reads their deposits and refunds and the transaction's time.
 */
export async function lockIntents(
  trx: Transaction<DB>,
  by: { ids: readonly string[] } | { addresses: readonly string[] },
): Promise<LockedIntents> {
  const q = trx.selectFrom('payment_intents').selectAll();
  const intents = await ('ids' in by
    ? q.where('id', '=', sql<string>`any(${[...by.ids]}::text[])`)
    : q.where(sql<string>`lower(deposit_address)`, '=', sql<string>`any(${[...by.addresses]}::text[])`)
  )
    .orderBy('id')
    .forUpdate()
    .execute();
  const ids = sql<string>`any(${intents.map((i) => i.id)}::text[])`;
  const [deposits, refunds, now] = await Promise.all([
    trx
      .selectFrom('payment_deposits')
      .selectAll()
      .where('intent_id', '=', ids)
      .orderBy('block_number')
      .orderBy('log_index')
      .execute(),
    trx.selectFrom('payment_refunds').selectAll().where('intent_id', '=', ids).orderBy('id').execute(),
    sql<{ now: Date | string }>`select now() as now`.execute(trx),
  ]);
  return {
    intents,
    deposits: groupBy(deposits, (d) => d.intent_id),
    refunds: groupBy(refunds, (r) => r.intent_id),
    txNow: new Date(now.rows[0]!.now),
  };
}

/** Adds deposits this transaction is writing (as they will be stored) to what `locked` holds, in chain order. */
export function addDeposits(locked: LockedIntents, fresh: readonly DepositRow[]): void {
  for (const d of fresh) {
    const list = locked.deposits.get(d.intent_id);
    if (!list) locked.deposits.set(d.intent_id, [d]);
    else {
      list.push(d);
      if (chainOrder(list[list.length - 2]!, d) > 0) list.sort(chainOrder);
    }
  }
}

/** Resources built between two turns of the event loop. */
const SLICE = 250;

/** A turn of the event loop: replies to statements already sent are read, and the next ones sent. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A statement sent now and awaited later: its failure in between is not an unhandled rejection. */
function sent<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

interface IntentUpdate {
  id: string;
  status: IntentStatus;
  amount_received: string;
  amount_pending: string;
  paid_late: boolean;
  needs_attention: boolean;
  first_seen: boolean;
  processing: boolean;
  succeeded: boolean;
}

/**
 * Applies the rules to every intent of `locked` and what arrived for it, writes what changed
 * and publishes an event per change (`causes`: what the state alone does not say). `now` is
 * the time the rules judge expiry by. Resolves when both statements are done.
 */
export async function recomputeLocked(
  trx: Transaction<DB>,
  config: Config,
  locked: LockedIntents,
  causes: ReadonlyMap<string, ReadonlySet<Cause>>,
  now: Date,
): Promise<void> {
  const { txNow } = locked;
  const updates: IntentUpdate[] = [];
  const events: Array<{ intent: IntentRow; type: EventType }> = [];
  const tolerance = config.payments.underpaymentToleranceBps;
  locked.intents.forEach((i, k) => {
    const deposits = locked.deposits.get(i.id) ?? [];
    const s = intentState(
      {
        status: i.status,
        asset: i.asset,
        amount: BigInt(i.amount),
        chains: dbJson<number[]>(i.chains),
        expiresAt: i.expires_at,
        lateUntil: i.late_until,
      },
      deposits.map((d) => ({ kind: d.kind, status: d.status, amount: BigInt(d.amount), late: d.late })),
      now,
      tolerance,
    );
    const received = s.received.toString();
    const pending = s.pending.toString();
    let current = i;
    if (
      s.status !== i.status ||
      received !== i.amount_received ||
      pending !== i.amount_pending ||
      s.paidLate !== i.paid_late ||
      s.needsAttention !== i.needs_attention
    ) {
      const u: IntentUpdate = {
        id: i.id,
        status: s.status,
        amount_received: received,
        amount_pending: pending,
        paid_late: s.paidLate,
        needs_attention: s.needsAttention,
        first_seen: s.received + s.pending > 0n,
        processing: s.status === 'processing' || (s.status === 'succeeded' && i.processing_at === null),
        succeeded: s.status === 'succeeded',
      };
      updates.push(u);
      // The row as the update below leaves it (its times are the transaction's `now()`).
      current = {
        ...i,
        status: u.status,
        amount_received: u.amount_received,
        amount_pending: u.amount_pending,
        paid_late: u.paid_late,
        needs_attention: u.needs_attention,
        updated_at: txNow,
        first_seen_at: u.first_seen ? (i.first_seen_at ?? txNow) : i.first_seen_at,
        processing_at: u.processing ? (i.processing_at ?? txNow) : i.processing_at,
        succeeded_at: u.succeeded ? (i.succeeded_at ?? txNow) : null,
      };
      locked.intents[k] = current;
    }
    const cause = causes.get(i.id);
    if (cause?.has('reorged')) events.push({ intent: current, type: 'payment_intent.reorged' });
    const statusEvent = s.status !== i.status ? STATUS_EVENT[s.status] : undefined;
    if (statusEvent) events.push({ intent: current, type: statusEvent });
    if (s.paidLate && !i.paid_late) events.push({ intent: current, type: 'payment_intent.paid_late' });
    if (cause?.has('unexpected')) events.push({ intent: current, type: 'payment_intent.unexpected_deposit' });
  });
  const writes: Array<Promise<unknown>> = [];
  if (updates.length) {
    // Column arrays (unnest): one statement, a fixed number of parameters. Nothing returned.
    const col = <K extends keyof IntentUpdate>(k: K) => updates.map((u) => u[k]);
    writes.push(
      sent(
        sql`
        update payment_intents p set
          status = x.status, amount_received = x.amount_received, amount_pending = x.amount_pending,
          paid_late = x.paid_late, needs_attention = x.needs_attention, updated_at = now(),
          first_seen_at = case when x.first_seen then coalesce(p.first_seen_at, now()) else p.first_seen_at end,
          processing_at = case when x.processing then coalesce(p.processing_at, now()) else p.processing_at end,
          succeeded_at = case when x.succeeded then coalesce(p.succeeded_at, now()) else null end
        from unnest(${col('id')}::text[], ${col('status')}::text[], ${col('amount_received')}::numeric[], ${col('amount_pending')}::numeric[],
          ${col('paid_late')}::boolean[], ${col('needs_attention')}::boolean[], ${col('first_seen')}::boolean[], ${col('processing')}::boolean[],
          ${col('succeeded')}::boolean[])
          as x(id, status, amount_received, amount_pending, paid_late, needs_attention, first_seen, processing, succeeded)
        where p.id = x.id`.execute(trx),
      ),
    );
  }
  if (events.length) {
    // One resource per intent, however many events it has. Built in slices with a turn of the
    // event loop between them, so the statements sent above reach the database as soon as the
    // one before them is done rather than when all of this is.
    const resources = new Map<string, unknown>();
    const items: Array<{ type: EventType; resource: unknown }> = [];
    for (const e of events) {
      let r = resources.get(e.intent.id);
      if (!r) {
        if (resources.size % SLICE === SLICE - 1) await turn();
        r = intentResource(
          config,
          e.intent,
          locked.deposits.get(e.intent.id) ?? [],
          locked.refunds.get(e.intent.id) ?? [],
        );
        resources.set(e.intent.id, r);
      }
      items.push({ type: e.type, resource: r });
    }
    writes.push(sent(publishEvents(trx, items)));
  }
  await Promise.all(writes);
}
