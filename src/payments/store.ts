import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ObservedTransfer } from '../chain/transfer-watcher-types.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent, publishEvents } from '../events/store.ts';
import { NotFoundError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { addDeposits, type Cause, type DepositRow, lockIntents, recomputeLocked } from './store-recompute.ts';
import { intentResource, refundResource, type PaymentIntentResource } from './resource.ts';
import { classifyDeposit } from './state.ts';
import type { IntentStatus, PaymentIntentsTable, PaymentRefundsTable } from './tables.ts';
import { dbJson } from '../db/json.ts';

/**
 * The payments module's SQL: intents, the deposits seen at their addresses, and the one place
 * an intent's state changes (`recompute`, which applies the rules of state.ts to everything
 * that arrived and publishes the events of what changed, in the caller's transaction); sweeps
 * and refunds, settled (and unsettled, when the chain takes a final state back) by the outcome
 * handlers of their transactions (worker.ts), in the pipeline's database transaction.
 */

type Db = Kysely<DB> | Transaction<DB>;

/** A deposit just recorded: its chain, its block's time and when Keel recorded it. */
export interface RecordedDeposit {
  chainId: number;
  blockTime: Date;
  seenAt: Date;
}

/** A transfer with the time of its block (classification is by block time, not by when Keel saw it). */
export type TimedTransfer = ObservedTransfer & { blockTime: Date };

/** What makes a deposit the same transfer: the unique key of `payment_deposits`. */
const transferKey = (chainId: number | string, txHash: string, logIndex: number, blockHash: string) =>
  `${chainId}:${txHash}:${logIndex}:${blockHash}`;

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
   * Records transfers to deposit addresses (each once: a transfer already recorded in the same
   * block is ignored) and recomputes their intents. Returns the deposits recorded now, with
   * their block's time and when Keel recorded them (the detection lag).
   */
  async recordTransfers(
    trx: Transaction<DB>,
    chainId: number,
    transfers: readonly TimedTransfer[],
  ): Promise<RecordedDeposit[]> {
    if (transfers.length === 0) return [];
    const assetOf = new Map(
      (this.config.chains.find((c) => c.chainId === chainId)?.assets ?? []).map((a) => [
        a.address.toLowerCase(),
        a.symbol,
      ]),
    );
    // Locked from here: a cancellation cannot slip between classifying a transfer and crediting
    // it, and nobody else can record a deposit to these intents (the deposit's foreign key).
    const locked = await lockIntents(trx, { addresses: [...new Set(transfers.map((t) => t.to.toLowerCase()))] });
    const byAddress = new Map(locked.intents.map((i) => [i.deposit_address.toLowerCase(), i]));
    const known = new Set<string>();
    for (const list of locked.deposits.values())
      for (const d of list) known.add(transferKey(d.chain_id, d.tx_hash, d.log_index, d.block_hash));
    const { txNow } = locked;
    const rows: DepositRow[] = [];
    const causes = new Map<string, Set<Cause>>();
    for (const t of transfers) {
      const intent = byAddress.get(t.to.toLowerCase());
      if (!intent) continue;
      const key = transferKey(chainId, t.txHash, t.logIndex, t.blockHash);
      if (known.has(key)) continue;
      known.add(key);
      const asset = assetOf.get(t.token.toLowerCase()) ?? null;
      const c = classifyDeposit(
        {
          status: intent.status,
          asset: intent.asset,
          chains: dbJson<number[]>(intent.chains),
          expiresAt: intent.expires_at,
          lateUntil: intent.late_until,
        },
        { chainId, asset, blockTime: t.blockTime },
      );
      // The row as stored (the columns' defaults filled in as the database fills them).
      rows.push({
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
        status: 'pending',
        block_time: t.blockTime,
        seen_at: txNow,
        confirmed_at: null,
        reorged_at: null,
        sweep_id: null,
        swept_at: null,
        reorged_after_final: false,
      });
      const set = causes.get(intent.id) ?? new Set<Cause>();
      if (c.kind === 'unexpected') set.add('unexpected');
      causes.set(intent.id, set);
    }
    if (rows.length === 0) return [];
    // Column arrays (unnest): one statement and a fixed number of parameters however busy the range.
    const col = <K extends keyof DepositRow>(k: K) => rows.map((r) => r[k]);
    const inserting = sql`
      insert into payment_deposits (id, intent_id, chain_id, tx_hash, log_index, block_number, block_hash, token, asset, from_address, amount, kind, reason, late, block_time)
      select * from unnest(${col('id')}::text[], ${col('intent_id')}::text[], ${col('chain_id')}::bigint[], ${col('tx_hash')}::text[], ${col('log_index')}::int[],
        ${col('block_number')}::bigint[], ${col('block_hash')}::text[], ${col('token')}::text[], ${col('asset')}::text[], ${col('from_address')}::text[],
        ${col('amount')}::numeric[], ${col('kind')}::text[], ${col('reason')}::text[], ${col('late')}::boolean[], ${rows.map((r) => r.block_time.toISOString())}::timestamptz[])`.execute(
      trx,
    );
    // Sent at once: the database inserts while the intents are recomputed here.
    addDeposits(locked, rows);
    const [inserted] = await Promise.all([
      inserting,
      recomputeLocked(
        trx,
        this.config,
        { ...locked, intents: locked.intents.filter((i) => causes.has(i.id)) },
        causes,
        new Date(),
      ),
    ]);
    // Transfers already recorded were left out above, and nobody else can record one for a
    // locked intent: no `on conflict` (its speculative insertion costs ~15%); the unique key
    // still refuses a duplicate, failing the range, which is then read again.
    if (Number(inserted.numAffectedRows) !== rows.length)
      throw new Error('not every deposit of the range was recorded');
    return rows.map((d) => ({ chainId, blockTime: d.block_time, seenAt: txNow }));
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
   * Applies the rules to the intents `ids` (locked for the rest of `trx`) and everything that
   * arrived for them, writes what changed, and publishes an event per change (store-recompute.ts).
   */
  async recompute(trx: Transaction<DB>, ids: readonly string[], causes: Map<string, Set<Cause>> = new Map()) {
    if (ids.length === 0) return;
    await recomputeLocked(trx, this.config, await lockIntents(trx, { ids }), causes, new Date());
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
