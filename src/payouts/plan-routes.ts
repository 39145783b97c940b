import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestActor } from '../auth/actor.ts';
import { decimalAmountSchema } from '../lib/money.ts';
import { pageQuery } from '../lib/pagination.ts';
import { payeeIdSchema } from './payee-resource.ts';
import { planSchema } from './run-resource.ts';
import type { PayoutRuns } from './runs.ts';

const tags = ['payouts'];
const planId = z.string().regex(/^ppl_[0-9a-z]+$/, 'a payout plan id (ppl_…)');
const payeeId = payeeIdSchema;

/** Split plans' HTTP surface (docs/payouts.md#plans). */
export function payoutPlanRoutes(deps: { runs: PayoutRuns }) {
  const { runs } = deps;
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/payout-plans',
      {
        config: { scope: 'payouts:write', outcome: 'payout_plan.create' },
        schema: {
          tags,
          summary: 'Create a split plan: recipients with basis-point shares, minimum and cap, and a source of revenue',
          description:
            'Shares must sum to 10,000 bps (422 naming `body.recipients`). `minimum`: under it a payee’s amount is carried to the next run; `cap`: above it the excess is carried. Source: a fixed amount per run, or the succeeded payment intents of the run’s period in the plan’s asset (optionally only those whose metadata contains `metadata`).',
          body: z.strictObject({
            name: z.string().min(1).max(120),
            chainId: z.number().int().positive(),
            asset: z.string().min(1).max(64).describe('Configured symbol (e.g. `tUSD`) or token address on the chain'),
            recipients: z
              .array(
                z.strictObject({
                  payeeId,
                  shareBps: z.number().int().min(0).max(10_000),
                  minimum: decimalAmountSchema.optional(),
                  cap: decimalAmountSchema.optional(),
                }),
              )
              .min(1)
              .max(10_000),
            source: z.discriminatedUnion('kind', [
              z.strictObject({ kind: z.literal('fixed'), amount: decimalAmountSchema }),
              z.strictObject({
                kind: z.literal('payment_intents'),
                metadata: z.record(z.string().min(1).max(64), z.string().max(500)).optional(),
              }),
            ]),
          }),
          response: { 201: planSchema },
        },
      },
      async (req, reply) => {
        const a = requestActor(req);
        return reply.code(201).send(await runs.createPlan(req.body, { apiKeyId: a.keyId, principalId: a.principalId }));
      },
    );
    r.get(
      '/v1/payout-plans',
      {
        config: { scope: 'payouts:read' },
        schema: {
          tags,
          summary: 'List split plans, newest first',
          querystring: z.object(pageQuery(planId)),
          response: { 200: z.object({ object: z.literal('list'), data: z.array(planSchema), hasMore: z.boolean() }) },
        },
      },
      async (req) => ({ object: 'list' as const, ...(await runs.plans(req.query.limit, req.query.startingAfter)) }),
    );
    r.get(
      '/v1/payout-plans/:id',
      {
        config: { scope: 'payouts:read' },
        schema: {
          tags,
          summary: 'One split plan, with what it carries per payee',
          params: z.object({ id: planId }),
          response: { 200: planSchema },
        },
      },
      async (req) => runs.plan(req.params.id),
    );
  };
}
