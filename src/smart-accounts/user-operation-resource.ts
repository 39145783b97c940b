import type { Selectable } from 'kysely';
import { z } from 'zod';
import { dbJson } from '../db/json.ts';
import { idPattern } from '../lib/ids.ts';
import { exposureSchema } from '../pipeline/resource.ts';
import { USER_OP_STATUSES } from './user-operation-states.ts';
import type { UserOperationHistoryTable, UserOperationsTable } from './user-operation-tables.ts';

/**
 * The user-operation resource of the API, webhooks (`user_operation.*`) and the dashboard
 * (docs/account-abstraction.md#user-operations). Money as decimal strings with base units.
 */

export const userOperationIdSchema = z.string().regex(idPattern('uop'), 'a user operation id (uop_…)');

const assetSchema = z.object({ symbol: z.string(), address: z.string().nullable(), decimals: z.number().int() });
const reasonSchema = z.object({
  code: z.string(),
  rule: z.string().optional(),
  message: z.string(),
  userMessage: z.string(),
});

/** One call of the batch as stored (`calls` column) and shown. */
export const userOperationCallSchema = z.object({
  kind: z.enum(['transfer', 'contract_call']),
  to: z
    .string()
    .describe(
      'The call’s target: the token of an ERC-20 transfer, the recipient of a native one, the contract of a call',
    ),
  recipient: z.string().nullable().describe('Who receives a transfer'),
  value: z.string().describe('Native coin sent with the call, in wei'),
  data: z.string(),
  asset: assetSchema.nullable(),
  amount: z.object({ amount: z.string(), baseUnits: z.string() }).nullable(),
  call: z.object({ function: z.string(), args: z.array(z.unknown()), selector: z.string() }).nullable(),
});
export type UserOperationCall = z.infer<typeof userOperationCallSchema>;

