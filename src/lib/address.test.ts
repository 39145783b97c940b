import { getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { isAcceptedAddress } from './address.ts';

describe('isAcceptedAddress', () => {
  const checksummed = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

  it('accepts checksummed, all lower-case and all upper-case hex', () => {
    expect(isAcceptedAddress(checksummed)).toBe(true);
    expect(isAcceptedAddress(checksummed.toLowerCase())).toBe(true);
    expect(isAcceptedAddress(`0x${checksummed.slice(2).toUpperCase()}`)).toBe(true);
    // the upper-case form names the same account
    expect(getAddress(`0x${checksummed.slice(2).toUpperCase()}`)).toBe(checksummed);
    expect(isAcceptedAddress('0xABCDEF0123456789ABCDEF0123456789ABCDEF01')).toBe(true);
  });

  it('refuses a broken checksum, a wrong length, a 0X prefix and non-hex', () => {
    expect(isAcceptedAddress('0x90f79bf6EB2c4f870365E785982E1f101E93b906')).toBe(false);
    expect(isAcceptedAddress(checksummed.slice(0, -1))).toBe(false);
    expect(isAcceptedAddress(`${checksummed}0`)).toBe(false);
    expect(isAcceptedAddress(`0X${checksummed.slice(2).toUpperCase()}`)).toBe(false);
    expect(isAcceptedAddress('0xZZF79bf6EB2c4f870365E785982E1f101E93b906')).toBe(false);
    expect(isAcceptedAddress(`${checksummed}\u0000`)).toBe(false);
  });
});
