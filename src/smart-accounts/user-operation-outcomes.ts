import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { UserOperationRow } from './user-operation-resource.ts';
import type { UserOpStatus } from './user-operation-states.ts';

/**
 * Outcome hooks of user operations, the twin of the pipeline's (src/pipeline/outcomes.ts): a
 * capability that creates user operations (session-key grants and revocations) tags them with an
 * `origin` and registers one handler for it. The worker runs the handler inside the database
 * transaction that writes the final state, so the capability's record never disagrees with the
 * operation. A final state the chain takes back (reorged after it counted) arrives as `retracted`.
 * Handlers do no network I/O (they run under row locks).
 */

export interface UserOperationOutcome {
  kind: 'final' | 'retracted';
  /** The final status reached (or, for `retracted`, the one taken back). */
  status: Extract<UserOpStatus, 'confirmed' | 'failed' | 'rejected' | 'expired' | 'cancelled'>;
  /** The operation's row as written with that status. */
  operation: UserOperationRow;
}

export type UserOperationOutcomeHandler = (trx: Transaction<DB>, outcome: UserOperationOutcome) => Promise<void>;

export class UserOperationOutcomes {
  readonly #handlers = new Map<string, UserOperationOutcomeHandler>();

  /** Registers the handler of `origin`; an origin has one handler. */
  register(origin: string, handler: UserOperationOutcomeHandler): void {
    if (this.#handlers.has(origin)) throw new Error(`user operation outcome handler ${origin} is registered twice`);
    this.#handlers.set(origin, handler);
  }

  /** Runs the handler of the operation's origin, if any, inside `trx`. */
  async deliver(trx: Transaction<DB>, outcome: UserOperationOutcome): Promise<void> {
    const origin = outcome.operation.origin;
    if (!origin) return;
    const handler = this.#handlers.get(origin);
    if (handler) await handler(trx, outcome);
  }
}
