import { describe, expect, it } from 'vitest';
import {
  countdown,
  fromBase,
  headline,
  orList,
  paymentState,
  phaseOf,
  uriForRemaining,
  type CheckoutView,
} from './logic.ts';
import { qrPath } from './qr.ts';

const m = (amount: string, baseUnits: string) => ({ amount, baseUnits });
const view = (over: Partial<CheckoutView>): CheckoutView => ({
  object: 'checkout',
  id: 'pi_01jz8x9k2m3n4p5q6r7s8t9v0w',
  status: 'requires_payment',
  description: null,
  asset: { symbol: 'tUSD', decimals: 6 },
  amount: m('25', '25000000'),
  amountReceived: m('0', '0'),
  amountPending: m('0', '0'),
  amountRemaining: m('25', '25000000'),
  depositAddress: '0x1111111111111111111111111111111111111111',
  chains: [],
  payments: [],
  expiresAt: '2026-01-01T00:15:00.000Z',
  serverTime: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('checkout logic', () => {
  it('tells the phases apart, partial payments included', () => {
    expect(phaseOf(view({}))).toBe('waiting');
    expect(phaseOf(view({ amountPending: m('10', '10000000') }))).toBe('partial');
    expect(phaseOf(view({ amountReceived: m('0.000001', '1') }))).toBe('partial');
    expect(phaseOf(view({ status: 'processing' }))).toBe('seen');
    expect(phaseOf(view({ status: 'succeeded' }))).toBe('confirmed');
    for (const s of ['expired', 'underpaid', 'cancelled'] as const) expect(phaseOf(view({ status: s }))).toBe(s);
  });

  it('says "received X of Y" for partial and underpaid payments', () => {
    const v = view({
      amountReceived: m('10', '10000000'),
      amountPending: m('2.5', '2500000'),
      amountRemaining: m('12.5', '12500000'),
    });
    expect(headline(v, 'partial')).toEqual({
      title: 'Received 12.5 of 25 tUSD',
      text: 'Send the remaining 12.5 tUSD to the same address to complete this payment.',
    });
    expect(headline(view({ status: 'underpaid', amountReceived: m('10', '10000000') }), 'underpaid').title).toBe(
      'Expired with 10 of 25 tUSD received',
    );
    const seen = view({
      status: 'processing',
      amountPending: m('25', '25000000'),
      payments: [
        {
          chainId: 1,
          network: 'A',
          asset: 'tUSD',
          amount: m('25', '25000000'),
          status: 'pending',
          confirmations: { current: 1, required: 3 },
        },
      ],
    });
    expect(headline(seen, 'seen').text).toContain('(1 of 3 confirmations)');
  });

  it('asks a wallet for what is still due', () => {
    const uri =
      'ethereum:0x2222222222222222222222222222222222222222@31337/transfer?address=0x1111111111111111111111111111111111111111&uint256=25000000';
    expect(uriForRemaining(uri, m('25', '25000000'), m('25', '25000000'))).toBe(uri);
    expect(uriForRemaining(uri, m('25', '25000000'), m('15', '15000000'))).toBe(
      uri.replace('uint256=25000000', 'uint256=15000000'),
    );
  });

  it('formats countdowns, amounts, payment states and network lists', () => {
    expect(countdown(14 * 60_000 + 5_000)).toBe('14:05');
    expect(countdown(3_723_000)).toBe('1:02:03');
    expect(countdown(-5)).toBe('0:00');
    expect(fromBase('12500000', 6)).toBe('12.5');
    expect(fromBase('0', 6)).toBe('0');
    expect(
      paymentState({
        chainId: 1,
        network: 'A',
        asset: 'tUSD',
        amount: m('1', '1'),
        status: 'pending',
        confirmations: { current: 2, required: 3 },
      }),
    ).toBe('Confirming (2 of 3)');
    expect(orList(['A'])).toBe('A');
    expect(orList(['A', 'B', 'C'])).toBe('A, B or C');
  });

  it('draws a QR code as one path inside a quiet zone', () => {
    const q = qrPath(
      'ethereum:0x2222222222222222222222222222222222222222@31337/transfer?address=0x1111111111111111111111111111111111111111&uint256=25000000',
    );
    expect((q.size - 8 - 17) % 4).toBe(0); // 21, 25, 29… modules per side
    expect(q.path).toMatch(/^M4 4h1v1h-1z/); // the finder pattern's corner is dark
    expect(q.path).not.toContain('M0 ');
  });
});
