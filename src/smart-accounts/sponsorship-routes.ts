import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestActor } from '../auth/actor.ts';
import { idPattern } from '../lib/ids.ts';
import { pageQuery } from '../lib/pagination.ts';
import {
  decisionListSchema,
  decisionSchema,
  evaluateBodySchema,
  policyDocumentSchema,
  policyListSchema,
  policySchema,
  usageSchema,
} from './sponsorship-resource.ts';
import type { SponsorshipActor, Sponsorship } from './sponsorship-service.ts';

const policyId = z.string().regex(idPattern('spp'), 'a sponsorship policy id (spp_…)');
const params = z.object({ id: policyId });
const problem = z.object({ code: z.string(), detail: z.string() }).loose().describe('RFC 9457 problem+json');
const errors = { 404: problem, 409: problem, 422: problem };
const tags = ['sponsorship'];

/**
 * Sponsored gas policies (docs/sponsorship.md): `sponsorship:write` to create, change, disable
 * and evaluate, `sponsorship:read` to read. A policy belongs to the caller's principal: another
 * principal's policies answer 404 on every route (admins see and change all, audited).
 */
export function sponsorshipRoutes(deps: { sponsorship: Sponsorship }) {
  const s = deps.sponsorship;
  return (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const who = (req: {
      apiKey?: { id: string; principalId: string; scopes: readonly string[] } | undefined;
    }): SponsorshipActor => ({ ...requestActor(req), scopes: req.apiKey!.scopes });

    app.post(
      '/v1/sponsorship-policies',
      {
        config: { scope: 'sponsorship:write', outcome: 'sponsorship_policy.create' },
        schema: {
          tags,
          summary: 'Create a sponsorship policy: when Keel’s paymaster sponsors a user operation’s gas',
          description:
            'The policy belongs to the caller’s principal. With a `backendHook`, the answer carries `backendHookSecret` (whsec_…), shown this once: the hook’s requests are signed with it (Standard Webhooks).',
          body: policyDocumentSchema,
          response: { 201: policySchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await s.create(req.body, who(req))),
    );
    app.get(
      '/v1/sponsorship-policies',
      {
        config: { scope: 'sponsorship:read' },
        schema: {
          tags,
          summary: 'The caller’s principal’s sponsorship policies, newest first',
          querystring: z.object(pageQuery(policyId)),
          response: { 200: policyListSchema },
        },
      },
      async (req) => s.list(who(req), req.query),
    );
    app.get(
      '/v1/sponsorship-policies/:id',
      {
        config: { scope: 'sponsorship:read' },
        schema: {
          tags,
          summary: 'One sponsorship policy (current version)',
          params,
          response: { 200: policySchema, ...errors },
        },
      },
      async (req) => s.get(req.params.id, who(req)),
    );
    app.put(
      '/v1/sponsorship-policies/:id',
      {
        config: { scope: 'sponsorship:write' },
        schema: {
          tags,
          summary: 'Replace a sponsorship policy’s rules: a new version',
          description:
            'Decisions from now on use the new version; counters (budgets spent, operations per user) carry over. A disabled policy answers 409 `sponsorship_policy_disabled`.',
          params,
          body: policyDocumentSchema,
          response: { 200: policySchema, ...errors },
        },
      },
      async (req) => s.update(req.params.id, req.body, who(req)),
    );
    app.post(
      '/v1/sponsorship-policies/:id/disable',
      {
        config: { scope: 'sponsorship:write', outcome: 'sponsorship_policy.disable' },
        schema: {
          tags,
          summary: 'Disable a sponsorship policy: every later decision is a denial (`policy_disabled`)',
          params,
          body: z.strictObject({}).optional(),
          response: { 200: policySchema, ...errors },
        },
      },
      async (req) => s.disable(req.params.id, who(req)),
    );
    app.post(
      '/v1/sponsorship-policies/:id/evaluate',
      {
        config: { scope: 'sponsorship:write', outcome: 'sponsorship_policy.evaluate' },
        schema: {
          tags,
          summary: 'Dry run: the decision the policy would take now for this operation, without reserving budget',
          description:
            'Asks the backend hook as a real decision would (its payload says `dryRun: true`). The decision is recorded with status `dry_run` and counts toward no budget or metric.',
          params,
          body: evaluateBodySchema,
          response: { 200: decisionSchema, ...errors },
        },
      },
      async (req) => s.evaluate(req.params.id, req.body, who(req)),
    );
    app.get(
      '/v1/sponsorship-policies/:id/decisions',
      {
        config: { scope: 'sponsorship:read' },
        schema: {
          tags,
          summary: 'The policy’s decisions with their reasons, newest first',
          params,
          querystring: z.object(pageQuery(z.string().regex(idPattern('spd'), 'a decision id (spd_…)'))),
          response: { 200: decisionListSchema, ...errors },
        },
      },
      async (req) => s.decisions(req.params.id, who(req), req.query),
    );
    app.get(
      '/v1/sponsorship-policies/:id/usage',
      {
        config: { scope: 'sponsorship:read' },
        schema: {
          tags,
          summary: 'Spent in the current period, operations sponsored, and denials: organic and abuse apart',
          params,
          querystring: z.object({ period: z.enum(['day', 'week', 'month']).optional() }),
          response: { 200: usageSchema, ...errors },
        },
      },
      async (req) => s.usage(req.params.id, who(req), req.query.period),
    );
  };
}
