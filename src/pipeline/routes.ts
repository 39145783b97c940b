import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ValidationError } from '../lib/errors.ts';
import { endUserIdSchema } from '../lib/user-id.ts';
import { createTransactionSchema } from './intake.ts';
import { transactionSchema } from './resource.ts';
import type { Pipeline } from './service.ts';
import { TX_STATUSES } from './states.ts';
import { callerKeyId, requestActor } from '../auth/actor.ts';

const idParams = z.object({ id: z.string().regex(/^tx_[0-9a-z]+$/, 'a transaction id (tx_…)') });
const listSchema = z
  .object({ object: z.literal('list'), data: z.array(transactionSchema), hasMore: z.boolean() })
  .meta({ id: 'TransactionList' });
const tags = ['transactions'];

/**
 * The write path over HTTP: create (`transactions:write`), read and list
 * (`transactions:read`), cancel (`transactions:write`), and the review queue (`review`).
 * See docs/transactions.md.
 */
export function pipelineRoutes(pipeline: Pipeline) {
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/transactions',
      {
        config: { scope: 'transactions:write', outcome: 'transaction.create' },
        schema: {
          tags,
          summary: 'Send a transfer or an allowlisted contract call through the guarded write path',
          description:
            'Validates, applies the policy (with facts read from the chains), simulates and previews at once, then returns the transaction (`queued` or `pending_review`); signing, broadcast and tracking run as durable jobs. A policy denial answers 403 `policy_denied` and a predicted revert 422 `simulation_reverted`; both carry the decision and the recorded transaction.',
          body: createTransactionSchema,
          response: { 201: transactionSchema },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await pipeline.create(req.body, callerKeyId(req), req.apiKey?.principalId)),
    );
    r.get(
      '/v1/transactions',
      {
        config: { scope: 'transactions:read' },
        schema: {
          tags,
          summary: 'Transactions, newest first',
          querystring: z.object({
            status: z
              .string()
              .optional()
              .transform((s, ctx) => {
                if (s === undefined) return undefined;
                const list = s.split(',').filter(Boolean);
                const bad = list.filter((x) => !(TX_STATUSES as readonly string[]).includes(x));
                if (bad.length)
                  ctx.addIssue({
                    code: 'custom',
                    message: `unknown status ${bad.join(', ')}; one of ${TX_STATUSES.join(', ')}`,
                  });
                return list as (typeof TX_STATUSES)[number][];
              })
              .describe('One status or several, comma-separated'),
            userId: endUserIdSchema().optional().describe('Only transactions made for this end user'),
            user: endUserIdSchema()
              .optional()
              .meta({ deprecated: true, description: 'Deprecated alias of `userId` (removed in the next release)' }),
            chainId: z.coerce.number().int().positive().optional(),
            signer: z.string().min(1).max(64).optional(),
            reorgedAfterFinal: z
              .enum(['true', 'false'])
              .optional()
              .transform((v) => (v === undefined ? undefined : v === 'true'))
              .describe(
                'Only transactions that were (true) or were never (false) final before the chain lost their block',
              ),
            limit: z.coerce.number().int().min(1).max(100).default(20),
            startingAfter: idParams.shape.id.optional(),
          }),
          response: { 200: listSchema },
        },
      },
      async (req) => {
        const q = req.query;
        if (q.user !== undefined && q.userId !== undefined && q.user !== q.userId) {
          throw new ValidationError('pass userId or its deprecated alias user, not both', [
            { field: 'querystring.user', code: 'conflicting_filter', message: 'userId is given: drop user' },
          ]);
        }
        const page = await pipeline.store.list({
          limit: q.limit,
          ...(q.status ? { status: q.status } : {}),
          ...((q.userId ?? q.user) ? { userId: (q.userId ?? q.user)! } : {}),
          ...(q.chainId ? { chainId: q.chainId } : {}),
          ...(q.signer ? { signer: q.signer } : {}),
          ...(q.reorgedAfterFinal !== undefined ? { reorgedAfterFinal: q.reorgedAfterFinal } : {}),
          ...(q.startingAfter ? { startingAfter: q.startingAfter } : {}),
        });
        return { object: 'list' as const, ...page };
      },
    );
    r.get(
      '/v1/transactions/:id',
      {
        config: { scope: 'transactions:read' },
        schema: {
          tags,
          summary: 'One transaction with its state history',
          params: idParams,
          response: { 200: transactionSchema },
        },
      },
      async (req) => pipeline.store.get(req.params.id),
    );
    r.post(
      '/v1/transactions/:id/cancel',
      {
        config: { scope: 'transactions:write', outcome: 'transaction.cancel' },
        schema: {
          tags,
          summary: 'Cancel a transaction',
          description:
            'Before broadcast it becomes `cancelled` at once. After broadcast a 0-value self-transfer at the same nonce with a higher fee is sent (the answer shows `cancelRequestedAt`); the transaction becomes `cancelled` when that replacement is mined, or `confirmed` if the original was mined first. 409 once final.',
          params: idParams,
          body: z.strictObject({ reason: z.string().max(500).optional() }).default({}),
          response: { 200: transactionSchema },
        },
      },
      async (req) => pipeline.cancel(req.params.id, callerKeyId(req), req.body.reason ?? null),
    );
    r.get(
      '/v1/reviews',
      {
        config: { scope: 'review' },
        schema: {
          tags: ['reviews'],
          summary: 'Transactions waiting for human review, oldest first',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            startingAfter: idParams.shape.id.optional(),
          }),
          response: {
            200: z
              .object({ object: z.literal('list'), data: z.array(transactionSchema), hasMore: z.boolean() })
              .meta({ id: 'ReviewList' }),
          },
        },
      },
      async (req) => ({
        object: 'list' as const,
        ...(await pipeline.reviews(req.query.limit, req.query.startingAfter)),
      }),
    );
    for (const decision of ['approve', 'reject'] as const) {
      r.post(
        `/v1/reviews/:id/${decision}`,
        {
          config: { scope: 'review', outcome: `review.${decision}` },
          schema: {
            tags: ['reviews'],
            summary:
              decision === 'approve'
                ? 'Approve a transaction waiting for review (it is queued for signing)'
                : 'Reject a transaction waiting for review',
            description:
              'Refused with 403 `self_review` for the principal that created the transaction (with any of its keys), 409 `review_expired` after the review expired, 409 `transaction_state_conflict` when it is not waiting for review.',
            params: idParams,
            body:
              decision === 'approve'
                ? z.strictObject({ note: z.string().max(2_000).optional() }).default({})
                : z.strictObject({ note: z.string().min(1).max(2_000) }),
            response: { 200: transactionSchema },
          },
        },
        async (req) =>
          pipeline.decide(req.params.id, requestActor(req), decision, (req.body as { note?: string }).note ?? null),
      );
    }
  };
}
