import { describe, expect, it } from 'vitest';
import type { Config } from '../config/schema.ts';
import { CHECKOUT_ID_RE, checkoutSchema, checkoutView } from './checkout.ts';
import { paymentIntentSchema, type PaymentIntentResource } from './resource.ts';

/**
 * The checkout view is a whitelist: a payer's page must never carry what the merchant keeps
 * for itself. Every private field of the full resource holds a marker here; none may appear in
 * the view, and the view's keys are exactly the documented ones.
 */

const SECRET = 'SECRET-MARKER';
const config = {
  chains: [
    { chainId: 31337, name: 'Keel Dev A', confirmations: 3 },
    { chainId: 31338, name: 'Keel Dev B', confirmations: 2 },
  ],
} as unknown as Config;
const m = (amount: string, baseUnits: string) => ({ amount, baseUnits });
const addr = '0x1111111111111111111111111111111111111111';
const deposit = (
  over: Partial<PaymentIntentResource['payments'][number]>,
): PaymentIntentResource['payments'][number] => ({
  id: `dep_${SECRET}`,
  chainId: 31337,
  txHash: `0x${SECRET}`,
  logIndex: 7,
  blockNumber: '100',
  token: '0x2222222222222222222222222222222222222222',
  asset: 'tUSD',
  from: `0x${SECRET}from`,
  amount: m('10', '10000000'),
  kind: 'payment',
  reason: null,
  late: false,
  status: 'pending',
  blockTime: '2026-01-01T00:00:00.000Z',
  seenAt: '2026-01-01T00:00:01.000Z',
  confirmedAt: null,
  sweptAt: null,
  reorgedAfterFinal: false,
  ...over,
});

const intent: PaymentIntentResource = {
  id: 'pi_01jz8x9k2m3n4p5q6r7s8t9v0w',
  object: 'payment_intent',
  status: 'requires_payment',
  asset: { symbol: 'tUSD', decimals: 6 },
  amount: m('25', '25000000'),
  amountReceived: m('10', '10000000'),
  amountPending: m('5', '5000000'),
  amountRemaining: m('10', '10000000'),
  overpaid: m('0.000042', '42'),
  refundable: m('0.004242', '4242'),
  amountRefunded: m('0.424242', '424242'),
  depositAddress: addr,
  chains: [
    {
      chainId: 31337,
      name: 'Keel Dev A',
      token: '0x2222222222222222222222222222222222222222',
      confirmations: 3,
      paymentUri: `ethereum:0x2222222222222222222222222222222222222222@31337/transfer?address=${addr}&uint256=25000000`,
    },
  ],
  paidLate: true,
  needsAttention: true,
  customerReference: `cust-${SECRET}`,
  description: 'Order 1042 — 2 coffees',
  metadata: { internal: SECRET, [`key-${SECRET}`]: 'x' },
  payments: [
    deposit({
      status: 'confirmed',
      blockNumber: '90',
      confirmedAt: '2026-01-01T00:01:00.000Z',
      sweptAt: `2026-01-01T00:02:00.000Z`,
    }),
    deposit({ blockNumber: '100', amount: m('5', '5000000'), late: true }),
    deposit({
      chainId: 31338,
      asset: 'tEUR',
      kind: 'unexpected',
      reason: 'wrong_asset',
      status: 'confirmed',
      blockNumber: '50',
      amount: m('3', '3000000'),
    }),
    deposit({ status: 'reorged', blockNumber: '99', amount: m('99', '99000000') }),
  ],
  refunds: [
    {
      id: `re_${SECRET}`,
      object: 'refund',
      paymentIntentId: 'pi_x',
      chainId: 31337,
      amount: m('1', '1000000'),
      asset: 'tUSD',
      to: `0x${SECRET}`,
      reason: 'other',
      status: 'pending',
      transactionId: `tx_${SECRET}`,
      createdAt: '2026-01-01T00:00:00.000Z',
      finishedAt: null,
    },
  ],
  expiresAt: '2026-01-01T00:15:00.000Z',
  lateUntil: `2026-01-02T00:15:00.000Z`,
  createdAt: '2026-01-01T00:00:00.000Z',
  firstSeenAt: '2026-01-01T00:00:01.000Z',
  processingAt: null,
  succeededAt: null,
  sweptAt: null,
  cancelledAt: null,
};

