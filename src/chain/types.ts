import type { Transport } from 'viem';
import type { RpcPolicy } from '../config/schema.ts';
import type { Logger } from '../lib/logger.ts';
import type { Rng } from './endpoint-health.ts';
import type { ChainMetrics } from './metrics.ts';

/** Public shapes of the redundant transport. */

export interface RedundantTransportOptions {
  chainId: number;
  urls: readonly string[];
  policy: RpcPolicy;
  metrics?: ChainMetrics | undefined;
  logger?: Logger | undefined;
  fetchFn?: typeof fetch | undefined;
  /**
   * JSON-RPC batching of calls issued within `waitMs`; on by default (at most 100 calls and
   * 1 MiB of request body per batch, same tick).
   */
  batch?: { maxSize: number; waitMs: number; maxBytes?: number | undefined } | false | undefined;
  /** Jitter source for backoff; seed it in tests. */
  rng?: Rng | undefined;
}

/** One endpoint as operators see it (`GET /health`, dashboard). `url` is redacted. */
export interface EndpointStatus {
  url: string;
  /** Position in the current try order; null when the endpoint is never tried. */
  rank: number | null;
  status: 'healthy' | 'cooling' | 'wrong_chain' | 'disabled';
  /** Its chain id was checked and matched. */
  chainVerified: boolean;
  latencyMs: number | null;
  consecutiveFailures: number;
  cooldownUntil: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface EndpointChainIdResult {
  url: string;
  status: 'ok' | 'wrong_chain' | 'unreachable' | 'disabled';
  actualChainId?: number;
  error?: string;
}

/** Result of the wrong-network guard for one chain: `ok` when at least one endpoint verified. */
export interface ChainIdReport {
  chainId: number;
  ok: boolean;
  endpoints: EndpointChainIdResult[];
}

/** Operations on a redundant transport besides sending requests. */
export interface RpcHandle {
  /** Current health of every endpoint, in try order (never-tried ones last). */
  endpoints(): EndpointStatus[];
  /** Asks every endpoint for its chain id; endpoints on another chain are excluded for good. */
  verifyChainId(): Promise<ChainIdReport>;
  /** Stops reporting this transport's gauges and sends any calls still waiting for a batch. */
  close(): void;
}

export interface RedundantTransport extends RpcHandle {
  transport: Transport<'keel'>;
}
