import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestActor } from '../auth/actor.ts';
import { addressSchema } from '../config/schema.ts';
import { pageQuery } from '../lib/pagination.ts';
import { endUserIdSchema, normalizeEndUserId } from '../lib/user-id.ts';
import { smartAccountIdSchema, smartAccountListSchema, smartAccountSchema } from './account-resource.ts';
import type { SmartAccounts } from './accounts.ts';

const tags = ['smart-accounts'];

/**
 * Smart accounts' HTTP surface (docs/account-abstraction.md): one ERC-4337 account per end user
 * and chain (`smart_accounts:write` to create, `smart_accounts:read` to read).
 */
export function smartAccountRoutes(deps: { accounts: SmartAccounts }) {
  const { accounts } = deps;
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/smart-accounts',
      {
        config: { scope: 'smart_accounts:write', outcome: 'smart_account.create' },
        schema: {
          tags,
          summary: 'The end user’s smart account on a chain (created once; the same account afterwards)',
          description:
            'Computes the account’s counterfactual address (the factory’s CREATE2 address for the owner and a salt derived from `userId`) and records it; nothing is sent on chain, the first user operation deploys it. 201 when created; 200 with the same account when the user has it already with the same owner; 409 `smart_account_exists` when the user has one with another owner. `owner.kind`: `custodial` (Keel’s `smart_account_owner` signer signs its operations) or `external` (your app or the user’s device holds the key and signs the operation hash Keel returns).',
          body: z.strictObject({
            chainId: z.number().int().positive().describe('A configured chain'),
            userId: endUserIdSchema().describe('Your id of the end user'),
            owner: z
              .discriminatedUnion('kind', [
                z.strictObject({ kind: z.literal('custodial') }),
                z.strictObject({
                  kind: z.literal('external'),
                  address: addressSchema.describe('The owner key’s address (checksummed, or all one case)'),
                }),
              ])
              .default({ kind: 'custodial' }),
          }),
          response: { 200: smartAccountSchema, 201: smartAccountSchema },
        },
      },
      async (req, reply) => {
        const { status, account } = await accounts.create(
          { ...req.body, userId: normalizeEndUserId(req.body.userId) },
          requestActor(req),
        );
        return reply.code(status).send(account);
      },
    );
    r.get(
      '/v1/smart-accounts',
      {
        config: { scope: 'smart_accounts:read' },
        schema: {
          tags,
          summary: 'Smart accounts, newest first',
          querystring: z.object({
            ...pageQuery(smartAccountIdSchema, { cursor: 'id (sa_…)' }),
            userId: endUserIdSchema().optional(),
            chainId: z.coerce.number().int().positive().optional(),
          }),
          response: { 200: smartAccountListSchema },
        },
      },
      async (req) => ({
        object: 'list' as const,
        ...(await accounts.list({
          limit: req.query.limit,
          startingAfter: req.query.startingAfter,
          userId: req.query.userId === undefined ? undefined : normalizeEndUserId(req.query.userId),
          chainId: req.query.chainId,
        })),
      }),
    );
    r.get(
      '/v1/smart-accounts/:id',
      {
        config: { scope: 'smart_accounts:read' },
        schema: {
          tags,
          summary: 'One smart account (`deployed` read from its chain until it is)',
          params: z.object({ id: smartAccountIdSchema }),
          response: { 200: smartAccountSchema },
        },
      },
      async (req) => accounts.get(req.params.id),
    );
  };
}
