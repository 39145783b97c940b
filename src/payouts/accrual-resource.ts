import { formatUnits } from 'viem';
import { z } from 'zod';
import { decimalAmountSchema } from '../lib/money.ts';
import { streamAccruedAt, streamStatus, toSeconds, type StreamTimes } from './accrual-logic.ts';
import type { BalanceRow, CreditRow, SettlementRow, StreamRow } from './accrual-store.ts';
import { payeeIdSchema } from './payee-resource.ts';

/** Accruals' API shapes (zod, for the OpenAPI document) and the mapping from rows. */

const chainIdSchema = z.number().int().positive();

/** `POST /v1/accruals`. */
export const creditBodySchema = z.strictObject({
  payeeId: payeeIdSchema,
  chainId: chainIdSchema,
  asset: z.string().min(1).max(64).describe('The asset’s configured symbol on the chain (`USDC`) or its address'),
  amount: decimalAmountSchema.describe('In the asset’s units, e.g. "0.25"'),
  reference: z
    .string()
    .min(1)
    .max(200)
    .describe('Your own id of the event credited (unique per credit): the same reference is credited once'),
});
export type CreditBody = z.output<typeof creditBodySchema>;

/** `POST /v1/accruals/streams`. */
export const streamBodySchema = z.strictObject({
  payeeId: payeeIdSchema,
  chainId: chainIdSchema,
  asset: z.string().min(1).max(64).describe('The asset’s configured symbol on the chain or its address'),
  ratePerSecond: z
    .string()
    .regex(/^\d{1,40}(\.\d{1,60})?$/, 'a non-negative decimal string such as "0.000001"')
    .describe('Asset units accrued per second (at most the asset’s decimals + 18 fractional digits)'),
  startAt: z.iso.datetime({ offset: true }).describe('When it starts accruing (whole seconds; a fraction is dropped)'),
  endAt: z.iso.datetime({ offset: true }).optional().describe('When it stops accruing by itself'),
});
export type StreamBody = z.output<typeof streamBodySchema>;

export const listQuerySchema = z.strictObject({
  payeeId: payeeIdSchema.optional(),
  chainId: z.coerce.number().int().positive().optional(),
  asset: z.string().min(1).max(64).optional().describe('Symbol or address (with chainId)'),
});

const amountSchema = z.object({ amount: z.string(), baseUnits: z.string() });
const assetSchema = z.object({ symbol: z.string(), address: z.string(), decimals: z.number().int() });

export const balanceSchema = z.object({
  object: z.literal('accrual_balance'),
  payeeId: z.string(),
  chainId: z.number().int(),
  asset: assetSchema,
  credited: amountSchema.describe('Everything ever credited (credits and streams): accrued + reserved + paid'),
  accrued: amountSchema.describe('Waiting to be paid'),
  reserved: amountSchema.describe('Handed to a payout run whose line is not final yet'),
  paid: amountSchema,
  firstUnpaidAt: z.string().nullable().describe('The oldest credit still accrued (the maximum interval runs from it)'),
  updatedAt: z.string(),
});
export type BalanceResource = z.output<typeof balanceSchema>;

export const creditSchema = z.object({
  id: z.string().describe('acr_…'),
  object: z.literal('accrual_credit'),
  reference: z.string(),
  payeeId: z.string(),
  chainId: z.number().int(),
  amount: amountSchema,
  createdAt: z.string(),
  balance: balanceSchema,
});
export type CreditResource = z.output<typeof creditSchema>;

export const streamSchema = z.object({
  id: z.string().describe('str_…'),
  object: z.literal('accrual_stream'),
  payeeId: z.string(),
  chainId: z.number().int(),
  asset: assetSchema,
  ratePerSecond: z.string(),
  status: z.enum(['scheduled', 'active', 'ended', 'stopped']),
  startAt: z.string(),
  endAt: z.string().nullable(),
  stoppedAt: z.string().nullable(),
  accrued: amountSchema.describe('Accrued from the start to `asOf` (floor to a base unit), settled or not'),
  settled: amountSchema.describe('Moved into the payee’s balance at settlement instants so far'),
  settledUntil: z.string().describe('The last settlement instant'),
  asOf: z.string().describe('When `accrued` was computed (whole seconds)'),
  createdAt: z.string(),
});
export type StreamResource = z.output<typeof streamSchema>;

