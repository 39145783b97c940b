import { formatUnits } from 'viem';
import { z } from 'zod';
import { dbJson } from '../db/json.ts';
import type { LineRow, PlanRow, RunRow } from './run-store.ts';
import { LINE_STATUSES, RUN_STATUSES } from './run-tables.ts';
import type { RunPreview } from './run-logic.ts';

/** The API shapes of payout plans and runs (docs/payouts.md). */

const amountSchema = z.object({ amount: z.string(), baseUnits: z.string() });
const assetSchema = z.object({ symbol: z.string(), address: z.string(), decimals: z.number().int() });
const amt = (base: string | bigint, decimals: number) => ({
  amount: formatUnits(BigInt(base), decimals),
  baseUnits: BigInt(base).toString(),
});

export interface StoredRecipient {
  payeeId: string;
  shareBps: number;
  minimum: string;
  cap: string | null;
}
export type StoredSource =
  | { kind: 'fixed'; amount: string }
  | { kind: 'payment_intents'; metadata: Record<string, string> };

export const planSchema = z
  .object({
    object: z.literal('payout_plan'),
    id: z.string(),
    name: z.string(),
    chainId: z.number().int(),
    asset: assetSchema,
    recipients: z.array(
      z.object({
        payeeId: z.string(),
        shareBps: z.number().int(),
        minimum: amountSchema.nullable(),
        cap: amountSchema.nullable(),
      }),
    ),
    source: z.union([
      z.object({ kind: z.literal('fixed'), amount: amountSchema }),
      z.object({ kind: z.literal('payment_intents'), metadata: z.record(z.string(), z.string()) }),
    ]),
    carried: z.array(z.object({ payeeId: z.string(), amount: amountSchema })),
    createdBy: z.object({ apiKeyId: z.string(), principalId: z.string().nullable() }),
    createdAt: z.string(),
  })
  .meta({ id: 'PayoutPlan' });
export type PlanResource = z.infer<typeof planSchema>;

export function planResource(row: PlanRow, carried: Map<string, bigint>): PlanResource {
  const d = row.asset_decimals;
  const recipients = dbJson<StoredRecipient[]>(row.recipients);
  const source = dbJson<StoredSource>(row.source);
  return {
    object: 'payout_plan',
    id: row.id,
    name: row.name,
    chainId: row.chain_id,
    asset: { symbol: row.asset_symbol, address: row.asset_address, decimals: d },
    recipients: recipients.map((r) => ({
      payeeId: r.payeeId,
      shareBps: r.shareBps,
      minimum: r.minimum === '0' ? null : amt(r.minimum, d),
      cap: r.cap === null ? null : amt(r.cap, d),
    })),
    source:
      source.kind === 'fixed'
        ? { kind: 'fixed', amount: amt(source.amount, d) }
        : { kind: 'payment_intents', metadata: source.metadata },
    carried: [...carried].map(([payeeId, a]) => ({ payeeId, amount: amt(a, d) })),
    createdBy: { apiKeyId: row.created_by, principalId: row.created_by_principal },
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const lineSchema = z.object({
  id: z.string(),
  payeeId: z.string(),
  status: z.enum(LINE_STATUSES),
  reason: z.string().nullable(),
  earned: amountSchema,
  carriedIn: amountSchema,
  amount: amountSchema,
  carriedOut: amountSchema,
  source: z.string().nullable(),
  address: z.string().nullable(),
  txId: z.string().nullable(),
  txHash: z.string().nullable(),
  attempts: z.number().int(),
});

export const runSchema = z
  .object({
    object: z.literal('payout_run'),
    id: z.string(),
    planId: z.string().nullable(),
    key: z.string().nullable(),
    status: z.enum(RUN_STATUSES),
    chainId: z.number().int(),
    asset: assetSchema,
    period: z.object({ from: z.string(), to: z.string() }).nullable(),
    revenue: amountSchema,
    carriedIn: amountSchema,
    total: amountSchema,
    carriedOut: amountSchema,
    preview: z.object({
      recipients: z.number().int(),
      transactions: z.number().int(),
      gas: z.string(),
      fee: z.object({ native: z.string(), nativeSymbol: z.string(), usd: z.string().nullable() }),
      feePercent: z.string().nullable(),
      totalUsd: z.string().nullable(),
      reviewRequired: z.boolean(),
      reviewReasons: z.array(z.string()),
    }),
    counts: z.object({ paid: z.number(), pending: z.number(), failed: z.number(), carried: z.number() }),
    lines: z.array(lineSchema),
    createdBy: z.object({ apiKeyId: z.string(), principalId: z.string().nullable() }),
    decision: z
      .object({ principalId: z.string().nullable(), note: z.string().nullable(), decidedAt: z.string() })
      .nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'PayoutRun' });
export type RunResource = z.infer<typeof runSchema>;

export function runResource(row: RunRow, lines: readonly LineRow[]): RunResource {
  const d = row.asset_decimals;
  const counts = { paid: 0, pending: 0, failed: 0, carried: 0 };
  for (const l of lines) counts[l.status] += 1;
  return {
    object: 'payout_run',
    id: row.id,
    planId: row.plan_id,
    key: row.line_key,
    status: row.status,
    chainId: row.chain_id,
    asset: { symbol: row.asset_symbol, address: row.asset_address, decimals: d },
    period:
      row.period_from && row.period_to
        ? { from: new Date(row.period_from).toISOString(), to: new Date(row.period_to).toISOString() }
        : null,
    revenue: amt(row.revenue, d),
    carriedIn: amt(row.carried_in, d),
    total: amt(row.total, d),
    carriedOut: amt(row.carried_out, d),
    preview: dbJson<RunPreview>(row.preview),
    counts,
    lines: lines.map((l) => ({
      id: l.id,
      payeeId: l.payee_id,
      status: l.status,
      reason: l.reason,
      earned: amt(l.earned, d),
      carriedIn: amt(l.carried_in, d),
      amount: amt(l.amount, d),
      carriedOut: amt(l.carried_out, d),
      source: l.source,
      address: l.address,
      txId: l.tx_id,
      txHash: l.tx_hash,
      attempts: l.attempts,
    })),
    createdBy: { apiKeyId: row.created_by, principalId: row.created_by_principal },
    decision: row.decided_at
      ? {
          principalId: row.decided_by_principal,
          note: row.decision_note,
          decidedAt: new Date(row.decided_at).toISOString(),
        }
      : null,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}
