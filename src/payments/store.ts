import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ObservedTransfer } from '../chain/transfer-watcher-types.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import type { EventType } from '../events/catalogue.ts';
import { publishEvent, publishEvents } from '../events/store.ts';
import { NotFoundError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { intentResource, refundResource, type PaymentIntentResource } from './resource.ts';
import { classifyDeposit, intentState } from './state.ts';
import type { IntentStatus, PaymentDepositsTable, PaymentIntentsTable, PaymentRefundsTable } from './tables.ts';
import { dbJson } from '../db/json.ts';

/**
 * The payments module's SQL: intents, the deposits seen at their addresses, and the one place
 * an intent's state changes (`recompute`, which applies the rules of state.ts to everything
 * that arrived and publishes the events of what changed, in the caller's transaction); sweeps
 * and refunds, settled (and unsettled, when the chain takes a final state back) by the outcome
 * handlers of their transactions (worker.ts), in the pipeline's database transaction.
 */

type Db = Kysely<DB> | Transaction<DB>;
/** Why an intent is recomputed, beyond what its state says. */
type Cause = 'reorged' | 'unexpected';

/** A deposit just recorded: its chain, its block's time and when Keel recorded it. */
export interface RecordedDeposit {
  chainId: number;
  blockTime: Date;
  seenAt: Date;
}

/** A transfer with the time of its block (classification is by block time, not by when Keel saw it). */
export type TimedTransfer = ObservedTransfer & { blockTime: Date };

const STATUS_EVENT: Partial<Record<IntentStatus, EventType>> = {
  processing: 'payment_intent.processing',
  succeeded: 'payment_intent.succeeded',
  underpaid: 'payment_intent.underpaid',
  expired: 'payment_intent.expired',
};

/** Deposits a transaction just wrote, as stored, and its time (`now()`): `recompute` need not read them back. */
interface FreshDeposits {
  deposits: Array<Selectable<PaymentDepositsTable>>;
  txNow: Date;
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

/** The transaction's time (`now()`, what column defaults and `now()` in its statements write). */
async function transactionTime(trx: Transaction<DB>): Promise<Date> {
  const r = await sql<{ now: Date | string }>`select now() as now`.execute(trx);
  return new Date(r.rows[0]!.now);
}

export class PaymentsStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: Config,
  ) {}

  /**
   * What payments tells the write path about addresses (`AddressSource`): deposit addresses
   * are Keel's own accounts (the same on every chain), and payers, deposit addresses and the
   * deposit factory are known addresses a lookalike of which is suspect (a refund to a
   * near-copy of the payer).
   */
  addressSource() {
    const { db, config } = this;
    // The expression indexes hold the first 4 hex characters: use them when the rule asks for at least as many.
    const byPrefix = (column: string, lower: string, prefixChars: number) =>
      prefixChars >= 4
        ? sql`left(lower(${sql.ref(column)}), 6) = ${lower.slice(0, 6)} and left(lower(${sql.ref(column)}), ${2 + prefixChars}) = ${lower.slice(0, 2 + prefixChars)}`
        : sql`left(lower(${sql.ref(column)}), ${2 + prefixChars}) = ${lower.slice(0, 2 + prefixChars)}`;
    return {
      async ownAccounts(_chainId: number, addresses: readonly string[]): Promise<string[]> {
        if (addresses.length === 0) return [];
        const rows = await sql<{ a: string }>`select lower(deposit_address) as a from payment_intents
          where lower(deposit_address) in (${sql.join(addresses.map((x) => x.toLowerCase()))})`.execute(db);
        return rows.rows.map((r) => r.a);
      },
      async knownLike(chainId: number, lower: string, prefixChars: number): Promise<string[]> {
        const [payers, deposits] = await Promise.all([
          sql<{ a: string }>`select distinct lower(from_address) as a from payment_deposits
            where chain_id = ${chainId} and ${byPrefix('from_address', lower, prefixChars)} limit 5000`.execute(db),
          sql<{
            a: string;
          }>`select lower(deposit_address) as a from payment_intents where ${byPrefix('deposit_address', lower, prefixChars)} limit 5000`.execute(
            db,
          ),
        ]);
        const factory = config.payments.depositFactory?.toLowerCase();
        const known = [...payers.rows, ...deposits.rows].map((r) => r.a);
        return factory?.startsWith(lower.slice(0, 2 + prefixChars)) ? [...known, factory] : known;
      },
    };
  }

  /** Intents with their deposits and refunds, as resources, in the order of `ids`. */
  async loadMany(db: Db, ids: readonly string[]): Promise<PaymentIntentResource[]> {
    if (ids.length === 0) return [];
    const [rows, deps, refunds] = await Promise.all([
      db.selectFrom('payment_intents').selectAll().where('id', 'in', ids).execute(),
      db
        .selectFrom('payment_deposits')
        .selectAll()
        .where('intent_id', 'in', ids)
        .orderBy('block_number')
        .orderBy('log_index')
        .execute(),
      db.selectFrom('payment_refunds').selectAll().where('intent_id', 'in', ids).orderBy('id').execute(),
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r
        ? [
            intentResource(
              this.config,
              r,
              deps.filter((d) => d.intent_id === id),
              refunds.filter((x) => x.intent_id === id),
            ),
          ]
        : [];
    });
  }

  async get(id: string, db: Db = this.db): Promise<PaymentIntentResource> {
    const [r] = await this.loadMany(db, [id]);
    if (!r) throw new NotFoundError(`no payment intent ${id}`);
    return r;
  }

  /** The deposit addresses among `addresses` (lower-case) that belong to an intent — every one ever issued is watched. */
  async watched(db: Db, addresses: readonly string[]): Promise<Set<string>> {
    if (addresses.length === 0) return new Set();
    const rows = await db
      .selectFrom('payment_intents')
      .select(sql<string>`lower(deposit_address)`.as('a'))
      .where(sql<string>`lower(deposit_address)`, '=', sql<string>`any(${[...addresses]}::text[])`)
      .execute();
    return new Set(rows.map((r) => r.a));
  }

  /**
   * Records transfers to deposit addresses (each once: a transfer seen again in the same block
   * is ignored) and recomputes their intents. Returns the deposits recorded now, with their
   * block's time and when Keel recorded them (the detection lag).
   */
  async recordTransfers(
    trx: Transaction<DB>,
    chainId: number,
    transfers: readonly TimedTransfer[],
  ): Promise<RecordedDeposit[]> {
    if (transfers.length === 0) return [];
    const chain = this.config.chains.find((c) => c.chainId === chainId);
    const addresses = [...new Set(transfers.map((t) => t.to.toLowerCase()))];
    // Locked from here: a cancellation cannot slip between classifying a transfer and crediting it.
    const intents = await trx
      .selectFrom('payment_intents')
      .selectAll()
      .where(sql<string>`lower(deposit_address)`, '=', sql<string>`any(${addresses}::text[])`)
      .orderBy('id')
      .forUpdate()
      .execute();
    const byAddress = new Map(intents.map((i) => [i.deposit_address.toLowerCase(), i]));
    const rows = transfers.flatMap((t) => {
      const intent = byAddress.get(t.to.toLowerCase());
      if (!intent) return [];
      const asset = chain?.assets.find((a) => a.address.toLowerCase() === t.token.toLowerCase())?.symbol ?? null;
      const chains = dbJson<number[]>(intent.chains);
      const c = classifyDeposit(
        {
          status: intent.status,
          asset: intent.asset,
          chains,
          expiresAt: intent.expires_at,
          lateUntil: intent.late_until,
        },
        { chainId, asset, blockTime: t.blockTime },
      );
      return [
        {
          id: newId('dep'),
          intent_id: intent.id,
          chain_id: chainId,
          tx_hash: t.txHash,
          log_index: t.logIndex,
          block_number: t.blockNumber.toString(),
          block_hash: t.blockHash,
          token: t.token, // EIP-55 from the watcher
          asset,
          from_address: t.from,
          amount: t.value.toString(),
          kind: c.kind,
          reason: c.reason,
          late: c.late,
          block_time: t.blockTime,
        },
      ];
    });
    if (rows.length === 0) return [];
    // The transaction's time: what `seen_at` (its default) and recompute's stamps hold, known
    // here so that nothing just written has to be read back.
    const txNow = await transactionTime(trx);
    // Column arrays (unnest): one statement and a fixed number of parameters however busy the range.
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    const insertedIds = new Set(
      (
        await sql<{ id: string }>`
        insert into payment_deposits (id, intent_id, chain_id, tx_hash, log_index, block_number, block_hash, token, asset, from_address, amount, kind, reason, late, block_time)
        select * from unnest(${col('id')}::text[], ${col('intent_id')}::text[], ${col('chain_id')}::bigint[], ${col('tx_hash')}::text[], ${col('log_index')}::int[],
          ${col('block_number')}::bigint[], ${col('block_hash')}::text[], ${col('token')}::text[], ${col('asset')}::text[], ${col('from_address')}::text[],
          ${col('amount')}::numeric[], ${col('kind')}::text[], ${col('reason')}::text[], ${col('late')}::boolean[], ${col('block_time').map((d) => d.toISOString())}::timestamptz[])
        on conflict (chain_id, tx_hash, log_index, block_hash) do nothing
        returning id`.execute(trx)
      ).rows.map((r) => r.id),
    );
    // The rows as stored (the columns' defaults filled in as the database fills them).
    const inserted: Array<Selectable<PaymentDepositsTable>> = rows
      .filter((r) => insertedIds.has(r.id))
      .map((r) => ({
        ...r,
        status: 'pending',
        seen_at: txNow,
        confirmed_at: null,
        reorged_at: null,
        sweep_id: null,
        swept_at: null,
        reorged_after_final: false,
      }));
    const causes = new Map<string, Set<Cause>>();
    for (const d of inserted) {
      const set = causes.get(d.intent_id) ?? new Set<Cause>();
      if (d.kind === 'unexpected') set.add('unexpected');
      causes.set(d.intent_id, set);
    }
    await this.recompute(trx, [...causes.keys()], causes, new Date(), intents, { deposits: inserted, txNow });
    return inserted.map((d) => ({ chainId, blockTime: d.block_time, seenAt: txNow }));
  }

  /** Deposits in blocks up to `finalThrough` become final; their intents are recomputed. */
  async confirmThrough(chainId: number, finalThrough: bigint): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('payment_deposits')
        .set({ status: 'confirmed', confirmed_at: new Date() })
        .where('chain_id', '=', chainId)
        .where('status', '=', 'pending')
        .where('block_number', '<=', finalThrough.toString())
        .returning('intent_id')
        .execute();
      await this.recompute(trx, [...new Set(r.map((x) => x.intent_id))]);
    });
  }

  /**
   * Blocks after `ancestor` were reorganised away: what they brought counts for nothing any more.
   * A deposit that was already final (`confirmed`) keeps `reorged_after_final`: a reorganisation
   * deeper than the confirmations, counted in `/ready` (see `reorgedFinalDeposits`).
   */
  async rewind(trx: Transaction<DB>, chainId: number, ancestor: bigint): Promise<void> {
    const r = await trx
      .updateTable('payment_deposits')
      .set({ status: 'reorged', reorged_at: new Date(), reorged_after_final: sql<boolean>`status = 'confirmed'` })
      .where('chain_id', '=', chainId)
      .where('status', '!=', 'reorged')
      .where('block_number', '>', ancestor.toString())
      .returning('intent_id')
      .execute();
    const ids = [...new Set(r.map((x) => x.intent_id))];
    await this.recompute(trx, ids, new Map(ids.map((id) => [id, new Set<Cause>(['reorged'])])));
  }

  /**
   * Per chain and block: deposits that were final when their block was reorganised away and
   * whose transaction has not been recorded final again since (re-included, it is a new deposit
   * row of the same transaction and intent).
   */
  async reorgedFinalDeposits(): Promise<Array<{ chainId: number; blockNumber: bigint; count: number }>> {
    const r = await sql<{ chain_id: string | number; block_number: string | number; n: string | number }>`
      select d.chain_id, d.block_number, count(*) as n from payment_deposits d
      where d.reorged_after_final
        and not exists (select 1 from payment_deposits e where e.chain_id = d.chain_id and e.tx_hash = d.tx_hash and e.intent_id = d.intent_id and e.status = 'confirmed')
      group by d.chain_id, d.block_number`.execute(this.db);
    return r.rows.map((x) => ({
      chainId: Number(x.chain_id),
      blockNumber: BigInt(x.block_number),
      count: Number(x.n),
    }));
  }

  /** Open intents past their expiry are recomputed (→ expired or underpaid). Returns how many moved. */
  async expireDue(limit = 500): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('payment_intents')
        .select('id')
        .where('status', '=', 'requires_payment')
        .where('expires_at', '<=', new Date())
        .orderBy('expires_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      await this.recompute(
        trx,
        due.map((d) => d.id),
      );
      return due.length;
    });
  }

  /**
   * Applies the rules to the intents `ids` (locked for the rest of `trx`, unless the caller passes them locked) and everything that
   * arrived for them, writes what changed, and publishes an event per change.
   */
  async recompute(
    trx: Transaction<DB>,
    ids: readonly string[],
    causes: Map<string, Set<Cause>> = new Map(),
    now = new Date(),
    locked?: ReadonlyArray<Selectable<PaymentIntentsTable>>,
    fresh?: FreshDeposits,
  ): Promise<void> {
    if (ids.length === 0) return;
    const idList = sql<string>`any(${[...ids]}::text[])`;
    // `locked`: the caller already holds these rows (locked in this transaction).
    const wanted = new Set(ids);
    const intents = locked
      ? locked.filter((i) => wanted.has(i.id))
      : await trx
          .selectFrom('payment_intents')
          .selectAll()
          .where('id', '=', idList)
          .orderBy('id')
          .forUpdate()
          .execute();
    // `fresh`: deposits this transaction just wrote (not read back); the others are read.
    let q = trx.selectFrom('payment_deposits').selectAll().where('intent_id', '=', idList);
    if (fresh?.deposits.length) q = q.where('id', '<>', sql<string>`all(${fresh.deposits.map((d) => d.id)}::text[])`);
    const deposits = [...(await q.execute()), ...(fresh?.deposits ?? [])];
    // Chain order, as `loadMany` reads them.
    deposits.sort((a, b) => {
      const x = BigInt(a.block_number);
      const y = BigInt(b.block_number);
      return x !== y ? (x < y ? -1 : 1) : a.log_index - b.log_index;
    });
    const depositsOf = new Map<string, typeof deposits>();
    for (const d of deposits) {
      const list = depositsOf.get(d.intent_id);
      if (list) list.push(d);
      else depositsOf.set(d.intent_id, [d]);
    }
    const updates: IntentUpdate[] = [];
    const events: Array<{ id: string; type: EventType }> = [];
    for (const i of intents) {
      const chains = dbJson<number[]>(i.chains);
      const s = intentState(
        {
          status: i.status,
          asset: i.asset,
          amount: BigInt(i.amount),
          chains,
          expiresAt: i.expires_at,
          lateUntil: i.late_until,
        },
        (depositsOf.get(i.id) ?? []).map((d) => ({
          kind: d.kind,
          status: d.status,
          amount: BigInt(d.amount),
          late: d.late,
        })),
        now,
        this.config.payments.underpaymentToleranceBps,
      );
      const cause = causes.get(i.id) ?? new Set<Cause>();
      const changed =
        s.status !== i.status ||
        s.received.toString() !== i.amount_received ||
        s.pending.toString() !== i.amount_pending ||
        s.paidLate !== i.paid_late ||
        s.needsAttention !== i.needs_attention;
      if (changed) {
        updates.push({
          id: i.id,
          status: s.status,
          amount_received: s.received.toString(),
          amount_pending: s.pending.toString(),
          paid_late: s.paidLate,
          needs_attention: s.needsAttention,
          first_seen: s.received + s.pending > 0n,
          processing: s.status === 'processing' || (s.status === 'succeeded' && i.processing_at === null),
          succeeded: s.status === 'succeeded',
        });
      }
      if (cause.has('reorged')) events.push({ id: i.id, type: 'payment_intent.reorged' });
      if (s.status !== i.status && STATUS_EVENT[s.status]) events.push({ id: i.id, type: STATUS_EVENT[s.status]! });
      if (s.paidLate && !i.paid_late) events.push({ id: i.id, type: 'payment_intent.paid_late' });
      if (cause.has('unexpected')) events.push({ id: i.id, type: 'payment_intent.unexpected_deposit' });
    }
    if (updates.length) {
      // Column arrays (unnest): one statement, a fixed number of parameters. Nothing returned:
      // what it writes is known here (its times are the transaction's `now()`).
      const col = <K extends keyof IntentUpdate>(k: K) => updates.map((u) => u[k]);
      await sql`
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
        where p.id = x.id`.execute(trx);
      const txNow = fresh?.txNow ?? (await transactionTime(trx));
      const at = new Map(intents.map((i, k) => [i.id, k]));
      for (const u of updates) {
        const k = at.get(u.id)!;
        const i = intents[k]!;
        intents[k] = {
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
      }
    }
    if (events.length) {
      // The resources as they are now, from the rows in hand (plus refunds, rarely any).
      const evIds = [...new Set(events.map((e) => e.id))];
      const refunds = await trx
        .selectFrom('payment_refunds')
        .selectAll()
        .where('intent_id', '=', sql<string>`any(${evIds}::text[])`)
        .orderBy('id')
        .execute();
      const byId = new Map(intents.map((i) => [i.id, i]));
      const resources = new Map(
        evIds.map((id) => [
          id,
          intentResource(
            this.config,
            byId.get(id)!,
            depositsOf.get(id) ?? [],
            refunds.filter((r) => r.intent_id === id),
          ),
        ]),
      );
      await publishEvents(
        trx,
        events.map((e) => ({ type: e.type, resource: resources.get(e.id) })),
      );
    }
  }

  /** Records a new intent (the caller publishes its event). */
  async insertIntent(trx: Transaction<DB>, row: Insertable<PaymentIntentsTable>): Promise<void> {
    await trx.insertInto('payment_intents').values(row).execute();
  }

  /** A page of intent ids, newest first (one more than `limit`: the caller tells whether there are more). */
  async listIds(filter: {
    status?: IntentStatus[];
    customerReference?: string;
    limit: number;
    startingAfter?: string;
  }): Promise<string[]> {
    let q = this.db
      .selectFrom('payment_intents')
      .select('id')
      .orderBy('id', 'desc')
      .limit(filter.limit + 1);
    if (filter.status?.length) q = q.where('status', 'in', filter.status);
    if (filter.customerReference) q = q.where('customer_reference', '=', filter.customerReference);
    if (filter.startingAfter) q = q.where('id', '<', filter.startingAfter);
    return (await q.execute()).map((r) => r.id);
  }

  /**
   * Succeeded intents of `asset` (symbol) whose success falls in `[from, to)`, optionally only
   * those whose metadata contains `metadata` (equality per key): what a payout plan counts as a
   * period's revenue (received minus refunded). Read-only.
   */
  async succeededInPeriod(
    db: Db,
    filter: { asset: string; from: Date; to: Date; metadata?: Record<string, string> },
  ): Promise<Array<{ id: string; net: bigint }>> {
    let q = db
      .selectFrom('payment_intents')
      .select(['id', 'amount_received', 'amount_refunded'])
      .where('status', '=', 'succeeded')
      .where('asset', '=', filter.asset)
      .where('succeeded_at', '>=', filter.from)
      .where('succeeded_at', '<', filter.to)
      .orderBy('id');
    if (filter.metadata && Object.keys(filter.metadata).length)
      q = q.where(sql<boolean>`metadata @> ${JSON.stringify(filter.metadata)}::jsonb`);
    return (await q.execute()).map((r) => ({
      id: r.id,
      net: BigInt(r.amount_received) - BigInt(r.amount_refunded),
    }));
  }

  /** Locks an intent for the rest of `trx`; undefined when there is none. */
  async lockIntent(trx: Transaction<DB>, id: string) {
    return trx
      .selectFrom('payment_intents')
      .select(['status', 'amount_pending', 'amount_refunded'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  /** Marks a locked intent cancelled. */
  async markCancelled(trx: Transaction<DB>, id: string): Promise<void> {
    await trx
      .updateTable('payment_intents')
      .set({ status: 'cancelled', cancelled_at: new Date(), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Under the intent's lock: what is refundable of it now (everything final that arrived in
   * `asset`, less refunds made or on their way). Concurrent refunds serialise on the lock.
   */
  async lockRefundable(
    trx: Transaction<DB>,
    id: string,
    asset: string,
  ): Promise<{ arrived: bigint; refunded: bigint }> {
    const row = await trx
      .selectFrom('payment_intents')
      .select(['amount_refunded'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const arrived = await trx
      .selectFrom('payment_deposits')
      .select((e) => e.fn.coalesce(e.fn.sum<string>('amount'), e.val('0')).as('total'))
      .where('intent_id', '=', id)
      .where('status', '=', 'confirmed')
      .where('asset', '=', asset)
      .executeTakeFirstOrThrow();
    return { arrived: BigInt(arrived.total), refunded: BigInt(row.amount_refunded) };
  }

  /** Records a refund and counts it as refunded on its (locked) intent. */
  async insertRefund(
    trx: Transaction<DB>,
    row: Insertable<PaymentRefundsTable>,
    refundedBefore: bigint,
  ): Promise<Selectable<PaymentRefundsTable>> {
    const r = await trx.insertInto('payment_refunds').values(row).returningAll().executeTakeFirstOrThrow();
    await trx
      .updateTable('payment_intents')
      .set({ amount_refunded: (refundedBefore + BigInt(r.amount)).toString(), updated_at: new Date() })
      .where('id', '=', row.intent_id)
      .execute();
    return r;
  }

  /** Confirmed deposits of the chain no sweep holds, oldest first. */
  async dueForSweep(chainId: number, limit: number) {
    return this.db
      .selectFrom('payment_deposits')
      .innerJoin('payment_intents', 'payment_intents.id', 'payment_deposits.intent_id')
      .select(['payment_deposits.id', 'payment_deposits.intent_id', 'payment_deposits.token'])
      .where('payment_deposits.chain_id', '=', chainId)
      .where('payment_deposits.status', '=', 'confirmed')
      .where('payment_deposits.sweep_id', 'is', null)
      .orderBy('payment_deposits.id')
      .limit(limit)
      .execute();
  }

  /**
   * Records a sweep and claims its deposits, in the transaction that records the sweep's
   * transaction. Throws when another sweep claimed some of them first (nothing is recorded).
   */
  async recordSweep(
    trx: Transaction<DB>,
    sweep: { id: string; chainId: number; txId: string; addresses: number; nativePriceUsd8: bigint | null },
    depositIds: readonly string[],
  ): Promise<void> {
    const claimed = await trx
      .updateTable('payment_deposits')
      .set({ sweep_id: sweep.id })
      .where('id', 'in', [...depositIds])
      .where('sweep_id', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== depositIds.length) throw new Error('deposits claimed by a concurrent sweep');
    await trx
      .insertInto('payment_sweeps')
      .values({
        id: sweep.id,
        chain_id: sweep.chainId,
        tx_id: sweep.txId,
        addresses: sweep.addresses,
        native_price_usd8: sweep.nativePriceUsd8?.toString() ?? null,
      })
      .execute();
  }

  /** The transactions of sweeps and refunds still pending (for `TransactionsStore.redeliverFinal` at start). */
  async pendingTxIds(): Promise<string[]> {
    const [sweeps, refunds] = await Promise.all([
      this.db.selectFrom('payment_sweeps').select('tx_id').where('status', '=', 'pending').execute(),
      this.db.selectFrom('payment_refunds').select('tx_id').where('status', '=', 'pending').execute(),
    ]);
    return [...sweeps, ...refunds].map((r) => r.tx_id);
  }

  /**
   * A sweep's transaction is final. Confirmed: its deposits are swept, an intent is swept once
   * nothing final of it is left unswept, and each intent it swept gets `payment_intent.swept`.
   * Otherwise its deposits go back to the next sweep and each intent gets
   * `payment_intent.sweep_failed`. Once per final state (conditional on the sweep pending).
   */
  async settleSweep(
    trx: Transaction<DB>,
    s: {
      sweepId: string;
      txId: string;
      ok: boolean;
      gasUsed: bigint | null;
      gasWei: bigint | null;
      nativeDecimals: number | null;
    },
  ): Promise<void> {
    const sweep = await trx
      .selectFrom('payment_sweeps')
      .select(['status', 'native_price_usd8'])
      .where('id', '=', s.sweepId)
      .where('tx_id', '=', s.txId)
      .forUpdate()
      .executeTakeFirst();
    if (sweep?.status !== 'pending') return;
    const price = sweep.native_price_usd8 === null ? null : BigInt(sweep.native_price_usd8);
    const usd8 =
      s.gasWei !== null && price !== null && s.nativeDecimals !== null
        ? (s.gasWei * price) / 10n ** BigInt(s.nativeDecimals)
        : null;
    const now = new Date();
    await trx
      .updateTable('payment_sweeps')
      .set({
        status: s.ok ? 'confirmed' : 'failed',
        finished_at: now,
        gas_used: s.gasUsed?.toString() ?? null,
        gas_cost_wei: s.gasWei?.toString() ?? null,
        gas_cost_usd8: usd8?.toString() ?? null,
      })
      .where('id', '=', s.sweepId)
      .execute();
    // Not swept: the deposits go back to the next sweep.
    const deposits = s.ok
      ? await trx
          .updateTable('payment_deposits')
          .set({ swept_at: now })
          .where('sweep_id', '=', s.sweepId)
          .returning('intent_id')
          .execute()
      : await trx
          .updateTable('payment_deposits')
          .set({ sweep_id: null })
          .where('sweep_id', '=', s.sweepId)
          .returning('intent_id')
          .execute();
    const ids = [...new Set(deposits.map((d) => d.intent_id))].sort();
    if (ids.length === 0) return;
    if (s.ok) {
      // An intent is swept once nothing final of it is left at its address.
      await trx
        .updateTable('payment_intents')
        .set({ swept_at: now })
        .where('id', 'in', ids)
        .where('swept_at', 'is', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('payment_deposits as d')
                .select('d.id')
                .whereRef('d.intent_id', '=', 'payment_intents.id')
                .where('d.status', '=', 'confirmed')
                .where('d.swept_at', 'is', null),
            ),
          ),
        )
        .execute();
    }
    const sweepRef = { id: s.sweepId, transactionId: s.txId };
    const resources = await this.loadMany(trx, ids);
    await publishEvents(
      trx,
      resources.map((r) => ({
        type: s.ok ? 'payment_intent.swept' : 'payment_intent.sweep_failed',
        resource: { ...r, sweep: sweepRef },
      })),
    );
  }

  /**
   * A sweep's final state was taken back (its block was lost): the sweep is pending again and,
   * if it had swept, its deposits and their intents are unswept. No event of its own (the
   * transaction's `transaction.reorged_after_final` says it); the next final state settles it
   * again. A failed sweep's deposits stay wherever they went since (possibly a newer sweep).
   */
  async unsettleSweep(trx: Transaction<DB>, sweepId: string, txId: string): Promise<void> {
    const sweep = await trx
      .selectFrom('payment_sweeps')
      .select('status')
      .where('id', '=', sweepId)
      .where('tx_id', '=', txId)
      .forUpdate()
      .executeTakeFirst();
    if (!sweep || sweep.status === 'pending') return;
    await trx
      .updateTable('payment_sweeps')
      .set({ status: 'pending', finished_at: null, gas_used: null, gas_cost_wei: null, gas_cost_usd8: null })
      .where('id', '=', sweepId)
      .execute();
    if (sweep.status !== 'confirmed') return;
    const deposits = await trx
      .updateTable('payment_deposits')
      .set({ swept_at: null })
      .where('sweep_id', '=', sweepId)
      .returning('intent_id')
      .execute();
    const ids = [...new Set(deposits.map((d) => d.intent_id))];
    if (ids.length) await trx.updateTable('payment_intents').set({ swept_at: null }).where('id', 'in', ids).execute();
  }

  /**
   * A refund's transaction is final: succeeded, or failed with its amount refundable again.
   * Publishes `refund.succeeded` or `refund.failed`. Once per final state.
   */
  async settleRefund(trx: Transaction<DB>, refundId: string, txId: string, ok: boolean): Promise<void> {
    const u = await trx
      .updateTable('payment_refunds')
      .set({ status: ok ? 'succeeded' : 'failed', finished_at: new Date() })
      .where('id', '=', refundId)
      .where('tx_id', '=', txId)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    if (!u) return;
    const intent = await this.#addRefunded(trx, u.intent_id, ok ? 0n : -BigInt(u.amount));
    await publishEvent(
      trx,
      ok ? 'refund.succeeded' : 'refund.failed',
      refundResource(u, intent.asset, intent.decimals),
    );
  }

  /**
   * A refund's final state was taken back: pending again (a failed one counts as refunded
   * again, being on its way), and `refund.reorged` tells whoever heard the final state; the next
   * final state settles it, and announces it, again.
   */
  async unsettleRefund(trx: Transaction<DB>, refundId: string, txId: string): Promise<void> {
    const r = await trx
      .selectFrom('payment_refunds')
      .selectAll()
      .where('id', '=', refundId)
      .where('tx_id', '=', txId)
      .forUpdate()
      .executeTakeFirst();
    if (!r || r.status === 'pending') return;
    const pending = await trx
      .updateTable('payment_refunds')
      .set({ status: 'pending', finished_at: null })
      .where('id', '=', refundId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const intent = await this.#addRefunded(trx, r.intent_id, r.status === 'failed' ? BigInt(r.amount) : 0n);
    await publishEvent(trx, 'refund.reorged', refundResource(pending, intent.asset, intent.decimals));
  }

  /** Adds `delta` to an intent's refunded amount (under its lock); returns its asset. */
  async #addRefunded(
    trx: Transaction<DB>,
    intentId: string,
    delta: bigint,
  ): Promise<{ asset: string; decimals: number }> {
    const row = await trx
      .selectFrom('payment_intents')
      .select(['amount_refunded', 'asset', 'decimals'])
      .where('id', '=', intentId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (delta !== 0n) {
      await trx
        .updateTable('payment_intents')
        .set({ amount_refunded: (BigInt(row.amount_refunded) + delta).toString(), updated_at: new Date() })
        .where('id', '=', intentId)
        .execute();
    }
    return { asset: row.asset, decimals: row.decimals };
  }
}
