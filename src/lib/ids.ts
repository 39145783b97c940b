import { monotonicFactory, ulid } from 'ulid';

const next = monotonicFactory();

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
  return `${prefix}_${ulid().toLowerCase()}`;
}
