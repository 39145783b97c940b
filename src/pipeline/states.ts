/**
 * The transaction state machine (pure). A transaction starts in `pending_policy`, and every
 * change of state goes through `canTransition`, so a worker resuming after a crash, a
 * reviewer and a cancellation racing each other can never move a transaction along an edge
 * that does not exist. Steps inside a state (included in a block, reorged out, fee bumped,
 * re-broadcast) are recorded in the history with the same status.
 */

export const TX_STATUSES = [
  'pending_policy',
  'rejected',
  'pending_review',
  'queued',
  'signed',
  'submitted',
  'confirmed',
  'reverted',
  'failed',
  'expired',
  'cancelled',
] as const;

/** A transaction's status (the `status` column and the API's `status`). */
export type TxStatus = (typeof TX_STATUSES)[number];

const EDGES: Readonly<Record<TxStatus, readonly TxStatus[]>> = {
  // policy decided (and simulation ran): refused, to a human, or to the signer; a predicted revert fails it
  pending_policy: ['rejected', 'pending_review', 'queued', 'failed'],
  pending_review: ['queued', 'rejected', 'expired', 'cancelled'],
  queued: ['signed', 'failed', 'cancelled'],
  // `queued` again when its nonce was lost before broadcast (the chain used it outside Keel)
  signed: ['submitted', 'queued', 'failed', 'cancelled'],
  // `submitted` again: included, reorged out, fee bumped or re-broadcast
  submitted: ['submitted', 'confirmed', 'reverted', 'failed', 'cancelled'],
  // a block reorged away after it counted (chains whose finality is the `finalized` tag)
  confirmed: ['submitted'],
  reverted: ['submitted'],
  cancelled: ['submitted'],
  rejected: [],
  failed: [],
  expired: [],
};

/**
 * States in which nothing more will happen (barring a reorg of a mined result): the one list
 * for SQL `in (…)` filters and for checks (`FINAL_STATUSES`).
 */
export const FINAL_TX_STATUSES = [
  'confirmed',
  'reverted',
  'failed',
  'rejected',
  'expired',
  'cancelled',
] as const satisfies readonly TxStatus[];
export type FinalTxStatus = (typeof FINAL_TX_STATUSES)[number];
export const FINAL_STATUSES: ReadonlySet<TxStatus> = new Set(FINAL_TX_STATUSES);

/**
 * Final states reached by a mined transaction (it has a receipt): the ones a reorg or a chain
 * rollback can take back to `submitted`. Reconciliation compares these with the chain.
 */
export const MINED_FINAL_TX_STATUSES = [
  'confirmed',
  'reverted',
  'cancelled',
] as const satisfies readonly FinalTxStatus[];
export const MINED_FINAL_STATUSES: ReadonlySet<string> = new Set(MINED_FINAL_TX_STATUSES);

/** Whether `from → to` is an edge of the machine. */
export function canTransition(from: TxStatus, to: TxStatus): boolean {
  return EDGES[from].includes(to);
}

/** The states reachable from `from` in one step. */
export function nextStatuses(from: TxStatus): readonly TxStatus[] {
  return EDGES[from];
}

/** States whose window usage (policy limits) is given back: the transaction moved nothing. */
export function releasesUsage(status: TxStatus): boolean {
  return status === 'rejected' || status === 'failed' || status === 'expired' || status === 'cancelled';
}
