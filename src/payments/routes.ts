import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { endUserIdSchema } from '../lib/user-id.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { ValidationError } from '../lib/errors.ts';
import type { Pipeline } from '../pipeline/service.ts';
import { assetPrices, buildReport, readReportRows } from './report.ts';
import { paymentIntentSchema, refundSchema } from './resource.ts';
import { createIntentSchema, refundBodySchema, type PaymentIntents } from './service.ts';
import { INTENT_STATUSES } from './state.ts';
import type { PaymentsStore } from './store.ts';
import { callerKeyId } from '../auth/actor.ts';

const idParams = z.object({ id: z.string().regex(/^pi_[0-9a-z]{26}$/, 'a payment intent id (pi_…)') });

/** Payment intents, refunds and the settlement report over HTTP. */
export function paymentRoutes(deps: {
  intents: PaymentIntents;
  store: PaymentsStore;
  db: Kysely<DB>;
  config: Config;
  pipeline: Pipeline;
}) {
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/payment-intents',
      {
        config: { scope: 'payments:write', outcome: 'payment_intent.create' },
        schema: {
          tags: ['payments'],
          summary:
            'Create a payment intent: an amount due in a stablecoin, and a deposit address (the same on every accepted chain)',
          body: createIntentSchema,
          response: { 201: paymentIntentSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await deps.intents.create(req.body, callerKeyId(req))),
    );
    r.get(
      '/v1/payment-intents/:id',
      {
        config: { scope: 'payments:read' },
        schema: {
          tags: ['payments'],
          summary: 'A payment intent with every payment seen and its refunds',
          params: idParams,
          response: { 200: paymentIntentSchema },
        },
      },
      async (req) => deps.store.get(req.params.id),
    );
    r.get(
      '/v1/payment-intents',
      {
        config: { scope: 'payments:read' },
        schema: {
          tags: ['payments'],
          summary: 'Payment intents, newest first',
          querystring: z.object({
            status: z
              .string()
              .optional()
              .transform((s) => (s ? s.split(',').map((x) => x.trim()) : undefined))
              .pipe(z.array(z.enum(INTENT_STATUSES)).optional()),
            customerReference: endUserIdSchema().optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
            startingAfter: idParams.shape.id.optional(),
          }),
          response: {
            200: z
              .object({ object: z.literal('list'), data: z.array(paymentIntentSchema), hasMore: z.boolean() })
              .meta({ id: 'PaymentIntentList' }),
          },
        },
      },
      async (req) => {
        const q = req.query;
        return {
          object: 'list' as const,
          ...(await deps.intents.list({
            limit: q.limit,
            ...(q.status ? { status: q.status } : {}),
            ...(q.customerReference ? { customerReference: q.customerReference } : {}),
            ...(q.startingAfter ? { startingAfter: q.startingAfter } : {}),
          })),
        };
      },
    );
    r.post(
      '/v1/payment-intents/:id/cancel',
      {
        config: { scope: 'payments:write', outcome: 'payment_intent.cancel' },
        schema: {
          tags: ['payments'],
          summary: 'Cancel an intent still waiting for payment (409 otherwise)',
          params: idParams,
          body: z.strictObject({ reason: z.string().min(1).max(500).optional() }).default({}),
          response: { 200: paymentIntentSchema },
        },
      },
      async (req) => deps.intents.cancel(req.params.id, callerKeyId(req), req.body.reason ?? null),
    );
    r.post(
      '/v1/payment-intents/:id/refunds',
      {
        config: { scope: 'payments:write', outcome: 'payment_intent.refund' },
        schema: {
          tags: ['payments'],
          summary: 'Refund (part of) what arrived, through the write path',
          description:
            'At most `refundable`: 422 `refund_exceeds_refundable` otherwise. Policy applies (403 `policy_denied`; above a review threshold the refund waits for review).',
          params: idParams,
          body: refundBodySchema,
          response: { 201: refundSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await deps.intents.refund(req.params.id, req.body, callerKeyId(req))),
    );
    r.get(
      '/v1/reports/settlement',
      {
        config: { scope: 'payments:read' },
        schema: {
          tags: ['payments'],
          summary: 'Settlement report: time to seen / final / swept, sweep gas, all-in cost beside legacy rails',
          querystring: z.object({
            from: z.iso.datetime({ offset: true }).optional(),
            to: z.iso.datetime({ offset: true }).optional(),
          }),
          response: {
            200: z.looseObject({ object: z.literal('settlement_report'), from: z.string(), to: z.string() }),
          },
        },
      },
      async (req) => {
        const to = req.query.to ? new Date(req.query.to) : new Date();
        const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - 30 * 86_400_000);
        if (from >= to)
          throw new ValidationError('the report period is empty', [
            { field: 'querystring.from', code: 'empty_period', message: '`from` must be before `to`' },
          ]);
        const [rows, prices] = await Promise.all([
          readReportRows(deps.db, from, to),
          assetPrices(deps.config, (c) => deps.pipeline.facts.prices(c)),
        ]);
        return {
          ...buildReport(
            rows,
            prices,
            deps.config.payments.comparators,
            deps.config.chains[0]?.nativeSymbol ?? 'native',
          ),
          from: from.toISOString(),
          to: to.toISOString(),
        };
      },
    );
  };
}
