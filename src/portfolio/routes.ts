import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config/schema.ts';
import { KeelError } from '../lib/errors.ts';
import { portfolioQuerySchema, portfolioResponseSchema } from './schemas.ts';
import { readPortfolio, type PortfolioChain } from './service.ts';

/** `GET /v1/portfolio`: balances, allowances, vault positions and USD values across chains. */
export function portfolioRoutes(config: Config, chainOf: (chainId: number) => PortfolioChain | undefined) {
  return (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/v1/portfolio',
      {
        config: { scope: 'portfolio:read' },
        schema: {
          tags: ['portfolio'],
          summary: 'Read-only portfolio of addresses across chains',
          description:
            'Native and asset balances, non-zero allowances to configured spenders (unlimited ones flagged), ERC-4626 positions and USD values from the configured price feeds. Every value of a chain is read at one block. A chain that cannot be reached is returned with status `unavailable` while the others are complete (HTTP 200); when every requested chain is unavailable the answer is 503 `chains_unavailable`.',
          querystring: portfolioQuerySchema({
            maxAddresses: config.portfolio.maxAddresses,
            chainIds: config.chains.map((c) => c.chainId),
          }),
          response: { 200: portfolioResponseSchema },
        },
      },
      async (req) => {
        const chains = req.query.chains.map((id) => chainOf(id)!);
        const result = await readPortfolio(chains, req.query.addresses, {
          batchSize: config.portfolio.multicallBatchSize,
          logger: req.log,
        });
        if (result.chains.every((c) => c.status === 'unavailable')) {
          throw new KeelError(
            'chains_unavailable',
            `none of the requested chains (${req.query.chains.join(', ')}) could be reached`,
            {
              extra: { chains: result.chains },
            },
          );
        }
        return result;
      },
    );
  };
}
