import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Why an attempt on an endpoint failed, as counted in `keel_rpc_errors_total{kind}`. */
export type RpcErrorKind =
  | 'timeout'
  | 'network'
  | 'http_429'
  | 'http_5xx'
  | 'http_4xx'
  | 'bad_response'
  | 'rpc_overload'
  | 'wrong_chain';

/** Outcome of one JSON-RPC call on one endpoint: a result, an error answer, or no usable answer. */
export type RpcCallOutcome = 'ok' | 'rpc_error' | 'failed';

/**
 * The chain layer's Prometheus metrics. Every `endpoint` label is a redacted URL
 * (see `redactUrl`): RPC URLs often carry API keys.
 */
export interface ChainMetrics {
  /** One per JSON-RPC call per endpoint attempt. */
  requests: Counter<'chain_id' | 'endpoint' | 'method' | 'outcome'>;
  /** One per HTTP POST; with batching, far fewer than `requests`. */
  httpRequests: Counter<'chain_id' | 'endpoint' | 'status'>;
  duration: Histogram<'chain_id' | 'endpoint'>;
  errors: Counter<'chain_id' | 'endpoint' | 'kind'>;
  /** 1 when the endpoint is usable and not cooling down, else 0. */
  up: Gauge<'chain_id' | 'endpoint'>;
  /**
   * Registers a callback that sets `up` from current endpoint state; it runs on every
   * scrape, so a cooldown that merely expired is reported without waiting for traffic.
   * Returns the unregister function.
   */
  onCollectUp(refresh: () => void): () => void;
}

const byRegistry = new WeakMap<Registry, ChainMetrics>();

/**
 * Registers the chain metrics on `registry`, or returns the set already registered there,
 * so all chains and transports of one Keel instance share one set of series.
 */
export function createChainMetrics(registry: Registry): ChainMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const refreshers = new Set<() => void>();
  const metrics: ChainMetrics = {
    requests: new Counter({
      name: 'keel_rpc_requests_total',
      help: 'JSON-RPC calls per endpoint attempt, by method and outcome (ok, rpc_error, failed).',
      labelNames: ['chain_id', 'endpoint', 'method', 'outcome'] as const,
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'keel_rpc_http_requests_total',
      help: 'HTTP POSTs to RPC endpoints by response status (or timeout/network); one batch is one POST.',
      labelNames: ['chain_id', 'endpoint', 'status'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'keel_rpc_request_duration_seconds',
      help: 'Duration of HTTP POSTs to RPC endpoints, failed ones included.',
      labelNames: ['chain_id', 'endpoint'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'keel_rpc_errors_total',
      help: 'Failed attempts on RPC endpoints by kind (timeout, network, http_429, http_5xx, http_4xx, bad_response, rpc_overload, wrong_chain).',
      labelNames: ['chain_id', 'endpoint', 'kind'] as const,
      registers: [registry],
    }),
    up: new Gauge({
      name: 'keel_rpc_endpoint_up',
      help: '1 when the RPC endpoint is usable and not cooling down after failures, else 0.',
      labelNames: ['chain_id', 'endpoint'] as const,
      registers: [registry],
      collect() {
        for (const refresh of refreshers) refresh();
      },
    }),
    onCollectUp(refresh) {
      refreshers.add(refresh);
      return () => refreshers.delete(refresh);
    },
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
