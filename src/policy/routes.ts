import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { ValidationError } from '../lib/errors.ts';
import { pageQuery } from '../lib/pagination.ts';
import { compilePolicy } from './compile.ts';
import { parsePolicyDocument } from './document.ts';
import { dryRun, dryRunBodySchema, dryRunIntent, type GatheredFacts } from './dry-run.ts';
import type { CompiledPolicy } from './compile.ts';
import type { Intent } from './types.ts';
import { activePolicy, PolicyCache } from './loader.ts';
import { PolicyProposals } from './proposals.ts';
import { POLICY_VERSION_STATUSES } from './tables.ts';
import { callerKeyId, requestActor } from '../auth/actor.ts';

const ruleSchema = z.record(z.string(), z.unknown()).describe('A policy rule (docs/policy.md)');
const policyDiffSchema = z
  .object({
    added: z.array(ruleSchema).describe('Rules present only in the proposal'),
    removed: z.array(ruleSchema).describe('Rules present only in the base version'),
    changed: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        fields: z.array(z.object({ field: z.string(), before: z.unknown().optional(), after: z.unknown().optional() })),
      }),
    ),
    reordered: z.array(z.string()).describe('Rule ids whose relative order changed'),
    description: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
    summary: z.object({
      added: z.number().int(),
      removed: z.number().int(),
      changed: z.number().int(),
      unchanged: z.number().int(),
    }),
  })
  .meta({ id: 'PolicyDiff' });
