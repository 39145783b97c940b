import { getAddress, hexToBigInt, keccak256, stringToHex, type Address } from 'viem';

/**
 * Pure rules of smart accounts: the salt an end user's account is created with, and whether a
 * second request for the same user and chain asks for the account that exists.
 */

/** Bump to move every user's account address (never in a running deployment: it would orphan them). */
const SALT_DOMAIN = 'keel.smart-account.v1/';

/**
 * The CREATE2 salt of `userId`'s account: a hash of the id, so the address is the same on every
 * chain with the same factory and owner, and no caller chooses it (no squatting on another
 * user's address by picking its salt).
 */
export function accountSalt(userId: string): bigint {
  return hexToBigInt(keccak256(stringToHex(`${SALT_DOMAIN}${userId}`)));
}

/** What a request asks for as the account's owner. */
export type OwnerRequest = { kind: 'custodial' } | { kind: 'external'; address: Address };

/** The owner as stored. */
export interface StoredOwner {
  kind: 'custodial' | 'external';
  address: string;
}

/**
 * Whether a request's owner names the stored account's owner: custodial matches custodial (the
 * custodial signer is fixed by configuration), external matches the same address.
 */
export function sameOwner(requested: OwnerRequest, stored: StoredOwner): boolean {
  if (requested.kind !== stored.kind) return false;
  return requested.kind === 'custodial' || getAddress(requested.address) === getAddress(stored.address);
}
