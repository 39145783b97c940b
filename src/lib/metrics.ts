import { Registry, collectDefaultMetrics } from 'prom-client';

export type { Registry };

/**
 * A Prometheus registry per Keel instance (not the global one), so several instances in one
 * test process do not collide and `GET /metrics` shows exactly this instance.
 */
export function createMetricsRegistry(opts: { defaults?: boolean } = {}): Registry {
  const registry = new Registry();
  if (opts.defaults) collectDefaultMetrics({ register: registry, prefix: 'keel_process_' });
  return registry;
}
