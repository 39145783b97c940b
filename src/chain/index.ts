/** The chain layer: the only place in Keel that builds viem transports. */
export {
  createChainRegistry,
  chainDefinition,
  type ChainHandle,
  type ChainRegistry,
  type ChainRegistryOptions,
} from './registry.ts';
export { createRedundantTransport } from './transport.ts';
export type {
  ChainIdReport,
  EndpointChainIdResult,
  EndpointStatus,
  RedundantTransport,
  RedundantTransportOptions,
  RpcHandle,
} from './types.ts';
export { createChainMetrics, type ChainMetrics, type RpcCallOutcome, type RpcErrorKind } from './metrics.ts';
export { findUpstreamError } from './errors.ts';
export { RpcAttemptError } from './rpc-http.ts';
export { redactUrl } from './redact.ts';
export {
  backoffDelay,
  parseRetryAfter,
  rankEndpoints,
  seededRng,
  type EndpointState,
  type Rng,
} from './endpoint-health.ts';
export {
  startTransferWatchers,
  type ChainWatchStatus,
  type TransferWatchers,
  type TransferWatchersOptions,
} from './transfer-watcher.ts';
export type { ObservedTransfer, TransferSink } from './transfer-watcher-types.ts';
export { createTransferWatcherMetrics, type TransferWatcherMetrics } from './watcher-metrics.ts';
export { watcherCheckpoints } from './watcher-store.ts';
