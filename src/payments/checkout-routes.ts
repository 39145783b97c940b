import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicRateLimit } from '../auth/rate-limit.ts';
import type { Config } from '../config/schema.ts';
import { NotFoundError } from '../lib/errors.ts';
import { CHECKOUT_ID_RE, checkoutSchema, checkoutView } from './checkout.ts';
import type { PaymentsStore } from './store.ts';

/**
 * `GET /v1/checkout/:id`: the hosted checkout page's only data, public (the intent id in the
 * link is the only credential), limited per client IP, and answering only the whitelist of
 * checkout.ts. Any id that is not exactly `pi_` + 26 lower-case base32 characters, or that
 * names no intent, answers the same 404 problem+json: the answer never tells a malformed id
 * from an unknown one. `checkpoints` says how far each chain's transfer watcher has read (the
 * confirmations shown).
 */
export function checkoutRoutes(deps: {
  store: PaymentsStore;
  config: Config;
  checkpoints: (chainIds: readonly number[]) => Promise<Map<number, bigint>>;
}) {
  return (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/v1/checkout/:id',
      {
        config: { public: true, rateLimit: publicRateLimit(deps.config, 'checkout') },
        schema: {
          tags: ['payments'],
          summary: 'What the payer of a payment intent sees on the hosted checkout page (no API key)',
          description:
            'Public: the payment intent id is the only credential. Answers only what the payer needs — amount, asset, accepted networks with EIP-681 payment URIs, the deposit address, amounts received/pending/remaining, expiry and, per payment, its network, amount, status and confirmations. Never metadata, customerReference, refunds or internal flags. Rate limited per client IP (`auth.rateLimit.publicMax`). 404 `not_found` for a malformed or unknown id.',
          security: [],
          params: z.object({ id: z.string().describe('pi_…') }),
          response: { 200: checkoutSchema },
        },
      },
      async (req, reply) => {
        const { id } = req.params;
        if (!CHECKOUT_ID_RE.test(id)) throw new NotFoundError('no such payment intent');
        const pi = await deps.store.get(id).catch((err: unknown) => {
          throw err instanceof NotFoundError ? new NotFoundError('no such payment intent') : err;
        });
        const checkpoints = await deps.checkpoints([...new Set(pi.payments.map((p) => p.chainId))]);
        // Live state: no shared cache may keep it, and the page polls.
        reply.header('cache-control', 'no-store');
        return checkoutView(deps.config, pi, checkpoints, new Date());
      },
    );
  };
}
