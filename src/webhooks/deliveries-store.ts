import { sql, type Kysely, type Transaction } from 'kysely';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { newId } from '../lib/ids.ts';
import { disableEndpoint } from './endpoints-store.ts';
import { classifyResponse, retryDelayMs } from './schedule.ts';

/** The delivery settings the store applies (a slice of `config.webhooks`). */
export type DeliverySettings = Pick<
  Config['webhooks'],
  'retryScheduleSeconds' | 'jitter' | 'maxConcurrencyPerEndpoint' | 'disableAfterHours' | 'maxRetryAfterSeconds'
>;

/** A delivery claimed by one worker, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  eventId: string;
  endpointId: string;
  kind: 'event' | 'replay' | 'test';
  /** Attempts made including this one (1 on the first). */
  attempt: number;
  event: { id: string; type: string; api_version: number; data: unknown; created_at: Date };
  endpoint: { id: string; url: string; secret_enc: string; previous_secret_enc: string | null; previous_secret_expires_at: Date | null };
}

/** What one attempt of a claimed delivery produced (the sender's result plus identity). */
export interface AttemptResult {
  deliveryId: string;
  endpointId: string;
  /** The claimed delivery's `attempt`: completes only that claim, not a later one. */
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode?: number | undefined;
  error?: string | undefined;
  errorCode?: string | undefined;
  responseBody?: string | undefined;
  retryAfterSeconds?: number | undefined;
  /** The worker gave up the attempt (stopping): retried at once, not held against the endpoint. */
  aborted?: boolean | undefined;
}

/** What `complete` did, for logs and tests. */
export interface CompleteSummary {
  succeeded: number;
  retrying: number;
  failed: number;
  /** Results not applied: the lease was taken over by another claim meanwhile. */
  stale: string[];
  disabled: Array<{ endpointId: string; reason: 'gone' | 'failing' }>;
}

// Advisory lock class for "claiming for this endpoint" (two-int form: its own key space).
const CLAIM_LOCK_CLASS = 0x6b77_6864; // 'kwhd'

type Outcome = 'succeeded' | 'pending' | 'failed';

/**
 * The webhook delivery log: claiming due deliveries (multi-worker safe, with a concurrency
 * cap per endpoint across all workers) and recording attempts in batches. The only writer
 * of `webhook_deliveries` / `webhook_attempts` besides the API's retry/replay/test inserts.
 */
