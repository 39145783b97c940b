import { describe, expect, it } from 'vitest';
import { EVENT_TYPE_NAMES } from '../events/catalogue.ts';
import { actsForOther, assertReadable, canManage, receivedTypes, unreadableTypes } from './ownership.ts';

const bob = { keyId: 'key_b', principalId: 'prn_b', scopes: ['webhooks:write'] };
const admin = { keyId: 'key_a', principalId: 'prn_a', scopes: ['webhooks:write', 'admin'] };

describe('webhook endpoint ownership', () => {
  it('lets the owner and admins manage an endpoint, nobody else', () => {
    expect(canManage('prn_b', bob)).toBe(true);
    expect(canManage('prn_c', bob)).toBe(false);
    expect(canManage(null, bob)).toBe(false);
    expect(canManage('prn_c', admin)).toBe(true);
    expect(canManage(null, admin)).toBe(true);
    expect(canManage('prn_c', null)).toBe(true);
    expect(actsForOther('prn_c', admin)).toBe(true);
    expect(actsForOther('prn_a', admin)).toBe(false);
    expect(actsForOther('prn_a', null)).toBe(false);
  });

  it('allows subscriptions only to readable types and expands * to them', () => {
    expect(
      unreadableTypes(['*', 'transaction.confirmed', 'api_key.created', 'endpoint.disabled'], ['webhooks:write']),
    ).toEqual(['transaction.confirmed', 'api_key.created']);
    expect(() => assertReadable(['payment_intent.succeeded'], ['webhooks:write'])).toThrow(
      expect.objectContaining({ code: 'event_type_not_readable', status: 403 }),
    );
    expect(() => assertReadable(['*', 'payment_intent.succeeded'], ['webhooks:write', 'payments:read'])).not.toThrow();
    expect(receivedTypes(['*'], ['webhooks:write'], EVENT_TYPE_NAMES)).toEqual(['endpoint.disabled', 'webhook.test']);
    expect(receivedTypes(['*'], ['webhooks:write', 'transactions:read'], EVENT_TYPE_NAMES)).toContain(
      'transaction.confirmed',
    );
    expect(receivedTypes(['transaction.confirmed', 'refund.created'], ['transactions:read'], EVENT_TYPE_NAMES)).toEqual(
      ['transaction.confirmed'],
    );
    expect(receivedTypes(['*'], null, EVENT_TYPE_NAMES)).toEqual(EVENT_TYPE_NAMES);
  });
});
