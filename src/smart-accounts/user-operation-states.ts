/**
 * The user-operation state machine (pure), the twin of the transaction machine
 * (src/pipeline/states.ts) for ERC-4337 operations. Every change of state goes through
 * `canTransitionUserOp`, so a worker resuming after a crash, a reviewer, an external signer and a
 * cancellation racing each other can never move an operation along an edge that does not exist.
 *
 *   pending_policy → rejected | pending_review | queued | failed
 *   pending_review → queued | rejected | expired | cancelled
 *   queued         → awaiting_signature (external owner or session key) | signed (custodial) | failed | cancelled
 *   awaiting_signature → signed | expired | cancelled | failed
 *   signed         → submitted | failed | expired
 *   submitted      → included | submitted (re-sent after the bundler dropped it) | failed | expired
 *   included       → confirmed | failed (included but its calls reverted: success = false) | submitted (reorged out)
 *   confirmed      → submitted (reorged out after it counted: a rollback deeper than the confirmations)
 *
 * `failed` with `success = false` is an operation the chain executed and reverted (gas was paid);
 * `failed` otherwise never ran. `expired`: its review, signature or sponsorship window ran out.
 */

export const USER_OP_STATUSES = [
  'pending_policy',
  'rejected',
  'pending_review',
  'queued',
  'awaiting_signature',
  'signed',
  'submitted',
  'included',
  'confirmed',
  'failed',
  'expired',
  'cancelled',
] as const;

export type UserOpStatus = (typeof USER_OP_STATUSES)[number];

const EDGES: Readonly<Record<UserOpStatus, readonly UserOpStatus[]>> = {
  pending_policy: ['rejected', 'pending_review', 'queued', 'failed'],
  pending_review: ['queued', 'rejected', 'expired', 'cancelled'],
  queued: ['awaiting_signature', 'signed', 'failed', 'cancelled'],
  awaiting_signature: ['signed', 'expired', 'cancelled', 'failed'],
  signed: ['submitted', 'failed', 'expired'],
  submitted: ['submitted', 'included', 'failed', 'expired'],
  included: ['confirmed', 'failed', 'submitted'],
  confirmed: ['submitted'],
  // an included operation whose calls reverted is final as `failed`, and a reorg can still take it back
  failed: ['submitted'],
  rejected: [],
  expired: [],
  cancelled: [],
};

/** States in which nothing more will happen (barring a reorg of a mined result). */
export const FINAL_USER_OP_STATUSES = [
  'confirmed',
  'failed',
  'rejected',
  'expired',
  'cancelled',
] as const satisfies readonly UserOpStatus[];
export const FINAL_USER_OP_SET: ReadonlySet<UserOpStatus> = new Set(FINAL_USER_OP_STATUSES);

/** Whether `from → to` is an edge of the machine (`failed → submitted` only for a mined failure: the caller checks `success`). */
export function canTransitionUserOp(from: UserOpStatus, to: UserOpStatus): boolean {
  return EDGES[from].includes(to);
}

/** States whose policy window usage is given back: the operation moved nothing. */
export function userOpReleasesUsage(status: UserOpStatus, mined: boolean): boolean {
  return (status === 'failed' && !mined) || status === 'rejected' || status === 'expired' || status === 'cancelled';
}
