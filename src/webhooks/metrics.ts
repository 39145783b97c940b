import type { Kysely } from 'kysely';
import { Counter, Gauge } from 'prom-client';
import type { DB } from '../db/schema.ts';
import { type Registry, scrapeGuard } from '../lib/metrics.ts';
import { type AttemptResult, type CompleteSummary, deliveryQueue, QUEUE_STATES } from './deliveries-store.ts';

/** What became of a recorded attempt, as `keel_webhook_attempts_total{outcome}` counts it. */
export type AttemptOutcome = 'delivered' | 'retried' | 'failed';
export const ATTEMPT_OUTCOMES: readonly AttemptOutcome[] = ['delivered', 'retried', 'failed'];

/** The webhook delivery worker's series (see docs/operations.md and docs/webhooks.md). */
export interface WebhookMetrics {
  attempts: Counter<'outcome'>;
  failures: Counter<'reason'>;
}

/**
 * Registers the webhook delivery series on `registry`: the worker's attempt counters (per
 * process; sum them over the workers) and the queue gauges, read from the database at scrape
 * time (the same figures from every process, API or worker).
 */
export function createWebhookMetrics(registry: Registry, db: Kysely<DB>): WebhookMetrics {
  const guard = scrapeGuard(registry);
  const attempts = new Counter({
    name: 'keel_webhook_attempts_total',
    help: 'Recorded delivery attempts by outcome: delivered (2xx), retried (failed, another attempt is scheduled), failed (failed, the delivery gave up: retries exhausted or 410 Gone).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  // Every outcome from the start, so a rate over them exists before the first failure.
  for (const outcome of ATTEMPT_OUTCOMES) attempts.inc({ outcome }, 0);
  const failures = new Counter({
    name: 'keel_webhook_attempt_failures_total',
    help: 'Failed delivery attempts by reason: http_3xx, http_4xx, http_410, http_429, http_5xx, timeout, network, refused_address (the SSRF guard), signing, aborted (the worker stopped mid-send).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  let queue: ReturnType<typeof deliveryQueue> | undefined;
  // Both gauges are filled from one read per scrape.
  const readQueue = () => {
    queue ??= deliveryQueue(db).finally(() => {
      queue = undefined;
    });
    return queue;
  };
  new Gauge({
    name: 'keel_webhook_deliveries_pending',
    help: 'Unfinished deliveries by state: due (to be sent now), waiting (retry scheduled later), delivering (a send in flight), held (endpoint disabled; resumes when re-enabled). Counted in the database when scraped.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      await guard('keel_webhook_deliveries_pending', async () => {
        const slices = await readQueue();
        for (const state of QUEUE_STATES) this.set({ state }, slices.find((s) => s.state === state)?.deliveries ?? 0);
      });
    },
  });
  new Gauge({
    name: 'keel_webhook_oldest_pending_delivery_age_seconds',
    help: 'Age of the oldest unfinished delivery of an enabled endpoint (due, waiting or delivering), from its creation; 0 when there is none.',
    registers: [registry],
    async collect() {
      await guard('keel_webhook_oldest_pending_delivery_age_seconds', async () => {
        const slices = await readQueue();
        this.set(Math.max(0, ...slices.filter((s) => s.state !== 'held').map((s) => s.oldestAgeSeconds)));
      });
    },
  });
  return { attempts, failures };
}

/**
 * Counts a recorded batch: `summary` is what `DeliveriesStore.complete` applied, `results` the
 * batch; results it did not apply (`summary.stale`: the lease was taken over meanwhile) are
 * counted when the delivery's next attempt is recorded. Every failure is counted with its
 * reason, so `failures` sums to `attempts{outcome=~"retried|failed"}`.
 */
export function countAttempts(m: WebhookMetrics, results: readonly AttemptResult[], summary: CompleteSummary): void {
  if (summary.succeeded) m.attempts.inc({ outcome: 'delivered' }, summary.succeeded);
  if (summary.retrying) m.attempts.inc({ outcome: 'retried' }, summary.retrying);
  if (summary.failed) m.attempts.inc({ outcome: 'failed' }, summary.failed);
  const stale = new Set(summary.stale);
  for (const r of results) {
    const reason = stale.has(r.deliveryId) ? null : failureReason(r);
    if (reason) m.failures.inc({ reason });
  }
}

/** Why an attempt failed, as a label (a small fixed set); null when it succeeded. */
export function failureReason(r: Pick<AttemptResult, 'statusCode' | 'errorCode' | 'error' | 'aborted'>): string | null {
  if (r.aborted) return 'aborted';
  const s = r.statusCode;
  if (s !== undefined) {
    if (s >= 200 && s < 300) return null;
    if (s === 410 || s === 429) return `http_${s}`;
    if (s >= 300 && s < 600) return `http_${Math.floor(s / 100)}xx`;
    return 'http_other';
  }
  if (r.errorCode === 'KEEL_TIMEOUT') return 'timeout';
  if (r.errorCode === 'KEEL_FORBIDDEN_ADDRESS') return 'refused_address';
  if (r.errorCode === 'KEEL_ABORTED') return 'aborted';
  if (r.error?.startsWith('KEEL_SIGN_FAILED')) return 'signing';
  return 'network';
}