const versionSchema = z
  .object({
    id: z.string().describe('polv_…'),
    object: z.literal('policy_version'),
    version: z.number().int(),
    status: z.enum(POLICY_VERSION_STATUSES),
    source: z.string().describe('config (version 1) or proposal'),
    hash: z.string().describe('sha256 of the canonical JSON of the document'),
    document: z.record(z.string(), z.unknown()),
    baseVersion: z.number().int().nullable().describe('The version active when this one was proposed'),
    diff: policyDiffSchema
      .nullable()
      .describe('Rules added, removed and changed (by rule id, with the changed fields) against the base version'),
    note: z.string().nullable(),
    createdBy: z.string().nullable().describe('The proposing API key'),
    createdByPrincipal: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .describe('The proposing principal: none of its keys may approve'),
    createdAt: z.string(),
    activatedAt: z.string().nullable(),
    supersededAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    approvals: z.array(
      z.object({
        apiKeyId: z.string(),
        principal: z
          .object({ id: z.string(), name: z.string() })
          .nullable()
          .describe('The deciding principal; each counts once'),
        decision: z.enum(['approve', 'reject']),
        note: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
    approvalsRequired: z.number().int(),
  })
  .meta({ id: 'PolicyVersion' });
const listSchema = z
  .object({ object: z.literal('list'), data: z.array(versionSchema), hasMore: z.boolean() })
  .meta({ id: 'PolicyVersionList' });
const decisionSchema = z
  .object({
    object: z.literal('policy_decision'),
    outcome: z.enum(['allow', 'deny', 'review']),
    reasons: z.array(
      z.object({ code: z.string(), rule: z.string().optional(), message: z.string(), userMessage: z.string() }),
    ),
    policyVersion: z.number().int(),
    allowedBy: z.array(z.string()),
    charges: z.array(z.record(z.string(), z.unknown())),
    windowTotals: z.record(z.string(), z.object({ sum: z.string(), count: z.number() })),
    intent: z.record(z.string(), z.unknown()),
    destination: z.object({
      isContract: z.boolean(),
      isContractOnOtherChains: z.array(z.number()),
      seenBefore: z.boolean(),
      firstSeenAt: z.string().nullable(),
      pastCounterparties: z.array(z.string()),
    }),
    chainFacts: z
      .enum(['read', 'unavailable', 'not_read'])
      .describe(
        'Whether destination facts and the USD value were read from the chain (`unavailable`: the chain could not be read, defaults were used)',
      ),
  })
  .meta({ id: 'PolicyDecision' });
const idParams = z.object({ id: z.string().regex(/^polv_[0-9a-z]+$/, 'a policy version id (polv_…)') });
const listQuery = z.object({
  status: z.enum(POLICY_VERSION_STATUSES).optional(),
  ...pageQuery(idParams.shape.id, { cursor: 'id (polv_…)' }),
});
const tags = ['policy'];

/**
 * The policy HTTP surface: the active version and every version (`policy:write`), proposals
 * (`policy:write` to propose; `policy:approve` to list, approve and reject) and the dry run
 * (`policy:write`). See docs/policy.md.
 */
export function policyRoutes(deps: {
  db: Kysely<DB>;
  config: Config;
  cache?: PolicyCache;
  /** Reads destination facts and the USD value from the chains for the dry run (the pipeline's reader). */
  gatherFacts?: (policy: CompiledPolicy, intent: Intent) => Promise<GatheredFacts>;
}) {
  const store = new PolicyProposals(deps.db, deps.config.policy.approvalsRequired);
  const cache = deps.cache ?? new PolicyCache();
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/v1/policy',
      {
        config: { scope: 'policy:write' },
        schema: {
          tags,
          summary: 'The active policy version',
          response: {
            200: z.object({
              object: z.literal('policy'),
              id: z.string(),
              version: z.number().int(),
              document: z.record(z.string(), z.unknown()),
              hash: z.string(),
              activatedAt: z.string().nullable(),
            }),
          },
        },
      },
      async () => {
        const a = await store.active();
        return {
          object: 'policy' as const,
          id: a.id,
          version: a.version,
          document: a.document,
          hash: a.hash,
          activatedAt: a.activatedAt,
        };
      },
    );
    r.get(
      '/v1/policy/versions',
      {
        config: { scope: 'policy:write' },
        schema: {
          tags,
          summary: 'Policy versions with their status, newest first',
          querystring: listQuery,
          response: { 200: listSchema },
        },
      },
      async (req) => {
        const { status, limit, startingAfter } = req.query;
        return {
          object: 'list' as const,
          ...(await store.list({ limit, ...(status ? { status } : {}), ...(startingAfter ? { startingAfter } : {}) })),
        };
      },
    );
    r.get(
      '/v1/policy/versions/:version',
      {
        config: { scope: 'policy:write' },
        schema: {
          tags,
          summary: 'One policy version',
          params: z.object({ version: z.coerce.number().int().min(1) }),
          response: { 200: versionSchema },
        },
      },
      async (req) => store.byVersion(req.params.version),
    );
    r.post(
      '/v1/policy/proposals',
      {
        config: { scope: 'policy:write', outcome: 'policy.propose' },
        schema: {
          tags,
          summary: 'Propose a new policy version (takes effect after the required approvals)',
          body: z.strictObject({
            document: z
              .record(z.string(), z.unknown())
              .describe('A policy document (docs/policy.md); its `version` is assigned'),
            note: z.string().max(2_000).optional(),
          }),
          response: { 201: versionSchema },
        },
      },
      async (req, reply) => {
        const parsed = parsePolicyDocument(req.body.document);
        if (!parsed.ok) {
          throw new ValidationError(
            'the policy document is not valid',
            parsed.errors.map((e) => ({
              ...e,
              field: e.field === '(root)' ? 'body.document' : `body.document.${e.field}`,
            })),
          );
        }
        return reply.code(201).send(await store.propose(parsed.document, requestActor(req), req.body.note ?? null));
      },
    );
    r.get(
      '/v1/policy/proposals',
      {
        config: { scope: 'policy:approve' },
        schema: {
          tags,
          summary: 'Policy proposals (the approvers’ queue), newest first',
          querystring: listQuery,
          response: { 200: listSchema },
        },
      },
      async (req) => {
        const { status, limit, startingAfter } = req.query;
        return {
          object: 'list' as const,
          ...(await store.list({
            proposalsOnly: true,
            limit,
            ...(status ? { status } : {}),
            ...(startingAfter ? { startingAfter } : {}),
          })),
        };
      },
    );
    r.get(
      '/v1/policy/proposals/:id',
      {
        config: { scope: 'policy:approve' },
        schema: {
          tags,
          summary: 'One policy proposal with its diff and decisions',
          params: idParams,
          response: { 200: versionSchema },
        },
      },
      async (req) => store.byId(req.params.id),
    );
    r.post(
      '/v1/policy/proposals/:id/approve',
      {
        config: { scope: 'policy:approve', outcome: 'policy.approve' },
        schema: {
          tags,
          summary: 'Approve a proposal; the last required approval activates it',
          description:
            'Counts once per principal, whichever of its keys calls. Refused with 403 `self_approval` for the proposer’s principal, 409 `already_decided` for a principal that decided already (with any of its keys), 409 `proposal_closed` once active or rejected, 409 `stale_proposal` when its base version is no longer active.',
          params: idParams,
          body: z.strictObject({ note: z.string().max(2_000).optional() }).default({}),
          response: { 200: versionSchema },
        },
      },
      async (req) => store.approve(req.params.id, requestActor(req), req.body.note ?? null),
    );
    r.post(
      '/v1/policy/proposals/:id/reject',
      {
        config: { scope: 'policy:approve', outcome: 'policy.reject' },
        schema: {
          tags,
          summary: 'Reject a proposal (closes it)',
          params: idParams,
          body: z.strictObject({ note: z.string().min(1).max(2_000) }),
          response: { 200: versionSchema },
        },
      },
      async (req) => store.reject(req.params.id, requestActor(req), req.body.note),
    );
    r.post(
      '/v1/policy/evaluate',
      {
        // A dry run writes nothing: run again after a crash.
        config: { scope: 'policy:write', outcome: 'none' },
        schema: {
          tags,
          summary: 'Dry run: the decision the active policy (or a proposal) would make, without acting',
          description:
            'Nothing is reserved or recorded. Destination facts (code on this and the other chains, paid before, lookalike counterparties) and the USD value are read like a real request; any of them can be overridden in `facts`.',
          querystring: z.object({ proposal: idParams.shape.id.optional() }),
          body: dryRunBodySchema,
          response: { 200: decisionSchema },
        },
      },
      async (req) => {
        const { intent, asset } = dryRunIntent(deps.config, req.body, callerKeyId(req));
        let policy;
        if (req.query.proposal) {
          const p = await store.documentOf(req.query.proposal);
          policy = compilePolicy(p.document, p.version);
        } else {
          policy = await activePolicy(deps.db, cache);
        }
        let chainFacts: 'read' | 'unavailable' | 'not_read' = 'not_read';
        let gathered;
        if (deps.gatherFacts) {
          // A dry run still answers when the chain cannot be read: with the defaults, and says so.
          gathered = await deps.gatherFacts(policy, intent).catch(() => undefined);
          chainFacts = gathered ? 'read' : 'unavailable';
        }
        return { ...(await dryRun(deps.db, policy, intent, asset, req.body.facts, gathered)), chainFacts };
      },
    );
  };
}