export const accrualsListSchema = z.object({
  object: z.literal('list'),
  balances: z.array(balanceSchema),
  streams: z.array(streamSchema),
});

export const settlementSchema = z.object({
  id: z.string().describe('acs_…'),
  object: z.literal('accrual_settlement'),
  payeeId: z.string(),
  chainId: z.number().int(),
  asset: z.string(),
  amount: z.string().describe('Base units'),
  status: z.enum(['reserved', 'paid', 'released']),
  runId: z.string().nullable(),
  lineId: z.string().nullable(),
  transactionId: z.string().nullable(),
  lineStatus: z.string().nullable().describe('What the run told: paid, failed or carried'),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

const amountOf = (v: string | bigint, decimals: number) => ({
  amount: formatUnits(BigInt(v), decimals),
  baseUnits: v.toString(),
});

export function balanceResource(b: BalanceRow): BalanceResource {
  return {
    object: 'accrual_balance',
    payeeId: b.payee_id,
    chainId: b.chain_id,
    asset: { symbol: b.asset_symbol, address: b.asset, decimals: b.decimals },
    credited: amountOf(b.credited, b.decimals),
    accrued: amountOf(b.accrued, b.decimals),
    reserved: amountOf(b.reserved, b.decimals),
    paid: amountOf(b.paid, b.decimals),
    firstUnpaidAt: b.first_unpaid_at?.toISOString() ?? null,
    updatedAt: b.updated_at.toISOString(),
  };
}

export function creditResource(c: CreditRow, b: BalanceRow): CreditResource {
  return {
    id: c.id,
    object: 'accrual_credit',
    reference: c.reference,
    payeeId: c.payee_id,
    chainId: c.chain_id,
    amount: amountOf(c.amount, b.decimals),
    createdAt: c.created_at.toISOString(),
    balance: balanceResource(b),
  };
}

/** A stream's times as the pure rules take them. */
export function streamTimes(s: StreamRow): StreamTimes {
  return {
    rateScaled: BigInt(s.rate_scaled),
    startSec: toSeconds(s.start_at.getTime()),
    endSec: s.end_at ? toSeconds(s.end_at.getTime()) : null,
    stoppedSec: s.stopped_at ? toSeconds(s.stopped_at.getTime()) : null,
  };
}

/** A stream with what it accrued up to `now` (computed at request time). */
export function streamResource(s: StreamRow, now: Date): StreamResource {
  const t = streamTimes(s);
  const at = toSeconds(now.getTime());
  return {
    id: s.id,
    object: 'accrual_stream',
    payeeId: s.payee_id,
    chainId: s.chain_id,
    asset: { symbol: s.asset_symbol, address: s.asset, decimals: s.decimals },
    ratePerSecond: s.rate,
    status: streamStatus(t, at),
    startAt: s.start_at.toISOString(),
    endAt: s.end_at?.toISOString() ?? null,
    stoppedAt: s.stopped_at?.toISOString() ?? null,
    accrued: amountOf(streamAccruedAt(t, at), s.decimals),
    settled: amountOf(s.moved, s.decimals),
    settledUntil: s.accounted_until.toISOString(),
    asOf: new Date(Number(at) * 1000).toISOString(),
    createdAt: s.created_at.toISOString(),
  };
}

export function settlementResource(s: SettlementRow): z.output<typeof settlementSchema> {
  return {
    id: s.id,
    object: 'accrual_settlement',
    payeeId: s.payee_id,
    chainId: s.chain_id,
    asset: s.asset,
    amount: s.amount,
    status: s.status,
    runId: s.run_id,
    lineId: s.line_id,
    transactionId: s.tx_id,
    lineStatus: s.line_status,
    createdAt: s.created_at.toISOString(),
    finishedAt: s.finished_at?.toISOString() ?? null,
  };
}
