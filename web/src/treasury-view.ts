/**
 * Pure helpers of the Treasury page (pages/Treasury*.tsx): basis points as percents, a limit
 * ("10 % or 10,000 tUSD") in words, the share-price series aligned for one chart, and where a
 * plan's movements stand. No DOM, no clock: unit-tested.
 */
import { groupDecimal } from './format.ts';

/** `40 %`, `12.5 %` from basis points; `—` for none. */
export function bps(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return `${groupDecimal((v / 100).toFixed(2))} %`;
}

/** A mandate limit in words: `50 %`, `10,000 tUSD`, or both (`10 % or 10,000 tUSD`). */
export function limitText(l: { amount?: string; bps?: number }, symbol: string): string {
  const parts = [
    ...(l.bps !== undefined ? [bps(l.bps)] : []),
    ...(l.amount !== undefined ? [`${groupDecimal(l.amount)} ${symbol}`] : []),
  ];
  return parts.join(' or ') || '—';
}

/**
 * An amount with its symbol, grouped, at most `maxFraction` decimals (cut, for display; the full
 * amount goes in a title): `12,000.5 tUSD`; `—` for none.
 */
export function amountText(a: { amount: string } | null | undefined, symbol: string, maxFraction = 6): string {
  return a ? `${groupDecimal(a.amount, maxFraction)} ${symbol}` : '—';
}

/** One vault's recorded share prices, as the share-prices route answers them. */
export interface PriceSeries {
  label: string;
  points: ReadonlyArray<{ blockTime: string; sharePrice: string }>;
}

/**
 * The vaults' share prices on one time axis for the chart: every recorded time once, in order,
 * and per vault its price at that time or null where it was not recorded then. Share prices are
 * display numbers here (a chart), never money.
 */
export function alignSeries(series: readonly PriceSeries[]): {
  times: string[];
  values: Array<Array<number | null>>;
} {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.blockTime)))].sort(
    (a, b) => Date.parse(a) - Date.parse(b),
  );
  const values = series.map((s) => {
    const at = new Map(s.points.map((p) => [p.blockTime, Number(p.sharePrice)]));
    return times.map((t) => at.get(t) ?? null);
  });
  return { times, values };
}

/** A plan's movements by status, and whether nothing is left to wait for. */
export function movementProgress(movements: ReadonlyArray<{ status: string }>): {
  counts: Record<string, number>;
  settled: boolean;
} {
  const counts: Record<string, number> = {};
  for (const m of movements) counts[m.status] = (counts[m.status] ?? 0) + 1;
  const settled = movements.every((m) => m.status === 'confirmed' || m.status === 'failed');
  return { counts, settled };
}

/** What a plan review reason means, in words. */
export function reviewReasonText(code: string): string {
  if (code === 'review_threshold') return 'The plan moves more than the mandate’s review threshold.';
  if (code === 'daily_movement') return 'The plan would exceed the mandate’s daily movement.';
  return code;
}
