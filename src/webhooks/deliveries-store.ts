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
  endpoint: {
    id: string;
    url: string;
    secret_enc: string;
    previous_secret_enc: string | null;
    previous_secret_expires_at: Date | null;
  };
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
  /** What the log keeps of the body: an excerpt for public receivers only (response-excerpt.ts). */
  responseBody?: string | undefined;
  /** The body's size in bytes, when known (kept for every receiver). */
  responseBytes?: number | undefined;
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

type Outcome = 'succeeded' | 'pending' | 'failed';

/**
 * The webhook delivery log: claiming due deliveries (multi-worker safe, with a concurrency
 * cap per endpoint across all workers) and recording attempts in batches. The only writer
 * of `webhook_deliveries` / `webhook_attempts` besides the API's retry/replay/test inserts.
 *
 * Both hot paths are SQL functions of migration 0002: one round trip each, with plans
 * cached per connection (re-planning these statements cost more than running them).
 * Claims and results are bookkeeping that a database crash may lose without breaking
 * at-least-once delivery (a lost claim or result leaves the delivery pending or leased, so
 * it is sent again): they commit without waiting for the WAL flush, which would otherwise
 * dominate each round trip. Anything that publishes an event commits durably.
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
    const r =
      await sql<ClaimRow>`select * from keel_claim_webhook_deliveries(${workerId}, ${limit}::int, ${leaseMs}::float8, ${this.settings.maxConcurrencyPerEndpoint}::int)`.execute(
        this.db,
      );
    return r.rows.map(toClaimed);
  }

  /**
   * Records a batch of attempt results in one round trip: the deliveries' UPDATE, the
   * multi-row INSERT into the attempt log and the endpoints' failure clocks (one statement;
   * its SQL is the function keel_record_webhook_attempts of migration 0017).
   * Success → `succeeded`, the endpoint's `failing_since` cleared; a retryable failure →
   * `pending` at the next scheduled time (Retry-After honoured on 429/503), or `failed` once
   * attempts are exhausted, and `failing_since` set; 410 → `failed` and the endpoint disabled
   * (`gone`) in the same transaction. An endpoint whose `failing_since` is older than
   * `disableAfterHours` is then disabled (`failing`) in a second transaction (a crash
   * between the two loses nothing: the next failure checks again). Both emit
   * `endpoint.disabled`. A result only changes its delivery while the delivery is still
   * leased by `workerId` under the same attempt: a lease that expired and was taken over is
   * left alone (the attempt is still logged: it happened).
   */
  async complete(workerId: string, results: readonly AttemptResult[]): Promise<CompleteSummary> {
    const summary: CompleteSummary = { succeeded: 0, retrying: 0, failed: 0, stale: [], disabled: [] };
    if (results.length === 0) return summary;
    const decisions = results.map((r) => this.decide(r));
    const health = endpointHealth(results, decisions);
    const gone = [...new Set(results.filter((_, i) => decisions[i]!.gone).map((r) => r.endpointId))].sort();
    const record = async (ex: Kysely<DB> | Transaction<DB>) => {
      const out: { applied: Set<string>; failingTooLong: string[] } = { applied: new Set(), failingTooLong: [] };
      for (let i = 0; i < results.length; i += MAX_BATCH) {
        const part = await this.record(
          ex,
          workerId,
          results.slice(i, i + MAX_BATCH),
          decisions.slice(i, i + MAX_BATCH),
          i === 0 ? health : undefined,
          gone.length > 0,
        );
        for (const id of part.applied) out.applied.add(id);
        out.failingTooLong.push(...part.failingTooLong);
      }
      for (const id of gone) {
        if (await disableEndpoint(ex as Transaction<DB>, id, 'gone', 'the endpoint answered 410 Gone'))
          summary.disabled.push({ endpointId: id, reason: 'gone' });
      }
      return out;
    };
    let out: Awaited<ReturnType<typeof record>>;
    for (let tries = 1; ; tries++) {
      try {
        // One statement is atomic by itself; several (a huge batch, or a disabling) share a transaction.
        out =
          gone.length || results.length > MAX_BATCH
            ? await this.db.transaction().execute(record)
            : await record(this.db);
        break;
      } catch (err) {
        // Workers recording failures of the same endpoints can deadlock in rare orders; the
        // batch is all-or-nothing, so running it again is safe.
        if (tries >= 3 || (err as { code?: string }).code !== '40P01') throw err;
        summary.disabled = [];
      }
    }
    results.forEach((r, i) => {
      const status = decisions[i]!.status;
      if (!out.applied.has(r.deliveryId)) summary.stale.push(r.deliveryId);
      else if (status === 'succeeded') summary.succeeded++;
      else if (status === 'pending') summary.retrying++;
      else summary.failed++;
    });
    const detail = `every delivery failed for longer than webhooks.disableAfterHours (${this.settings.disableAfterHours} h)`;
    for (const id of out.failingTooLong.sort()) {
      const disabled = await this.db.transaction().execute((trx) => disableEndpoint(trx, id, 'failing', detail));
      if (disabled) summary.disabled.push({ endpointId: id, reason: 'failing' });
    }
    return summary;
  }

  private decide(r: AttemptResult): Decision {
    if (r.aborted) return { status: 'pending', delayMs: 0, gone: false, health: null };
    const c = classifyResponse(r.statusCode ?? { code: r.errorCode, message: r.error ?? 'no response' });
    if (c.outcome === 'success') return { status: 'succeeded', delayMs: null, gone: false, health: 'ok' };
    if (c.outcome === 'gone') return { status: 'failed', delayMs: null, gone: true, health: null };
    const s = this.settings;
    const delayMs = retryDelayMs(
      r.attempt,
      s.retryScheduleSeconds,
      s.jitter,
      this.rng,
      c.honoursRetryAfter ? r.retryAfterSeconds : undefined,
      s.maxRetryAfterSeconds,
    );
    return { status: delayMs === null ? 'failed' : 'pending', delayMs, gone: false, health: 'fail' };
  }

  /**
   * One round trip: deliveries, attempt log, endpoint failure clocks (the SQL is the
   * function keel_record_webhook_attempts of migrations 0002 and 0017, one array per column).
   */
  private async record(
    ex: Kysely<DB> | Transaction<DB>,
    workerId: string,
    results: readonly AttemptResult[],
    decisions: readonly Decision[],
    health: EndpointHealth | undefined,
    durable: boolean,
  ) {
    const clean = (t: string | undefined, max: number) => (t ? t.slice(0, max).replaceAll('\u0000', '') : null);
    const col = <T>(f: (r: AttemptResult, d: Decision) => T) => results.map((r, i) => f(r, decisions[i]!));
    const h = health ?? { healthy: [], relapsed: [], failing: [] };
    const rows = await sql<{ kind: 'applied' | 'failing_too_long'; id: string }>`
      select * from keel_record_webhook_attempts(${workerId}, ${durable}, ${this.settings.disableAfterHours}::float8,
        ${col((r) => r.deliveryId)}::text[], ${col((r) => r.attempt)}::int[], ${col((_, d) => d.status)}::text[],
        ${col((_, d) => d.delayMs)}::float8[], ${col((r) => r.statusCode ?? null)}::int[], ${col((r) => clean(r.error, 1_000))}::text[],
        ${col(() => newId('wha'))}::text[], ${col((r) => r.startedAt.toISOString())}::timestamptz[],
        ${col((r) => Math.max(0, Math.round(r.durationMs)))}::int[], ${col((r) => clean(r.responseBody, Number.MAX_SAFE_INTEGER))}::text[],
        ${col((r) => (r.responseBytes === undefined ? null : Math.min(r.responseBytes, Number.MAX_SAFE_INTEGER)))}::bigint[],
        ${h.healthy}::text[], ${h.relapsed}::text[], ${h.failing}::text[])`.execute(ex);
    return {
      applied: rows.rows.filter((r) => r.kind === 'applied').map((r) => r.id),
      failingTooLong: rows.rows.filter((r) => r.kind === 'failing_too_long').map((r) => r.id),
    };
  }
}

