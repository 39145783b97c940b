import type { PaymentDeposit, PaymentIntent } from './types.ts';

/**
 * Plain-language words for payment intents in the dashboard (pure, unit-tested): status
 * labels, why a payment was not credited, and what an operator should do about it.
 */

export const INTENT_STATUS_LABEL: Record<PaymentIntent['status'], string> = {
  requires_payment: 'Waiting for payment',
  processing: 'Confirming',
  succeeded: 'Succeeded',
  underpaid: 'Underpaid',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

/** Why a deposit was recorded but not credited, and what to do. */
export function depositReason(d: Pick<PaymentDeposit, 'kind' | 'reason' | 'late'>): string | null {
  if (d.kind === 'unexpected') {
    switch (d.reason) {
      case 'wrong_asset':
        return 'Another token than the one asked for: not credited. Refund it to the sender.';
      case 'wrong_chain':
        return 'Sent on a network this payment does not accept: not credited. Refund it to the sender.';
      case 'intent_cancelled':
        return 'Arrived after the payment was cancelled: not credited. Refund it to the sender.';
      case 'after_late_window':
        return 'Arrived after the late window closed: not credited. Refund it to the sender.';
      default:
        return 'Not credited. Refund it to the sender.';
    }
  }
  if (d.late) return 'Arrived after the payment expired, within the late window: credited, flagged as paid late.';
  return null;
}

/** A deposit's confirmation state in words. */
export function depositState(d: Pick<PaymentDeposit, 'status' | 'sweptAt'>): string {
  if (d.status === 'reorged') return 'Removed by a chain reorganisation (counts for nothing)';
  if (d.status === 'pending') return 'Waiting for confirmations';
  return d.sweptAt ? 'Confirmed, swept to the treasury' : 'Confirmed';
}

/** An intent can be cancelled only while nothing is on its way. */
export function cancellable(pi: Pick<PaymentIntent, 'status' | 'amountPending'>): boolean {
  return pi.status === 'requires_payment' && BigInt(pi.amountPending.baseUnits) === 0n;
}
