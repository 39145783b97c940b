import { getAddress, type Address, type Hex, zeroAddress } from 'viem';
import { z } from 'zod';
import { dbJson } from '../db/json.ts';
import { idPattern } from '../lib/ids.ts';
import { amountOf } from '../lib/prices.ts';
import { type ChainSession, remainingAllowance, SESSION_KEY_STATUSES, keyStatus } from './session-key-logic.ts';
import type { SessionKeyRow } from './session-key-store.ts';
import type { GrantTarget } from './session-key-logic.ts';
import type { SessionScope } from './session-scope-logic.ts';

/** Session keys' API shapes (zod, for the OpenAPI document) and the mapping from rows and chain reads. */

export const sessionKeyIdSchema = z.string().regex(idPattern('sk'), 'a session key id (sk_…)');

const amountSchema = z.object({ amount: z.string(), baseUnits: z.string() });
const assetSchema = z.object({ symbol: z.string(), address: z.string(), decimals: z.number().int() });

export const sessionKeySchema = z
  .object({
    object: z.literal('session_key'),
    id: z.string().describe('sk_…'),
    smartAccountId: z.string(),
    chainId: z.number().int(),
    keyAddress: z
      .string()
      .describe('The session key’s address; its private key stays with your app or the user’s device'),
    label: z.string().nullable(),
    status: z
      .enum(SESSION_KEY_STATUSES)
      .describe(
        '`pending`: the grant operation is not confirmed yet (or the window has not opened: `statusReason` `not_yet_valid`); `active`: the chain holds this grant and its window covers now; `revoking`: the revoke operation is under way; `revoked`: revoked, or replaced by a later grant of the same key (`replacedBy`), or no longer on chain; `expired`: validUntil passed; `failed`: the grant operation failed',
      ),
    statusReason: z.string().nullable(),
    scope: z.object({
      validFrom: z
        .string()
        .nullable()
        .describe('The key signs operations valid from this time on (null: from the grant)'),
      validUntil: z.string().describe('The last time an operation of the key is valid'),
      targets: z.array(
        z.object({
          contract: z.string(),
          functions: z.array(z.object({ signature: z.string(), selector: z.string() })),
        }),
      ),
      token: z
        .object({
          asset: assetSchema,
          recipients: z.array(z.string()),
          perOperation: amountSchema.describe('Cap on one operation’s summed transfers'),
          total: amountSchema.describe('Cap on all the key’s transfers under this grant'),
        })
        .nullable(),
      valuePerCall: amountSchema.describe('Native coin one call may carry (0: none)'),
    }),
    allowance: z
      .object({
        spent: amountSchema,
        remaining: amountSchema,
        at: z.string().describe('The chain time of the read'),
      })
      .nullable()
      .describe(
        'What the key spent of its token total and what remains, read from the chain (null: no token, not live, or the chain could not be read)',
      ),
    grantOperationId: z.string().nullable().describe('uop_…: the owner operation that grants the key'),
    revokeOperationId: z.string().nullable(),
    replacedBy: z
      .string()
      .nullable()
      .describe('sk_…: a later grant of the same key address on this account, which replaced this one'),
    grantedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SessionKey' });
export type SessionKeyResource = z.infer<typeof sessionKeySchema>;

export const sessionKeyListSchema = z.object({
  object: z.literal('list'),
  data: z.array(sessionKeySchema),
  hasMore: z.boolean(),
});

/** The stored targets of a key (the column's JSON). */
export function storedTargets(row: SessionKeyRow): GrantTarget[] {
  return dbJson<GrantTarget[]>(row.targets);
}

/** The scope a row recorded, exactly as `grantSession` received it. */
export function rowScope(row: SessionKeyRow): SessionScope {
  const targets = storedTargets(row);
  return {
    validAfter: Number(row.valid_after),
    validUntil: Number(row.valid_until),
    token: (row.token ?? zeroAddress) as Address,
    perOpCap: BigInt(row.per_op_cap),
    totalCap: BigInt(row.total_cap),
    valuePerCall: BigInt(row.value_per_call),
    targets: targets.flatMap((t) => t.functions.map(() => getAddress(t.contract))),
    selectors: targets.flatMap((t) => t.functions.map((f) => f.selector as Hex)),
    recipients: dbJson<string[]>(row.recipients).map((r) => getAddress(r)),
  };
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * The resource of a row, its status corrected by `chain` (undefined: not read, or unreadable).
 * The allowance is shown only when the chain holds this grant.
 */
export function sessionKeyResource(
  row: SessionKeyRow,
  chain: ChainSession | undefined,
  now: Date,
  nativeDecimals: number,
): SessionKeyResource {
  const scope = rowScope(row);
  const { status, reason } = keyStatus(row.status, scope, chain, now);
  const decimals = row.token_decimals ?? 0;
  const live =
    chain && (status === 'active' || status === 'revoking' || (status === 'pending' && reason === 'not_yet_valid'));
  return {
    object: 'session_key',
    id: row.id,
    smartAccountId: row.account_id,
    chainId: row.chain_id,
    keyAddress: row.key_address,
    label: row.label,
    status,
    statusReason: reason ?? row.status_reason,
    scope: {
      validFrom: scope.validAfter === 0 ? null : new Date((scope.validAfter + 1) * 1000).toISOString(),
      validUntil: new Date(scope.validUntil * 1000).toISOString(),
      targets: storedTargets(row).map((t) => ({ contract: t.contract, functions: t.functions })),
      token: row.token
        ? {
            asset: { symbol: row.token_symbol ?? '', address: row.token, decimals },
            recipients: scope.recipients,
            perOperation: amountOf(scope.perOpCap, decimals),
            total: amountOf(scope.totalCap, decimals),
          }
        : null,
      valuePerCall: amountOf(scope.valuePerCall, nativeDecimals),
    },
    allowance:
      row.token && live
        ? {
            spent: amountOf(chain.spent, decimals),
            remaining: amountOf(remainingAllowance(scope.totalCap, chain.spent), decimals),
            at: new Date(chain.blockTime * 1000).toISOString(),
          }
        : null,
    grantOperationId: row.grant_operation_id,
    revokeOperationId: row.revoke_operation_id,
    replacedBy: row.replaced_by,
    grantedAt: iso(row.granted_at),
    revokedAt: iso(row.revoked_at),
    metadata: dbJson<Record<string, string>>(row.metadata),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}
