import { isAddress } from 'viem';

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * Whether `s` is an address Keel accepts at its edge: `0x` and 40 hex digits, either in one
 * case (all lower-case or all upper-case hex, as many systems print them) or mixed-case with
 * a valid EIP-55 checksum. A mixed-case string with a wrong checksum is refused: it is the
 * sign of a typo that the checksum exists to catch.
 */
export function isAcceptedAddress(s: string): boolean {
  if (!HEX_ADDRESS.test(s)) return false;
  const hex = s.slice(2);
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return true;
  return isAddress(s, { strict: true });
}

/** The message every address field uses when it refuses a value. */
export const ADDRESS_RULE = 'must be a 0x-prefixed 20-byte hex address with a valid EIP-55 checksum (or all one case)';
