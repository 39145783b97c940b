import type { DepositReason } from './tables.ts';

/**
 * The pure rules of payment acceptance: how a transfer arriving at a deposit address is
 * classified, and what an intent's status and amounts are given everything that arrived.
 * The store recomputes an intent with `intentState` after every change (a transfer seen, a
 * confirmation, a reorganisation, expiry, cancellation), so the rules live in one place.
 */

/** A payment intent's statuses: the one list (table type, API enums and filters derive from it). */
export const INTENT_STATUSES = [
  'requires_payment',
  'processing',
  'succeeded',
  'underpaid',
  'expired',
  'cancelled',
] as const;
export type IntentStatus = (typeof INTENT_STATUSES)[number];

export interface IntentFacts {
  status: IntentStatus;
  asset: string;
  amount: bigint;
  chains: readonly number[];
  expiresAt: Date;
  lateUntil: Date;
}

export interface DepositFacts {
  kind: 'payment' | 'unexpected';
  status: 'pending' | 'confirmed' | 'reorged';
  amount: bigint;
  late: boolean;
}

/**
 * How a transfer to an intent's address counts. Credited (`payment`) when it is the requested
 * asset on an accepted chain, made before the late window closed, to an intent not cancelled;
 * `late` when made after expiry. Anything else is `unexpected` with its reason: recorded,
 * flagged for a person, refundable, never silently dropped.
 */
export function classifyDeposit(
  intent: Pick<IntentFacts, 'status' | 'asset' | 'chains' | 'expiresAt' | 'lateUntil'>,
  d: { chainId: number; asset: string | null; blockTime: Date },
): { kind: 'payment' | 'unexpected'; reason: DepositReason | null; late: boolean } {
  const late = d.blockTime.getTime() > intent.expiresAt.getTime();
  if (intent.status === 'cancelled') return { kind: 'unexpected', reason: 'intent_cancelled', late };
  if (d.asset !== intent.asset) return { kind: 'unexpected', reason: 'wrong_asset', late };
  if (!intent.chains.includes(d.chainId)) return { kind: 'unexpected', reason: 'wrong_chain', late };
  if (d.blockTime.getTime() > intent.lateUntil.getTime())
    return { kind: 'unexpected', reason: 'after_late_window', late };
  return { kind: 'payment', reason: null, late };
}

export interface IntentState {
  status: IntentStatus;
  /** Credited and final. */
  received: bigint;
  /** Credited, waiting for confirmations. */
  pending: bigint;
  paidLate: boolean;
  /** Something arrived that was not credited (a person should look). */
  needsAttention: boolean;
}

/**
 * An intent's state from its deposits at `now`. Succeeded once final credited payments reach
 * the amount (less the tolerance); processing while what was seen would reach it but waits
 * for confirmations; after expiry with less, underpaid (something arrived) or expired
 * (nothing). A cancelled intent stays cancelled. Reorganised deposits count for nothing.
 */
export function intentState(
  intent: IntentFacts,
  deposits: readonly DepositFacts[],
  now: Date,
  toleranceBps: number,
): IntentState {
  let received = 0n;
  let pending = 0n;
  let paidLate = false;
  let needsAttention = false;
  for (const d of deposits) {
    if (d.status === 'reorged') continue;
    if (d.kind !== 'payment') {
      needsAttention = true;
      continue;
    }
    if (d.status === 'confirmed') received += d.amount;
    else pending += d.amount;
    if (d.late) paidLate = true;
  }
  const threshold = intent.amount - (intent.amount * BigInt(toleranceBps)) / 10_000n;
  let status: IntentStatus;
  if (intent.status === 'cancelled') status = 'cancelled';
  else if (received >= threshold) status = 'succeeded';
  else if (received + pending >= threshold) status = 'processing';
  else if (now.getTime() >= intent.expiresAt.getTime()) status = received + pending > 0n ? 'underpaid' : 'expired';
  else status = 'requires_payment';
  return { status, received, pending, paidLate, needsAttention };
}

/** What can still be refunded: everything final that arrived (credited or not) less refunds already made. */
export function refundable(finalArrived: bigint, refunded: bigint): bigint {
  const r = finalArrived - refunded;
  return r > 0n ? r : 0n;
}

/** An EIP-681 payment URI for an ERC-20 transfer (what a wallet's QR scanner understands). */
export function eip681(token: string, chainId: number, to: string, amount: bigint): string {
  return `ethereum:${token}@${chainId}/transfer?address=${to}&uint256=${amount.toString()}`;
}
