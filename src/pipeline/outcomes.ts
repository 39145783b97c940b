import type { Transaction } from 'kysely';
import type { Address, Hex, Log } from 'viem';
import type { DB } from '../db/schema.ts';
import type { FinalTxStatus } from './states.ts';

/**
 * Outcome hooks: how a capability learns what became of the transactions it created.
 *
 * A capability tags each transaction it creates with an `origin` (e.g. `payments.sweep`,
 * `swaps.swap`) and registers one handler per origin. The pipeline runs the handler inside the
 * same database transaction that writes the final state, so a capability's record of "swept" or
 * "settled" can never disagree with the transaction it depends on: both commit or neither does.
 * A final state the chain later takes back (a confirmed transaction whose block was lost:
 * `reorged_after_final`) is delivered as a retraction, so the capability can undo what it did.
 *
 * Handlers do no network I/O (they hold row locks): what they need from the chain travels in
 * the outcome (receipt, logs).
 */

export type { FinalTxStatus };

/** A log of the receipt that made the transaction final (only when tracking read one). */
export interface OutcomeLog {
  address: string;
  topics: readonly string[];
  data: string;
  logIndex: number;
}

export interface TransactionOutcome {
  txId: string;
  /** Who created the transaction (the key handlers are registered under). */
  origin: string;
  chainId: number;
  /**
   * `final`: the transaction reached `status`. `retracted`: a final `status` the chain took back
   * (the transaction is pending again and will reach a final state anew).
   */
  kind: 'final' | 'retracted';
  status: FinalTxStatus;
  /** The transition's reason code (e.g. `confirmed`, `reverted_on_chain`, `reorged_after_final`). */
  reason: string;
  txHash: string | null;
  /** Gas used and effective price of the mined transaction, when there is one. */
  receipt: { gasUsed: string; effectiveGasPrice: string; blockNumber: string } | null;
  /** The receipt's logs, when the outcome came from reading the receipt (confirmed or reverted). */
  logs: readonly OutcomeLog[] | null;
  /** The transaction's metadata as created (the capability's own references). */
  metadata: Record<string, unknown>;
}

/**
 * An outcome's logs as viem logs (block and transaction fields null), so a handler decodes them
 * with `parseEventLogs` and its ABI.
 */
export function viemLogs(logs: readonly OutcomeLog[]): Log[] {
  return logs.map((l) => ({
    address: l.address as Address,
    topics: l.topics as [Hex, ...Hex[]],
    data: l.data as Hex,
    logIndex: l.logIndex,
    blockHash: null,
    blockNumber: null,
    transactionHash: null,
    transactionIndex: null,
    removed: false,
  }));
}

/** Runs inside the final state's database transaction; a throw rolls the final state back too. */
export type OutcomeHandler = (trx: Transaction<DB>, outcome: TransactionOutcome) => Promise<void>;

/** The registry of outcome handlers, one per origin. */
export class OutcomeHooks {
  private readonly handlers = new Map<string, OutcomeHandler>();

  /** Registers the handler of `origin`; a second registration of the same origin is a bug. */
  on(origin: string, handler: OutcomeHandler): void {
    if (this.handlers.has(origin)) throw new Error(`outcome handler for ${origin} registered twice`);
    this.handlers.set(origin, handler);
  }

  /** Whether some handler listens to `origin`. */
  has(origin: string): boolean {
    return this.handlers.has(origin);
  }

  /** Runs the handler of the outcome's origin (none registered: nothing to do). */
  async run(trx: Transaction<DB>, outcome: TransactionOutcome): Promise<void> {
    await this.handlers.get(outcome.origin)?.(trx, outcome);
  }
}
