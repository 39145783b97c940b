/**
 * Display formatting for the dashboard. Pure functions (no DOM, no clock unless passed), so
 * they are unit-tested. Money stays a decimal string or bigint: never a float.
 */

/** `0x1234…abcd` for addresses and hashes; other strings unchanged. */
export function short(s: string | null | undefined, keep = 4): string {
  if (!s) return '—';
  if (/^0x[0-9a-fA-F]{16,}$/.test(s)) return `${s.slice(0, 2 + keep)}…${s.slice(-keep)}`;
  return s;
}

/** Thousands separators on a decimal string, keeping every fractional digit given (at most `maxFraction`). */
export function groupDecimal(value: string, maxFraction = 6): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return value;
  const [, sign, int, frac] = m;
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const f = (frac ?? '').slice(0, maxFraction).replace(/0+$/, '');
  return `${sign}${grouped}${f ? `.${f}` : ''}`;
}

/** `$12,000.00` from a USD decimal string (rounded down to cents, as a display). */
export function usd(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return value;
  const cents = ((m[3] ?? '') + '00').slice(0, 2);
  return `${m[1]}$${groupDecimal(m[2]!)}.${cents}`;
}

/** A signed base-unit integer string in whole units: `-12000000` with 6 decimals → `-12`. */
export function fromBaseUnits(baseUnits: string, decimals: number): string {
  let v = BigInt(baseUnits);
  const neg = v < 0n;
  if (neg) v = -v;
  const scale = 10n ** BigInt(decimals);
  const int = v / scale;
  const frac = (v % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** `+1,200.5` / `-3` with grouping, for balance changes. */
export function signed(decimal: string): string {
  const g = groupDecimal(decimal);
  return g.startsWith('-') ? g : `+${g}`;
}

/** `42 s`, `3 min 5 s`, `2 h 10 min`, `3 d 4 h`. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, seconds);
  if (s < 10) return `${Math.round(s * 10) / 10} s`;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const r = Math.round(s % 60);
    return r ? `${m} min ${r} s` : `${m} min`;
  }
  if (s < 86_400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(s / 86_400);
  const h = Math.round((s % 86_400) / 3600);
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** `just now`, `5 min ago`, `in 3 h` relative to `now` (ms). */
export function relative(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const diff = (now - Date.parse(iso)) / 1000;
  if (Math.abs(diff) < 5) return 'just now';
  return diff > 0 ? `${duration(diff)} ago` : `in ${duration(-diff)}`;
}

/** `2025-06-01 09:30:12 UTC`: unambiguous for operators in any time zone. */
export function utc(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** `98.5%` from a 0–1 rate; `—` when there is none. */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}

/** `review_approved` → `Review approved`. */
export function humanize(code: string): string {
  const s = code.replace(/[_.]/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export type Tone = 'good' | 'bad' | 'warn' | 'info' | 'neutral';

/** The colour family of a status word (transactions, deliveries, breakers, endpoints). */
export function tone(status: string): Tone {
  switch (status) {
    case 'confirmed':
    case 'succeeded':
    case 'healthy':
    case 'closed':
    case 'active':
    case 'enabled':
    case 'allow':
    case 'approved':
      return 'good';
    case 'reverted':
    case 'failed':
    case 'rejected':
    case 'open':
    case 'deny':
    case 'wrong_chain':
    case 'disabled':
    case 'reorged':
      return 'bad';
    case 'pending_review':
    case 'review':
    case 'underpaid':
    case 'cooling':
    case 'proposed':
    case 'expired':
      return 'warn';
    case 'queued':
    case 'signed':
    case 'submitted':
    case 'pending':
    case 'delivering':
    case 'processing':
    case 'requires_payment':
      return 'info';
    default:
      return 'neutral';
  }
}
