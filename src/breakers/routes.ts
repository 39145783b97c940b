import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BREAKER_KEY_RE, type BreakersStore } from './store.ts';
import { callerKeyId } from '../auth/actor.ts';
import { pageQuery } from '../lib/pagination.ts';

const breakerSchema = z
  .object({
    key: z.string(),
    object: z.literal('breaker'),
    state: z.enum(['closed', 'open']),
    reason: z.string().nullable(),
    trippedAt: z.string().nullable(),
    trippedBy: z.string().nullable().describe('An API key id, or `auto`'),
    resetAt: z.string().nullable(),
    resetBy: z.string().nullable(),
    recentFailures: z.number().int(),
  })
  .meta({ id: 'Breaker' });
const keyParams = z.object({
  key: z.string().regex(BREAKER_KEY_RE, 'a breaker key such as uniswap-v2:31337 or pool:31337:0x…'),
});
const tags = ['breakers'];

/** Circuit breakers over HTTP (scope `admin`; trips and resets are audit-logged). */
export function breakerRoutes(store: BreakersStore) {
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/v1/breakers',
      {
        config: { scope: 'admin' },
        schema: {
          tags,
          summary: 'Circuit breakers with their state, reason and times, in key order',
          description:
            'In key order (a breaker has no id: its key names it); pass the last key of a page as `startingAfter` for the next one.',
          querystring: z.object(pageQuery(keyParams.shape.key, { cursor: 'key' })),
          response: {
            200: z
              .object({ object: z.literal('list'), data: z.array(breakerSchema), hasMore: z.boolean() })
              .meta({ id: 'BreakerList' }),
          },
        },
      },
      async (req) => ({
        object: 'list' as const,
        ...(await store.page(req.query.limit, req.query.startingAfter)),
      }),
    );
    r.post(
      '/v1/breakers/:key/trip',
      {
        config: { scope: 'admin', outcome: 'breaker.trip' },
        schema: {
          tags,
          summary: 'Trip (open) a breaker: what it covers answers 503 until reset',
          params: keyParams,
          body: z.strictObject({ reason: z.string().min(1).max(500) }),
          response: { 200: breakerSchema },
        },
      },
      async (req) => store.trip(req.params.key, req.body.reason, callerKeyId(req)),
    );
    r.post(
      '/v1/breakers/:key/reset',
      {
        config: { scope: 'admin', outcome: 'breaker.reset' },
        schema: {
          tags,
          summary: 'Reset (close) a tripped breaker',
          params: keyParams,
          body: z.strictObject({ note: z.string().max(500).optional() }).default({}),
          response: { 200: breakerSchema },
        },
      },
      async (req) => store.reset(req.params.key, callerKeyId(req), req.body.note ?? null),
    );
  };
}
