import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Hex } from 'viem';
import { z } from 'zod';
import { requestActor } from '../auth/actor.ts';
import { idPattern } from '../lib/ids.ts';
import { pageQuery } from '../lib/pagination.ts';
import { createUserOperationSchema } from './user-operation-intake.ts';
import { userOperationIdSchema, userOperationListSchema, userOperationSchema } from './user-operation-resource.ts';
import type { UserOperationActor, UserOperations } from './user-operation-service.ts';
import { USER_OP_STATUSES } from './user-operation-states.ts';

const params = z.object({ id: userOperationIdSchema });
const problem = z.object({ code: z.string(), detail: z.string() }).loose().describe('RFC 9457 problem+json');
const tags = ['user operations'];

/**
 * User operations of smart accounts (docs/account-abstraction.md#user-operations): create, cancel
 * and sign with `smart_accounts:write`, read with `smart_accounts:read`, review with `review`.
 * Operations of another principal's accounts answer 404 (admins see and act on all).
 */
export function userOperationRoutes(deps: { userOperations: UserOperations }) {
  const s = deps.userOperations;
  return (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const who = (req: {
      apiKey?: { id: string; principalId: string; scopes: readonly string[] } | undefined;
    }): UserOperationActor => ({ ...requestActor(req), scopes: req.apiKey!.scopes });

    app.post(
      '/v1/user-operations',
      {
        config: { scope: 'smart_accounts:write', outcome: 'user_operation.create' },
        schema: {
          tags,
          summary: 'Make 1 to 16 calls from a smart account, through policy, simulation, preview and review',
          description:
            'Each call has the fields of `POST /v1/transactions` (a transfer or a contract call), sent by the account. 201 with status `queued` or `pending_review`; 403 `policy_denied` (recorded `rejected`; a session key’s scope refusal carries reason `session_scope_violation`), 422 `simulation_reverted` (recorded `failed`), 422 `validation_failed` with `body.calls[i].…` paths (nothing recorded).',
          body: createUserOperationSchema,
          response: { 201: userOperationSchema, 403: problem, 422: problem },
        },
      },
      async (req, reply) => reply.code(201).send(await s.create(req.body, who(req))),
    );
    app.get(
      '/v1/user-operations',
      {
        config: { scope: 'smart_accounts:read' },
        schema: {
          tags,
          summary: 'The caller’s principal’s user operations, newest first',
          querystring: z.object({
            ...pageQuery(userOperationIdSchema),
            smartAccountId: z.string().regex(idPattern('sa'), 'a smart account id (sa_…)').optional(),
            status: z.enum(USER_OP_STATUSES).optional(),
          }),
          response: { 200: userOperationListSchema },
        },
      },
      async (req) => s.list(who(req), req.query),
    );
    app.get(
      '/v1/user-operations/:id',
      {
        config: { scope: 'smart_accounts:read' },
        schema: {
          tags,
          summary: 'One user operation with its history',
          params,
          response: { 200: userOperationSchema, 404: problem },
        },
      },
      async (req) => s.get(req.params.id, who(req)),
    );
    app.post(
      '/v1/user-operations/:id/review',
      {
        config: { scope: 'review', outcome: 'user_operation.review' },
        schema: {
          tags,
          summary: 'Approve (queued for signing) or reject a user operation held for review',
          description:
            'Refused with 403 `self_review` for the principal that created it (any of its keys), 409 `review_expired` after the review expired, 409 `user_operation_state` when it is not waiting for review.',
          params,
          body: z.strictObject({
            decision: z.enum(['approve', 'reject']),
            note: z.string().min(1).max(2_000).optional(),
          }),
          response: { 200: userOperationSchema, 403: problem, 404: problem, 409: problem },
        },
      },
      async (req) => s.review(req.params.id, requestActor(req), req.body.decision, req.body.note ?? null),
    );
    app.post(
      '/v1/user-operations/:id/cancel',
      {
        config: { scope: 'smart_accounts:write', outcome: 'user_operation.cancel' },
        schema: {
          tags,
          summary: 'Cancel a user operation not yet signed and sent',
          description:
            'From `pending_review`, `queued` or `awaiting_signature`: `cancelled`, its policy window usage and sponsorship reservation given back. Otherwise 409 `user_operation_state`.',
          params,
          body: z.strictObject({}).optional(),
          response: { 200: userOperationSchema, 404: problem, 409: problem },
        },
      },
      async (req) => s.cancel(req.params.id, who(req)),
    );
    app.post(
      '/v1/user-operations/:id/signature',
      {
        config: { scope: 'smart_accounts:write', outcome: 'user_operation.signature' },
        schema: {
          tags,
          summary: 'The external owner’s (or session key’s) signature of `userOpHash`',
          description:
            'Only in `awaiting_signature`: a 65-byte ECDSA signature over `userOpHash` as a raw hash (no EIP-191 prefix) by the account’s owner (`signing: external`) or its session key (`signing: session`). → `signed`, sent by the worker. 409 `signature_window_passed` after `signatureDeadline`, 422 `invalid_signature` for another signer; nothing changes then.',
          params,
          body: z.strictObject({
            signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/, 'a 65-byte hex signature'),
          }),
          response: { 200: userOperationSchema, 404: problem, 409: problem, 422: problem },
        },
      },
      async (req) => s.submitSignature(req.params.id, who(req), req.body.signature as Hex),
    );
  };
}
