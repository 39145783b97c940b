import { describe, expect, it } from 'vitest';
import { accountSalt, sameOwner } from './account-logic.ts';

describe('accountSalt', () => {
  it('is a fixed uint256 per user id, different across ids', () => {
    const a = accountSalt('user-1');
    expect(a).toBe(accountSalt('user-1'));
    expect(a).not.toBe(accountSalt('user-2'));
    expect(a).toBeGreaterThan(0n);
    expect(a < 2n ** 256n).toBe(true);
  });
});

describe('sameOwner', () => {
  const ext = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
  it('matches custodial with custodial, and an external key by address in any case', () => {
    expect(sameOwner({ kind: 'custodial' }, { kind: 'custodial', address: ext })).toBe(true);
    expect(
      sameOwner({ kind: 'external', address: ext.toLowerCase() as `0x${string}` }, { kind: 'external', address: ext }),
    ).toBe(true);
  });
  it('refuses another kind or another key', () => {
    expect(sameOwner({ kind: 'custodial' }, { kind: 'external', address: ext })).toBe(false);
    expect(sameOwner({ kind: 'external', address: ext }, { kind: 'custodial', address: ext })).toBe(false);
    expect(
      sameOwner(
        { kind: 'external', address: '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65' },
        { kind: 'external', address: ext },
      ),
    ).toBe(false);
  });
});
