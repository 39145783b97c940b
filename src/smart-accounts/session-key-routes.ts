import { idPattern } from '../lib/ids.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestActor } from '../auth/actor.ts';
import { addressSchema } from '../config/schema.ts';
import { decimalAmountSchema } from '../lib/money.ts';
import { pageQuery } from '../lib/pagination.ts';
import { smartAccountIdSchema } from './account-resource.ts';
import { sessionKeyIdSchema, sessionKeyListSchema, sessionKeySchema } from './session-key-resource.ts';
import type { SessionKeyActor, SessionKeys } from './session-key-service.ts';

const tags = ['smart-accounts'];
const problem = z.object({ code: z.string(), detail: z.string() }).loose().describe('RFC 9457 problem+json');
const accountParams = z.object({ id: smartAccountIdSchema });
const keyParams = z.object({ id: smartAccountIdSchema, keyId: sessionKeyIdSchema });

/** The grant request (API units; checked further by session-key-logic.ts `planGrant`). */
export const grantBodySchema = z.strictObject({
  keyAddress: addressSchema.describe(
    'The session key’s address. Its private key stays with your app or the user’s device',
  ),
  label: z.string().min(1).max(100).optional(),
  validFrom: z.iso.datetime({ offset: true }).optional().describe('Valid from this time on (default: at once)'),
  validUntil: z.iso
    .datetime({ offset: true })
    .describe(
      'The last time the key’s operations are valid; at most `smartAccounts.sessionKeyMaxDays` (30) days ahead',
    ),
  targets: z
    .array(
      z.strictObject({
        contract: addressSchema,
        functions: z
          .array(z.string().min(3).max(200))
          .max(20)
          .describe('Function signatures the key may call, e.g. "transfer(address,uint256)"'),
      }),
    )
    .max(20)
    .optional()
    .describe('Contracts and functions the key may call (never the account itself or the EntryPoint)'),
  token: z
    .strictObject({
      asset: z.string().min(1).max(64).describe('A configured ERC-20 on the account’s chain: symbol or address'),
      recipients: z.array(addressSchema).max(50).describe('Who the key may transfer it to (at least one)'),
      perOperation: decimalAmountSchema.describe('Cap on one operation’s summed transfers'),
      total: decimalAmountSchema.describe('Cap on all the key’s transfers under this grant'),
    })
    .optional(),
  valuePerCall: decimalAmountSchema.optional().describe('Native coin one call to a target may carry (default 0: none)'),
  sponsorshipPolicyId: z
    .string()
    .regex(idPattern('spp'), 'a sponsorship policy id (spp_…)')
    .optional()
    .describe('The sponsorship policy that pays the grant operation’s gas; without it the account pays'),
  metadata: z.record(z.string().max(40), z.string().max(500)).optional(),
});

/** The revocation request: who pays its owner operation's gas. */
export const revokeBodySchema = z
  .strictObject({
    sponsorshipPolicyId: z
      .string()
      .regex(idPattern('spp'), 'a sponsorship policy id (spp_…)')
      .optional()
      .describe('The sponsorship policy that pays the revocation’s gas; without it the account pays'),
  })
  // A revocation without a body (the account pays) arrives as null.
  .nullish();

/**
 * Session keys of a smart account (docs/account-abstraction.md#session-keys): grant and revoke
 * (`smart_accounts:write`) by owner user operations, read with their status and remaining
 * allowance from the chain (`smart_accounts:read`). Only the account's creating principal (or an
 * admin) sees its keys; another principal's account answers 404 like an unknown one.
 */
export function sessionKeyRoutes(deps: { keys: SessionKeys }) {
  const { keys } = deps;
  return (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const who = (req: {
      apiKey?: { id: string; principalId: string; scopes: readonly string[] } | undefined;
    }): SessionKeyActor => ({ ...requestActor(req), scopes: req.apiKey!.scopes });

    app.post(
      '/v1/smart-accounts/:id/session-keys',
      {
        config: { scope: 'smart_accounts:write', outcome: 'session_key.grant' },
        schema: {
          tags,
          summary: 'Grant a session key a narrow scope on the account (an owner user operation)',
          description:
            'Checks the scope, records the key `pending` and creates the owner-signed user operation that calls `grantSession` on the account (`grantOperationId`); the key becomes `active` when that operation is confirmed (event `session_key.granted`). Granting a key address that already holds a grant on this account replaces that grant once confirmed (the contract keeps one grant per key; the earlier key shows `revoked` with `replacedBy`, and its spent total starts again at 0). Keel never receives the key’s private key.',
          params: accountParams,
          body: grantBodySchema,
          response: { 201: sessionKeySchema, 404: problem, 422: problem },
        },
      },
      async (req, reply) => reply.code(201).send(await keys.grant(req.params.id, req.body, who(req))),
    );
    app.get(
      '/v1/smart-accounts/:id/session-keys',
      {
        config: { scope: 'smart_accounts:read' },
        schema: {
          tags,
          summary: 'The account’s session keys, newest first, with status and remaining allowance read from the chain',
          params: accountParams,
          querystring: z.object(pageQuery(sessionKeyIdSchema)),
          response: { 200: sessionKeyListSchema, 404: problem },
        },
      },
      async (req) => ({
        object: 'list' as const,
        ...(await keys.list(req.params.id, who(req), {
          limit: req.query.limit,
          startingAfter: req.query.startingAfter,
        })),
      }),
    );
    app.get(
      '/v1/smart-accounts/:id/session-keys/:keyId',
      {
        config: { scope: 'smart_accounts:read' },
        schema: {
          tags,
          summary: 'One session key, with status and remaining allowance read from the chain',
          params: keyParams,
          response: { 200: sessionKeySchema, 404: problem },
        },
      },
      async (req) => keys.get(req.params.id, req.params.keyId, who(req)),
    );
    app.post(
      '/v1/smart-accounts/:id/session-keys/:keyId/revoke',
      {
        config: { scope: 'smart_accounts:write', outcome: 'session_key.revoke' },
        schema: {
          tags,
          summary: 'Revoke a session key (an owner user operation)',
          description:
            'Creates the owner-signed user operation that calls `revokeSession`; the key is `revoking` until it is confirmed, then `revoked` (event `session_key.revoked`). Only an `active` key can be revoked: any other answers 409 `session_key_state`.',
          params: keyParams,
          body: revokeBodySchema,
          response: { 200: sessionKeySchema, 404: problem, 409: problem },
        },
      },
      async (req) => keys.revoke(req.params.id, req.params.keyId, who(req), req.body?.sponsorshipPolicyId),
    );
  };
}
