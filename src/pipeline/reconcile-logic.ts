/**
 * The pure rules of reconciliation (reconcile.ts): how a block Keel recorded as holding a final
 * transaction compares with the chain, when that proves a rollback, which recorded blocks are
 * affected, and which nonces became holes. Plain data in, plain data out (the bisection takes
 * the chain as a callback), so each rule is tested without a chain or a database.
 */

import { MINED_FINAL_STATUSES } from './states.ts';

/** A block Keel recorded as holding a final transaction (from its receipt). */
export interface RecordedBlock {
  number: bigint;
  hash: string;
}

/**
 * How a recorded block compares with the chain: `same` (the chain has it), `changed` (the chain
 * has another block at that number: proof of a reorganisation below it), `missing` (the chain's
 * head is below it: a rollback, or only a node that is behind).
 */
export type BlockEvidence = 'same' | 'changed' | 'missing';

/** `chainHash`: the chain's block hash at `recorded.number`, null when the node has no block there. */
export function blockEvidence(recorded: RecordedBlock, head: bigint, chainHash: string | null): BlockEvidence {
  if (recorded.number > head || chainHash === null) return 'missing';
  return chainHash.toLowerCase() === recorded.hash.toLowerCase() ? 'same' : 'changed';
}

/**
 * The index of the first recorded block (ascending by number) the chain no longer has, or
 * `recorded.length` when it has them all, by bisection: each block hash commits to every
 * block below it, so once a recorded block is not on the chain, no recorded block above it
 * is either, and reading O(log n) blocks finds the boundary.
 */
export async function firstNotOnChain<T extends RecordedBlock>(
  recorded: readonly T[],
  onChain: (b: T) => Promise<boolean>,
): Promise<number> {
  let lo = 0;
  let hi = recorded.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (await onChain(recorded[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What one pass concludes for a chain. */
export type Verdict = 'consistent' | 'suspect' | 'rolled_back';

/**
 * A changed block is proof. A chain whose head is merely below recorded blocks may be a node
 * that is behind, not a rollback: that counts only when the previous pass saw the same thing
 * (`suspectedBefore`: the same newest missing block), so a lagging endpoint never flags a
 * final transaction, while a chain that really lost blocks is acted on one interval later.
 */
export function verdict(e: { changed: boolean; missing: RecordedBlock | null; suspectedBefore: string | null }): {
  verdict: Verdict;
  suspicion: string | null;
} {
  if (e.changed) return { verdict: 'rolled_back', suspicion: null };
  if (!e.missing) return { verdict: 'consistent', suspicion: null };
  const key = suspicionKey(e.missing);
  return { verdict: e.suspectedBefore === key ? 'rolled_back' : 'suspect', suspicion: key };
}

/** Identifies a suspicion across passes: the newest recorded block found above the chain's head. */
export function suspicionKey(b: RecordedBlock): string {
  return `${b.number}:${b.hash.toLowerCase()}`;
}

/** A nonce allocation at or above the chain's nonce after a rollback, with what its holder is now. */
export interface NonceHolder {
  nonce: number;
  status: 'broadcast' | 'skipped';
  /** The holder's state (null: the nonce's ref is no transaction, e.g. a gap filler). */
  txStatus: string | null;
  /** The holder's nonce now (it may have moved to another one). */
  txNonce: number | null;
  /** The holder has a receipt on record (it was final with a mined attempt). */
  txMined: boolean;
}

/** Who still sends something at its nonce after a rollback. */
const LIVE = new Set(['signed', 'submitted']);

/**
 * The nonces that became holes after a rollback: every nonce at or above the chain's nonce
 * needs a transaction that will be sent again, or nothing above it can be mined. A live
 * holder (signed, submitted — re-submitted transactions included) sends its own stored bytes,
 * and a final holder with a receipt is re-submitted by the reconciler itself. Anything else at
 * such a nonce — a gap filler (its bytes are not stored), a transaction that failed or moved on
 * to another nonce, a nonce skipped because the chain had used it outside Keel — will never be
 * sent again: it is a hole, to be reopened and filled (the caller first checks that no node
 * still holds its transaction).
 */
export function lostNonces(rows: readonly NonceHolder[]): number[] {
  return rows
    .filter((r) => {
      if (r.status === 'skipped' || r.txStatus === null || r.txNonce !== r.nonce) return true;
      if (LIVE.has(r.txStatus)) return false;
      return !(MINED_FINAL_STATUSES.has(r.txStatus) && r.txMined);
    })
    .map((r) => r.nonce)
    .sort((a, b) => a - b);
}