/** Results per statement when recording (bounds one statement's size). */
const MAX_BATCH = 1_000;

interface Decision {
  status: Outcome;
  delayMs: number | null;
  gone: boolean;
  /** What the attempt says about the endpoint; null when nothing (aborted, or 410). */
  health: 'ok' | 'fail' | null;
}

interface EndpointHealth {
  /** Last attempt in the batch succeeded: clear the failure clock. */
  healthy: string[];
  /** Succeeded, then failed again within the batch: the clock restarts now. */
  relapsed: string[];
  /** Only failures: start the clock unless it runs already. */
  failing: string[];
}

/** Endpoint health after a batch, in the order the attempts finished: the last word wins. */
function endpointHealth(results: readonly AttemptResult[], decisions: readonly Decision[]): EndpointHealth {
  const seen = new Map<string, { last: 'ok' | 'fail'; hadSuccess: boolean }>();
  results.forEach((r, i) => {
    const word = decisions[i]!.health;
    if (!word) return;
    const e = seen.get(r.endpointId) ?? { last: word, hadSuccess: false };
    e.last = word;
    e.hadSuccess ||= word === 'ok';
    seen.set(r.endpointId, e);
  });
  const out: EndpointHealth = { healthy: [], relapsed: [], failing: [] };
  for (const [id, e] of [...seen].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (e.last === 'ok') out.healthy.push(id);
    else if (e.hadSuccess) out.relapsed.push(id);
    else out.failing.push(id);
  }
  return out;
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
    event: {
      id: r.event_id,
      type: r.event_type,
      api_version: r.api_version,
      data: r.data,
      created_at: asDate(r.event_created_at),
    },
    endpoint: {
      id: r.endpoint_id,
      url: r.url,
      secret_enc: r.secret_enc,
      previous_secret_enc: r.previous_secret_enc,
      previous_secret_expires_at: r.previous_secret_expires_at === null ? null : asDate(r.previous_secret_expires_at),
    },
  };
}

