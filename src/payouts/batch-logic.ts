/**
 * How a run's payable lines become transactions (pure): one exact `approve` of the batch payout
 * contract for the total, then `payout` calls of at most `maxRecipientsPerTx` recipients each,
 * fewer when `maxGasPerTx` would not hold them at `gasPerRecipient` each.
 */

/** Gas of a `payout` call before its first recipient (intrinsic cost, calldata head, the event). */
export const PAYOUT_BASE_GAS = 40_000;
/** Gas of an exact ERC-20 approval. */
export const APPROVE_GAS = 50_000;

export interface BatchSizing {
  maxRecipientsPerTx: number;
  maxGasPerTx: number;
  gasPerRecipient: number;
}

/** Recipients one `payout` transaction carries at most under `s` (at least 1). */
export function recipientsPerTx(s: BatchSizing): number {
  const byGas = Math.floor((s.maxGasPerTx - PAYOUT_BASE_GAS) / s.gasPerRecipient);
  return Math.max(1, Math.min(s.maxRecipientsPerTx, byGas));
}

/** `items` in chunks of at most `recipientsPerTx(s)`, in order. */
export function chunk<T>(items: readonly T[], s: BatchSizing): T[][] {
  const n = recipientsPerTx(s);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** Gas the run's transactions are expected to use (the preview's fee estimate). */
export function estimatedGas(recipients: number, s: BatchSizing): bigint {
  if (recipients === 0) return 0n;
  const txs = Math.ceil(recipients / recipientsPerTx(s));
  return BigInt(APPROVE_GAS + txs * PAYOUT_BASE_GAS + recipients * s.gasPerRecipient);
}