export class DeliveriesStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly settings: DeliverySettings,
    private readonly rng: () => number = Math.random,
  ) {}

  /**
   * Claims up to `limit` due deliveries for `workerId`: pending ones whose time has come and
   * `delivering` ones whose lease expired (their worker died). Only enabled, non-deleted
   * endpoints; never more than `maxConcurrencyPerEndpoint` unexpired leases per endpoint
   * across every worker. Each claimed row is leased for `leaseMs` (longer than a send's
   * deadline) and its `attempts` incremented.
   *
   * Per endpoint, claimers serialise on a transaction-scoped advisory lock taken with
   * try-lock (an endpoint another worker is claiming for is skipped, never waited on); the
   * in-flight count is then read by a second statement whose snapshot is newer than that
   * worker's commit, so two workers can never both fill the same free slots.
   */
  async claim(workerId: string, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    if (limit <= 0) return [];
    const cap = this.settings.maxConcurrencyPerEndpoint;
    return this.db.transaction().execute(async (trx) => {
      const eps = await sql<{ id: string }>`
        with due as materialized (
          select e.id from webhook_endpoints e
          where e.status = 'enabled' and e.deleted_at is null
            and (exists (select 1 from webhook_deliveries d
                         where d.endpoint_id = e.id and d.status = 'pending' and d.next_attempt_at <= now())
              or exists (select 1 from webhook_deliveries d
                         where d.endpoint_id = e.id and d.status = 'delivering' and d.locked_until <= now()))
            and (select count(*) from webhook_deliveries d
                 where d.endpoint_id = e.id and d.status = 'delivering' and d.locked_until > now()) < ${cap}
          order by random()
          limit ${limit})
        select id from due where pg_try_advisory_xact_lock(${CLAIM_LOCK_CLASS}, hashtext(id))`.execute(trx);
      if (eps.rows.length === 0) return [];
      const ids = eps.rows.map((r) => r.id);
      const claimed = await sql<ClaimRow>`
        with busy as (
          select endpoint_id, count(*)::int as n from webhook_deliveries
          where endpoint_id = any(${ids}::text[]) and status = 'delivering' and locked_until > now()
          group by endpoint_id),
        cand as (
          select c.id, c.endpoint_id, c.next_attempt_at,
                 row_number() over (partition by c.endpoint_id order by c.next_attempt_at, c.id) as rn
          from unnest(${ids}::text[]) as ep(id)
          cross join lateral (
            select u.* from (
              (select d.id, d.endpoint_id, d.next_attempt_at from webhook_deliveries d
               where d.endpoint_id = ep.id and d.status = 'pending' and d.next_attempt_at <= now()
               order by d.next_attempt_at limit ${cap})
              union all
              (select d.id, d.endpoint_id, d.next_attempt_at from webhook_deliveries d
               where d.endpoint_id = ep.id and d.status = 'delivering' and d.locked_until <= now()
               order by d.next_attempt_at limit ${cap})
            ) u order by u.next_attempt_at limit ${cap}) c),
        picked as (
          select cand.id from cand left join busy on busy.endpoint_id = cand.endpoint_id
          where cand.rn + coalesce(busy.n, 0) <= ${cap}
          order by cand.rn, cand.next_attempt_at
          limit ${limit}),
        locked as (
          select d.id from webhook_deliveries d
          where d.id in (select id from picked)
            and (d.status = 'pending' or (d.status = 'delivering' and d.locked_until <= now()))
          for update skip locked),
        upd as (
          update webhook_deliveries d
          set status = 'delivering', locked_until = now() + ${leaseMs}::float8 * interval '1 millisecond',
              locked_by = ${workerId}, attempts = d.attempts + 1, updated_at = now()
          from locked where d.id = locked.id
          returning d.id, d.event_id, d.endpoint_id, d.kind, d.attempts)
        select upd.id, upd.event_id, upd.endpoint_id, upd.kind, upd.attempts,
               ev.type as event_type, ev.api_version, ev.data, ev.created_at as event_created_at,
               e.url, e.secret_enc, e.previous_secret_enc, e.previous_secret_expires_at
        from upd join events ev on ev.id = upd.event_id join webhook_endpoints e on e.id = upd.endpoint_id`.execute(trx);
      return claimed.rows.map(toClaimed);
    });
  }

  /**
   * Records a batch of attempt results in one transaction: one UPDATE of the deliveries,
   * one multi-row INSERT into the attempt log, and the endpoints' failure bookkeeping.
   * Success → `succeeded` and the endpoint's `failing_since` cleared; a retryable failure
   * → `pending` at the next scheduled time (Retry-After honoured on 429/503) or `failed`
   * when attempts are exhausted, and `failing_since` set; 410 → `failed` and the endpoint
   * disabled (`gone`); an endpoint failing for longer than `disableAfterHours` is disabled
   * (`failing`). Both disablings emit `endpoint.disabled` in this transaction.
   * A result only changes its delivery while the delivery is still leased by `workerId`
   * under the same attempt: a lease that expired and was taken over is left alone (the
   * attempt is still logged: it happened).
   */
  async complete(workerId: string, results: readonly AttemptResult[]): Promise<CompleteSummary> {
    const summary: CompleteSummary = { succeeded: 0, retrying: 0, failed: 0, stale: [], disabled: [] };
    if (results.length === 0) return summary;
    const rows = results.map((r) => this.decide(r));
    for (let tries = 1; ; tries++) {
      try {
        await this.db.transaction().execute((trx) => this.applyBatch(trx, workerId, results, rows, summary));
        return summary;
      } catch (err) {
        // Two workers updating the same endpoints can deadlock in rare orders; the batch is
        // all-or-nothing, so running it again is safe.
        if (tries >= 3 || (err as { code?: string }).code !== '40P01') throw err;
        Object.assign(summary, { succeeded: 0, retrying: 0, failed: 0, stale: [], disabled: [] });
      }
    }
  }

  private decide(r: AttemptResult): { status: Outcome; delayMs: number | null; gone: boolean; failure: boolean; success: boolean } {
    if (r.aborted) return { status: 'pending', delayMs: 0, gone: false, failure: false, success: false };
    const c = classifyResponse(r.statusCode ?? { code: r.errorCode, message: r.error ?? 'no response' });
    if (c.outcome === 'success') return { status: 'succeeded', delayMs: null, gone: false, failure: false, success: true };
    if (c.outcome === 'gone') return { status: 'failed', delayMs: null, gone: true, failure: false, success: false };
    const s = this.settings;
    const delayMs = retryDelayMs(r.attempt, s.retryScheduleSeconds, s.jitter, this.rng, c.honoursRetryAfter ? r.retryAfterSeconds : undefined, s.maxRetryAfterSeconds);
    return { status: delayMs === null ? 'failed' : 'pending', delayMs, gone: false, failure: true, success: false };
  }

  private async applyBatch(
    trx: Transaction<DB>,
    workerId: string,
    results: readonly AttemptResult[],
    rows: ReturnType<DeliveriesStore['decide']>[],
    summary: CompleteSummary,
  ): Promise<void> {
    const values = results.map((r, i) => {
      const d = rows[i]!;
      const err = r.error === undefined ? null : r.error.slice(0, 1_000).replaceAll('\u0000', '');
      return sql`(${r.deliveryId}::text, ${r.attempt}::int, ${d.status}::text, ${d.delayMs}::float8, ${r.statusCode ?? null}::int, ${err}::text)`;
    });
    const updated = await sql<{ id: string }>`
      update webhook_deliveries d
      set status = v.status,
          next_attempt_at = case when v.delay_ms is null then d.next_attempt_at else now() + v.delay_ms * interval '1 millisecond' end,
          locked_until = null, locked_by = null,
          last_status_code = v.code, last_error = v.err,
          delivered_at = case when v.status = 'succeeded' then now() else d.delivered_at end,
          updated_at = now()
      from (values ${sql.join(values)}) as v(id, attempt, status, delay_ms, code, err)
      where d.id = v.id and d.locked_by = ${workerId} and d.status = 'delivering' and d.attempts = v.attempt
      returning d.id`.execute(trx);
    const applied = new Set(updated.rows.map((r) => r.id));

    await trx
      .insertInto('webhook_attempts')
      .values(
        results.map((r) => ({
          id: newId('wha'),
          delivery_id: r.deliveryId,
          attempt: r.attempt,
          worker: workerId,
          started_at: r.startedAt,
          duration_ms: Math.max(0, Math.round(r.durationMs)),
          status_code: r.statusCode ?? null,
          error: r.error === undefined ? null : r.error.slice(0, 1_000).replaceAll('\u0000', ''),
          response_body: r.responseBody ? r.responseBody : null,
        })),
      )
      .execute();

    // Endpoint health follows the order attempts finished in: the last word wins.
    const health = new Map<string, { last: 'ok' | 'fail'; hadSuccess: boolean }>();
    const gone = new Set<string>();
    results.forEach((r, i) => {
      const d = rows[i]!;
      if (applied.has(r.deliveryId)) {
        if (d.status === 'succeeded') summary.succeeded++;
        else if (d.status === 'pending') summary.retrying++;
        else summary.failed++;
      } else summary.stale.push(r.deliveryId);
      if (d.gone) gone.add(r.endpointId);
      if (!d.success && !d.failure) return;
      const h = health.get(r.endpointId) ?? { last: 'ok', hadSuccess: false };
      h.last = d.success ? 'ok' : 'fail';
      h.hadSuccess ||= d.success;
      health.set(r.endpointId, h);
    });
    const healthy: string[] = [];
    const failedAfterSuccess: string[] = [];
    const failing: string[] = [];
    for (const [id, h] of [...health].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (h.last === 'ok') healthy.push(id);
      else if (h.hadSuccess) failedAfterSuccess.push(id);
      else failing.push(id);
    }
    // Each UPDATE only touches rows whose value changes, so the happy path takes no
    // endpoint row locks (several workers complete for the same endpoints at once).
    if (healthy.length) {
      await sql`update webhook_endpoints set failing_since = null where id = any(${healthy}::text[]) and failing_since is not null`.execute(trx);
    }
    if (failedAfterSuccess.length) {
      await sql`update webhook_endpoints set failing_since = now() where id = any(${failedAfterSuccess}::text[])`.execute(trx);
    }
    if (failing.length) {
      await sql`update webhook_endpoints set failing_since = now() where id = any(${failing}::text[]) and failing_since is null`.execute(trx);
      const stale = await sql<{ id: string; failing_since: Date }>`
        select id, failing_since from webhook_endpoints
        where id = any(${failing}::text[]) and status = 'enabled' and deleted_at is null
          and failing_since < now() - ${this.settings.disableAfterHours}::float8 * interval '1 hour'
        order by id`.execute(trx);
      for (const e of stale.rows) {
        const since = new Date(e.failing_since).toISOString();
        await disableEndpoint(trx, e.id, 'failing', `every delivery failed since ${since} (webhooks.disableAfterHours = ${this.settings.disableAfterHours})`);
        summary.disabled.push({ endpointId: e.id, reason: 'failing' });
      }
    }
    for (const id of [...gone].sort()) {
      await disableEndpoint(trx, id, 'gone', 'the endpoint answered 410 Gone');
      summary.disabled.push({ endpointId: id, reason: 'gone' });
    }
  }
}

interface ClaimRow {
  id: string;
  event_id: string;
  endpoint_id: string;
  kind: ClaimedDelivery['kind'];
  attempts: number;
  event_type: string;
  api_version: number;
  data: unknown;
  event_created_at: Date | string;
  url: string;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_expires_at: Date | string | null;
}

const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

function toClaimed(r: ClaimRow): ClaimedDelivery {
  return {
    id: r.id,
    eventId: r.event_id,
    endpointId: r.endpoint_id,
    kind: r.kind,
    attempt: r.attempts,
    event: { id: r.event_id, type: r.event_type, api_version: r.api_version, data: r.data, created_at: asDate(r.event_created_at) },
    endpoint: {
      id: r.endpoint_id,
      url: r.url,
      secret_enc: r.secret_enc,
      previous_secret_enc: r.previous_secret_enc,
      previous_secret_expires_at: r.previous_secret_expires_at === null ? null : asDate(r.previous_secret_expires_at),
    },
  };
}
