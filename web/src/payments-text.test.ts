import { describe, expect, it } from 'vitest';
import { cancellable, depositReason, depositState } from './payments-text.ts';

describe('payment words', () => {
  it('explains why a deposit was not credited, and late payments', () => {
    expect(depositReason({ kind: 'unexpected', reason: 'wrong_asset', late: false })).toMatch(/^Another token/);
    expect(depositReason({ kind: 'unexpected', reason: 'wrong_chain', late: true })).toMatch(
      /network this payment does not accept/,
    );
    expect(depositReason({ kind: 'payment', reason: null, late: true })).toMatch(/paid late/);
    expect(depositReason({ kind: 'payment', reason: null, late: false })).toBeNull();
  });

  it('names confirmation states and when cancelling is possible', () => {
    expect(depositState({ status: 'pending', sweptAt: null })).toBe('Waiting for confirmations');
    expect(depositState({ status: 'confirmed', sweptAt: '2026-01-01T00:00:00Z' })).toBe(
      'Confirmed, swept to the treasury',
    );
    expect(cancellable({ status: 'requires_payment', amountPending: { amount: '0', baseUnits: '0' } })).toBe(true);
    expect(cancellable({ status: 'requires_payment', amountPending: { amount: '1', baseUnits: '1000000' } })).toBe(
      false,
    );
    expect(cancellable({ status: 'succeeded', amountPending: { amount: '0', baseUnits: '0' } })).toBe(false);
  });
});
