/**
 * The pure rules of accruals (docs/payouts.md): stream accrual in exact bigint base units
 * over whole seconds, when a balance is worth paying, the fee of paying one recipient in the
 * asset, settlement windows and run keys, and the balance arithmetic whose invariant is
 * credited = accrued + reserved + paid.
 */

/** Stream rates are kept as base units per second × 10^18, so a rate below 1 base unit per second is exact. */
export const RATE_SCALE = 10n ** 18n;
/** Fractional digits a rate may carry beyond the asset's decimals. */
export const RATE_EXTRA_DECIMALS = 18;

/** A rate given in asset units per second (`"0.000001"`), scaled; null when it has too many decimals. */
export function scaledRate(rate: string, decimals: number): bigint | null {
  const [whole = '0', frac = ''] = rate.split('.');
  const places = decimals + RATE_EXTRA_DECIMALS;
  if (frac.length > places) return null;
  return BigInt(whole + frac.padEnd(places, '0'));
}

/** The times of a stream in whole seconds since the epoch (bigint, exact). */
export interface StreamTimes {
  rateScaled: bigint;
  startSec: bigint;
  /** Set when the stream has an end. */
  endSec: bigint | null;
  /** Set once stopped: nothing accrues after it. */
  stoppedSec: bigint | null;
}

/** Whole seconds of `ms` (floor). */
export function toSeconds(ms: number): bigint {
  return BigInt(Math.floor(ms / 1000));
}

/** The last second the stream accrues to at `atSec`: the earliest of now, its end and its stop. */
export function streamCutoff(s: StreamTimes, atSec: bigint): bigint {
  let t = atSec;
  if (s.endSec !== null && s.endSec < t) t = s.endSec;
  if (s.stoppedSec !== null && s.stoppedSec < t) t = s.stoppedSec;
  return t;
}

/**
 * Base units a stream has accrued from its start up to `atSec` (floor). Always computed from the
 * start, so settling at any instants never loses or creates the remainder below 1 base unit:
 * it stays in the next instant's total.
 */
export function streamAccruedAt(s: StreamTimes, atSec: bigint): bigint {
  const elapsed = streamCutoff(s, atSec) - s.startSec;
  return elapsed > 0n ? (s.rateScaled * elapsed) / RATE_SCALE : 0n;
}

/**
 * What a settlement at `atSec` moves into the balance (accrued up to it minus what earlier
 * settlements moved) and the fraction of a base unit carried (× RATE_SCALE).
 */
export function streamSettlement(s: StreamTimes, moved: bigint, atSec: bigint): { amount: bigint; carried: bigint } {
  const elapsed = streamCutoff(s, atSec) - s.startSec;
  const exact = elapsed > 0n ? s.rateScaled * elapsed : 0n;
  const total = exact / RATE_SCALE;
  const amount = total - moved;
  return { amount: amount > 0n ? amount : 0n, carried: exact % RATE_SCALE };
}

/** What a stream is at `atSec`: not started, running, ended (its end passed) or stopped. */
export function streamStatus(s: StreamTimes, atSec: bigint): 'scheduled' | 'active' | 'ended' | 'stopped' {
  if (s.stoppedSec !== null && s.stoppedSec <= atSec) return 'stopped';
  if (s.endSec !== null && s.endSec <= atSec) return 'ended';
  return s.startSec > atSec ? 'scheduled' : 'active';
}

/** The start of the window of `intervalSec` that holds `atSec` (settlement instants are window starts). */
export function windowStart(atSec: bigint, intervalSec: number): bigint {
  const i = BigInt(intervalSec);
  return (atSec / i) * i;
}

/** The run key of one chain, asset and settlement window: the same window answers the same run. */
export function accrualRunKey(chainId: number, asset: string, windowSec: bigint): string {
  return `accruals:${chainId}:${asset.toLowerCase()}:${windowSec}`;
}

