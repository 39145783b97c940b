import type { Selectable } from 'kysely';
import { formatUnits } from 'viem';
import { z } from 'zod';
import type { Config } from '../config/schema.ts';
import { eip681, INTENT_STATUSES, refundable } from './state.ts';
import type { PaymentDepositsTable, PaymentIntentsTable, PaymentRefundsTable } from './tables.ts';
import { dbJson } from '../db/json.ts';

/** The payment intent resource of the API, webhooks, the dashboard and the checkout page. */

const money = z.object({ amount: z.string(), baseUnits: z.string() });

export const depositSchema = z
  .object({
    id: z.string(),
    chainId: z.number().int(),
    txHash: z.string(),
    logIndex: z.number().int(),
    blockNumber: z.string(),
    token: z.string(),
    asset: z.string().nullable(),
    from: z.string(),
    amount: money,
    kind: z
      .enum(['payment', 'unexpected'])
      .describe('payment: credited; unexpected: recorded, not credited (see `reason`)'),
    reason: z.string().nullable(),
    late: z.boolean(),
    status: z.enum(['pending', 'confirmed', 'reorged']),
    blockTime: z.string(),
    seenAt: z.string(),
    confirmedAt: z.string().nullable(),
    sweptAt: z.string().nullable(),
    reorgedAfterFinal: z
      .boolean()
      .describe('It was final (`confirmed`) when a reorganisation deeper than the confirmations removed its block'),
  })
  .meta({ id: 'Deposit' });

