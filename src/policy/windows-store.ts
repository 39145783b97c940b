import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { PermanentError } from '../lib/errors.ts';
import type { WindowCharge, WindowTotal } from './types.ts';

/**
 * The rolling-window store: a usage ledger summed over `at > now - window`, and reservations
 * that stay correct when several API processes reserve against one Postgres at once.
 *
 * A reservation takes a transaction-scoped advisory lock per window key, in ascending order of
 * the keys' 64-bit lock ids (every process sorts the same way, so two reservations over
 * overlapping keys cannot deadlock), then re-reads the sums — in READ COMMITTED each statement
 * sees what earlier lock holders committed — and inserts its usage only if every deny-limit
 * still holds. The locks are released at commit, so the next holder's sums include this usage.
 */

type Db = Kysely<DB> | Transaction<DB>;

/** A window whose limit the reservation would pass, with what it already held. */
export interface WindowExceeded {
  charge: WindowCharge;
  used: WindowTotal;
}

/** The outcome of a reservation. */
export type ReserveResult =
  | {
      ok: true;
      /** Every charge was already reserved under this ref (a retry): nothing was added. */
      alreadyReserved: boolean;
      /** Review-limits passed by this use: the caller must send the intent to human review. */
      review: WindowExceeded[];
      /** The time recorded on the usage rows. */
      at: Date;
    }
  | {
      ok: false;
      /** Deny-limits that have no room left: nothing was recorded. */
      exceeded: WindowExceeded[];
    };

/** Options of `reserveWindows`. */
export interface ReserveOptions {
  /** What uses the windows (a transaction id): the handle for `releaseUsage`, and the idempotency key. */
  ref: string;
  /** Override the database clock (tests); defaults to the server's `clock_timestamp()`. */
  now?: Date;
}

/** A stable 64-bit advisory lock id per window key, namespaced away from other Keel locks. */
export function windowLockId(key: string): bigint {
  return createHash('sha256').update(`keel.policy.window\0${key}`).digest().readBigInt64BE(0);
}

interface SumRow {
  key: string;
  sum: string;
  count: number;
  mine: boolean;
}

async function sums(
  db: Db,
  needs: ReadonlyArray<{ key: string; windowSeconds: number }>,
  now: Date | null,
  ref: string | null,
): Promise<Map<string, SumRow>> {
  const keys = needs.map((n) => n.key);
  const secs = needs.map((n) => n.windowSeconds);
  const mine = ref ?? '';
  // Rows of `ref` itself are found whatever their age (idempotent retries) but never summed.
  const r = await sql<SumRow>`
    select w.k as key, coalesce(t.sum, 0)::text as sum, coalesce(t.count, 0)::int as count,
      exists (select 1 from policy_window_usage m where m.ref = ${mine} and m.window_key = w.k and m.released_at is null) as mine
    from unnest(${keys}::text[], ${secs}::int[]) as w(k, s)
    left join lateral (
      select sum(u.amount) as sum, sum(u.count) as count from policy_window_usage u
      where u.window_key = w.k and u.released_at is null and u.ref <> ${mine}
        and u.at > coalesce(${now}::timestamptz, clock_timestamp()) - make_interval(secs => w.s)
    ) t on true`.execute(db);
  return new Map(r.rows.map((row) => [row.key, row]));
}

/**
 * The totals of the given windows at `now` (default: the database clock), for `Facts.windowTotals`.
 * A read without locks: good for evaluation, never a substitute for `reserveWindows`.
 */
export async function readWindowTotals(
  db: Db,
  needs: ReadonlyArray<{ key: string; windowSeconds: number }>,
  now?: Date,
): Promise<Record<string, WindowTotal>> {
  if (needs.length === 0) return {};
  const rows = await sums(db, needs, now ?? null, null);
  const out: Record<string, WindowTotal> = {};
  for (const n of needs) {
    const row = rows.get(n.key);
    out[n.key] = { sum: BigInt(row?.sum ?? '0'), count: row?.count ?? 0 };
  }
  return out;
}

