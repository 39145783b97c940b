import { sql, type Kysely } from 'kysely';
import { formatUnits } from 'viem';
import type { DB } from '../db/schema.ts';
import { FINAL_TX_STATUSES } from '../pipeline/states.ts';
import { fillSeries, successRate, type BucketPlan } from './buckets.ts';

/**
 * The pilot metrics of the overview, computed from the database in plain SQL that runs on
 * Postgres 15 and PGlite alike (grouping by an integer bucket index, ordered-set aggregates,
 * FILTER clauses). Read-only: it reads other modules' tables and writes nothing.
 */

export interface OverviewStats {
  transactions: {
    confirmed: number[];
    reverted: number[];
    failed: number[];
    rejected: number[];
    /** expired + cancelled */
    abandoned: number[];
    /** Per bucket: confirmed / (confirmed + reverted + failed); null without any. */
    successRate: Array<number | null>;
    totals: {
      confirmed: number;
      reverted: number;
      failed: number;
      rejected: number;
      expired: number;
      cancelled: number;
      successRate: number | null;
    };
    /** Now, whatever the range: waiting for a worker or the chain. */
    inFlight: number;
  };
  settle: {
    /** Created → confirmed (includes any human review wait), seconds. */
    p50Seconds: Array<number | null>;
    p95Seconds: Array<number | null>;
    /** Broadcast → confirmed, seconds. */
    onChainP50Seconds: Array<number | null>;
    overall: { count: number; p50Seconds: number | null; p95Seconds: number | null; onChainP50Seconds: number | null };
  };
  volume: {
    /** USD value of confirmed transactions per bucket (decimal strings). */
    usd: string[];
    count: number[];
    totalUsd: string;
    byAsset: Array<{
      chainId: number;
      symbol: string;
      decimals: number;
      amount: string;
      baseUnits: string;
      count: number;
    }>;
  };
  revertReasons: Array<{ reason: string; status: 'reverted' | 'failed'; count: number }>;
  reviews: {
    pending: number;
    oldestWaitingSince: string | null;
    requested: number[];
    approved: number[];
    rejected: number[];
    expired: number[];
  };
  /** null when not asked for (the caller's key may not read breakers). */
  breakers: {
    open: Array<{ key: string; reason: string | null; trippedAt: string | null; trippedBy: string | null }>;
    /** Trips per bucket (operators and automatic), from the audit log. */
    trips: number[];
  } | null;
  /** null when not asked for (the caller's key may not read webhooks). */
  webhooks: {
    succeeded: number[];
    failed: number[];
    p95LatencyMs: Array<number | null>;
    pendingDeliveries: number;
    failedDeliveries: number;
    endpoints: { enabled: number; disabled: number; failing: number };
  } | null;
}

/** Which optional sections to read (each is a scope question the caller answers). */
export interface OverviewSections {
  breakers: boolean;
  webhooks: boolean;
}

type Row = Record<string, unknown> & { b: number };
/** The result of a query not run (its section was not asked for). */
const skipped = Promise.resolve({ rows: [] as never[] });
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);

/**
 * Reads every overview figure for one bucket plan (about ten small aggregate queries, run
 * concurrently); the breaker and webhook sections only when `sections` asks for them.
 */
