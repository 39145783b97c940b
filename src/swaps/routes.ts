import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { endUserIdSchema } from '../lib/user-id.ts';
import { quoteBodySchema, type SwapQuotes } from './service.ts';
import { executeSwapSchema, SWAP_STATUSES, type SwapExecutions } from './execute.ts';
import { dbJson } from '../db/json.ts';
import { callerKeyId } from '../auth/actor.ts';

const amount = z.object({ amount: z.string(), baseUnits: z.string() });
const token = z.object({ symbol: z.string(), address: z.string(), decimals: z.number().int() });
/** The quote resource (docs/swaps.md); further fields (preview, gas, disclosures…) pass through as documented there. */
const quoteSchema = z
  .looseObject({
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
  })
  .meta({ id: 'Quote' });

const swapSchema = z
  .object({
    id: z.string().describe('swp_…'),
    object: z.literal('swap'),
    quoteId: z.string(),
    status: z.enum(SWAP_STATUSES),
    chainId: z.number().int(),
    account: z.object({ name: z.string(), address: z.string() }),
    userId: z.string(),
    kind: z.enum(['exact_in', 'exact_out']),
    tokenIn: token,
    tokenOut: token,
    quoted: z.object({
      amountIn: amount,
      amountOut: amount,
      minAmountOut: amount,
      maxAmountIn: amount,
      slippageBps: z.number().int(),
      route: z.array(z.string()),
    }),
    deadline: z.string().describe('The router call reverts if mined after this'),
    transactions: z.array(
      z.object({
        role: z.string().describe('approval | swap | allowance_reset'),
        id: z.string(),
        status: z.string(),
        hash: z.string().nullable(),
      }),
    ),
    result: z
      .object({ amountIn: amount, amountOut: amount, realisedSlippagePercent: z.string(), withinBounds: z.boolean() })
      .nullable()
      .describe('What the swap actually paid and received, once settled'),
    failure: z.object({ code: z.string(), message: z.string() }).nullable(),
    createdAt: z.string(),
    settledAt: z.string().nullable(),
  })
  .meta({ id: 'Swap' });
const swapId = z.object({ id: z.string().regex(/^swp_[0-9a-z]{26}$/, 'a swap id (swp_…)') });

/** Swap quotes and their execution over HTTP (scope `swaps:write`). */
export function swapRoutes(deps: { quotes: SwapQuotes; executions: SwapExecutions }) {
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/swaps/quotes',
      {
        config: { scope: 'swaps:write', outcome: 'swap.quote' },
        schema: {
          tags: ['swaps'],
          summary: 'Quote a swap through the configured Uniswap V2 pools, with every guard applied',
          description:
            'All inputs are read at one block. Refusals answer 422 with a stable code: `slippage_too_high`, `price_impact_too_high`, `insufficient_liquidity`, `oracle_stale`, `oracle_deviation`, `no_route`, `insufficient_balance`.',
          body: quoteBodySchema,
          response: { 201: quoteSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await deps.quotes.quote(req.body, callerKeyId(req))),
    );
    r.get(
      '/v1/swaps/quotes/:id',
      {
        config: { scope: 'swaps:write' },
        schema: {
          tags: ['swaps'],
          summary: "A quote as it was given (this key's quotes only: another key's is 404 `quote_not_found`)",
          params: z.object({ id: z.string().regex(/^swq_[0-9a-z]+$/, 'a quote id (swq_…)') }),
          response: { 200: quoteSchema },
        },
      },
      async (req) =>
        dbJson<z.infer<typeof quoteSchema>>((await deps.quotes.owned(req.params.id, callerKeyId(req))).quote),
    );
    r.post(
      '/v1/swaps',
      {
        config: { scope: 'swaps:write', outcome: 'swap.execute' },
        schema: {
          tags: ['swaps'],
          summary: 'Execute a quote through the write path',
          description:
            "Reads the quoted route again: 409 `price_moved` (nothing sent) when the quote's bound no longer holds, 409 `quote_expired` / `quote_already_executed`, 422 for a guard that refuses now, 503 `swap_unavailable` behind an open breaker. Otherwise the approval (when short), the swap and the optional allowance reset go through policy, simulation and review as one ordered batch. 403 `policy_denied` as for transactions.",
          body: executeSwapSchema,
          response: { 201: swapSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await deps.executions.execute(req.body, callerKeyId(req))),
    );
    r.get(
      '/v1/swaps/:id',
      {
        config: { scope: 'swaps:write' },
        schema: {
          tags: ['swaps'],
          summary: 'A swap: its transactions, status and, once settled, what it actually yielded',
          params: swapId,
          response: { 200: swapSchema },
        },
      },
      async (req) => deps.executions.get(req.params.id, callerKeyId(req)),
    );
    r.get(
      '/v1/swaps',
      {
        config: { scope: 'swaps:write' },
        schema: {
          tags: ['swaps'],
          summary: 'Swaps made with this API key, newest first',
          querystring: z.object({
            userId: endUserIdSchema().optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
            startingAfter: swapId.shape.id.optional(),
          }),
          response: {
            200: z
              .object({ object: z.literal('list'), data: z.array(swapSchema), hasMore: z.boolean() })
              .meta({ id: 'SwapList' }),
          },
        },
      },
      async (req) => {
        const q = req.query;
        return {
          object: 'list' as const,
          ...(await deps.executions.list(callerKeyId(req), {
            limit: q.limit,
            ...(q.userId ? { userId: q.userId } : {}),
            ...(q.startingAfter ? { startingAfter: q.startingAfter } : {}),
          })),
        };
      },
    );
  };
}
