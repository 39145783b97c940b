import { describe, expect, it } from 'vitest';
import { nameLookup } from './address-names.ts';
import { auditFields, fieldLabel } from './audit-fields.ts';

describe('audit details as labelled fields', () => {
  it('labels camelCase and snake_case keys as words', () => {
    expect(fieldLabel('previousStatus')).toBe('Previous status');
    expect(fieldLabel('spender_kind')).toBe('Spender kind');
    expect(fieldLabel('url')).toBe('URL');
    expect(fieldLabel('apiKeyId')).toBe('API key ID');
    expect(fieldLabel('amountUsd')).toBe('Amount USD');
  });

  it('flattens nested objects, joins lists, names known addresses', () => {
    const nameOf = nameLookup([
      {
        address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
        name: 'treasury',
        kind: 'account',
        chainId: null,
        detail: 'treasury',
      },
    ]);
    expect(
      auditFields(
        {
          note: 'invoice checked',
          decision: { outcome: 'approve', at: null },
          eventTypes: ['transaction.confirmed', 'payment_intent.succeeded'],
          to: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
          count: 3,
          empty: {},
        },
        nameOf,
      ),
    ).toEqual([
      { label: 'Note', value: 'invoice checked' },
      { label: 'Decision · Outcome', value: 'approve' },
      { label: 'Decision · At', value: '—' },
      { label: 'Event types', value: 'transaction.confirmed, payment_intent.succeeded' },
      { label: 'To', value: 'treasury (0x7099…79c8)' },
      { label: 'Count', value: '3' },
      { label: 'Empty', value: '(none)' },
    ]);
  });

  it('keeps deeper structures as compact JSON rather than dropping them', () => {
    const f = auditFields({ a: { b: { c: { d: 1 } } } });
    expect(f).toEqual([{ label: 'A · B · C', value: '{"d":1}' }]);
  });

  it('shows a list of objects as labelled values, one object after another', () => {
    const f = auditFields({
      recipients: [
        { payeeId: 'pye_1', shareBps: 7000 },
        { payeeId: 'pye_2', shareBps: 3000 },
      ],
    });
    expect(f).toEqual([
      { label: 'Recipients', value: 'Payee ID: pye_1, Share bps: 7000; Payee ID: pye_2, Share bps: 3000' },
    ]);
  });
});