export async function readOverview(
  db: Kysely<DB>,
  plan: BucketPlan,
  sections: OverviewSections,
): Promise<OverviewStats> {
  const from = plan.from;
  const to = plan.to;
  const origin = plan.from.getTime() / 1000;
  const size = plan.bucketSeconds;
  // The bucket index of a timestamp column; float8 keeps it the same on Postgres 15 and 17.
  const b = (col: string) =>
    sql<number>`floor((extract(epoch from ${sql.ref(col)})::float8 - ${origin}::float8) / ${size}::float8)::int`;

  const finalStatuses = sql.join(FINAL_TX_STATUSES.map((s) => sql.lit(s)));
  const [
    outcomes,
    settle,
    settleAll,
    volume,
    byAsset,
    reverts,
    reviewFlow,
    reviewNow,
    trips,
    open,
    hooks,
    hooksNow,
    endpoints,
    inFlight,
  ] = await Promise.all([
    sql<Row & { status: string; n: number }>`
      select ${b('finished_at')} as b, status, count(*)::int as n from transactions
      where finished_at >= ${from} and finished_at < ${to} and status in (${finalStatuses})
      group by 1, 2`.execute(db),
    sql<Row & { p50: number | null; p95: number | null; chain_p50: number | null }>`
      select ${b('finished_at')} as b,
             percentile_cont(0.5) within group (order by extract(epoch from (finished_at - created_at))::float8) as p50,
             percentile_cont(0.95) within group (order by extract(epoch from (finished_at - created_at))::float8) as p95,
             percentile_cont(0.5) within group (order by extract(epoch from (finished_at - coalesce(submitted_at, created_at)))::float8) as chain_p50
      from transactions where status = 'confirmed' and finished_at >= ${from} and finished_at < ${to}
      group by 1`.execute(db),
    sql<{ n: number; p50: number | null; p95: number | null; chain_p50: number | null }>`
      select count(*)::int as n,
             percentile_cont(0.5) within group (order by extract(epoch from (finished_at - created_at))::float8) as p50,
             percentile_cont(0.95) within group (order by extract(epoch from (finished_at - created_at))::float8) as p95,
             percentile_cont(0.5) within group (order by extract(epoch from (finished_at - coalesce(submitted_at, created_at)))::float8) as chain_p50
      from transactions where status = 'confirmed' and finished_at >= ${from} and finished_at < ${to}`.execute(db),
    sql<Row & { usd8: string; n: number }>`
      select ${b('finished_at')} as b, coalesce(sum(amount_usd8), 0)::text as usd8, count(*)::int as n from transactions
      where status = 'confirmed' and finished_at >= ${from} and finished_at < ${to}
      group by 1`.execute(db),
    sql<{ chain_id: string; symbol: string; decimals: number; base_units: string; n: number }>`
      select chain_id::text as chain_id, asset->>'symbol' as symbol, (asset->>'decimals')::int as decimals, sum(amount)::text as base_units, count(*)::int as n
      from transactions
      where status = 'confirmed' and finished_at >= ${from} and finished_at < ${to} and asset is not null and amount > 0
      group by 1, 2, 3 order by 1, 2`.execute(db),
    sql<{ reason: string; status: 'reverted' | 'failed'; n: number }>`
      select coalesce(revert->>'description', status_reason, 'unknown') as reason, status, count(*)::int as n from transactions
      where status in ('reverted', 'failed') and finished_at >= ${from} and finished_at < ${to}
      group by 1, 2 order by 3 desc, 1 limit 10`.execute(db),
    sql<Row & { kind: string; n: number }>`
      select ${b('at')} as b,
             case when status = 'pending_review' then 'requested' else reason end as kind,
             count(*)::int as n
      from transaction_history
      where at >= ${from} and at < ${to}
        and (status = 'pending_review' or reason in ('review_approved', 'review_rejected', 'review_expired'))
      group by 1, 2`.execute(db),
    sql<{ n: number; oldest: Date | null }>`
      select count(*)::int as n, min(created_at) as oldest from transactions where status = 'pending_review'`.execute(
      db,
    ),
    sections.breakers
      ? sql<Row & { n: number }>`
      select ${b('at')} as b, count(*)::int as n from audit_log
      where action = 'breaker.tripped' and at >= ${from} and at < ${to}
      group by 1`.execute(db)
      : skipped,
    sections.breakers
      ? sql<{ key: string; reason: string | null; tripped_at: Date | null; tripped_by: string | null }>`
      select key, reason, tripped_at, tripped_by from breakers where state = 'open' order by tripped_at desc nulls last, key`.execute(
          db,
        )
      : skipped,
    sections.webhooks
      ? sql<Row & { ok: number; bad: number; p95: number | null }>`
      select ${b('started_at')} as b,
             count(*) filter (where status_code between 200 and 299)::int as ok,
             count(*) filter (where status_code is null or status_code not between 200 and 299)::int as bad,
             percentile_cont(0.95) within group (order by duration_ms::float8) as p95
      from webhook_attempts where started_at >= ${from} and started_at < ${to}
      group by 1`.execute(db)
      : skipped,
    sections.webhooks
      ? sql<{ pending: number; failed: number }>`
      select count(*) filter (where status in ('pending', 'delivering'))::int as pending,
             count(*) filter (where status = 'failed')::int as failed
      from webhook_deliveries d
      where exists (select 1 from webhook_endpoints e where e.id = d.endpoint_id and e.deleted_at is null)`.execute(db)
      : skipped,
    sections.webhooks
      ? sql<{ enabled: number; disabled: number; failing: number }>`
      select count(*) filter (where status = 'enabled')::int as enabled,
             count(*) filter (where status = 'disabled')::int as disabled,
             count(*) filter (where status = 'enabled' and failing_since is not null)::int as failing
      from webhook_endpoints where deleted_at is null`.execute(db)
      : skipped,
    sql<{
      n: number;
    }>`select count(*)::int as n from transactions where status in ('queued', 'signed', 'submitted')`.execute(db),
  ]);

  const byStatus = (s: string) =>
    fillSeries(
      plan,
      outcomes.rows.filter((r) => r.status === s),
      (r) => num(r.n),
      0,
    );
  const confirmed = byStatus('confirmed');
  const reverted = byStatus('reverted');
  const failed = byStatus('failed');
  const expired = byStatus('expired');
  const cancelled = byStatus('cancelled');
  const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
  const totals = {
    confirmed: sum(confirmed),
    reverted: sum(reverted),
    failed: sum(failed),
    rejected: sum(byStatus('rejected')),
    expired: sum(expired),
    cancelled: sum(cancelled),
  };
  const usd8 = fillSeries(plan, volume.rows, (r) => BigInt(r.usd8), 0n);
  const reviewKind = (k: string) =>
    fillSeries(
      plan,
      reviewFlow.rows.filter((r) => r.kind === k),
      (r) => num(r.n),
      0,
    );
  const all = settleAll.rows[0];
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

  return {
    transactions: {
      confirmed,
      reverted,
      failed,
      rejected: byStatus('rejected'),
      abandoned: expired.map((x, i) => x + cancelled[i]!),
      successRate: confirmed.map((c, i) => successRate(c, reverted[i]!, failed[i]!)),
      totals: { ...totals, successRate: successRate(totals.confirmed, totals.reverted, totals.failed) },
      inFlight: num(inFlight.rows[0]?.n),
    },
    settle: {
      p50Seconds: fillSeries(plan, settle.rows, (r) => numOrNull(r.p50), null),
      p95Seconds: fillSeries(plan, settle.rows, (r) => numOrNull(r.p95), null),
      onChainP50Seconds: fillSeries(plan, settle.rows, (r) => numOrNull(r.chain_p50), null),
      overall: {
        count: num(all?.n),
        p50Seconds: numOrNull(all?.p50),
        p95Seconds: numOrNull(all?.p95),
        onChainP50Seconds: numOrNull(all?.chain_p50),
      },
    },
    volume: {
      usd: usd8.map((v) => formatUnits(v, 8)),
      count: fillSeries(plan, volume.rows, (r) => num(r.n), 0),
      totalUsd: formatUnits(
        usd8.reduce((a, x) => a + x, 0n),
        8,
      ),
      byAsset: byAsset.rows.map((r) => ({
        chainId: Number(r.chain_id),
        symbol: r.symbol,
        decimals: Number(r.decimals),
        amount: formatUnits(BigInt(r.base_units), Number(r.decimals)),
        baseUnits: r.base_units,
        count: num(r.n),
      })),
    },
    revertReasons: reverts.rows.map((r) => ({ reason: r.reason, status: r.status, count: num(r.n) })),
    reviews: {
      pending: num(reviewNow.rows[0]?.n),
      oldestWaitingSince: iso(reviewNow.rows[0]?.oldest ?? null),
      requested: reviewKind('requested'),
      approved: reviewKind('review_approved'),
      rejected: reviewKind('review_rejected'),
      expired: reviewKind('review_expired'),
    },
    breakers: sections.breakers
      ? {
          open: open.rows.map((r) => ({
            key: r.key,
            reason: r.reason,
            trippedAt: iso(r.tripped_at),
            trippedBy: r.tripped_by,
          })),
          trips: fillSeries(plan, trips.rows, (r) => num(r.n), 0),
        }
      : null,
    webhooks: sections.webhooks
      ? {
          succeeded: fillSeries(plan, hooks.rows, (r) => num(r.ok), 0),
          failed: fillSeries(plan, hooks.rows, (r) => num(r.bad), 0),
          p95LatencyMs: fillSeries(plan, hooks.rows, (r) => numOrNull(r.p95), null),
          pendingDeliveries: num(hooksNow.rows[0]?.pending),
          failedDeliveries: num(hooksNow.rows[0]?.failed),
          endpoints: {
            enabled: num(endpoints.rows[0]?.enabled),
            disabled: num(endpoints.rows[0]?.disabled),
            failing: num(endpoints.rows[0]?.failing),
          },
        }
      : null,
  };
}
