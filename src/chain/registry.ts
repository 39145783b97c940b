import { createPublicClient, defineChain, type Chain, type PublicClient, type Transport } from 'viem';
import type { ChainConfig } from '../config/schema.ts';
import { silentLogger, type Logger } from '../lib/logger.ts';
import type { Registry } from '../lib/metrics.ts';
import { createChainBundler, type ChainBundler } from './bundler.ts';
import { createChainMetrics } from './metrics.ts';
import { endpointLabels } from './redact.ts';
import { createRedundantTransport } from './transport.ts';
import type { ChainIdReport, RedundantTransport } from './types.ts';

/** Everything Keel needs to talk to one configured chain. */
export interface ChainHandle {
  chainId: number;
  config: ChainConfig;
  /** viem chain definition built from the config (its `rpcUrls` are redacted labels: secrets stay in the transport). */
  chain: Chain;
  /** Read client: no viem retries (the transport retries) and no implicit multicall batching (Keel calls multicall explicitly). */
  client: PublicClient<Transport, Chain>;
  /** Endpoint health and the chain-id guard; `transport.transport` is the viem transport for wallet clients of this chain. */
  transport: RedundantTransport;
  /** ERC-4337 bundler access over the chain's `bundlerUrls` (same failover as RPCs); undefined when none are configured. */
  bundler?: ChainBundler | undefined;
}

export interface ChainRegistry {
  get(chainId: number): ChainHandle | undefined;
  all(): ChainHandle[];
  /** Runs the wrong-network guard on every endpoint of every chain; the caller decides what a failed chain means. */
  verifyAll(): Promise<ChainIdReport[]>;
  /** Detaches the transports' gauges and flushes pending batches. */
  close(): void;
}

export interface ChainRegistryOptions {
  /** Prometheus registry for the `keel_rpc_*` metrics; without one, nothing is measured. */
  registry?: Registry | undefined;
  logger?: Logger | undefined;
  fetchFn?: typeof fetch | undefined;
}

/** The viem chain definition for a configured chain. */
export function chainDefinition(config: ChainConfig): Chain {
  return defineChain({
    id: config.chainId,
    name: config.name,
    nativeCurrency: { name: config.nativeSymbol, symbol: config.nativeSymbol, decimals: config.nativeDecimals },
    rpcUrls: { default: { http: endpointLabels(config.rpcUrls) } },
    contracts: { multicall3: { address: config.multicall3 } },
  });
}

/**
 * Builds one redundant transport and one viem public client per configured chain. Nothing
 * is contacted here; call `verifyAll()` at start for the wrong-network guard (endpoints are
 * also checked lazily before their first use).
 */
export function createChainRegistry(chains: readonly ChainConfig[], opts: ChainRegistryOptions = {}): ChainRegistry {
  const logger = opts.logger ?? silentLogger();
  const metrics = opts.registry ? createChainMetrics(opts.registry) : undefined;
  const handles = new Map<number, ChainHandle>();
  for (const config of chains) {
    if (handles.has(config.chainId)) throw new RangeError(`chain ${config.chainId} is configured twice`);
    const transport = createRedundantTransport({
      chainId: config.chainId,
      urls: config.rpcUrls,
      policy: config.rpc,
      metrics,
      logger,
      fetchFn: opts.fetchFn,
    });
    const chain = chainDefinition(config);
    const client = createPublicClient({
      chain,
      transport: transport.transport,
      batch: { multicall: false },
      pollingInterval: config.pollIntervalMs,
      name: `keel:${config.name}`,
    });
    const bundler = createChainBundler({
      config,
      chain,
      publicClient: client,
      metrics,
      logger,
      fetchFn: opts.fetchFn,
    });
    handles.set(config.chainId, { chainId: config.chainId, config, chain, client, transport, bundler });
  }
  return {
    get: (chainId) => handles.get(chainId),
    all: () => [...handles.values()],
    verifyAll: () => Promise.all([...handles.values()].map((h) => h.transport.verifyChainId())),
    close: () => {
      for (const h of handles.values()) {
        h.transport.close();
        h.bundler?.close();
      }
    },
  };
}
