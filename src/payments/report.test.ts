import { describe, expect, it } from 'vitest';
import { buildReport, type ReportIntentRow } from './report.ts';

const t0 = new Date('2026-01-01T00:00:00Z');
const row = (id: string, over: Partial<ReportIntentRow> = {}): ReportIntentRow => ({
  id,
  status: 'succeeded',
  asset: 'tUSD',
  decimals: 6,
  amount: '100000000',
  amountReceived: '100000000',
  createdAt: t0,
  firstSeenAt: new Date(t0.getTime() + 5_000),
  succeededAt: new Date(t0.getTime() + 20_000),
  sweptAt: new Date(t0.getTime() + 80_000),
  sweepGasWei: 10n ** 14n,
  sweepGasUsd8: 30_000_000n, // $0.30
  ...over,
});

describe('buildReport', () => {
  it('totals volume, sweep gas and cost beside the comparators; timings per intent and as quantiles', () => {
    const r = buildReport(
      [
        row('a'),
        row('b', { amountReceived: '300000000', firstSeenAt: new Date(t0.getTime() + 7_000) }),
        row('c', { status: 'expired', amountReceived: '0' }),
      ],
      { tUSD: 100_000_000n },
      [
        { name: 'card', percent: '2.9', fixedUsd: '0.30' },
        { name: 'wire', percent: '0', fixedUsd: '25' },
      ],
      'ETH',
    );
    expect(r.totals).toMatchObject({
      intents: 3,
      settled: 2,
      byStatus: { succeeded: 2, expired: 1 },
      volumeUsd: '400',
      costPercent: '0.15',
    });
    expect(r.totals.sweepGas).toEqual({ ETH: '0.0002', usd: '0.6' });
    // card: 2.9% of 400 + 2 × 0.30 = 12.2; wire: 2 × 25 = 50
    expect(r.totals.comparators).toEqual([
      { name: 'card', rule: '2.9% + 0.30 USD per payment', costUsd: '12.2', costPercent: '3.05' },
      { name: 'wire', rule: '0% + 25 USD per payment', costUsd: '50', costPercent: '12.5' },
    ]);
    expect(r.intents[0]).toMatchObject({
      id: 'a',
      amount: '100',
      amountUsd: '100',
      secondsToSeen: 5,
      secondsToConfirmed: 20,
      secondsToSwept: 80,
    });
    expect(r.totals.timings.toSeen).toEqual({ p50: 5, p90: 7, max: 7 });
  });

  it('an empty period reports zeros and no percentages', () => {
    const r = buildReport([], {}, [{ name: 'card', percent: '2.9', fixedUsd: '0.30' }], 'ETH');
    expect(r.totals).toMatchObject({ intents: 0, settled: 0, volumeUsd: '0', costPercent: null });
    expect(r.totals.timings.toConfirmed).toEqual({ p50: null, p90: null, max: null });
  });
});
