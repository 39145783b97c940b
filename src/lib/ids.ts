import { randomFillSync } from 'node:crypto';
import { monotonicFactory, ulid } from 'ulid';

// ulid's default source asks the OS for one byte per character (16 calls per id); this draws
// the same uniform bytes from the same CSPRNG, refilled 4 KiB at a time.
const pool = new Uint8Array(4096);
let used = pool.length;
function prng(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return pool[used++]! / 256;
}

const next = monotonicFactory(prng);

/**
 * Prefixed, time-sortable identifiers (`key_01J…`, `tx_01J…`). The ULID part sorts by
 * creation time, so lists ordered by id are ordered by age without a second index.
 */
export function newId(prefix: string): string {
  return `${prefix}_${next().toLowerCase()}`;
}

/**
 * A prefixed ULID whose random part is fresh for every id, for ids that are capabilities
 * (the payment intent id is the only key to its public checkout page). `newId` increments
 * the random part of ids made in the same millisecond, so knowing one would let a guess
 * find its neighbour; these keep time order across milliseconds only.
 */
export function newUnguessableId(prefix: string): string {
  return `${prefix}_${ulid(undefined, prng).toLowerCase()}`;
}

/**
 * Matches exactly the ids `newId(prefix)` / `newUnguessableId(prefix)` make: the prefix, `_` and a
 * lower-case ULID (Crockford base32: no i, l, o, u). A route that must not tell a malformed id
 * from an unknown one checks it before any lookup.
 */
export function idPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}_[0-9abcdefghjkmnpqrstvwxyz]{26}$`);
}
