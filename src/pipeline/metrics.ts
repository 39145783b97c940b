import type { Kysely } from 'kysely';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { DB } from '../db/schema.ts';
import { type Registry, scrapeGuard } from '../lib/metrics.ts';
import { reconcilingTransactions } from './reconcile-store.ts';
import { TX_STATUSES } from './states.ts';

/** Prometheus series of the write path (see docs/operations.md). */
export interface PipelineMetrics {
  steps: Counter<'step' | 'result'>;
  stepDuration: Histogram<'step'>;
}

/** Worker step counters and durations, registered on `registry`. */
export function createPipelineMetrics(registry: Registry): PipelineMetrics {
  return {
    steps: new Counter({
      name: 'keel_pipeline_steps_total',
      help: 'Worker steps by the state they started from (queued = sign and broadcast, signed = broadcast, submitted = track, pending_review = expiry) and result (ok, error).',
      labelNames: ['step', 'result'] as const,
      registers: [registry],
    }),
    stepDuration: new Histogram({
      name: 'keel_pipeline_step_duration_seconds',
      help: 'Duration of worker steps by the state they started from.',
      labelNames: ['step'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
}

/**
 * `keel_pipeline_transactions{status}`: how many transactions are in each state, read from the
 * database at scrape time — the same figure from every process (waiting reviews, transactions
 * in flight, failures).
 */
export function registerTransactionGauge(registry: Registry, db: Kysely<DB>): void {
  const guard = scrapeGuard(registry);
  new Gauge({
    name: 'keel_pipeline_transactions',
    help: 'Transactions by status (counted in the database when scraped).',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      await guard('keel_pipeline_transactions', async () => {
        const rows = await db
          .selectFrom('transactions')
          .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
          .groupBy('status')
          .execute();
        const counts = new Map(rows.map((r) => [r.status, Number(r.n)]));
        for (const s of TX_STATUSES) this.set({ status: s }, counts.get(s) ?? 0);
      });
    },
  });
}

/**
 * `keel_pipeline_reconciling_transactions{chain_id}`: transactions that were final, whose block
 * the chain lost (a rollback, a reorganisation deeper than the confirmations), and that are not
 * final again yet — read from the database at scrape time. Above 0: Keel is re-submitting them
 * (`/ready` is degraded meanwhile); alert when it stays above 0.
 */
export function registerReconcilingGauge(registry: Registry, db: Kysely<DB>): void {
  const guard = scrapeGuard(registry);
  new Gauge({
    name: 'keel_pipeline_reconciling_transactions',
    help: 'Transactions that were final, lost their block in a rollback or deep reorganisation, and are not final again yet.',
    labelNames: ['chain_id'] as const,
    registers: [registry],
    async collect() {
      await guard('keel_pipeline_reconciling_transactions', async () => {
        this.reset();
        for (const r of await reconcilingTransactions(db)) this.set({ chain_id: String(r.chainId) }, r.transactions);
      });
    },
  });
}
