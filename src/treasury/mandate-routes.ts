import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestActor } from '../auth/actor.ts';
import { pageQuery } from '../lib/pagination.ts';
import { mandateAlerts, sharePriceHistory } from './history.ts';
import type { Mandates } from './mandates.ts';
import type { TreasuryPlans } from './plans.ts';
import type { SharePricesStore } from './prices-store.ts';
import {
  mandateListSchema,
  mandateSchema,
  mandateVersionSchema,
  positionSchema,
  alertListSchema,
  sharePriceHistorySchema,
} from './resource.ts';

const mandateId = z.string().regex(/^mdt_[0-9a-z]+$/, 'a mandate id (mdt_…)');
const idParams = z.object({ id: mandateId });
const tags = ['treasury'];
const decision = {
  version: z.number().int().min(1).describe('The version decided on (a proposed one)'),
};

/**
 * The mandates' HTTP surface (docs/treasury.md#mandates): propose a new mandate or a new version
 * (`treasury:write`), read them (`treasury:read`), approve and reject versions (`policy:approve`,
 * the approvers of policy changes).
 */
export function mandateRoutes(deps: {
  mandates: Mandates;
  plans: TreasuryPlans;
  prices: SharePricesStore;
  db: Kysely<DB>;
}) {
  const { mandates, plans, prices, db } = deps;
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/treasury/mandates',
      {
        config: { scope: 'treasury:write', outcome: 'treasury_mandate.propose' },
        schema: {
          tags,
          summary: 'Propose a mandate, or a new version of one (active after the required approvals)',
          description:
            'Validated before anything is stored: the document (422 `validation_failed`: schema, unknown chain, signer or asset, over-precise amounts, targets over 100 %), then each vault on the chain (422 `mandate_vault_invalid`: no code, `asset()` not the mandate’s asset, a code hash the chain contradicts). Code hashes left out are pinned from the chain. With `mandateId`, a new version of that mandate (its chain, signer and asset stay); `baseVersion` (the version the proposer read as active, null for none) answers 409 `stale_proposal` when another is active now.',
          body: z.strictObject({
            mandateId: mandateId.optional().describe('Propose a new version of this mandate; omitted: a new mandate'),
            baseVersion: z
              .number()
              .int()
              .min(1)
              .nullable()
              .optional()
              .describe('The active version the proposal was made against (null: none); checked now and at activation'),
            document: z.record(z.string(), z.unknown()).describe('A mandate document (docs/treasury.md#mandates)'),
            note: z.string().max(2_000).optional(),
          }),
          response: { 201: mandateVersionSchema },
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await mandates.propose(
            {
              mandateId: req.body.mandateId,
              baseVersion: req.body.baseVersion,
              document: req.body.document,
              note: req.body.note ?? null,
            },
            requestActor(req),
          ),
        ),
    );
    r.get(
      '/v1/treasury/mandates',
      {
        config: { scope: 'treasury:read' },
        schema: {
          tags,
          summary: 'Mandates, newest first, each with its active version and open proposals',
          querystring: z.object(pageQuery(mandateId, { cursor: 'id (mdt_…)' })),
          response: { 200: mandateListSchema },
        },
      },
      async (req) => ({
        object: 'list' as const,
        ...(await mandates.list({
          limit: req.query.limit,
          ...(req.query.startingAfter ? { startingAfter: req.query.startingAfter } : {}),
        })),
      }),
    );
    r.get(
      '/v1/treasury/mandates/:id',
      {
        config: { scope: 'treasury:read' },
        schema: {
          tags,
          summary: 'One mandate: its active version and the versions waiting for approvals',
          params: idParams,
          response: { 200: mandateSchema },
        },
      },
      async (req) => mandates.get(req.params.id),
    );
    r.get(
      '/v1/treasury/mandates/:id/position',
      {
        config: { scope: 'treasury:read' },
        schema: {
          tags,
          summary: 'The live position under the active version, at one block',
          description:
            'Read at one block (Multicall3): the account’s balance, per vault the shares, their `convertToAssets` value, `maxWithdraw` and what is withdrawable now, the share price, cost basis and yield (average cost, from the confirmed movements), APY over 7 and 30 days from the recorded share prices, allocation against target and cap, concentration, drawdown from the recorded high, the code hashes against the pinned ones; `breaches` lists every rule broken. 409 `mandate_not_active` while the first version waits for approvals; 503 when the chain cannot be read.',
          params: idParams,
          response: { 200: positionSchema },
        },
      },
      async (req) => plans.position(req.params.id),
    );
    r.get(
      '/v1/treasury/mandates/:id/share-prices',
      {
        config: { scope: 'treasury:read' },
        schema: {
          tags,
          summary: 'The recorded share prices of the active version’s vaults over the last days (yield over time)',
          description:
            'Per vault of the active version, the share prices the recorder wrote (`treasury.sharePriceIntervalSeconds`) since `days` days ago, oldest first, at most 1,000 points per vault. 409 `mandate_not_active` while the first version waits for approvals.',
          params: idParams,
          querystring: z.object({
            days: z.coerce.number().int().min(1).max(365).default(30).describe('How many days back (default 30)'),
          }),
          response: { 200: sharePriceHistorySchema },
        },
      },
      async (req) => sharePriceHistory({ mandates, prices }, req.params.id, req.query.days),
    );
    r.get(
      '/v1/treasury/mandates/:id/alerts',
      {
        config: { scope: 'treasury:read' },
        schema: {
          tags,
          summary: 'The watcher’s alerts on this mandate, newest first',
          description:
            'The `treasury.alert` events of this mandate since `days` days ago (default 30), newest first, at most 100: the rule (`drawdown`, `code_changed`, `max_withdraw_failed`, `withdrawals_paused`), the vault, its breaker and the withdrawal plan proposed for review.',
          params: idParams,
          querystring: z.object({
            days: z.coerce.number().int().min(1).max(365).default(30).describe('How many days back (default 30)'),
          }),
          response: { 200: alertListSchema },
        },
      },
      async (req) => mandateAlerts({ mandates, db }, req.params.id, req.query.days),
    );
    r.post(
      '/v1/treasury/mandates/:id/approve',
      {
        config: { scope: 'policy:approve', outcome: 'treasury_mandate.approve' },
        schema: {
          tags,
          summary: 'Approve a proposed mandate version; the last required approval activates it',
          description:
            'Counts once per principal, whichever of its keys calls. Refused with 403 `self_approval` for the proposer’s principal, 409 `already_decided` for a principal that decided already, 409 `proposal_closed` once the version is active, superseded or rejected, 409 `stale_proposal` when its base version is no longer the active one.',
          params: idParams,
          body: z.strictObject({ ...decision, note: z.string().max(2_000).optional() }),
          response: { 200: mandateVersionSchema },
        },
      },
      async (req) => mandates.approve(req.params.id, req.body.version, requestActor(req), req.body.note ?? null),
    );
    r.post(
      '/v1/treasury/mandates/:id/reject',
      {
        config: { scope: 'policy:approve', outcome: 'treasury_mandate.reject' },
        schema: {
          tags,
          summary: 'Reject a proposed mandate version (closes it)',
          params: idParams,
          body: z.strictObject({ ...decision, note: z.string().min(1).max(2_000) }),
          response: { 200: mandateVersionSchema },
        },
      },
      async (req) => mandates.reject(req.params.id, req.body.version, requestActor(req), req.body.note),
    );
  };
}
