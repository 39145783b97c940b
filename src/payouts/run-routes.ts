import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestActor } from '../auth/actor.ts';
import { pageQuery } from '../lib/pagination.ts';
import { payeeIdSchema } from './payee-resource.ts';
import { runSchema } from './run-resource.ts';
import { RUN_STATUSES } from './run-tables.ts';
import type { PayoutRuns } from './runs.ts';
import { payeeStatement, statementCsv, statementSchema } from './statement.ts';

const tags = ['payouts'];
const runId = z.string().regex(/^prun_[0-9a-z]+$/, 'a payout run id (prun_…)');
const decisionBody = z.strictObject({ note: z.string().max(500).optional() }).optional();
const isoDate = z.iso.datetime({ offset: true });

/** Payout runs' and statements' HTTP surface (docs/payouts.md#runs). */
export function payoutRunRoutes(deps: { runs: PayoutRuns; db: Parameters<typeof payeeStatement>[0] }) {
  const { runs, db } = deps;
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/payout-runs',
      {
        config: { scope: 'payouts:write', outcome: 'payout_run.create' },
        schema: {
          tags,
          summary: 'Run a plan over a period: exactly once per plan and period',
          description:
            'Computes every line exactly (largest remainder; amounts under a minimum, over a cap or to an unpayable payee carried to the next run), previews fees, and either sends the run through the write path or, above `payouts.reviewThresholdUsd`, holds it in `pending_review` for a second principal. The identical period again answers 200 with the first run; a period partly overlapping an earlier run of the plan is 422 `payout_period_overlaps`.',
          body: z.strictObject({
            planId: z.string().regex(/^ppl_[0-9a-z]+$/, 'a payout plan id (ppl_…)'),
            period: z.strictObject({ from: isoDate, to: isoDate }),
          }),
          response: { 200: runSchema, 201: runSchema },
        },
      },
      async (req, reply) => {
        const a = requestActor(req);
        const { run, created } = await runs.createRun(
          { planId: req.body.planId, from: new Date(req.body.period.from), to: new Date(req.body.period.to) },
          { apiKeyId: a.keyId, principalId: a.principalId },
        );
        return reply.code(created ? 201 : 200).send(run);
      },
    );
    r.get(
      '/v1/payout-runs',
      {
        config: { scope: 'payouts:read' },
        schema: {
          tags,
          summary: 'List payout runs, newest first',
          querystring: z.object({
            ...pageQuery(runId),
            planId: z
              .string()
              .regex(/^ppl_[0-9a-z]+$/)
              .optional(),
            status: z.enum(RUN_STATUSES).optional(),
          }),
          response: { 200: z.object({ object: z.literal('list'), data: z.array(runSchema), hasMore: z.boolean() }) },
        },
      },
      async (req) => ({ object: 'list' as const, ...(await runs.list(req.query)) }),
    );
    r.get(
      '/v1/payout-runs/:id',
      {
        config: { scope: 'payouts:read' },
        schema: {
          tags,
          summary: 'One payout run with each line’s status',
          params: z.object({ id: runId }),
          response: { 200: runSchema },
        },
      },
      async (req) => runs.get(req.params.id),
    );
    for (const action of ['approve', 'reject'] as const)
      r.post(
        `/v1/payout-runs/:id/${action}`,
        {
          config: { scope: 'review', outcome: `payout_run.${action}` },
          schema: {
            tags,
            summary: action === 'approve' ? 'Approve a run under review and send it' : 'Reject a run under review',
            description:
              'Needs `review`, from a principal other than the run’s creator (403 `payout_self_review`). Only a `pending_review` run (409 `payout_run_not_reviewable`). Rejected: nothing is paid; a plan’s lines are carried to its next run.',
            params: z.object({ id: runId }),
            body: decisionBody,
            response: { 200: runSchema },
          },
        },
        async (req) => {
          const a = requestActor(req);
          const actor = { apiKeyId: a.keyId, principalId: a.principalId };
          const note = req.body?.note ?? null;
          return action === 'approve'
            ? runs.approve(req.params.id, actor, note)
            : runs.reject(req.params.id, actor, note);
        },
      );
    r.post(
      '/v1/payout-runs/:id/retry',
      {
        config: { scope: 'payouts:write', outcome: 'payout_run.retry' },
        schema: {
          tags,
          summary: 'Send again the lines whose batch failed (no other line)',
          description:
            'Only lines whose transaction reached a failed final state, or that could not be sent, are sent again: a batch is all or nothing, so none of them was paid. 409 `payout_nothing_to_retry` when there are none.',
          params: z.object({ id: runId }),
          body: z.strictObject({}).optional(),
          response: { 200: runSchema },
        },
      },
      async (req) => {
        const a = requestActor(req);
        return runs.retry(req.params.id, { apiKeyId: a.keyId, principalId: a.principalId });
      },
    );
    r.get(
      '/v1/payees/:id/statements',
      {
        config: { scope: 'payouts:read' },
        schema: {
          tags,
          summary: 'A payee’s statement over a period: earned, paid (with each transaction), carried',
          description: 'JSON, or CSV with `Accept: text/csv` or `?format=csv` (one row per line).',
          params: z.object({
            id: payeeIdSchema,
          }),
          querystring: z.object({ from: isoDate, to: isoDate, format: z.enum(['json', 'csv']).optional() }),
          response: { 200: statementSchema },
        },
      },
      async (req, reply) => {
        const s = await payeeStatement(db, req.params.id, new Date(req.query.from), new Date(req.query.to));
        const csv =
          req.query.format === 'csv' || (req.query.format !== 'json' && /text\/csv/.test(req.headers.accept ?? ''));
        if (csv)
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="statement-${req.params.id}.csv"`)
            .serializer((x: unknown) => String(x))
            .send(statementCsv(s) as unknown as typeof s);
        return s;
      },
    );
  };
}
