import { Registry, collectDefaultMetrics } from 'prom-client';

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
