import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { KeelError } from './errors.ts';

/**
 * The answer of a state-changing request, recorded in the same database transaction as what
 * the request wrote. The API's idempotency layer (src/api/idempotency.ts) runs each POST that
 * carries an `Idempotency-Key` with a sink here; the write path of that POST calls
 * `recordResponse` (or `recordError`) inside its transaction, just before it commits. So the
 * stored answer and the effect commit together or not at all: a process killed between the
 * commit and the HTTP answer leaves the answer behind for the client's retry, and a request
 * that committed nothing can safely run again.
 *
 * `operation` names what the route does (`transaction.create`, `breaker.trip`, …) and must
 * equal the `outcome` its route declares: a write made on the side (a breaker tripped by a
 * quote's oracle refusals) is never mistaken for the request's answer. Outside a request with
 * an idempotency key both functions do nothing.
 */

/** `status`: the success code sent, when the route answers more than one (a 201 or a 202). */
export type RecordedOutcome = { body: unknown; status?: number } | { error: KeelError };

export interface OutcomeSink {
  /** The operation the running route declares (its `config.outcome`). */
  readonly operation: string;
  /**
   * Stores the outcome inside `trx`, fenced by the request's claim on its key: throws (so the
   * transaction rolls back) when another request took the key over meanwhile.
   */
  record(trx: Transaction<DB>, outcome: RecordedOutcome): Promise<void>;
}

const storage = new AsyncLocalStorage<OutcomeSink>();

/** Runs `fn` (and everything it starts) with `sink` as the request's outcome sink. */
export function runWithOutcomeSink<T>(sink: OutcomeSink, fn: () => T): T {
  return storage.run(sink, fn);
}

/** Whether `recordResponse(…, operation, …)` would record anything in the running request. */
export function recordsResponse(operation: string): boolean {
  return storage.getStore()?.operation === operation;
}

/**
 * Records, inside `trx`, the response body of `operation` (exactly what its route sends,
 * before serialisation). A no-op unless the running request declared that operation and
 * carries an `Idempotency-Key`. `status` is the success code the route sends; needed only when
 * it answers more than one (without it a replay uses the lowest 2xx of the route's schema).
 */
export async function recordResponse(
  trx: Transaction<DB>,
  operation: string,
  body: unknown,
  status?: number,
): Promise<void> {
  const sink = storage.getStore();
  if (sink && sink.operation === operation) await sink.record(trx, status === undefined ? { body } : { body, status });
}

/**
 * Records, inside `trx`, a refusal that `operation` answers after writing something (a policy
 * denial records the rejected transaction): a retry gets the same problem, not a second write.
 */
export async function recordError(trx: Transaction<DB>, operation: string, error: KeelError): Promise<void> {
  const sink = storage.getStore();
  if (sink && sink.operation === operation) await sink.record(trx, { error });
}
