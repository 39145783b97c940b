/**
 * The hosted checkout's rules, pure (no DOM, no clock unless passed), so they are unit-tested:
 * which phase a payment is in, the words the payer reads for it, the countdown, and the payment
 * URI for what is still due.
 */

import type { CheckoutView, Money } from '../types.ts';

export type { CheckoutView, Money };

export type Phase = 'waiting' | 'partial' | 'seen' | 'confirmed' | 'expired' | 'underpaid' | 'cancelled';

/** Where the payment stands, as the payer sees it. */
export function phaseOf(v: Pick<CheckoutView, 'status' | 'amountReceived' | 'amountPending'>): Phase {
  switch (v.status) {
    case 'processing':
      return 'seen';
    case 'succeeded':
      return 'confirmed';
    case 'underpaid':
    case 'expired':
    case 'cancelled':
      return v.status;
    default:
      return BigInt(v.amountReceived.baseUnits) + BigInt(v.amountPending.baseUnits) > 0n ? 'partial' : 'waiting';
  }
}

/** Phases in which the payer may still send (the address and QR code are shown). */
export const OPEN_PHASES: readonly Phase[] = ['waiting', 'partial'];
/** Phases that will not change by themselves (polled slowly: only a late payment can move them). */
export const END_PHASES: readonly Phase[] = ['confirmed', 'expired', 'underpaid', 'cancelled'];

/** `10` + `25` → "10 of 25" amounts: what arrived (final or still confirming) of what is due. */
export function arrived(v: Pick<CheckoutView, 'amountReceived' | 'amountPending' | 'asset'>): string {
  return fromBase(
    (BigInt(v.amountReceived.baseUnits) + BigInt(v.amountPending.baseUnits)).toString(),
    v.asset.decimals,
  );
}

/** A base-unit integer string in whole units, every significant digit kept. */
export function fromBase(baseUnits: string, decimals: number): string {
  const v = BigInt(baseUnits);
  const scale = 10n ** BigInt(decimals);
  const frac = (v % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${v / scale}${frac ? `.${frac}` : ''}`;
}

/**
 * The EIP-681 URI for what is still due: the API's URI when nothing arrived yet, else the same
 * URI with the remaining amount, so a wallet scanning the code asks for the rest, not the whole.
 */
export function uriForRemaining(paymentUri: string, amount: Money, remaining: Money): string {
  if (remaining.baseUnits === amount.baseUnits) return paymentUri;
  return paymentUri.replace(/([?&]uint256=)\d+/, `$1${remaining.baseUnits}`);
}

/** `14:05`, `1:02:03`, `0:00` for a number of milliseconds left. */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The headline and the sentence under it, per phase, in the same plain words as the API's messages. */
export function headline(v: CheckoutView, phase: Phase): { title: string; text: string } {
  const due = `${v.amount.amount} ${v.asset.symbol}`;
  const got = `${arrived(v)} ${v.asset.symbol}`;
  switch (phase) {
    case 'waiting':
      return {
        title: 'Waiting for your payment',
        text: `Send exactly ${due} to the address below. This page updates by itself.`,
      };
    case 'partial':
      return {
        title: `Received ${arrived(v)} of ${due}`,
        text: `Send the remaining ${v.amountRemaining.amount} ${v.asset.symbol} to the same address to complete this payment.`,
      };
    case 'seen': {
      const waiting = v.payments.filter((p) => p.status === 'pending');
      const c = waiting[0]?.confirmations;
      return {
        title: 'Payment seen — waiting for confirmations',
        text: `Your payment of ${got} is on the network${c ? ` (${c.current} of ${c.required} confirmations)` : ''}. No need to send anything else.`,
      };
    }
    case 'confirmed':
      return { title: 'Payment confirmed', text: `${got} received. Thank you — you can close this page.` };
    case 'expired':
      return {
        title: 'This payment request has expired',
        text: 'Nothing was received. Please do not send anything to this address; ask the merchant for a new payment request.',
      };
    case 'underpaid':
      return {
        title: `Expired with ${arrived(v)} of ${due} received`,
        text: 'The payment was not completed in time. The merchant has been notified and can refund what you sent or ask you for the rest.',
      };
    case 'cancelled':
      return {
        title: 'This payment request was cancelled',
        text: 'Please do not send anything to this address. If you already did, the merchant has been notified and can refund it.',
      };
  }
}

/** One payment's state in words: "Confirming (1 of 3)", "Confirmed", "Not accepted". */
export function paymentState(p: CheckoutView['payments'][number]): string {
  if (p.status === 'confirmed') return 'Confirmed';
  if (p.status === 'not_accepted') return 'Not accepted — the merchant can refund it';
  return `Confirming (${p.confirmations.current} of ${p.confirmations.required})`;
}

/** "Keel Dev A", "Keel Dev A or Keel Dev B", "A, B or C". */
export function orList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
