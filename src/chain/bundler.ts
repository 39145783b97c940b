import type { Chain, Client, Transport } from 'viem';
import { createBundlerClient, type BundlerClient, type SmartAccount } from 'viem/account-abstraction';
import type { ChainConfig } from '../config/schema.ts';
import type { Logger } from '../lib/logger.ts';
import type { ChainMetrics } from './metrics.ts';
import { createRedundantTransport } from './transport.ts';
import type { RedundantTransport } from './types.ts';

/**
 * ERC-4337 bundler access for one chain: the configured `bundlerUrls` behind the same
 * redundant transport as the chain's RPCs (health ranking, failover, timeouts, backoff that
 * honours 429/Retry-After, the chain-id guard before first use, `keel_rpc_*` metrics), and
 * viem bundler clients on top of it. Requests are not batched: bundlers such as alto answer
 * one JSON-RPC call per HTTP request.
 */
export interface ChainBundler {
  /** Endpoint health and the chain-id guard of the bundler URLs. */
  transport: RedundantTransport;
  /**
   * A viem bundler client for user operations: `client` is the chain's public client (gas
   * prices, account code and nonces are read through the chain's RPCs), `account` the smart
   * account it acts for, if any.
   */
  client<account extends SmartAccount | undefined = undefined>(opts?: {
    account?: account;
  }): BundlerClient<Transport, Chain, account>;
  close(): void;
}

export interface ChainBundlerOptions {
  config: ChainConfig;
  chain: Chain;
  /** The chain's public client (RPC reads the bundler client needs). */
  publicClient: Client<Transport, Chain>;
  metrics?: ChainMetrics | undefined;
  logger?: Logger | undefined;
  fetchFn?: typeof fetch | undefined;
}

/** The bundler of a configured chain, or undefined when it names no `bundlerUrls`. */
export function createChainBundler(opts: ChainBundlerOptions): ChainBundler | undefined {
  const { config } = opts;
  if (config.bundlerUrls.length === 0) return undefined;
  const transport = createRedundantTransport({
    chainId: config.chainId,
    urls: config.bundlerUrls,
    policy: config.rpc,
    metrics: opts.metrics,
    logger: opts.logger,
    fetchFn: opts.fetchFn,
    batch: false,
  });
  return {
    transport,
    client: (o = {}) =>
      createBundlerClient({
        chain: opts.chain,
        client: opts.publicClient,
        transport: transport.transport,
        pollingInterval: config.pollIntervalMs,
        name: `keel:${config.name}:bundler`,
        ...(o.account ? { account: o.account } : {}),
      }) as never,
    close: () => transport.close(),
  };
}
