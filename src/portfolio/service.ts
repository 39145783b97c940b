import type { Address, PublicClient } from 'viem';
import type { ChainConfig } from '../config/schema.ts';
import { toKeelError, UpstreamError } from '../lib/errors.ts';
import { readChainPortfolio } from './reader.ts';
import type { PortfolioResponse } from './schemas.ts';

export interface PortfolioChain {
  config: ChainConfig;
  client: PublicClient;
}

/**
 * Reads a multi-chain portfolio. Chains are read in parallel; a chain whose RPC endpoints all
 * fail is reported `unavailable` with a reason while the others are returned in full.
 */
export async function readPortfolio(
  chains: readonly PortfolioChain[],
  addresses: readonly Address[],
  opts: { batchSize: number; logger?: { warn(obj: object, msg: string): void } },
): Promise<PortfolioResponse> {
  const snapshots = await Promise.all(
    chains.map(async ({ config, client }) => {
      try {
        return await readChainPortfolio(client, config, addresses, { batchSize: opts.batchSize });
      } catch (err) {
        const k = toKeelError(err);
        opts.logger?.warn({ chainId: config.chainId, code: k.code, err: k.message }, 'portfolio: chain unavailable');
        const message =
          k instanceof UpstreamError || k.retryable
            ? `chain ${config.chainId} is not reachable right now`
            : `chain ${config.chainId} could not be read`;
        return {
          chainId: config.chainId,
          name: config.name,
          status: 'unavailable' as const,
          reason: { code: k.code === 'internal_error' ? 'chain_read_failed' : k.code, message },
        };
      }
    }),
  );
  return { object: 'portfolio', addresses: [...addresses], chains: snapshots };
}
