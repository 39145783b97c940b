import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

/**
 * Prefixed, time-sortable identifiers (`key_01J…`, `tx_01J…`). The ULID part sorts by
 * creation time, so lists ordered by id are ordered by age without a second index.
 */
export function newId(prefix: string): string {
  return `${prefix}_${next().toLowerCase()}`;
}
