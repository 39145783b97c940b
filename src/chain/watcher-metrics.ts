import { Counter, Gauge, type Registry } from 'prom-client';

/** Prometheus series of the transfer watchers (see docs/operations.md). */
export interface TransferWatcherMetrics {
  /** Blocks between the chain head and the checkpoint, as last seen by the lease holder. */
  lag: Gauge<'chain_id'>;
  /** 1 while this process holds the chain's watcher lease, else 0. */
  leader: Gauge<'chain_id'>;
  rounds: Counter<'chain_id' | 'result'>;
  reorgs: Counter<'chain_id'>;
}

const byRegistry = new WeakMap<Registry, TransferWatcherMetrics>();

/**
 * Registers the watcher metrics on `registry`, or returns the set already registered there
 * (one set per Keel instance, whoever starts watchers on it).
 */
export function createTransferWatcherMetrics(registry: Registry): TransferWatcherMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const metrics: TransferWatcherMetrics = {
    lag: new Gauge({
      name: 'keel_chain_watcher_lag_blocks',
      help: 'Blocks between the chain head and the transfer watcher checkpoint (reported by the process holding the chain).',
      labelNames: ['chain_id'] as const,
      registers: [registry],
    }),
    leader: new Gauge({
      name: 'keel_chain_watcher_leader',
      help: '1 while this process holds the chain transfer watcher lease, else 0.',
      labelNames: ['chain_id'] as const,
      registers: [registry],
    }),
    rounds: new Counter({
      name: 'keel_chain_watcher_rounds_total',
      help: 'Transfer watcher rounds by result (read: a range applied, idle: at head, reorg_retry: the chain moved during a read, error: RPC or database fault).',
      labelNames: ['chain_id', 'result'] as const,
      registers: [registry],
    }),
    reorgs: new Counter({
      name: 'keel_chain_watcher_reorgs_total',
      help: 'Reorganisations the transfer watcher rewound (checkpoint no longer canonical).',
      labelNames: ['chain_id'] as const,
      registers: [registry],
    }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
