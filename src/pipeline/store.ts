import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { eventInStatement, publishEvent, publishEvents } from '../events/store.ts';
import type { EventType } from '../events/catalogue.ts';
import { NotFoundError, PermanentError } from '../lib/errors.ts';
import { releaseUsage } from '../policy/windows-store.ts';
import { toResource, type TransactionResource } from './resource.ts';
import { OutcomeHooks, type FinalTxStatus, type TransactionOutcome } from './outcomes.ts';
import { canTransition, FINAL_STATUSES, releasesUsage } from './states.ts';
import type { TransactionAttemptsTable, TransactionHistoryTable, TransactionsTable, TxStatus } from './tables.ts';
import { dbJson } from '../db/json.ts';

/**
 * The transactions store: the only writer of `transactions`, `transaction_history`,
 * `transaction_attempts` and `destinations`. Every state change goes through `transition`,
 * which locks the row, checks the edge against the state machine, appends the history entry,
 * gives back window usage when the transaction will move nothing, and publishes the event —
 * all in the caller's database transaction, so a change and its record commit together. A
 * change that makes a transaction final (or takes a final state back) runs the outcome handler
 * of the capability that created it (`origin`, see outcomes.ts) in that same transaction.
 */

/**
 * The columns workers and state changes need — not the large JSON ones (decision, simulation,
 * preview…), which only the resource reads. Keeps the hot path's rows small.
 */
export const WORK_COLUMNS = [
  'id',
  'chain_id',
  'signer',
  'from_address',
  'kind',
  'to_address',
  'recipient',
  'value',
  'data',
  'amount',
  'api_key_id',
  'status',
  'review_expires_at',
  'nonce',
  'gas_limit',
  'tx_hash',
  'inclusion',
  'cancel_requested_at',
  'last_error',
  'created_at',
  'batch_id',
  'batch_index',
  'revert_codes',
  'asset',
  'exposure',
  'reorged_after_final',
  'origin',
] as const satisfies ReadonlyArray<keyof TransactionsTable>;
export type TxRow = Pick<Selectable<TransactionsTable>, (typeof WORK_COLUMNS)[number]>;
/** A row as a worker claims it: a signed or submitted one with its attempts (else null). */
export type ClaimedRow = TxRow & { attempts: AttemptRow[] | null };
export type HistoryRow = Selectable<TransactionHistoryTable>;
export type AttemptRow = Selectable<TransactionAttemptsTable>;
type Db = Kysely<DB> | Transaction<DB>;

/** Numeric columns as strings whatever the driver returns (pg: strings; raw SQL JSON: may differ). */
function normaliseRow(
  row: Selectable<TransactionsTable> & { h?: unknown; a?: unknown },
): Selectable<TransactionsTable> {
  const { h: _h, a: _a, ...rest } = row;
  return rest;
}

/** A transaction row with its history (`h`) and attempts (`a`) as JSON arrays, read in one statement. */
type LoadedRow = Selectable<TransactionsTable> & { h: unknown; a: unknown };

/**
 * The attempts of the transaction whose id is `txId` (a column reference) as one JSON array, as
 * the resource shows them; `withRaw`: also each attempt's transaction id and signed bytes (what a
 * worker sends again).
 */
const attemptsJson = (txId: RawBuilder<unknown>, withRaw = false) =>
  sql<unknown>`(select coalesce(json_agg(json_build_object('seq', a.seq, 'kind', a.kind, 'tx_hash', a.tx_hash, 'nonce', a.nonce,
  'max_fee_per_gas', a.max_fee_per_gas::text, 'max_priority_fee_per_gas', a.max_priority_fee_per_gas::text, 'gas_limit', a.gas_limit::text,
  'created_at', a.created_at, 'broadcast_at', a.broadcast_at${withRaw ? sql`, 'tx_id', a.tx_id, 'raw', a.raw` : sql``}) order by a.seq), '[]')
  from transaction_attempts a where a.tx_id = ${txId})`;

/** Attempts read as one JSON array (numerics as text), with their timestamps as dates. */
function attemptRowsOf(json: unknown): AttemptRow[] {
  return dbJson<Array<Record<string, unknown>>>(json).map((a) => ({
    ...a,
    created_at: new Date(a.created_at as string),
    broadcast_at: a.broadcast_at ? new Date(a.broadcast_at as string) : null,
  })) as unknown as AttemptRow[];
}

