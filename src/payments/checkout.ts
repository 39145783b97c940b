import { z } from 'zod';
import type { Config } from '../config/schema.ts';
import { idPattern } from '../lib/ids.ts';
import type { PaymentIntentResource } from './resource.ts';
import { INTENT_STATUSES } from './state.ts';

/**
 * The public view of a payment intent for the hosted checkout page (`GET /v1/checkout/:id`,
 * no API key): only what the intent's payer needs to pay it and to follow the payment. It is
 * built field by field from the full resource (a whitelist, never the resource minus a
 * blacklist), so a field added to the payment intent later stays private until it is added
 * here on purpose. Never in it: metadata, customerReference, api key ids, refunds, the
 * sender's address, transaction hashes, sweep facts, or flags such as `needsAttention`.
 */

/** `pi_` and a lower-case ULID (Crockford base32: no i, l, o, u). */
export const CHECKOUT_ID_RE = idPattern('pi');

const money = z.strictObject({ amount: z.string(), baseUnits: z.string() });

export const checkoutPaymentSchema = z.strictObject({
  chainId: z.number().int(),
  network: z.string().describe('The network name (configured chain name)'),
  asset: z.string().nullable().describe('Symbol of what arrived (null: a token Keel does not know)'),
  amount: money,
  status: z
    .enum(['pending', 'confirmed', 'not_accepted'])
    .describe(
      'pending: seen, waiting for confirmations; confirmed: final; not_accepted: another token or network, or after cancellation — the merchant is notified and can refund it',
    ),
  confirmations: z.strictObject({ current: z.number().int(), required: z.number().int() }),
});

export const checkoutSchema = z.strictObject({
  object: z.literal('checkout'),
  id: z.string().describe('pi_…'),
  status: z.enum(INTENT_STATUSES),
  description: z.string().nullable().describe('The merchant’s description of the payment, shown to the payer'),
  asset: z.strictObject({ symbol: z.string(), decimals: z.number().int() }),
  amount: money,
  amountReceived: money.describe('Credited and final'),
  amountPending: money.describe('Seen, waiting for confirmations'),
  amountRemaining: money,
  depositAddress: z.string().describe('The same on every accepted network'),
  chains: z.array(
    z.strictObject({
      chainId: z.number().int(),
      name: z.string(),
      token: z.string(),
      confirmations: z.number().int(),
      paymentUri: z.string().describe('EIP-681'),
    }),
  ),
  payments: z.array(checkoutPaymentSchema),
  expiresAt: z.string(),
  serverTime: z.string().describe('The server clock, so a countdown is right on a device whose clock is off'),
});
export type CheckoutView = z.infer<typeof checkoutSchema>;

/**
 * The checkout view of `pi`. `checkpoints` is the last block the transfer watcher applied on
 * each chain (by chain id): a pending payment's confirmations so far are counted from it, without
 * an RPC call per public request. Reorganised payments are left out (they count for nothing).
 */
export function checkoutView(
  config: Config,
  pi: PaymentIntentResource,
  checkpoints: ReadonlyMap<number, bigint>,
  now: Date,
): CheckoutView {
  const m = (x: { amount: string; baseUnits: string }) => ({ amount: x.amount, baseUnits: x.baseUnits });
  const chainConfig = (id: number) => config.chains.find((c) => c.chainId === id);
  return {
    object: 'checkout',
    id: pi.id,
    status: pi.status,
    description: pi.description,
    asset: { symbol: pi.asset.symbol, decimals: pi.asset.decimals },
    amount: m(pi.amount),
    amountReceived: m(pi.amountReceived),
    amountPending: m(pi.amountPending),
    amountRemaining: m(pi.amountRemaining),
    depositAddress: pi.depositAddress,
    chains: pi.chains.map((c) => ({
      chainId: c.chainId,
      name: c.name,
      token: c.token,
      confirmations: c.confirmations,
      paymentUri: c.paymentUri,
    })),
    payments: pi.payments
      .filter((p) => p.status !== 'reorged')
      .map((p) => {
        const required = chainConfig(p.chainId)?.confirmations ?? 1;
        const head = checkpoints.get(p.chainId);
        const seen = head === undefined ? 1 : Number(head - BigInt(p.blockNumber) + 1n);
        // Counted from the watcher's checkpoint: never more than required, and a pending payment is never shown as done.
        const current = p.status === 'confirmed' ? required : Math.max(1, Math.min(seen, required - 1));
        return {
          chainId: p.chainId,
          network: chainConfig(p.chainId)?.name ?? `chain ${p.chainId}`,
          asset: p.asset,
          amount: m(p.amount),
          status:
            p.kind === 'unexpected'
              ? ('not_accepted' as const)
              : p.status === 'confirmed'
                ? ('confirmed' as const)
                : ('pending' as const),
          confirmations: { current, required },
        };
      }),
    expiresAt: pi.expiresAt,
    serverTime: now.toISOString(),
  };
}
