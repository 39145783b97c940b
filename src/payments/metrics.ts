import type { Kysely } from 'kysely';
import { Gauge, Histogram } from 'prom-client';
import { formatUnits } from 'viem';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { type Registry, scrapeGuard } from '../lib/metrics.ts';
import { intentCounts, sweepBacklog } from './metrics-store.ts';
import { INTENT_STATUSES } from './state.ts';
import type { RecordedDeposit } from './store.ts';

/** The payments series observed as things happen (the gauges are read at scrape time). */
export interface PaymentsMetrics {
  /** Observes deposits just recorded: seconds from their block's time to when Keel recorded them. */
  recorded(deposits: readonly RecordedDeposit[]): void;
}

const BACKLOG_STATES = ['waiting', 'sweeping'] as const;

/**
 * Registers the payments series on `registry` (see docs/operations.md): intents by status and
 * the sweep backlog, counted in the database when scraped (the same figures from every
 * process), and the detection lag, observed by the process whose transfer watcher records the
 * deposits.
 */
export function createPaymentsMetrics(registry: Registry, db: Kysely<DB>, config: Config): PaymentsMetrics {
  const guard = scrapeGuard(registry);
  new Gauge({
    name: 'keel_payment_intents',
    help: 'Payment intents by status (counted in the database when scraped).',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      await guard('keel_payment_intents', async () => {
        const counts = new Map((await intentCounts(db)).map((r) => [r.status, r.intents]));
        for (const status of INTENT_STATUSES) this.set({ status }, counts.get(status) ?? 0);
      });
    },
  });
  const lag = new Histogram({
    name: 'keel_payment_detection_lag_seconds',
    help: "Seconds from a deposit's block time to when Keel recorded it (seen, before its confirmations).",
    labelNames: ['chain_id'] as const,
    buckets: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  });
  let backlog: ReturnType<typeof sweepBacklog> | undefined;
  // Both backlog gauges are filled from one read per scrape.
  const readBacklog = () => {
    backlog ??= sweepBacklog(db).finally(() => {
      backlog = undefined;
    });
    return backlog;
  };
  new Gauge({
    name: 'keel_payment_sweep_backlog_deposits',
    help: 'Confirmed deposits not swept yet, by chain and state (waiting: no sweep holds them; sweeping: a sweep is in flight). Counted in the database when scraped.',
    labelNames: ['chain_id', 'state'] as const,
    registers: [registry],
    async collect() {
      await guard('keel_payment_sweep_backlog_deposits', async () => {
        const slices = await readBacklog();
        this.reset();
        for (const c of config.chains)
          for (const state of BACKLOG_STATES) {
            const n = slices
              .filter((s) => s.chainId === c.chainId && s.state === state)
              .reduce((a, s) => a + s.deposits, 0);
            this.set({ chain_id: String(c.chainId), state }, n);
          }
      });
    },
  });
  new Gauge({
    name: 'keel_payment_sweep_backlog_amount',
    help: 'Amount of the confirmed deposits not swept yet, in units of the asset (not base units), by chain, asset and state; tokens Keel does not know are only counted in keel_payment_sweep_backlog_deposits.',
    labelNames: ['chain_id', 'asset', 'state'] as const,
    registers: [registry],
    async collect() {
      await guard('keel_payment_sweep_backlog_amount', async () => {
        const slices = await readBacklog();
        this.reset();
        for (const s of slices) {
          const asset =
            s.asset && config.chains.find((c) => c.chainId === s.chainId)?.assets.find((a) => a.symbol === s.asset);
          if (!asset) continue;
          const labels = { chain_id: String(s.chainId), asset: asset.symbol, state: s.state };
          // A figure for a graph: a float of the decimal amount is enough (money stays bigint elsewhere).
          this.inc(labels, Number(formatUnits(s.amount, asset.decimals)));
        }
      });
    },
  });
  return {
    recorded(deposits) {
      for (const d of deposits) {
        // A block stamped ahead of Keel's clock (a dev chain whose time was moved) counts as no lag.
        lag.observe({ chain_id: String(d.chainId) }, Math.max(0, (d.seenAt.getTime() - d.blockTime.getTime()) / 1000));
      }
    },
  };
}