/** The API resource of a row read with its history and attempts as JSON (`LoadedRow`). */
function resourceOf(row: LoadedRow): TransactionResource {
  const history = dbJson<Array<Record<string, unknown>>>(row.h).map((h) => ({
    ...h,
    at: new Date(h.at as string),
  })) as unknown as HistoryRow[];
  return toResource(normaliseRow(row), history, attemptRowsOf(row.a));
}

/** Wakes pipeline workers at once (they also poll). */
export const PIPELINE_NOTIFY_CHANNEL = 'keel_pipeline';

/** A transition refused because the transaction is no longer where the caller thought. */
export class TransactionStateError extends PermanentError {
  constructor(id: string, status: TxStatus, wanted: string) {
    super('transaction_state_conflict', `transaction ${id} is ${status}; it cannot ${wanted}`, {
      extra: { transactionId: id, status },
    });
  }
}

/** Which event a state change publishes (none for steps inside `submitted` other than a reorg or a replacement). */
function eventOf(to: TxStatus, reason: string): EventType | null {
  if (to === 'submitted') {
    if (reason === 'broadcast') return 'transaction.submitted';
    if (reason === 'reorged') return 'transaction.reorged';
    if (reason === 'reorged_after_final') return 'transaction.reorged_after_final';
    if (reason === 'fee_bumped') return 'transaction.replaced';
    return null;
  }
  if (to === 'queued' && reason === 'review_approved') return 'transaction.approved';
  const byStatus: Partial<Record<TxStatus, EventType>> = {
    rejected: 'transaction.rejected',
    pending_review: 'transaction.review_required',
    confirmed: 'transaction.confirmed',
    reverted: 'transaction.reverted',
    failed: 'transaction.failed',
    expired: 'transaction.expired',
    cancelled: 'transaction.cancelled',
  };
  return byStatus[to] ?? null;
}

export interface TransitionInput {
  /** The statuses the caller expects the transaction in; anything else is a 409. */
  from: readonly TxStatus[];
  to: TxStatus;
  /** A stable snake_case reason code (e.g. `policy_allowed`, `review_approved`, `included`). */
  reason: string;
  detail?: Record<string, unknown>;
  /** Columns to set with the change. */
  patch?: Partial<Insertable<TransactionsTable>>;
  /** The action being attempted, for the 409 message. */
  wanted?: string;
  /** History entries recorded just before the transition (steps inside the old state). */
  notes?: Array<{ status: TxStatus; reason: string; detail?: Record<string, unknown> | null }>;
  /** End this worker's lease in the same statement (the caller then skips `releaseLease`). */
  releaseLeaseOf?: string;
  /** What tracking read from the receipt that made it final, handed to the outcome handler. */
  outcome?: Pick<TransactionOutcome, 'receipt' | 'logs'>;
  /** Record this recipient as paid (`destinations`), in the same statement as the change. */
  paidDestination?: { chainId: number; address: string };
}

const isFinal = (s: TxStatus): s is FinalTxStatus => FINAL_STATUSES.has(s);

/** What a new row holds in the columns `insertAlone`'s callers leave to their defaults. */
const NEW_ROW_DEFAULTS = {
  recipient: null,
  asset: null,
  amount_usd8: null,
  call: null,
  session_id: null,
  created_by_principal: null,
  status_reason: null,
  exposure: null,
  simulation: null,
  preview: null,
  revert: null,
  review: null,
  review_expires_at: null,
  nonce: null,
  gas_limit: null,
  tx_hash: null,
  inclusion: null,
  receipt: null,
  cancel_requested_at: null,
  next_run_at: null,
  locked_until: null,
  locked_by: null,
  run_attempts: 0,
  last_error: null,
  submitted_at: null,
  finished_at: null,
  batch_id: null,
  batch_index: null,
  revert_codes: null,
  reorged_after_final: false,
  origin: null,
} satisfies Partial<Selectable<TransactionsTable>>;

export class TransactionsStore {
  constructor(
    private readonly db: Kysely<DB>,
    /** The capabilities' outcome handlers (`Pipeline.outcomes`), run by `transition` and `insert`. */
    readonly outcomes: OutcomeHooks = new OutcomeHooks(),
  ) {}

