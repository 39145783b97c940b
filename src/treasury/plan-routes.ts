import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestActor } from '../auth/actor.ts';
import type { TreasuryPlans } from './plans.ts';
import { planSchema } from './resource.ts';

const mandateParams = z.object({ id: z.string().regex(/^mdt_[0-9a-z]+$/, 'a mandate id (mdt_…)') });
const planParams = z.object({ planId: z.string().regex(/^tpl_[0-9a-z]+$/, 'a plan id (tpl_…)') });
const tags = ['treasury'];

/**
 * Plans' HTTP surface (docs/treasury.md#plans): make a plan for a mandate, read it, execute it
 * once (`treasury:write`; reading needs `treasury:read`).
 */
export function planRoutes(deps: { plans: TreasuryPlans }) {
  const { plans } = deps;
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/treasury/mandates/:id/plans',
      {
        config: { scope: 'treasury:write', outcome: 'treasury_plan.create' },
        schema: {
          tags,
          summary: 'Make a rebalancing plan: the movements that bring the position inside the mandate at least cost',
          description:
            'Reads the position at one block and plans, in order: withdrawals of what must leave (a vault whose breaker is open, whose code changed, that the mandate no longer lists, or the excess over its cap), the buffer refilled, then deposits toward the targets within every cap. Answers the plan with a plain-language preview and disclosures; nothing is sent until it is executed. 409 `mandate_not_active` while the mandate waits for approvals; 503 when the chain cannot be read.',
          params: mandateParams,
          body: z.strictObject({}).optional(),
          response: { 201: planSchema },
        },
      },
      async (req, reply) => {
        const a = requestActor(req);
        return reply
          .code(201)
          .send(
            await plans.create(
              req.params.id,
              { apiKeyId: a.keyId, principalId: a.principalId },
              'request',
              'treasury_plan.create',
            ),
          );
      },
    );
    r.get(
      '/v1/treasury/plans/:planId',
      {
        config: { scope: 'treasury:read' },
        schema: {
          tags,
          summary: 'One plan, with each movement’s transaction and status',
          params: planParams,
          response: { 200: planSchema },
        },
      },
      async (req) => plans.get(req.params.planId),
    );
    r.post(
      '/v1/treasury/plans/:planId/execute',
      {
        config: { scope: 'treasury:write', outcome: 'treasury_plan.execute' },
        schema: {
          tags,
          summary: 'Execute a plan once, as one ordered batch through the write path',
          description:
            'Reads the position again: a plan that would differ now, that expired (15 minutes) or whose mandate has another active version answers 409 `plan_stale` (make a new plan), a plan already executed 409 `plan_not_executable`. Otherwise its withdrawals, then per deposit an exact approval and the deposit, go to the write path as one batch: decided by the policy (intent kind `treasury`) and reviewed as one — held for review when the plan is above the mandate’s review threshold or its daily movement.',
          params: planParams,
          body: z.strictObject({}).optional(),
          response: { 200: planSchema },
        },
      },
      async (req) => {
        const a = requestActor(req);
        return plans.execute(req.params.planId, { apiKeyId: a.keyId, principalId: a.principalId });
      },
    );
  };
}
