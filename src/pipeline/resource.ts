import { formatUnits } from 'viem';
import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { TransactionAttemptsTable, TransactionHistoryTable, TransactionsTable, TxStatus } from './tables.ts';
import { TX_STATUSES } from './states.ts';
import { dbJson } from '../db/json.ts';
import { intentKinds } from '../policy/document.ts';

/** The transaction resource of the API, webhooks and the dashboard. Money as decimal strings with base units. */

const assetSchema = z.object({ symbol: z.string(), address: z.string().nullable(), decimals: z.number().int() });
const moneySchema = z.object({ amount: z.string(), baseUnits: z.string() });
/** `exposure` as stored and shown (`exposureJson` builds it). */
export const exposureSchema = z
  .object({
    usd: z.string().nullable().describe('Everything exposed, in USD; null when an exposed asset has no usable price'),
    assets: z.array(z.object({ asset: assetSchema, known: z.boolean(), outflow: moneySchema, allowance: moneySchema })),
    allowances: z.array(
      z.object({
        asset: assetSchema,
        owner: z.string(),
        spender: z.string(),
        amount: moneySchema.nullable().describe('null: every token (setApprovalForAll)'),
        usd: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Exposure' });
export type ExposureJson = z.infer<typeof exposureSchema>;
const reasonSchema = z.object({
  code: z.string(),
  rule: z.string().optional(),
  message: z.string(),
  userMessage: z.string(),
});

export const transactionSchema = z
  .object({
    id: z.string().describe('tx_…'),
    object: z.literal('transaction'),
    chainId: z.number().int(),
    signer: z.object({ name: z.string(), address: z.string() }),
    kind: z.enum(['transfer', 'contract_call']),
    intentKind: z
      .enum(intentKinds)
      .describe(
        'What policy rules scope it by: `kind` for a request to this API, or the capability that made it (`swap`, `sweep`, `refund`)',
      ),
    to: z
      .string()
      .describe(
        'The transaction’s `to`: the recipient of a native transfer, the token of an ERC-20 transfer, the contract of a call',
      ),
    recipient: z.string().nullable().describe('Who receives a transfer'),
    asset: assetSchema.nullable(),
    amount: z.object({ amount: z.string(), baseUnits: z.string() }).nullable(),
    amountUsd: z
      .string()
      .nullable()
      .describe(
        'What the policy valued it at, in USD: the larger of the declared amount and what it can move out of Keel’s accounts',
      ),
    exposure: exposureSchema
      .nullable()
      .describe(
        'What its simulation showed it can take out of Keel’s accounts: gross outflows and allowances left granted (docs/policy.md, "Valuation")',
      ),
    value: z.string().describe('Native coin sent with the transaction, in wei'),
    data: z.string(),
    call: z.object({ function: z.string(), args: z.array(z.unknown()), selector: z.string() }).nullable(),
    userId: z.string(),
    sessionId: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    status: z.enum(TX_STATUSES),
    statusReason: z.string().nullable(),
    decision: z.object({
      outcome: z.enum(['allow', 'deny', 'review']),
      reasons: z.array(reasonSchema),
      policyVersion: z.number().int(),
      allowedBy: z.array(z.string()),
      deniedBy: z
        .array(z.string())
        .optional()
        .describe(
          'The intake guards that denied it (e.g. treasury.mandate), when a guard rather than the policy said no',
        ),
    }),
    simulation: z
      .object({
        ok: z.boolean(),
        method: z.string(),
        gasUsed: z.string(),
        balanceChanges: z.array(z.object({ address: z.string(), asset: z.string(), delta: z.string() })),
        at: z.string(),
      })
      .nullable(),
    preview: z.record(z.string(), z.unknown()).nullable().describe('Plain-language preview (docs/previews.md)'),
    revert: z
      .object({
        description: z.string(),
        decoded: z.unknown(),
        data: z.string().nullable(),
        source: z.enum(['simulation', 'receipt']),
      })
      .nullable(),
    review: z
      .object({
        expiresAt: z.string(),
        decision: z.enum(['approved', 'rejected']).nullable(),
        decidedBy: z.string().nullable().describe('The reviewer’s API key'),
        decidedByPrincipal: z.string().nullable().optional().describe('The reviewer’s principal (prn_…)'),
        note: z.string().nullable(),
        decidedAt: z.string().nullable(),
      })
      .nullable(),
    nonce: z.number().int().nullable(),
    gasLimit: z.string().nullable(),
    hash: z.string().nullable().describe('The attempt that counts: the latest sent, or the one mined'),
    attempts: z.array(
      z.object({
        seq: z.number().int(),
        kind: z.enum(['original', 'fee_bump', 'cancel']),
        hash: z.string(),
        nonce: z.number().int(),
        maxFeePerGas: z.string(),
        maxPriorityFeePerGas: z.string(),
        gasLimit: z.string(),
        createdAt: z.string(),
        broadcastAt: z.string().nullable(),
      }),
    ),
    inclusion: z
      .object({ blockNumber: z.string(), blockHash: z.string(), hash: z.string() })
      .nullable()
      .describe('The block holding it while confirmations accumulate'),
    receipt: z
      .object({
        blockNumber: z.string(),
        blockHash: z.string(),
        hash: z.string(),
        status: z.enum(['success', 'reverted']),
        gasUsed: z.string(),
        effectiveGasPrice: z.string(),
        confirmations: z.number().int(),
      })
      .nullable(),
    cancelRequestedAt: z.string().nullable(),
    reorgedAfterFinal: z
      .boolean()
      .describe(
        'It was final (confirmed, reverted or cancelled) and the chain later lost its block (a rollback, or a reorganisation deeper than the confirmations): Keel re-submitted it; see docs/transactions.md',
      ),
    batch: z
      .object({ id: z.string(), index: z.number().int() })
      .nullable()
      .describe(
        'The ordered batch it belongs to (e.g. an approval and the swap that spends it): decided, reviewed and signed together, mined in order',
      ),
    history: z.array(
      z.object({
        status: z.enum(TX_STATUSES),
        reason: z.string(),
        detail: z.record(z.string(), z.unknown()).nullable(),
        at: z.string(),
      }),
    ),
    createdBy: z.string().describe('The API key that created it'),
    createdByPrincipal: z
      .string()
      .nullable()
      .describe('The principal of that key (prn_…); it cannot review this transaction. Null for Keel’s own (sweeps)'),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'TransactionResource' });

export type TransactionResource = z.infer<typeof transactionSchema>;

type AttemptPick = Pick<
  Selectable<TransactionAttemptsTable>,
  | 'seq'
  | 'kind'
  | 'tx_hash'
  | 'nonce'
  | 'max_fee_per_gas'
  | 'max_priority_fee_per_gas'
  | 'gas_limit'
  | 'created_at'
  | 'broadcast_at'
>;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Builds the resource from the stored row, its history and its attempts. */
export function toResource(
  row: Selectable<TransactionsTable>,
  history: Selectable<TransactionHistoryTable>[],
  attempts: AttemptPick[],
): TransactionResource {
  const asset = dbJson<{ symbol: string; address: string | null; decimals: number } | null>(row.asset);
  const amount = BigInt(row.amount);
  return {
    id: row.id,
    object: 'transaction',
    chainId: Number(row.chain_id),
    signer: { name: row.signer, address: row.from_address },
    kind: row.kind,
    intentKind: row.intent_kind,
    to: row.to_address,
    recipient: row.recipient,
    asset,
    amount: asset ? { amount: formatUnits(amount, asset.decimals), baseUnits: amount.toString() } : null,
    amountUsd: row.amount_usd8 !== null ? formatUnits(BigInt(row.amount_usd8), 8) : null,
    exposure: dbJson<ExposureJson | null>(row.exposure),
    value: row.value,
    data: row.data,
    call: dbJson(row.call),
    userId: row.user_id,
    sessionId: row.session_id,
    metadata: dbJson(row.metadata) ?? {},
    status: row.status,
    statusReason: row.status_reason,
    decision: dbJson(row.decision),
    simulation: dbJson(row.simulation),
    preview: dbJson(row.preview) ?? null,
    revert: dbJson(row.revert),
    review: dbJson(row.review),
    nonce: row.nonce === null ? null : Number(row.nonce),
    gasLimit: row.gas_limit,
    hash: row.tx_hash,
    attempts: attempts.map((a) => ({
      seq: a.seq,
      kind: a.kind,
      hash: a.tx_hash,
      nonce: Number(a.nonce),
      maxFeePerGas: a.max_fee_per_gas,
      maxPriorityFeePerGas: a.max_priority_fee_per_gas,
      gasLimit: a.gas_limit,
      createdAt: iso(a.created_at)!,
      broadcastAt: iso(a.broadcast_at),
    })),
    inclusion: dbJson(row.inclusion),
    receipt: dbJson(row.receipt),
    cancelRequestedAt: iso(row.cancel_requested_at),
    reorgedAfterFinal: Boolean(row.reorged_after_final),
    batch: row.batch_id ? { id: row.batch_id, index: row.batch_index ?? 0 } : null,
    history: history.map((h) => ({
      status: h.status as TxStatus,
      reason: h.reason,
      detail: dbJson(h.detail) ?? null,
      at: iso(h.at)!,
    })),
    createdBy: row.api_key_id,
    createdByPrincipal: row.created_by_principal ?? null,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    submittedAt: iso(row.submitted_at),
    finishedAt: iso(row.finished_at),
  };
}
