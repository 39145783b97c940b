import { getAddress, type Address } from 'viem';
import type { MandateDocument } from './mandate.ts';
import type { Position, PositionVault } from './position.ts';

/**
 * The watcher's rules (pure): given a mandate's active document and its live position, which
 * vaults misbehave and why. Each rule that fires on a vault is an alert; any alert trips that
 * vault's breaker (no new deposits) and, under `onBreaker: 'propose_withdrawal'`, makes Keel
 * propose the withdrawal plan (the rollback path). The watcher (watcher.ts) does the I/O.
 */

/** Why a vault's breaker trips, as a stable code (the `rule` of `treasury.alert`). */
export type WatchRule = 'drawdown' | 'code_changed' | 'max_withdraw_failed' | 'withdrawals_paused';

export const WATCH_RULES: readonly WatchRule[] = [
  'drawdown',
  'code_changed',
  'max_withdraw_failed',
  'withdrawals_paused',
];

/** One rule that fired on one vault, with a sentence saying what was seen. */
export interface WatchAlert {
  rule: WatchRule;
  detail: string;
}

/** The verdict on one vault of the mandate. */
export interface VaultVerdict {
  vault: Address;
  alerts: WatchAlert[];
  /** Some rule fired: the vault's breaker must be open. */
  trip: boolean;
  /** The account holds value in it (a withdrawal plan has something to take out). */
  holdsValue: boolean;
}

/**
 * What a vault says of its own pause switch (`withdrawalsPaused()` or `paused()`): true or
 * false when it answered, null when it exposes neither (most vaults).
 */
export type PausedSignal = boolean | null;

/**
 * Judges every vault of the position against the mandate. `paused` is keyed by vault address
 * (any case); a vault absent from it exposes no pause view. Vaults come out in the mandate's order.
 */
export function judgeVaults(
  mandate: MandateDocument,
  position: Pick<Position, 'vaults'>,
  paused: ReadonlyMap<string, PausedSignal> = new Map(),
): VaultVerdict[] {
  const pausedOf = new Map([...paused].map(([k, v]) => [k.toLowerCase(), v]));
  return position.vaults.map((v) => {
    const alerts = vaultAlerts(mandate, v, pausedOf.get(v.address.toLowerCase()) ?? null);
    const value = v.value === null ? null : BigInt(v.value.baseUnits);
    return { vault: getAddress(v.address), alerts, trip: alerts.length > 0, holdsValue: value !== null && value > 0n };
  });
}

/** The rules one vault breaks (see {@link WatchRule}). */
export function vaultAlerts(mandate: MandateDocument, v: PositionVault, paused: PausedSignal): WatchAlert[] {
  const out: WatchAlert[] = [];
  if (v.drawdown.over === true)
    out.push({
      rule: 'drawdown',
      detail: `share price ${v.sharePrice} is ${v.drawdown.bps} bps below its recorded high of ${v.drawdown.highSharePrice}; the mandate allows ${mandate.maxDrawdownBps} bps`,
    });
  if (v.code.matchesMandate === false)
    out.push({
      rule: 'code_changed',
      detail: v.code.implementation
        ? `the code at the vault or its implementation (${v.code.implementation}, code hash ${v.code.implementationCodeHash}) is not the code the mandate approved`
        : `the vault's code hash ${v.code.codeHash} is not the code the mandate approved`,
    });
  const mwFailure = v.failures.find((f) => f.call === 'maxWithdraw');
  if (v.maxWithdraw === null)
    out.push({
      rule: 'max_withdraw_failed',
      detail: `maxWithdraw could not be read${mwFailure ? `: ${mwFailure.error}` : ''}; what the vault lets out is unknown`,
    });
  const value = v.value === null ? 0n : BigInt(v.value.baseUnits);
  const maxWithdraw = v.maxWithdraw === null ? null : BigInt(v.maxWithdraw.baseUnits);
  if (paused === true)
    out.push({
      rule: 'withdrawals_paused',
      detail: `the vault reports its withdrawals paused; withdrawable now: ${v.maxWithdraw?.amount ?? 'unknown'} of ${v.value?.amount ?? 'unknown'} held`,
    });
  else if (maxWithdraw === 0n && value > 0n)
    out.push({
      rule: 'withdrawals_paused',
      detail: `maxWithdraw is 0 while the account holds ${v.value!.amount} in the vault: nothing can come out now`,
    });
  return out;
}

/** The breaker's reason: the rules that tripped it, each with its detail (bounded for the column). */
export function tripReason(alerts: readonly WatchAlert[]): string {
  const text = `treasury watch: ${alerts.map((a) => `${a.rule} (${a.detail})`).join('; ')}`;
  return text.length > 480 ? `${text.slice(0, 477)}...` : text;
}

/**
 * Of the alerts a vault raises now, those not yet sent while its breaker has been open
 * (`sent`: the rules already alerted since it tripped). A breaker trips once; each rule is
 * alerted once per trip; a new rule on an open breaker is still alerted.
 */
export function newAlerts(alerts: readonly WatchAlert[], sent: ReadonlySet<string>): WatchAlert[] {
  return alerts.filter((a) => !sent.has(a.rule));
}
