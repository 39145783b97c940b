import { z } from 'zod';
import { idPattern } from '../lib/ids.ts';
import type { SmartAccountRow } from './account-store.ts';

/** Smart accounts' API shapes (zod, for the OpenAPI document) and the mapping from rows. */

export const smartAccountIdSchema = z.string().regex(idPattern('sa'), 'a smart account id (sa_…)');

export const smartAccountSchema = z
  .object({
    object: z.literal('smart_account'),
    id: z.string(),
    chainId: z.number().int(),
    userId: z.string().describe('The end user the account belongs to (one account per user and chain)'),
    address: z.string().describe('The account address; known before deployment (counterfactual)'),
    owner: z.object({
      kind: z
        .enum(['custodial', 'external'])
        .describe('`custodial`: a Keel signer signs its operations; `external`: your app or the user’s device does'),
      address: z.string(),
      signer: z.string().nullable().describe('The Keel signer’s name when custodial'),
    }),
    deployed: z.boolean().describe('The account has code on its chain (its first user operation deployed it)'),
    deployedAt: z.string().nullable(),
    factory: z.string(),
    entryPoint: z.string(),
    salt: z.string().describe('The CREATE2 salt (uint256, decimal), derived from the user id'),
    createdAt: z.string(),
  })
  .meta({ id: 'SmartAccount' });
export type SmartAccountResource = z.infer<typeof smartAccountSchema>;

export const smartAccountListSchema = z.object({
  object: z.literal('list'),
  data: z.array(smartAccountSchema),
  hasMore: z.boolean(),
});

export function smartAccountResource(r: SmartAccountRow): SmartAccountResource {
  return {
    object: 'smart_account',
    id: r.id,
    chainId: r.chain_id,
    userId: r.user_id,
    address: r.address,
    owner: { kind: r.owner_kind, address: r.owner_address, signer: r.owner_signer },
    deployed: r.deployed_at !== null,
    deployedAt: r.deployed_at ? new Date(r.deployed_at).toISOString() : null,
    factory: r.factory,
    entryPoint: r.entry_point,
    salt: r.salt,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