export const userOperationSchema = z
  .object({
    id: z.string().describe('uop_…'),
    object: z.literal('user_operation'),
    chainId: z.number().int(),
    smartAccountId: z.string().describe('sa_…: the account that makes the calls'),
    sender: z.string().describe('The account’s address'),
    entryPoint: z.string(),
    userId: z.string(),
    sessionId: z.string().nullable(),
    signing: z
      .enum(['custodial', 'external', 'session'])
      .describe(
        '`custodial`: Keel’s signer owns the account and signs; `external`: the owner signs `userOpHash` (POST …/signature); `session`: a session key signs',
      ),
    sessionKeyId: z.string().nullable(),
    calls: z.array(userOperationCallSchema),
    sponsorship: z
      .object({ policyId: z.string(), decisionId: z.string().nullable() })
      .nullable()
      .describe('Who pays gas: a sponsorship policy through Keel’s paymaster; null when the account pays'),
    status: z.enum(USER_OP_STATUSES),
    statusReason: z.string().nullable(),
    decision: z.object({
      outcome: z.enum(['allow', 'deny', 'review']),
      reasons: z.array(reasonSchema),
      policyVersion: z.number().int(),
      allowedBy: z.array(z.string()),
      deniedBy: z.array(z.string()).optional(),
    }),
    amountUsd: z.string().nullable().describe('What the policy valued the whole batch at, in USD'),
    exposure: exposureSchema.nullable(),
    simulation: z
      .object({
        ok: z.boolean(),
        method: z.string(),
        gasUsed: z.string(),
        balanceChanges: z.array(z.object({ address: z.string(), asset: z.string(), delta: z.string() })),
        at: z.string(),
      })
      .nullable(),
    preview: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('Plain-language preview of every call (docs/previews.md)'),
    review: z
      .object({
        expiresAt: z.string(),
        decision: z.enum(['approved', 'rejected']).nullable(),
        decidedBy: z.string().nullable(),
        decidedByPrincipal: z.string().nullable().optional(),
        note: z.string().nullable(),
        decidedAt: z.string().nullable(),
      })
      .nullable(),
    userOpHash: z
      .string()
      .nullable()
      .describe('The EntryPoint’s hash of the built operation: what the owner or the session key signs'),
    userOperation: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('The EntryPoint v0.8 operation as built (numbers as decimal strings)'),
    signatureDeadline: z
      .string()
      .nullable()
      .describe('An external signature must arrive before this (the sponsorship’s validity)'),
    submissions: z.number().int().describe('How many times it was sent to the bundler'),
    inclusion: z
      .object({
        txHash: z.string(),
        blockNumber: z.string(),
        blockHash: z.string(),
        success: z.boolean().describe('The EntryPoint’s verdict: false when the calls reverted (gas was still paid)'),
        actualGasCost: z.string().nullable().describe('wei'),
        actualGasUsed: z.string().nullable(),
      })
      .nullable(),
    revert: z.object({ description: z.string(), data: z.string().nullable() }).nullable(),
    reorgs: z.number().int(),
    metadata: z.record(z.string(), z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
    history: z
      .array(
        z.object({
          status: z.enum(USER_OP_STATUSES),
          reason: z.string().nullable(),
          detail: z.unknown(),
          at: z.string(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'UserOperation' });
export type UserOperationResource = z.infer<typeof userOperationSchema>;

export const userOperationListSchema = z.object({
  object: z.literal('list'),
  data: z.array(userOperationSchema),
  hasMore: z.boolean(),
});

export type UserOperationRow = Selectable<UserOperationsTable>;
export type UserOperationHistoryRow = Selectable<UserOperationHistoryTable>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The resource of a stored row (with its history when given). */
export function userOperationResource(
  r: UserOperationRow,
  history?: readonly UserOperationHistoryRow[],
): UserOperationResource {
  const decision = dbJson<UserOperationResource['decision']>(r.decision);
  const exposure = r.exposure === null ? null : dbJson<UserOperationResource['exposure']>(r.exposure);
  return {
    id: r.id,
    object: 'user_operation',
    chainId: r.chain_id,
    smartAccountId: r.account_id,
    sender: r.sender,
    entryPoint: r.entry_point,
    userId: r.user_id,
    sessionId: r.session_id,
    signing: r.signing,
    sessionKeyId: r.session_key_id,
    calls: dbJson<UserOperationCall[]>(r.calls),
    sponsorship: r.sponsorship_policy_id
      ? { policyId: r.sponsorship_policy_id, decisionId: r.sponsorship_decision_id }
      : null,
    status: r.status,
    statusReason: r.status_reason,
    decision,
    amountUsd: exposure?.usd ?? null,
    exposure,
    simulation: r.simulation === null ? null : dbJson<UserOperationResource['simulation']>(r.simulation),
    preview: r.preview === null ? null : dbJson<Record<string, unknown>>(r.preview),
    review: r.review === null ? null : dbJson<UserOperationResource['review']>(r.review),
    userOpHash: r.user_op_hash,
    userOperation: r.user_op === null ? null : dbJson<Record<string, unknown>>(r.user_op),
    signatureDeadline: iso(r.signature_deadline),
    submissions: r.submissions,
    inclusion:
      r.tx_hash && r.block_number !== null && r.block_hash
        ? {
            txHash: r.tx_hash,
            blockNumber: String(r.block_number),
            blockHash: r.block_hash,
            success: r.success ?? false,
            actualGasCost: r.actual_gas_cost === null ? null : String(r.actual_gas_cost),
            actualGasUsed: r.actual_gas_used === null ? null : String(r.actual_gas_used),
          }
        : null,
    revert: r.revert === null ? null : dbJson<UserOperationResource['revert']>(r.revert),
    reorgs: r.reorgs,
    metadata: dbJson<Record<string, string>>(r.metadata),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    finishedAt: iso(r.finished_at),
    ...(history
      ? {
          history: history.map((h) => ({
            status: h.status,
            reason: h.reason,
            detail: h.detail === null ? null : dbJson<unknown>(h.detail),
            at: iso(h.at)!,
          })),
        }
      : {}),
  };
}