  /**
   * Inserts a new transaction with its first history entries and publishes its event; with
   * `destination`, records that Keel was asked to pay it (first sighting). One statement writes
   * the row, its history, the destination and the workers' wake-up; the event is a second.
   */
  async insert(
    trx: Transaction<DB>,
    row: Insertable<TransactionsTable>,
    history: Array<{ status: TxStatus; reason: string; detail?: Record<string, unknown> }>,
    destination?: { chainId: number; address: string },
  ): Promise<TransactionResource> {
    const written = await this.#insertCtes(trx, row, history, destination)
      .selectFrom('t')
      .selectAll('t')
      .select([
        sql<unknown>`(select coalesce(json_agg(h order by h.seq), '[]') from h)`.as('h'),
        sql<unknown>`'[]'::json`.as('a'),
        sql<number>`(select count(*) from n)`.as('woke'),
      ])
      .executeTakeFirstOrThrow();
    const { woke: _woke, ...loaded } = written;
    // Built from what was just written: a new transaction has no attempts yet.
    const res = resourceOf(loaded as unknown as LoadedRow);
    await publishEvent(
      trx,
      row.status === 'rejected'
        ? 'transaction.rejected'
        : row.status === 'failed'
          ? 'transaction.failed'
          : 'transaction.created',
      res,
    );
    // Recorded final at once (a policy denial, a predicted revert): its outcome is delivered too.
    if (isFinal(row.status) && row.origin) {
      await this.#deliver(
        trx,
        { id: row.id, origin: row.origin, chain_id: row.chain_id, tx_hash: row.tx_hash ?? null },
        'final',
        row.status,
        row.status_reason ?? row.status,
      );
    }
    return res;
  }

  /**
   * `insert` of a transaction due for a worker (`queued`) or held for review, as ONE statement
   * outside any database transaction: the row, its history, the destination's first sighting,
   * the workers' wake-up and the `transaction.created` event with its webhook deliveries. For a
   * request whose record is that alone (no window usage to reserve, no request answer to
   * record, no capability record): begin, write, event and commit — four round trips — become
   * one, and a single statement is atomic on its own. The event needs the resource before the
   * write, so it is built from the row as given, the defaults of the columns it leaves out
   * (`NEW_ROW_DEFAULTS`) and the timestamps this method gives the row and its history
   * (test/transactions-store.int.test.ts compares it with the row as read back).
   */
  async insertAlone(
    db: Kysely<DB>,
    row: Insertable<TransactionsTable>,
    history: Array<{ status: TxStatus; reason: string; detail?: Record<string, unknown> }>,
    destination?: { chainId: number; address: string },
  ): Promise<TransactionResource> {
    if (row.status !== 'queued' && row.status !== 'pending_review') {
      // A caller's mistake, never an input's: final rows go through `insert` (their outcome hooks).
      throw new Error(`insertAlone records a new queued or held transaction, not ${row.status}`);
    }
    const at = new Date();
    const timed = { ...row, created_at: at, updated_at: at };
    const resource = toResource(
      { ...NEW_ROW_DEFAULTS, ...timed } as Selectable<TransactionsTable>,
      history.map((h, i) => ({
        tx_id: row.id,
        seq: i,
        status: h.status,
        reason: h.reason,
        detail: h.detail ?? null,
        at,
      })),
      [],
    );
    const event = eventInStatement('transaction.created', resource, { event: 'ev', deliveries: 'evd' });
    // Nothing read back: the resource is already built. The counts make the SELECT CTEs run.
    await this.#insertCtes(db, timed, history, destination, at)
      .with('ev', () => event.event)
      .with('evd', () => event.deliveries)
      .with('evw', () => event.wake)
      .selectFrom('t')
      .select([
        sql<number>`(select count(*) from n)`.as('woke'),
        sql<number>`(select count(*) from evw)`.as('webhooks_woken'),
      ])
      .executeTakeFirstOrThrow();
    return resource;
  }

  /**
   * The common part of `insert`'s and `insertAlone`'s statement, as CTEs: the row (`t`), its
   * history (`h`; each entry at `at` when given, else at the statement's clock), the
   * destination's first sighting (`dst`) and the workers' wake-up (`n`, a SELECT CTE: the
   * caller's select must read it for it to run). Each caller adds what it selects.
   */
  #insertCtes(
    db: Db,
    row: Insertable<TransactionsTable>,
    history: Array<{ status: TxStatus; reason: string; detail?: Record<string, unknown> }>,
    destination: { chainId: number; address: string } | undefined,
    at?: Date,
  ) {
    const notes = JSON.stringify(
      history.map((h) => ({
        status: h.status,
        reason: h.reason,
        detail: h.detail ?? null,
        ...(at ? { at: at.toISOString() } : {}),
      })),
    );
    return (
      db
        .with('t', (db) => db.insertInto('transactions').values(row).returningAll())
        .with('h', (db) =>
          db
            .insertInto('transaction_history')
            .columns(['tx_id', 'status', 'reason', 'detail', 'at'])
            .expression(
              sql`select t.id, e.v->>'status', e.v->>'reason', nullif(e.v->'detail', 'null'::jsonb),
                  coalesce((e.v->>'at')::timestamptz, clock_timestamp())
                from t, jsonb_array_elements(${notes}::jsonb) with ordinality as e(v, ord) order by e.ord`,
            )
            .returning(['tx_id', 'seq', 'status', 'reason', 'detail', 'at']),
        )
        .with(
          'dst',
          () =>
            // (Kysely writes a raw CTE body as given, hence its parentheses.)
            sql<{ one: number }>`(insert into destinations (chain_id, address)
            select ${destination?.chainId ?? 0}::bigint, ${destination?.address.toLowerCase() ?? ''} where ${destination !== undefined}
            on conflict (chain_id, address) do nothing returning 1 as one)`,
        )
        // Wakes the workers (on commit) when the transaction is due for them.
        .with(
          'n',
          () =>
            sql<{
              one: number;
            }>`(select 1 as one from (select pg_notify(${PIPELINE_NOTIFY_CHANNEL}, '') from t where t.status = 'queued') w)`,
        )
    );
  }

  /**
   * Runs the outcome handler of the transaction's origin, if one is registered, in `trx` (the
   * state change's own transaction: a throw rolls the change back too).
   */
  async #deliver(
    trx: Transaction<DB>,
    row: Pick<TxRow, 'id' | 'origin' | 'chain_id' | 'tx_hash'>,
    kind: TransactionOutcome['kind'],
    status: FinalTxStatus,
    reason: string,
    read?: TransitionInput['outcome'],
  ): Promise<void> {
    if (!row.origin || !this.outcomes.has(row.origin)) return;
    const { metadata } = await trx
      .selectFrom('transactions')
      .select('metadata')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    await this.outcomes.run(trx, {
      txId: row.id,
      origin: row.origin,
      chainId: Number(row.chain_id),
      kind,
      status,
      reason,
      txHash: row.tx_hash,
      receipt: read?.receipt ?? null,
      logs: read?.logs ?? null,
      metadata: dbJson<Record<string, unknown> | null>(metadata) ?? {},
    });
  }

  /**
   * Locks a transaction and, when it belongs to a batch, every transaction of its batch (in
   * batch order, so two requests on one batch never deadlock); returns them in batch order.
   */
  async lockWithBatch(trx: Transaction<DB>, id: string): Promise<{ row: TxRow; members: TxRow[] }> {
    const peek = await trx.selectFrom('transactions').select('batch_id').where('id', '=', id).executeTakeFirst();
    if (!peek) throw new NotFoundError(`no transaction ${id}`);
    if (!peek.batch_id) {
      const row = await this.lock(trx, id);
      return { row, members: [row] };
    }
    const members = await trx
      .selectFrom('transactions')
      .select(WORK_COLUMNS)
      .where('batch_id', '=', peek.batch_id)
      .orderBy('batch_index')
      .forUpdate()
      .execute();
    return { row: members.find((m) => m.id === id)!, members };
  }

  /** Locks the transaction row for the rest of `trx`. */
  async lock(trx: Transaction<DB>, id: string): Promise<TxRow> {
    const row = await trx
      .selectFrom('transactions')
      .select(WORK_COLUMNS)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`no transaction ${id}`);
    return row;
  }

  /**
   * Moves the transaction along one edge (see `TransitionInput`) and returns the new row: one
   * statement updates the row — only if it is still in one of `from` — and appends the history
   * entries (`notes` first, then the transition itself). Refuses with 409 when the transaction
   * is elsewhere or the edge does not exist. Publishes the transition's event, if it has one.
   */
  async transition(trx: Transaction<DB>, id: string, t: TransitionInput): Promise<TxRow> {
    const allowed = t.from.filter((f) => canTransition(f, t.to));
    if (allowed.length === 0) throw new TransactionStateError(id, t.from[0] ?? t.to, t.wanted ?? `move to ${t.to}`);
    const final = isFinal(t.to);
    // Leaving a final state (a lost block: `reorged_after_final`): the handler is told which one.
    const leaving = final ? [] : allowed.filter(isFinal);
    let was: FinalTxStatus | null = null;
    if (leaving.length) {
      const cur =
        allowed.length === 1
          ? allowed[0]!
          : (await trx.selectFrom('transactions').select('status').where('id', '=', id).forUpdate().executeTakeFirst())
              ?.status;
      if (cur && isFinal(cur)) was = cur;
    }
    const notes = JSON.stringify([...(t.notes ?? []), { status: t.to, reason: t.reason, detail: t.detail ?? null }]);
    const ev = eventOf(t.to, t.reason);
    const paid = t.paidDestination;
    // One statement: the row, its history entries, the paid recipient and — when the change has
    // an event — everything the resource shows (a separate load would be two more round trips).
    const updated = await trx
      .with('u', (db) =>
        db
          .updateTable('transactions')
          .set({
            ...t.patch,
            status: t.to,
            status_reason: t.reason,
            updated_at: sql<Date>`clock_timestamp()`,
            ...(final ? { finished_at: sql<Date>`clock_timestamp()` } : {}),
            ...(t.releaseLeaseOf
              ? {
                  locked_by: sql<string | null>`case when locked_by = ${t.releaseLeaseOf} then null else locked_by end`,
                  locked_until: sql<Date | null>`case when locked_by = ${t.releaseLeaseOf} then null else locked_until end`,
                }
              : {}),
          })
          .where('id', '=', id)
          .where('status', 'in', allowed)
          .returningAll(),
      )
      .with('h', (db) =>
        db
          .insertInto('transaction_history')
          .columns(['tx_id', 'status', 'reason', 'detail'])
          .expression(
            sql`select ${id}, e.v->>'status', e.v->>'reason', nullif(e.v->'detail', 'null'::jsonb)
                from jsonb_array_elements(${notes}::jsonb) with ordinality as e(v, ord)
                where exists (select 1 from u) order by e.ord`,
          )
          .returning(['tx_id', 'seq', 'status', 'reason', 'detail', 'at']),
      )
      .with(
        'dst',
        () =>
          sql<{ one: number }>`(insert into destinations (chain_id, address, last_paid_at, paid_count)
            select ${paid?.chainId ?? 0}::bigint, ${paid?.address.toLowerCase() ?? ''}, now(), 1
            where ${paid !== undefined} and exists (select 1 from u)
            on conflict (chain_id, address) do update set last_paid_at = now(), paid_count = destinations.paid_count + 1
            returning 1 as one)`,
      )
      .selectFrom('u')
      .$if(ev === null, (q) => q.select(WORK_COLUMNS.map((c) => `u.${c}` as const)))
      .$if(ev !== null, (q) =>
        q.selectAll('u').select([
          sql<unknown>`(select coalesce(json_agg(x order by x.seq), '[]') from (
              select h0.tx_id, h0.seq, h0.status, h0.reason, h0.detail, h0.at from transaction_history h0 where h0.tx_id = u.id
              union all select h.tx_id, h.seq, h.status, h.reason, h.detail, h.at from h) x)`.as('h'),
          attemptsJson(sql.ref('u.id')).as('a'),
        ]),
      )
      .executeTakeFirst();
    if (!updated) {
      const cur = await trx.selectFrom('transactions').select('status').where('id', '=', id).executeTakeFirst();
      if (!cur) throw new NotFoundError(`no transaction ${id}`);
      throw new TransactionStateError(id, cur.status, t.wanted ?? `move to ${t.to}`);
    }
    const row = updated as unknown as TxRow;
    if (releasesUsage(t.to)) await releaseUsage(trx, id);
    if (ev) await publishEvent(trx, ev, resourceOf(updated as unknown as LoadedRow));
    if (t.to === 'queued') await sql`select pg_notify(${PIPELINE_NOTIFY_CHANNEL}, '')`.execute(trx);
    if (final) await this.#deliver(trx, row, 'final', t.to as FinalTxStatus, t.reason, t.outcome);
    else if (was) await this.#deliver(trx, row, 'retracted', was, t.reason);
    return row;
  }

  /**
   * Delivers again the outcome of each final transaction among `ids`, each in its own database
   * transaction under the row lock: the catch-up at start for capability records still pending
   * (ones whose transaction became final under an earlier version's polling settlers, before
   * outcome hooks). Handlers act only on records in the state they expect, so a record already
   * settled is left alone. Logs are not stored: a handler gets the receipt's gas and no logs.
   * Returns how many outcomes were delivered.
   */
  async redeliverFinal(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const due = await this.db
      .selectFrom('transactions')
      .select('id')
      .where('id', 'in', [...ids])
      .where('status', 'in', [...FINAL_STATUSES])
      .where('origin', 'is not', null)
      .execute();
    let n = 0;
    for (const { id } of due) {
      await this.db.transaction().execute(async (trx) => {
        const row = await this.lock(trx, id);
        if (!isFinal(row.status)) return;
        const more = await trx
          .selectFrom('transactions')
          .select(['receipt', 'status_reason'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        const r = dbJson<{ gasUsed?: string; effectiveGasPrice?: string; blockNumber?: string } | null>(more.receipt);
        const receipt =
          r?.gasUsed && r.effectiveGasPrice && r.blockNumber
            ? { gasUsed: r.gasUsed, effectiveGasPrice: r.effectiveGasPrice, blockNumber: r.blockNumber }
            : null;
        await this.#deliver(trx, row, 'final', row.status, more.status_reason ?? row.status, { receipt, logs: null });
        n++;
      });
    }
    return n;
  }

  /** Appends a history entry without changing the state (a step inside it). */
  async note(
    trx: Transaction<DB>,
    id: string,
    status: TxStatus,
    reason: string,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await trx
      .insertInto('transaction_history')
      .values({ tx_id: id, status, reason, detail: detail ? JSON.stringify(detail) : null })
      .execute();
  }

  /** Updates columns of a transaction without a state change (the caller holds the row lock). */
  async patch(trx: Db, id: string, patch: Partial<Insertable<TransactionsTable>>): Promise<void> {
    await trx
      .updateTable('transactions')
      .set({ ...patch, updated_at: sql<Date>`clock_timestamp()` })
      .where('id', '=', id)
      .execute();
  }

  /** Stamps when a signed attempt went out (the caller holds the row lock). */
  async markAttemptBroadcast(trx: Transaction<DB>, id: string, seq: number): Promise<void> {
    await trx
      .updateTable('transaction_attempts')
      .set({ broadcast_at: new Date() })
      .where('tx_id', '=', id)
      .where('seq', '=', seq)
      .execute();
  }

  /** Which of these hashes an attempt of any transaction holds already. */
  async attemptHashesTaken(trx: Transaction<DB>, txHashes: readonly string[]): Promise<Set<string>> {
    if (!txHashes.length) return new Set();
    const rows = await trx
      .selectFrom('transaction_attempts')
      .select('tx_hash')
      .where('tx_hash', 'in', [...txHashes])
      .execute();
    return new Set(rows.map((r) => r.tx_hash));
  }

  /** Records a signed attempt (seq = the next one); returns the stored row. */
  async addAttempt(trx: Transaction<DB>, a: Omit<Insertable<TransactionAttemptsTable>, 'seq'>): Promise<AttemptRow> {
    const r = await sql<AttemptRow>`
      insert into transaction_attempts (tx_id, seq, kind, tx_hash, raw, nonce, max_fee_per_gas, max_priority_fee_per_gas, gas_limit, broadcast_at)
      select ${a.tx_id}, coalesce(max(seq), 0) + 1, ${a.kind}, ${a.tx_hash}, ${a.raw}, ${a.nonce}, ${a.max_fee_per_gas}, ${a.max_priority_fee_per_gas}, ${a.gas_limit}, ${a.broadcast_at ?? null}
      from transaction_attempts where tx_id = ${a.tx_id}
      returning tx_id, seq, kind, tx_hash, raw, nonce, max_fee_per_gas::text, max_priority_fee_per_gas::text, gas_limit::text, created_at, broadcast_at`.execute(
      trx,
    );
    return r.rows[0]!;
  }

  /** Records the first signed attempts of a signing batch in one statement. */
  async addOriginalAttempts(
    trx: Transaction<DB>,
    attempts: ReadonlyArray<{
      tx_id: string;
      tx_hash: string;
      raw: string;
      nonce: number;
      max_fee_per_gas: string;
      max_priority_fee_per_gas: string;
      gas_limit: string;
    }>,
  ): Promise<AttemptRow[]> {
    if (attempts.length === 0) return [];
    const r = await sql<AttemptRow>`
      insert into transaction_attempts (tx_id, seq, kind, tx_hash, raw, nonce, max_fee_per_gas, max_priority_fee_per_gas, gas_limit)
      select x.tx_id, coalesce((select max(a.seq) from transaction_attempts a where a.tx_id = x.tx_id), 0) + 1, 'original', x.tx_hash, x.raw, x.nonce,
             x.max_fee_per_gas, x.max_priority_fee_per_gas, x.gas_limit
      from jsonb_to_recordset(${JSON.stringify(attempts)}::jsonb)
        as x(tx_id text, tx_hash text, raw text, nonce bigint, max_fee_per_gas numeric, max_priority_fee_per_gas numeric, gas_limit numeric)
      returning tx_id, seq, kind, tx_hash, raw, nonce, max_fee_per_gas::text, max_priority_fee_per_gas::text, gas_limit::text, created_at, broadcast_at`.execute(
      trx,
    );
    return r.rows;
  }

  /**
   * `queued → signed` for a whole signing batch in one statement (rows no longer queued are
   * left alone and missing from the result). No event: `signed` is internal until broadcast.
   */
  async markSigned(
    trx: Transaction<DB>,
    items: ReadonlyArray<{
      id: string;
      nonce: number;
      tx_hash: string;
      gas_limit: string;
      simulation: unknown;
      detail: Record<string, unknown>;
    }>,
  ): Promise<TxRow[]> {
    if (items.length === 0) return [];
    const r = await sql<TxRow>`
      with x as (
        select * from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as x(id text, nonce bigint, tx_hash text, gas_limit numeric, simulation jsonb, detail jsonb)),
      u as (
        update transactions t set nonce = x.nonce, tx_hash = x.tx_hash, gas_limit = x.gas_limit, simulation = coalesce(x.simulation, t.simulation),
          status = 'signed', status_reason = 'signed', updated_at = clock_timestamp(),
          -- due for broadcast: the later members of a batch are picked up by any worker
          next_run_at = coalesce(t.next_run_at, clock_timestamp())
        from x where t.id = x.id and t.status = 'queued'
        returning ${sql.join(WORK_COLUMNS.map((c) => sql.ref(`t.${c}`)))}),
      h as (
        insert into transaction_history (tx_id, status, reason, detail)
        select u.id, 'signed', 'signed', x.detail from u join x on x.id = u.id)
      select * from u`.execute(trx);
    return r.rows;
  }

  /**
   * `signed → submitted` for several transactions at once, as `broadcast` (worker-send.ts) does
   * for one: their original attempts stamped as sent, the rows moved (only those still `signed`;
   * the others are missing from the result), this worker's lease on them ended, their history
   * entries and `transaction.submitted` events written — four statements whatever the number.
   * The caller holds the rows' locks and has marked their nonces broadcast.
   */
  async markSubmitted(
    trx: Transaction<DB>,
    items: ReadonlyArray<{ id: string; seq: number; hash: string }>,
    nextRunAt: Date,
    workerId: string,
  ): Promise<TxRow[]> {
    if (items.length === 0) return [];
    const doc = JSON.stringify(items);
    await sql`update transaction_attempts a set broadcast_at = now()
      from jsonb_to_recordset(${doc}::jsonb) as x(id text, seq int)
      where a.tx_id = x.id and a.seq = x.seq`.execute(trx);
    const r = await sql<TxRow>`
      with x as (select * from jsonb_to_recordset(${doc}::jsonb) as x(id text, seq int, hash text)),
      u as (
        update transactions t set status = 'submitted', status_reason = 'broadcast', updated_at = clock_timestamp(),
          submitted_at = now(), next_run_at = ${nextRunAt},
          locked_by = case when t.locked_by = ${workerId} then null else t.locked_by end,
          locked_until = case when t.locked_by = ${workerId} then null else t.locked_until end
        from x where t.id = x.id and t.status = 'signed'
        returning ${sql.join(WORK_COLUMNS.map((c) => sql.ref(`t.${c}`)))}),
      h as (
        insert into transaction_history (tx_id, status, reason, detail)
        select u.id, 'submitted', 'broadcast', jsonb_build_object('hash', x.hash) from u join x on x.id = u.id order by x.id)
      select * from u`.execute(trx);
    const resources = await this.loadMany(
      trx,
      r.rows.map((row) => row.id),
    );
    await publishEvents(
      trx,
      resources.map((resource) => ({ type: 'transaction.submitted' as const, resource })),
    );
    return r.rows;
  }

  async attempts(db: Db, id: string): Promise<AttemptRow[]> {
    return db.selectFrom('transaction_attempts').selectAll().where('tx_id', '=', id).orderBy('seq').execute();
  }

  /** The full resource (row, history, attempts) as the API shows it. */
  async load(db: Db, id: string): Promise<TransactionResource> {
    const [res] = await this.loadMany(db, [id]);
    if (!res) throw new NotFoundError(`no transaction ${id}`);
    return res;
  }

  /** Several full resources in one query, in the order of `ids` (unknown ids are left out). */
  async loadMany(db: Db, ids: readonly string[]): Promise<TransactionResource[]> {
    if (ids.length === 0) return [];
    const r = await sql<LoadedRow>`
      select t.*,
        (select coalesce(json_agg(json_build_object('tx_id', h.tx_id, 'seq', h.seq, 'status', h.status, 'reason', h.reason, 'detail', h.detail, 'at', h.at) order by h.seq), '[]')
           from transaction_history h where h.tx_id = t.id) as h,
        ${attemptsJson(sql.ref('t.id'))} as a
      from transactions t where t.id = any(${[...ids]}::text[])`.execute(db);
    const byId = new Map(r.rows.map((row) => [row.id, resourceOf(row)] as const));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async get(id: string): Promise<TransactionResource> {
    return this.load(this.db, id);
  }

  /** Newest first, with filters; `startingAfter` pages by id. */
  async list(q: {
    status?: TxStatus[];
    userId?: string;
    chainId?: number;
    signer?: string;
    reorgedAfterFinal?: boolean;
    limit: number;
    startingAfter?: string;
  }): Promise<{ data: TransactionResource[]; hasMore: boolean }> {
    let query = this.db
      .selectFrom('transactions')
      .select('id')
      .orderBy('id', 'desc')
      .limit(q.limit + 1);
    if (q.status?.length) query = query.where('status', 'in', q.status);
    if (q.userId) query = query.where('user_id', '=', q.userId);
    if (q.chainId) query = query.where('chain_id', '=', q.chainId);
    if (q.signer) query = query.where('signer', '=', q.signer);
    if (q.reorgedAfterFinal !== undefined) query = query.where('reorged_after_final', '=', q.reorgedAfterFinal);
    if (q.startingAfter) query = query.where('id', '<', q.startingAfter);
    const ids = await query.execute();
    const data = await this.loadMany(
      this.db,
      ids.slice(0, q.limit).map((r) => r.id),
    );
    return { data, hasMore: ids.length > q.limit };
  }

  /**
   * Claims up to `limit` transactions due for work, for `leaseMs`: rows no other worker holds
   * (or whose lease ran out: that worker died). Returns their ids, oldest due first.
   */
  async claimDue(
    workerId: string,
    limit: number,
    leaseMs: number,
    exclude: readonly string[] = [],
  ): Promise<ClaimedRow[]> {
    // `exclude`: rows this worker is still working on (never run two steps of one row at once).
    // A signed or submitted row comes with its attempts (what sending and tracking start from):
    // only the lease holder adds attempts, so they stay current for the step this claim runs.
    const r = await sql<TxRow & { attempts_json: unknown }>`
      update transactions t set locked_until = clock_timestamp() + make_interval(secs => ${leaseMs / 1000}), locked_by = ${workerId}, run_attempts = t.run_attempts + 1
      where t.id in (
        select id from transactions
        where next_run_at <= clock_timestamp() and (locked_until is null or locked_until < clock_timestamp())
          and id <> all(${[...exclude]}::text[])
        order by next_run_at limit ${limit}
        for update skip locked)
      returning ${sql.join(WORK_COLUMNS.map((c) => sql.ref(`t.${c}`)))},
        case when t.status in ('signed', 'submitted') then ${attemptsJson(sql.ref('t.id'), true)} end as attempts_json`.execute(
      this.db,
    );
    return r.rows.map(({ attempts_json, ...row }) => ({
      ...row,
      attempts: attempts_json === null ? null : attemptRowsOf(attempts_json),
    }));
  }

  /**
   * Ends this worker's lease; `nextRunAt` null means nothing more to do. A transaction still
   * in a state that needs a worker is never parked: whatever the caller thought, it stays due
   * (a review at its expiry, anything else at once).
   */
  async releaseLease(id: string, workerId: string, nextRunAt: Date | null, lastError?: string | null): Promise<void> {
    await sql`update transactions set locked_until = null, locked_by = null,
        next_run_at = case
          when ${nextRunAt}::timestamptz is not null then ${nextRunAt}::timestamptz
          when status in ('queued', 'signed', 'submitted') then clock_timestamp()
          when status = 'pending_review' then review_expires_at
          else null end
        ${lastError !== undefined ? sql`, last_error = ${lastError}` : sql``}
      where id = ${id} and locked_by = ${workerId}`.execute(this.db);
  }

  /** Extends this worker's lease while a long step runs. */
  async renewLease(id: string, workerId: string, leaseMs: number): Promise<void> {
    await sql`update transactions set locked_until = clock_timestamp() + make_interval(secs => ${leaseMs / 1000})
      where id = ${id} and locked_by = ${workerId}`.execute(this.db);
  }

  /** Records that Keel was asked to pay `address` (first sighting); `transition`'s `paidDestination` records a payment. */
  async recordDestination(trx: Db, chainId: number, address: string): Promise<void> {
    await sql`insert into destinations (chain_id, address) values (${chainId}, ${address.toLowerCase()})
      on conflict (chain_id, address) do nothing`.execute(trx);
  }
}
