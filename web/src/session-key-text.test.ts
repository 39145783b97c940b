import { describe, expect, it } from 'vitest';
import { describeAllowance, describeScope } from './session-key-text.ts';
import type { SessionKey } from './types.ts';

const A = '0x1111111111111111111111111111111111111111';
const B = '0x2222222222222222222222222222222222222222';
const scope: SessionKey['scope'] = {
  validFrom: null,
  validUntil: '2026-12-20T00:00:00.000Z',
  targets: [
    {
      contract: A,
      functions: [
        { signature: 'redeem(uint256)', selector: '0xdb006a75' },
        { signature: 'claim()', selector: '0x4e71d92d' },
      ],
    },
  ],
  token: {
    asset: { symbol: 'tUSD', address: B, decimals: 6 },
    recipients: [B],
    perOperation: { amount: '50', baseUnits: '50000000' },
    total: { amount: '1500.5', baseUnits: '1500500000' },
  },
  valuePerCall: { amount: '0', baseUnits: '0' },
};

describe('session key words', () => {
  it('says what a key may call and pay, and until when', () => {
    expect(describeScope(scope)).toEqual([
      'May call redeem(uint256) or claim() on 0x111111…111111.',
      'May send tUSD to 0x222222…222222: at most 50 tUSD per operation and 1,500.5 tUSD in total.',
      'Cannot send ETH with its calls.',
      'Valid until 2026-12-20T00:00:00Z.',
    ]);
    const wider = describeScope({
      ...scope,
      targets: [],
      validFrom: '2026-12-10T00:00:00.000Z',
      valuePerCall: { amount: '0.01', baseUnits: '10000000000000000' },
      token: { ...scope.token!, recipients: [A, B] },
    });
    expect(wider[0]).toBe(
      'May send tUSD to any of 2 addresses (0x1111…1111, 0x2222…2222): at most 50 tUSD per operation and 1,500.5 tUSD in total.',
    );
    expect(wider.slice(1)).toEqual([
      'May send up to 0.01 ETH with each call.',
      'Valid from 2026-12-10T00:00:00Z until 2026-12-20T00:00:00Z.',
    ]);
  });

  it('says what remains of the allowance, or why it is not shown', () => {
    const allowance = {
      spent: { amount: '7.25', baseUnits: '7250000' },
      remaining: { amount: '1493.25', baseUnits: '1493250000' },
      at: '',
    };
    expect(describeAllowance({ scope, status: 'active', allowance })).toBe(
      '7.25 tUSD spent, 1,493.25 tUSD remaining of 1,500.5.',
    );
    expect(describeAllowance({ scope, status: 'active', allowance: null })).toMatch(/could not be read/);
    expect(describeAllowance({ scope, status: 'revoked', allowance: null })).toMatch(/not live/);
    expect(describeAllowance({ scope: { ...scope, token: null }, status: 'active', allowance: null })).toMatch(
      /calls only/,
    );
  });
});
