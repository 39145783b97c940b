import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { keel, unwrap } from '../api.ts';
import { Card, Empty, Kpi, Page, QueryView } from '../components.tsx';
import { duration, groupDecimal, humanize, usd } from '../format.ts';
import { type Quantiles, type SettlementReport, settlementReport } from '../types.ts';
import { PaymentsTabs } from './Payments.tsx';

const RANGES = [
  ['7d', '7 days', 7],
  ['30d', '30 days', 30],
  ['90d', '90 days', 90],
] as const;

/** The settlement report: time to seen / final / swept, sweep gas, all-in cost beside card and wire. */
export function SettlementReportPage() {
  const [range, setRange] = useState<(typeof RANGES)[number][0]>('30d');
  const days = RANGES.find((r) => r[0] === range)![2];
  // Up to the next whole minute: polls within a minute share one query key; the period moves on with the clock.
  const to = new Date(Math.ceil((Date.now() + 1) / 60_000) * 60_000);
  const from = new Date(to.getTime() - days * 86_400_000);
  const q = useQuery({
    queryKey: ['settlement', range, to.toISOString()],
    queryFn: () =>
      unwrap(
        keel.GET('/v1/reports/settlement', { params: { query: { from: from.toISOString(), to: to.toISOString() } } }),
      ).then(settlementReport),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  return (
    <Page
      title="Settlement report"
      intro="For the intents created in the period: how long until the payment was seen, final and swept to the treasury, what sweeping cost in gas, and the all-in cost as a share of volume beside legacy rails."
      actions={<PaymentsTabs active="report" />}
    >
      <div className="segmented fit" role="group" aria-label="Period">
        {RANGES.map(([k, label]) => (
          <button key={k} type="button" className={k === range ? 'seg active' : 'seg'} onClick={() => setRange(k)}>
            {label}
          </button>
        ))}
      </div>
      <QueryView q={q} what="Loading the report">
        {(r) => <Report r={r} />}
      </QueryView>
    </Page>
  );
}

function Report({ r }: { r: SettlementReport }) {
  const t = r.totals;
  if (t.intents === 0) return <Empty>No payment intents were created in this period.</Empty>;
  const gasNative = Object.entries(t.sweepGas).find(([k]) => k !== 'usd');
  const costs = [
    {
      name: 'Keel (sweep gas)',
      percent: t.costPercent,
      rule: 'network fees of sweeping, shared among the deposits of each sweep',
    },
    ...t.comparators.map((c) => ({ name: humanize(c.name), percent: c.costPercent, rule: c.rule })),
  ];
  const maxPct = Math.max(0.01, ...costs.map((c) => Number(c.percent ?? 0)));
  return (
    <>
      <div className="kpis" data-testid="report-kpis">
        <Kpi
          label="Intents"
          value={t.intents}
          hint={Object.entries(t.byStatus)
            .map(([s, n]) => `${n} ${s.replace('_', ' ')}`)
            .join(' · ')}
        />
        <Kpi label="Settled" value={t.settled} tone={t.settled > 0 ? 'good' : undefined} />
        <Kpi
          label="Volume settled"
          value={usd(t.volumeUsd)}
          hint={t.unpricedIntents ? `${t.unpricedIntents} without a USD price` : undefined}
        />
        <Kpi
          label="All-in cost"
          value={t.costPercent === null ? '—' : `${t.costPercent}%`}
          hint={`sweep gas ${usd(t.sweepGas.usd ?? null)}${gasNative ? ` (${groupDecimal(gasNative[1] ?? '0', 8)} ${gasNative[0]})` : ''}`}
          testId="report-cost"
        />
      </div>
      <div className="grid2">
        <Card title="Cost as a share of volume">
          <ul className="barlist" data-testid="report-costs">
            {costs.map((c) => (
              <li key={c.name}>
                <div className="barlist-label">
                  <strong>{c.name}</strong> — {c.percent === null ? '—' : `${c.percent}%`}{' '}
                  <span className="muted small">{c.rule}</span>
                </div>
                <div className="barlist-bar">
                  <span
                    style={{
                      width: `${Math.max(0.5, (Number(c.percent ?? 0) / maxPct) * 100)}%`,
                      background: c.name.startsWith('Keel') ? '#2f8f5b' : '#94a3b8',
                    }}
                  />
                </div>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Time from creation">
          <table className="table" data-testid="report-timings">
            <thead>
              <tr>
                <th>Until the payment was…</th>
                <th className="num">median</th>
                <th className="num">90th percentile</th>
                <th className="num">slowest</th>
              </tr>
            </thead>
            <tbody>
              <Timing label="seen" q={t.timings.toSeen} />
              <Timing label="final (confirmed)" q={t.timings.toConfirmed} />
              <Timing label="swept to the treasury" q={t.timings.toSwept} />
            </tbody>
          </table>
          <p className="muted small">Over settled intents. Time to seen includes the payer’s own time to pay.</p>
        </Card>
      </div>
      <Card title="Settled intents">
        {r.intents.length === 0 ? (
          <Empty>No intent settled in this period.</Empty>
        ) : (
          <table className="table rows" data-testid="report-intents">
            <thead>
              <tr>
                <th>Payment intent</th>
                <th className="num">Amount</th>
                <th className="num">USD</th>
                <th className="num">Seen</th>
                <th className="num">Final</th>
                <th className="num">Swept</th>
                <th className="num">Sweep gas (USD)</th>
              </tr>
            </thead>
            <tbody>
              {r.intents.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link href={`/payments/${i.id}`} className="mono">
                      {i.id}
                    </Link>
                  </td>
                  <td className="num">
                    {groupDecimal(i.amount)} {i.asset}
                  </td>
                  <td className="num">{usd(i.amountUsd)}</td>
                  <td className="num">{duration(i.secondsToSeen)}</td>
                  <td className="num">{duration(i.secondsToConfirmed)}</td>
                  <td className="num">{duration(i.secondsToSwept)}</td>
                  <td className="num">{i.sweepGas.usd ? `$${Number(i.sweepGas.usd).toFixed(4)}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}

function Timing({ label, q }: { label: string; q: Quantiles }) {
  return (
    <tr>
      <td>{label}</td>
      <td className="num">{duration(q.p50)}</td>
      <td className="num">{duration(q.p90)}</td>
      <td className="num">{duration(q.max)}</td>
    </tr>
  );
}