/** Where an unfinished delivery stands, as `keel_webhook_deliveries_pending{state}` counts it. */
export type QueueState = 'due' | 'waiting' | 'delivering' | 'held';
export const QUEUE_STATES: readonly QueueState[] = ['due', 'waiting', 'delivering', 'held'];

/** The unfinished deliveries of one queue state: how many, and how long ago the oldest was created. */
export interface QueueSlice {
  state: QueueState;
  deliveries: number;
  oldestAgeSeconds: number;
}

/**
 * The delivery queue at this moment (for the metrics, read at scrape time): deliveries not yet
 * succeeded or failed, of endpoints not deleted, by state — `due` (to be claimed now, or
 * leased by a worker whose lease ran out), `waiting` (a retry scheduled later), `delivering`
 * (leased, a send in flight), `held` (the endpoint is disabled; re-enabling resumes them).
 * Ages are measured by the database's clock. Reads the partial index of unfinished deliveries.
 */
export async function deliveryQueue(db: Kysely<DB>): Promise<QueueSlice[]> {
  const r = await sql<{ state: QueueState; n: string | number; age: string | number | null }>`
    select q.state, count(*) as n, extract(epoch from now() - min(q.created_at))::float8 as age
    from (select d.created_at,
            case when e.status <> 'enabled' then 'held'
                 when d.status = 'delivering' and d.locked_until > now() then 'delivering'
                 when d.status = 'pending' and d.next_attempt_at > now() then 'waiting'
                 else 'due' end as state
          from webhook_deliveries d
          join webhook_endpoints e on e.id = d.endpoint_id
          where d.status in ('pending', 'delivering') and e.deleted_at is null) q
    group by q.state`.execute(db);
  return r.rows.map((x) => ({
    state: x.state,
    deliveries: Number(x.n),
    oldestAgeSeconds: Math.max(0, Number(x.age ?? 0)),
  }));
}