/** What the fee of paying one recipient in a batch is made of. */
export interface FeeFacts {
  gasPerRecipient: bigint;
  /** Wei per gas (the network's current max fee). */
  gasPrice: bigint;
  nativeDecimals: number;
  /** USD price × 10^8 of the native coin and of the asset; null when unknown. */
  nativeUsd8: bigint | null;
  assetUsd8: bigint | null;
  assetDecimals: number;
}

/** The fee of paying one recipient, in the asset's base units (rounded up); null when a price is unknown. */
export function feeInAsset(f: FeeFacts): bigint | null {
  if (f.nativeUsd8 === null || f.assetUsd8 === null || f.nativeUsd8 <= 0n || f.assetUsd8 <= 0n) return null;
  const num = f.gasPerRecipient * f.gasPrice * f.nativeUsd8 * 10n ** BigInt(f.assetDecimals);
  const den = 10n ** BigInt(f.nativeDecimals) * f.assetUsd8;
  return (num + den - 1n) / den;
}

/** Why a balance is paid now, or null when it waits. */
export type DueReason = 'threshold' | 'interval' | 'stream';

/** One balance as the due rule sees it. */
export interface DueFacts {
  accrued: bigint;
  firstUnpaidAt: Date | null;
  /** Stream money was moved in at a settlement instant and waits to be paid. */
  streamDue: boolean;
  /** After a released line, nothing is paid before this time. */
  retryAfter?: Date | null;
}

/**
 * Whether a balance is worth paying now (never before its retry time, after a released line): stream money at its settlement instant, at least
 * `feeMultiple` × the fee of paying it (unknown fee: never by amount), or its oldest unpaid
 * credit older than `maxIntervalSeconds`.
 */
export function dueReason(
  b: DueFacts,
  rule: { fee: bigint | null; feeMultiple: number; maxIntervalSeconds: number; now: Date },
): DueReason | null {
  if (b.accrued <= 0n) return null;
  if (b.retryAfter && b.retryAfter.getTime() > rule.now.getTime()) return null;
  if (b.streamDue) return 'stream';
  if (rule.fee !== null && b.accrued >= rule.fee * BigInt(rule.feeMultiple)) return 'threshold';
  if (b.firstUnpaidAt && rule.now.getTime() - b.firstUnpaidAt.getTime() >= rule.maxIntervalSeconds * 1000)
    return 'interval';
  return null;
}

/** The amounts of one balance. */
export interface BalanceAmounts {
  credited: bigint;
  accrued: bigint;
  reserved: bigint;
  paid: bigint;
}

export const emptyBalance = (): BalanceAmounts => ({ credited: 0n, accrued: 0n, reserved: 0n, paid: 0n });

/** The invariant every change keeps: nothing created, nothing lost. */
export function balanceHolds(b: BalanceAmounts): boolean {
  return b.credited === b.accrued + b.reserved + b.paid && b.accrued >= 0n && b.reserved >= 0n && b.paid >= 0n;
}

/** A credit (or stream money) in. */
export function credit(b: BalanceAmounts, amount: bigint): BalanceAmounts {
  return { ...b, credited: b.credited + amount, accrued: b.accrued + amount };
}

/** Everything accrued handed to a run. */
export function reserveAll(b: BalanceAmounts): { balance: BalanceAmounts; reserved: bigint } {
  return { balance: { ...b, accrued: 0n, reserved: b.reserved + b.accrued }, reserved: b.accrued };
}

/** A reservation made final: paid, or released back to accrued (failed or carried lines). */
export function settleReservation(b: BalanceAmounts, amount: bigint, outcome: 'paid' | 'released'): BalanceAmounts {
  if (amount > b.reserved) throw new Error(`settling ${amount} with only ${b.reserved} reserved`);
  return outcome === 'paid'
    ? { ...b, reserved: b.reserved - amount, paid: b.paid + amount }
    : { ...b, reserved: b.reserved - amount, accrued: b.accrued + amount };
}