async function reserveIn(
  trx: Transaction<DB>,
  charges: readonly WindowCharge[],
  opts: ReserveOptions,
): Promise<ReserveResult> {
  const ids = [...new Set(charges.map((c) => windowLockId(c.key)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const id of ids) await sql`select pg_advisory_xact_lock(${id.toString()}::bigint)`.execute(trx);
  const env = (
    await sql<{
      iso: string;
      now: Date;
    }>`select current_setting('transaction_isolation') as iso, clock_timestamp() as now`.execute(trx)
  ).rows[0]!;
  // A REPEATABLE READ / SERIALIZABLE snapshot predates the lock and would miss usage committed while waiting.
  if (env.iso !== 'read committed') {
    throw new PermanentError(
      'policy_window_isolation',
      `reserveWindows needs a READ COMMITTED transaction, not ${env.iso}`,
    );
  }
  const now = opts.now ?? env.now;
  const rows = await sums(
    trx,
    charges.map((c) => ({ key: c.key, windowSeconds: c.windowSeconds })),
    now,
    opts.ref,
  );
  const exceeded: WindowExceeded[] = [];
  const review: WindowExceeded[] = [];
  const fresh: WindowCharge[] = [];
  for (const charge of charges) {
    const row = rows.get(charge.key);
    if (row?.mine) continue;
    fresh.push(charge);
    const used = { sum: BigInt(row?.sum ?? '0'), count: row?.count ?? 0 };
    const over =
      (charge.maxSum !== undefined && used.sum + charge.amount > charge.maxSum) ||
      (charge.maxCount !== undefined && used.count + charge.count > charge.maxCount);
    if (over) (charge.onExceed === 'deny' ? exceeded : review).push({ charge, used });
  }
  if (exceeded.length) return { ok: false, exceeded };
  if (fresh.length) {
    await trx
      .insertInto('policy_window_usage')
      .values(
        fresh.map((c) => ({
          window_key: c.key,
          ref: opts.ref,
          rule_id: c.rule,
          at: now,
          amount: c.amount.toString(),
          count: c.count,
        })),
      )
      .onConflict((oc) => oc.columns(['ref', 'window_key']).where('released_at', 'is', null).doNothing())
      .execute();
  }
  return { ok: true, alreadyReserved: fresh.length === 0 && charges.length > 0, review, at: now };
}

/**
 * Atomically records `charges` (from a decision) under `ref` if every deny-limit still has
 * room; otherwise records nothing and reports the full windows. Review-limits never block:
 * passing one is reported in `review`. Repeating a reservation with the same `ref` is a no-op.
 *
 * Pass the caller's transaction to make the usage part of the caller's write (it is then
 * visible to others only at commit); given the database itself, it runs in its own transaction.
 * The transaction must be READ COMMITTED (Postgres' default).
 */
export async function reserveWindows(
  db: Db,
  charges: readonly WindowCharge[],
  opts: ReserveOptions,
): Promise<ReserveResult> {
  if (charges.length === 0) return { ok: true, alreadyReserved: false, review: [], at: opts.now ?? new Date() };
  if (db.isTransaction) return reserveIn(db as Transaction<DB>, charges, opts);
  return db.transaction().execute((trx) => reserveIn(trx, charges, opts));
}

/**
 * Gives back the usage recorded under `ref` (its transaction was rejected, failed or
 * cancelled), so it no longer counts. Returns how many window rows were released; releasing
 * twice is harmless. A later reservation under the same ref counts again.
 */
export async function releaseUsage(db: Db, ref: string, now?: Date): Promise<number> {
  const r = await db
    .updateTable('policy_window_usage')
    .set({ released_at: now ?? sql<Date>`clock_timestamp()` })
    .where('ref', '=', ref)
    .where('released_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Deletes usage that no window can reach any more (older than `before`); run it periodically
 * with `before = now - CompiledPolicy.maxWindowSeconds` (or a longer retention).
 */
export async function pruneUsage(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom('policy_window_usage').where('at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
