import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { appendAudit } from '../audit/store.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import { KeelError, NotFoundError } from '../lib/errors.ts';
import { pageOf } from '../lib/pagination.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import type { BreakersTable } from './tables.ts';

/**
 * Circuit breakers: named switches a capability checks before it uses a protocol or a pool.
 * An operator trips and resets them (audit-logged, with events); a capability trips one
 * automatically after `tripAfter` guard refusals within `windowSeconds` (e.g. repeated oracle
 * refusals on a pool). While one is open, what it covers answers 503 and everything else works.
 */

/** The breaker of a protocol on one chain (all its pools). */
export const protocolBreaker = (protocol: string, chainId: number) => `${protocol}:${chainId}`;
/** The breaker of one pool. */
export const poolBreaker = (chainId: number, address: string) => `pool:${chainId}:${address.toLowerCase()}`;

export const BREAKER_KEY_RE = /^[a-z0-9][a-z0-9:._-]{2,120}$/;

export interface Breaker {
  key: string;
  object: 'breaker';
  state: 'closed' | 'open';
  reason: string | null;
  trippedAt: string | null;
  trippedBy: string | null;
  resetAt: string | null;
  resetBy: string | null;
  recentFailures: number;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const toBreaker = (r: Selectable<BreakersTable>): Breaker => ({
  key: r.key,
  object: 'breaker',
  state: r.state,
  reason: r.reason,
  trippedAt: iso(r.tripped_at),
  trippedBy: r.tripped_by,
  resetAt: iso(r.reset_at),
  resetBy: r.reset_by,
  recentFailures: r.failures,
});

export class BreakersStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly auto: { tripAfter: number; windowSeconds: number },
  ) {}

  /** Every breaker, in key order. */
  async list(): Promise<Breaker[]> {
    return (await this.db.selectFrom('breakers').selectAll().orderBy('key').execute()).map(toBreaker);
  }

  /**
   * A page of breakers in key order (a breaker has no id nor creation time: its key names it),
   * after `startingAfter` (a breaker key).
   */
  async page(limit: number, startingAfter?: string): Promise<{ data: Breaker[]; hasMore: boolean }> {
    let q = this.db
      .selectFrom('breakers')
      .selectAll()
      .orderBy('key')
      .limit(limit + 1);
    if (startingAfter) q = q.where('key', '>', startingAfter);
    return pageOf((await q.execute()).map(toBreaker), limit);
  }

  /** The open breakers among `keys`. */
  async openAmong(keys: readonly string[]): Promise<Breaker[]> {
    if (keys.length === 0) return [];
    return (
      await this.db.selectFrom('breakers').selectAll().where('key', 'in', keys).where('state', '=', 'open').execute()
    ).map(toBreaker);
  }

  /**
   * Opens a breaker (creating it if needed). Tripping an open one is a no-op that returns it.
   * `within`: the caller's database transaction (a swap's outcome handler), else its own.
   */
  async trip(key: string, reason: string, actor: string, within?: Transaction<DB>): Promise<Breaker> {
    const run = async (trx: Transaction<DB>) => {
      const row = await trx
        .insertInto('breakers')
        .values({ key, state: 'open', reason, tripped_at: sql<Date>`now()`, tripped_by: actor, failures: 0 })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet({
              state: 'open',
              reason,
              tripped_at: sql<Date>`now()`,
              tripped_by: actor,
              failures: 0,
              updated_at: sql<Date>`now()`,
            })
            .where('breakers.state', '=', 'closed'),
        )
        .returningAll()
        .executeTakeFirst();
      if (!row)
        return toBreaker(await trx.selectFrom('breakers').selectAll().where('key', '=', key).executeTakeFirstOrThrow());
      const b = toBreaker(row);
      await publishEvent(trx, 'breaker.tripped', b);
      await appendAudit(trx, { actor, action: 'breaker.tripped', subject: key, details: { reason } });
      await recordResponse(trx, 'breaker.trip', b);
      return b;
    };
    return within ? run(within) : this.db.transaction().execute(run);
  }

  /** Closes an open breaker (409 when it is not open). */
  async reset(key: string, actor: string, note: string | null): Promise<Breaker> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('breakers')
        .set({
          state: 'closed',
          reset_at: sql<Date>`now()`,
          reset_by: actor,
          failures: 0,
          window_started_at: null,
          updated_at: sql<Date>`now()`,
        })
        .where('key', '=', key)
        .where('state', '=', 'open')
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        const exists = await trx.selectFrom('breakers').select('state').where('key', '=', key).executeTakeFirst();
        if (!exists) throw new NotFoundError(`no breaker ${key}`);
        throw new KeelError('breaker_not_open', `breaker ${key} is not open`);
      }
      const b = toBreaker(row);
      await publishEvent(trx, 'breaker.reset', b);
      await appendAudit(trx, { actor, action: 'breaker.reset', subject: key, details: { note } });
      await recordResponse(trx, 'breaker.reset', b);
      return b;
    });
  }

  /**
   * Counts a guard refusal against `key`; trips it (actor `auto`) when the count within the
   * window reaches `tripAfter`. Returns the breaker when this call tripped it. `within`: the
   * caller's database transaction (the count commits with what caused it).
   */
  async recordFailure(key: string, reason: string, within?: Transaction<DB>): Promise<Breaker | null> {
    const r = await sql<{ failures: number; state: string }>`
      insert into breakers (key, failures, window_started_at) values (${key}, 1, now())
      on conflict (key) do update set
        failures = case when breakers.window_started_at is null or breakers.window_started_at < now() - make_interval(secs => ${this.auto.windowSeconds})
                        then 1 else breakers.failures + 1 end,
        window_started_at = case when breakers.window_started_at is null or breakers.window_started_at < now() - make_interval(secs => ${this.auto.windowSeconds})
                        then now() else breakers.window_started_at end,
        updated_at = now()
      returning failures, state`.execute(within ?? this.db);
    const row = r.rows[0]!;
    if (row.state === 'closed' && row.failures >= this.auto.tripAfter)
      return this.trip(
        key,
        `${this.auto.tripAfter} refusals within ${this.auto.windowSeconds}s; last: ${reason}`,
        'auto',
        within,
      );
    return null;
  }
}
