import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

export type { Registry };

/**
 * A Prometheus registry per Keel instance (not the global one), so several instances in one
 * test process do not collide and `GET /metrics` shows exactly this instance.
 *
 * With `defaults`, the runtime's standard series (`process_cpu_seconds_total`,
 * `process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`, …) are added under their
 * standard names, without a prefix: every Prometheus client library exports `process_*` under
 * these names, and the dashboards and alert rules people already have query them by name; the
 * scrape's `job` and `instance` labels say which service they describe. Keel's own series all
 * start with `keel_`.
 */
export function createMetricsRegistry(opts: { defaults?: boolean } = {}): Registry {
  const registry = new Registry();
  if (opts.defaults) collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * Whether a series name repeats a segment (`keel_process_process_cpu_seconds_total`): the mark
 * of a prefix applied twice.
 */
export function repeatsSegment(name: string): boolean {
  const parts = name.split('_');
  return parts.some((p, i) => i > 0 && p !== '' && p === parts[i - 1]);
}

const SCRAPE_ERRORS = 'keel_metrics_scrape_errors_total';

/** Runs one scrape-time read; see {@link scrapeGuard}. */
export type GuardedRead = (metric: string, read: () => Promise<void>) => Promise<void>;

/**
 * Makes scrape-time reads (a gauge's `collect`, usually a database count) unable to fail the
 * whole scrape: with the database down, `GET /metrics` must still answer, with every in-process
 * series (request rates, RPC health, event-loop lag) an operator needs right then. A failed read
 * leaves that gauge at its last values and counts the failure in
 * `keel_metrics_scrape_errors_total{metric}`, the series to alert on (series render concurrently,
 * so a failure is counted in the scrape after the one it happened in).
 */
export function scrapeGuard(registry: Registry): GuardedRead {
  const errors =
    (registry.getSingleMetric(SCRAPE_ERRORS) as Counter<'metric'> | undefined) ??
    new Counter({
      name: SCRAPE_ERRORS,
      help: 'Scrape-time reads (database counts) that failed; the series keeps its last values meanwhile.',
      labelNames: ['metric'] as const,
      registers: [registry],
    });
  return async (metric, read) => {
    try {
      await read();
    } catch {
      errors.inc({ metric });
    }
  };
}
