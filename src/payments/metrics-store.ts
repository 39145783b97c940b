import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { IntentStatus } from './state.ts';

/**
 * The payments metrics' reads (run at scrape time, by every process: the figures come from the
 * database, so each process reports the same).
 */

/** How many intents are in each status (only statuses that have some). */
export async function intentCounts(db: Kysely<DB>): Promise<Array<{ status: IntentStatus; intents: number }>> {
  const rows = await db
    .selectFrom('payment_intents')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, intents: Number(r.n) }));
}

/** Final deposits not swept yet, per chain, token and state. */
export interface BacklogSlice {
  chainId: number;
  token: string;
  /** The configured symbol of the token on that chain; null for a token Keel does not know. */
  asset: string | null;
  /** `waiting`: no sweep holds them yet; `sweeping`: a sweep holding them is in flight. */
  state: 'waiting' | 'sweeping';
  deposits: number;
  /** Sum of their amounts, in base units. */
  amount: bigint;
}

/**
 * The sweep backlog: confirmed (final) deposits whose funds still sit at deposit addresses, per
 * chain and token — those no sweep holds yet and those of sweeps in flight. Both halves read
 * partial indexes (unswept deposits; pending sweeps and their deposits), not the deposit history.
 */
export async function sweepBacklog(db: Kysely<DB>): Promise<BacklogSlice[]> {
  const r = await sql<{
    chain_id: string | number;
    token: string;
    asset: string | null;
    state: BacklogSlice['state'];
    n: string | number;
    amount: string;
  }>`
    select d.chain_id, d.token, max(d.asset) as asset, 'waiting' as state, count(*) as n, sum(d.amount)::text as amount
    from payment_deposits d
    where d.status = 'confirmed' and d.sweep_id is null
    group by d.chain_id, d.token
    union all
    select d.chain_id, d.token, max(d.asset) as asset, 'sweeping' as state, count(*) as n, sum(d.amount)::text as amount
    from payment_sweeps s
    join payment_deposits d on d.sweep_id = s.id
    where s.status = 'pending' and d.status = 'confirmed' and d.swept_at is null
    group by d.chain_id, d.token`.execute(db);
  return r.rows.map((x) => ({
    chainId: Number(x.chain_id),
    token: x.token,
    asset: x.asset,
    state: x.state,
    deposits: Number(x.n),
    amount: BigInt(x.amount),
  }));
}