export const refundSchema = z
  .object({
    id: z.string().describe('re_…'),
    object: z.literal('refund'),
    paymentIntentId: z.string(),
    chainId: z.number().int(),
    amount: money,
    asset: z.string(),
    to: z.string(),
    reason: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    transactionId: z.string(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Refund' });

export const paymentIntentSchema = z
  .object({
    id: z.string().describe('pi_…'),
    object: z.literal('payment_intent'),
    status: z.enum(INTENT_STATUSES),
    asset: z.object({ symbol: z.string(), decimals: z.number().int() }),
    amount: money,
    amountReceived: money.describe('Credited and final'),
    amountPending: money.describe('Credited, waiting for confirmations'),
    amountRemaining: money,
    overpaid: money.describe('Final credited payments above the amount, to refund'),
    refundable: money.describe('Everything final that arrived (credited or not) less refunds'),
    amountRefunded: money,
    depositAddress: z.string().describe('The same on every accepted chain'),
    chains: z.array(
      z.object({
        chainId: z.number().int(),
        name: z.string(),
        token: z.string(),
        confirmations: z.number().int(),
        paymentUri: z.string().describe('EIP-681'),
      }),
    ),
    paidLate: z.boolean(),
    needsAttention: z.boolean().describe('Something arrived that was not credited: refund it'),
    customerReference: z.string().nullable(),
    description: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    payments: z.array(depositSchema),
    refunds: z.array(refundSchema),
    expiresAt: z.string(),
    lateUntil: z.string(),
    createdAt: z.string(),
    firstSeenAt: z.string().nullable(),
    processingAt: z.string().nullable(),
    succeededAt: z.string().nullable(),
    sweptAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
  })
  .meta({ id: 'PaymentIntent' });
export type PaymentIntentResource = z.infer<typeof paymentIntentSchema>;
export type RefundResource = z.infer<typeof refundSchema>;

const iso = (d: Date | null) => (d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** A chain's facts a resource shows, by chain id, looked up once per config (resources are built by the thousand). */
interface ChainFacts {
  name: string;
  confirmations: number;
  /** By symbol. */
  assets: Map<string, { address: string; decimals: number }>;
}
const chainFactsOf = new WeakMap<Config, Map<number, ChainFacts>>();
function chainFacts(config: Config): Map<number, ChainFacts> {
  let facts = chainFactsOf.get(config);
  if (!facts) {
    facts = new Map(
      config.chains.map((c) => [
        c.chainId,
        {
          name: c.name,
          confirmations: c.confirmations,
          assets: new Map(c.assets.map((a) => [a.symbol, { address: a.address, decimals: a.decimals }])),
        },
      ]),
    );
    chainFactsOf.set(config, facts);
  }
  return facts;
}

/** An amount as the API shows it: decimal text and base units. */
function moneyOf(v: bigint, decimals: number) {
  return v === 0n ? { amount: '0', baseUnits: '0' } : { amount: formatUnits(v, decimals), baseUnits: v.toString() };
}

export function refundResource(r: Selectable<PaymentRefundsTable>, asset: string, decimals: number): RefundResource {
  const amount = BigInt(r.amount);
  return {
    id: r.id,
    object: 'refund',
    paymentIntentId: r.intent_id,
    chainId: Number(r.chain_id),
    amount: { amount: formatUnits(amount, decimals), baseUnits: amount.toString() },
    asset,
    to: r.to_address,
    reason: r.reason,
    status: r.status,
    transactionId: r.tx_id,
    createdAt: iso(r.created_at)!,
    finishedAt: iso(r.finished_at),
  };
}

/** Builds the resource from the stored intent, its deposits and refunds. */
export function intentResource(
  config: Config,
  row: Selectable<PaymentIntentsTable>,
  deposits: Selectable<PaymentDepositsTable>[],
  refunds: Selectable<PaymentRefundsTable>[],
): PaymentIntentResource {
  const m = (v: bigint) => moneyOf(v, row.decimals);
  const amount = BigInt(row.amount);
  const received = BigInt(row.amount_received);
  const pending = BigInt(row.amount_pending);
  const refunded = BigInt(row.amount_refunded);
  let finalArrived = 0n;
  for (const d of deposits) if (d.status === 'confirmed' && d.asset === row.asset) finalArrived += BigInt(d.amount);
  const address = row.deposit_address; // stored EIP-55
  const facts = chainFacts(config);
  const chains = dbJson<number[]>(row.chains).flatMap((chainId) => {
    const c = facts.get(chainId);
    const token = c?.assets.get(row.asset);
    if (!c || !token) return [];
    return [
      {
        chainId,
        name: c.name,
        token: token.address,
        confirmations: c.confirmations,
        paymentUri: eip681(token.address, chainId, address, amount),
      },
    ];
  });
  return {
    id: row.id,
    object: 'payment_intent',
    status: row.status,
    asset: { symbol: row.asset, decimals: row.decimals },
    amount: m(amount),
    amountReceived: m(received),
    amountPending: m(pending),
    amountRemaining: m(amount > received + pending ? amount - received - pending : 0n),
    overpaid: m(received > amount ? received - amount : 0n),
    refundable: m(refundable(finalArrived, refunded)),
    amountRefunded: m(refunded),
    depositAddress: address,
    chains,
    paidLate: row.paid_late,
    needsAttention: row.needs_attention,
    customerReference: row.customer_reference,
    description: row.description,
    metadata: dbJson(row.metadata) ?? {},
    payments: deposits.map((d) => ({
      id: d.id,
      chainId: Number(d.chain_id),
      txHash: d.tx_hash,
      logIndex: d.log_index,
      blockNumber: String(d.block_number),
      token: d.token,
      asset: d.asset,
      from: d.from_address,
      amount: {
        amount: formatUnits(
          BigInt(d.amount),
          d.asset === row.asset
            ? row.decimals
            : ((d.asset === null ? undefined : facts.get(Number(d.chain_id))?.assets.get(d.asset)?.decimals) ?? 0),
        ),
        baseUnits: d.amount,
      },
      kind: d.kind,
      reason: d.reason,
      late: d.late,
      status: d.status,
      blockTime: iso(d.block_time)!,
      seenAt: iso(d.seen_at)!,
      confirmedAt: iso(d.confirmed_at),
      sweptAt: iso(d.swept_at),
      reorgedAfterFinal: Boolean(d.reorged_after_final),
    })),
    refunds: refunds.map((r) => refundResource(r, row.asset, row.decimals)),
    expiresAt: iso(row.expires_at)!,
    lateUntil: iso(row.late_until)!,
    createdAt: iso(row.created_at)!,
    firstSeenAt: iso(row.first_seen_at),
    processingAt: iso(row.processing_at),
    succeededAt: iso(row.succeeded_at),
    sweptAt: iso(row.swept_at),
    cancelledAt: iso(row.cancelled_at),
  };
}
