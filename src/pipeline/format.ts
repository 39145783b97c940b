import { getAddress, type Address } from 'viem';
import { USD_DECIMALS } from '../lib/prices.ts';

/**
 * Pure number, address, time and duration formatting for plain-language previews.
 *
 * Token amounts are shown EXACTLY (never rounded: a signing surface must not hide value),
 * with thousands separators, trailing zeros trimmed, but at least two fraction digits when
 * the asset has two or more decimals ("1,200.00", "0.033", "0.000000000000000001").
 * USD values are informative and rounded to cents. See docs/previews.md.
 */

/** Hex characters kept on each side of a shortened address (after `0x`). */
export const SHORT_ADDRESS_CHARS = 4;

/** Groups the integer digits of a non-negative decimal string by thousands. */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Formats `baseUnits` of an asset with `decimals` decimals: exact, grouped, signed when
 * negative. `minFraction` (default 2, capped at `decimals`) pads short fractions;
 * `maxFraction` shortens longer ones by rounding AWAY from zero (used for fee ceilings only).
 */
export function formatAmount(
  baseUnits: bigint,
  decimals: number,
  opts: { minFraction?: number; maxFraction?: number; signed?: boolean } = {},
): string {
  const negative = baseUnits < 0n;
  let abs = negative ? -baseUnits : baseUnits;
  let places = decimals;
  if (opts.maxFraction !== undefined && opts.maxFraction < decimals) {
    const drop = 10n ** BigInt(decimals - opts.maxFraction);
    abs = (abs + drop - 1n) / drop;
    places = opts.maxFraction;
  }
  const scale = 10n ** BigInt(places);
  const int = abs / scale;
  let frac = places > 0 ? (abs % scale).toString().padStart(places, '0').replace(/0+$/, '') : '';
  const min = Math.min(opts.minFraction ?? 2, places);
  if (frac.length < min) frac = frac.padEnd(min, '0');
  const body = groupThousands(int.toString()) + (frac ? `.${frac}` : '');
  if (negative) return `-${body}`;
  return opts.signed && abs > 0n ? `+${body}` : body;
}

/**
 * A USD value given in 1e-8 USD, rounded half-up to cents: "$1,296.00", "-$3.50".
 * A non-zero value below one cent reads "less than $0.01" so it never looks like zero.
 */
export function formatUsd8(usd8: bigint, opts: { signed?: boolean } = {}): string {
  const negative = usd8 < 0n;
  const abs = negative ? -usd8 : usd8;
  const sign = negative ? '-' : opts.signed && abs > 0n ? '+' : '';
  const centUnit = 10n ** BigInt(USD_DECIMALS - 2);
  if (abs > 0n && abs < centUnit / 2n) return `${sign}less than $0.01`;
  const cents = (abs + centUnit / 2n) / centUnit;
  return `${sign}$${groupThousands((cents / 100n).toString())}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/** "0x97a7…1750": checksummed, `SHORT_ADDRESS_CHARS` hex characters kept on each side. */
export function shortAddress(address: string): string {
  const a = safeChecksum(address);
  return `${a.slice(0, 2 + SHORT_ADDRESS_CHARS)}…${a.slice(-SHORT_ADDRESS_CHARS)}`;
}

/** EIP-55 form of an address; the input unchanged when it is not a valid address. */
export function safeChecksum(address: string): string {
  try {
    return getAddress(address as Address);
  } catch {
    return address;
  }
}

/**
 * A unix time (seconds) as "12:03 UTC" when it falls on the same UTC day as `now`, else
 * "2026-11-25 12:03 UTC". Out-of-range values (e.g. max uint256 deadlines) read "no deadline".
 */
export function formatUtcTime(unixSeconds: bigint, now?: Date): string {
  // Beyond year ~275,000 a Date cannot hold it; such deadlines mean "never" in practice.
  if (unixSeconds > 8_640_000_000_000n) return 'no deadline';
  const d = new Date(Number(unixSeconds) * 1000);
  const iso = d.toISOString();
  const hm = iso.slice(11, 16);
  if (now && now.toISOString().slice(0, 10) === iso.slice(0, 10)) return `${hm} UTC`;
  return `${iso.slice(0, 10)} ${hm} UTC`;
}

/** A duration for people: "2 seconds", "1 minute", "13 minutes", "2 hours". Rounded. */
export function formatDuration(seconds: number): string {
  const unit = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds < 90) return unit(Math.max(1, Math.round(seconds)), 'second');
  if (seconds < 90 * 60) return unit(Math.round(seconds / 60), 'minute');
  return unit(Math.round(seconds / 3600), 'hour');
}
