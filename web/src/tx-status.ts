import type { TxStatus } from './types.ts';

/**
 * Whether each transaction status is final (nothing more will happen barring a reorg), in the
 * order the dashboard lists them. A Record over the generated `TxStatus` (server:
 * src/pipeline/states.ts), so a status added or removed on the server fails the dashboard's
 * type check until it is placed here.
 */
const FINAL: Record<TxStatus, boolean> = {
  pending_policy: false,
  pending_review: false,
  queued: false,
  signed: false,
  submitted: false,
  confirmed: true,
  reverted: true,
  failed: true,
  rejected: true,
  cancelled: true,
  expired: true,
};

/** Every transaction status, in display order. */
export const TX_STATUSES = Object.keys(FINAL) as TxStatus[];

/** Whether a transaction in `status` is done (the detail page stops polling). */
export function isFinalTx(status: TxStatus): boolean {
  return FINAL[status];
}
