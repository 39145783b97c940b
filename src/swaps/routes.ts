import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { NotFoundError } from '../lib/errors.ts';
import { quoteBodySchema, type SwapQuotes } from './service.ts';

const amount = z.object({ amount: z.string(), baseUnits: z.string() });
const token = z.object({ symbol: z.string(), address: z.string(), decimals: z.number().int() });
/** The quote resource (docs/swaps.md); further fields (preview, gas, disclosures…) pass through as documented there. */
const quoteSchema = z.looseObject({
  id: z.string().describe('swq_…'),
  object: z.literal('swap_quote'),
  chainId: z.number().int(),
  kind: z.enum(['exact_in', 'exact_out']),
  tokenIn: token,
  tokenOut: token,
  amountIn: amount,
  amountOut: amount,
  minAmountOut: amount,
  maxAmountIn: amount,
  slippageBps: z.number().int(),
  route: z.array(z.string()),
  priceImpactPercent: z.string(),
  oracle: z.object({ price: z.string(), deviationPercent: z.string() }),
  disclosures: z.array(z.string()),
  expiresAt: z.string(),
});

/** Swap quotes over HTTP (scope `swaps:write`). */
export function swapRoutes(deps: { quotes: SwapQuotes; db: Kysely<DB> }) {
  const caller = (req: { apiKey?: { id: string } | undefined }) => req.apiKey?.id ?? 'system';
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/swaps/quotes',
      {
        config: { scope: 'swaps:write' },
        schema: {
          tags: ['swaps'],
          summary: 'Quote a swap through the configured Uniswap V2 pools, with every guard applied',
          description:
            'All inputs are read at one block. Refusals answer 422 with a stable code: `slippage_too_high`, `price_impact_too_high`, `insufficient_liquidity`, `oracle_stale`, `oracle_deviation`, `no_route`, `insufficient_balance`.',
          body: quoteBodySchema,
          response: { 201: quoteSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await deps.quotes.quote(req.body, caller(req))),
    );
    r.get(
      '/v1/swaps/quotes/:id',
      {
        config: { scope: 'swaps:write' },
        schema: { tags: ['swaps'], summary: 'A quote as it was given', params: z.object({ id: z.string().regex(/^swq_[0-9a-z]+$/, 'a quote id (swq_…)') }), response: { 200: quoteSchema } },
      },
      async (req) => {
        const row = await deps.db.selectFrom('swap_quotes').select('quote').where('id', '=', req.params.id).executeTakeFirst();
        if (!row) throw new NotFoundError(`no swap quote ${req.params.id}`);
        return (typeof row.quote === 'string' ? JSON.parse(row.quote) : row.quote) as z.infer<typeof quoteSchema>;
      },
    );
  };
}