describe('checkout view (public whitelist)', () => {
  const view = checkoutView(
    config,
    paymentIntentSchema.parse(intent),
    new Map([[31337, 101n]]),
    new Date('2026-01-01T00:05:00.000Z'),
  );

  it('carries nothing private: no metadata, customer reference, refunds, senders, hashes, flags or internal timestamps', () => {
    const text = JSON.stringify(view);
    expect(text).not.toContain(SECRET);
    for (const leak of [
      'metadata',
      'customerReference',
      'refunds',
      'refundable',
      'amountRefunded',
      'overpaid',
      'needsAttention',
      'paidLate',
      'lateUntil',
      'txHash',
      'from',
      'sweptAt',
      'reason',
      'late',
      'createdAt',
      'apiKey',
    ]) {
      expect(text, leak).not.toContain(`"${leak}"`);
    }
    expect(Object.keys(view).sort()).toEqual(
      [
        'object',
        'id',
        'status',
        'description',
        'asset',
        'amount',
        'amountReceived',
        'amountPending',
        'amountRemaining',
        'depositAddress',
        'chains',
        'payments',
        'expiresAt',
        'serverTime',
      ].sort(),
    );
    for (const p of view.payments)
      expect(Object.keys(p).sort()).toEqual(['amount', 'asset', 'chainId', 'confirmations', 'network', 'status']);
    expect(Object.keys(view.chains[0]!).sort()).toEqual(['chainId', 'confirmations', 'name', 'paymentUri', 'token']);
    // The response schema is strict as well: a field slipped into the view fails serialization.
    expect(() => checkoutSchema.parse({ ...view, metadata: {} })).toThrow();
    expect(() => checkoutSchema.parse({ ...view, payments: [{ ...view.payments[0], txHash: '0x' }] })).toThrow();
  });

  it('shows what the payer needs: amounts, address, networks, payments with their confirmations', () => {
    expect(view).toMatchObject({
      object: 'checkout',
      id: intent.id,
      status: 'requires_payment',
      description: 'Order 1042 — 2 coffees',
      asset: { symbol: 'tUSD', decimals: 6 },
      amount: { amount: '25' },
      amountReceived: { amount: '10' },
      amountPending: { amount: '5' },
      amountRemaining: { amount: '10' },
      depositAddress: addr,
      expiresAt: intent.expiresAt,
      serverTime: '2026-01-01T00:05:00.000Z',
    });
    expect(view.chains).toEqual(intent.chains);
    expect(view.payments).toEqual([
      {
        chainId: 31337,
        network: 'Keel Dev A',
        asset: 'tUSD',
        amount: { amount: '10', baseUnits: '10000000' },
        status: 'confirmed',
        confirmations: { current: 3, required: 3 },
      },
      // Block 100, checkpoint 101: two blocks so far.
      {
        chainId: 31337,
        network: 'Keel Dev A',
        asset: 'tUSD',
        amount: { amount: '5', baseUnits: '5000000' },
        status: 'pending',
        confirmations: { current: 2, required: 3 },
      },
      // Another token: shown (it is the payer's own transfer) as not accepted, nothing more.
      {
        chainId: 31338,
        network: 'Keel Dev B',
        asset: 'tEUR',
        amount: { amount: '3', baseUnits: '3000000' },
        status: 'not_accepted',
        confirmations: { current: 2, required: 2 },
      },
    ]);
  });

  it('never shows a pending payment as fully confirmed, whatever the checkpoint says', () => {
    const far = checkoutView(config, intent, new Map([[31337, 10_000n]]), new Date());
    expect(far.payments[1]!.confirmations).toEqual({ current: 2, required: 3 });
    const none = checkoutView(config, intent, new Map(), new Date());
    expect(none.payments[1]!.confirmations).toEqual({ current: 1, required: 3 });
  });

  it('accepts only pi_ + 26 lower-case Crockford base32 characters as an id', () => {
    expect(CHECKOUT_ID_RE.test('pi_01jz8x9k2m3n4p5q6r7s8t9v0w')).toBe(true);
    for (const bad of [
      'pi_01JZ8X9K2M3N4P5Q6R7S8T9V0W',
      'pi_01jz8x9k2m3n4p5q6r7s8t9v0u',
      'pi_01jz8x9k2m3n4p5q6r7s8t9v0',
      'pi_01jz8x9k2m3n4p5q6r7s8t9v0wx',
      'tx_01jz8x9k2m3n4p5q6r7s8t9v0w',
      ' pi_01jz8x9k2m3n4p5q6r7s8t9v0w',
      'pi_01jz8x9k2m3n4p5q6r7s8t9v0w\n',
    ]) {
      expect(CHECKOUT_ID_RE.test(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
