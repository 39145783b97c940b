import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearch } from 'wouter';
import { keel, unwrap } from '../api.ts';
import { Chart } from '../Chart.tsx';
import { Card, Empty, Kpi, QueryView, Status, useNow } from '../components.tsx';
import { duration, groupDecimal, percent, relative, short, usd } from '../format.ts';
import { appendSample, EMPTY_HISTORY, type RpcHistory } from '../rpc-history.ts';
import type { Overview } from '../types.ts';

const RANGES = { '1h': 3_600, '24h': 86_400, '7d': 7 * 86_400, '30d': 30 * 86_400 } as const;
type Range = keyof typeof RANGES;

const C = { good: '#2f8f5b', bad: '#c2410c', warn: '#b7791f', info: '#2563eb', muted: '#94a3b8', violet: '#7c3aed' };
const pct = (v: number) => `${Math.round(v * 100)}%`;
const secs = (v: number) => duration(v);
const dollars = (v: number) => (v >= 1000 ? `$${Math.round(v / 100) / 10}k` : `$${Math.round(v)}`);
const count = (v: number) => String(Math.round(v));
const ms = (v: number) => `${Math.round(v * 10) / 10} ms`;
const LINE_COLORS = [C.info, C.violet, C.good, C.warn, C.bad, C.muted];

/** Pilot metrics at a glance, polled every few seconds, over a chosen range. */
export function OverviewPage() {
  const search = new URLSearchParams(useSearch());
  const range: Range = (search.get('range') as Range) in RANGES ? (search.get('range') as Range) : '24h';
  const now = useNow();
  const q = useQuery({
    queryKey: ['overview', range],
    queryFn: () => {
      const to = new Date();
      const from = new Date(to.getTime() - RANGES[range] * 1000);
      return unwrap(
        keel.GET('/v1/stats/overview', { params: { query: { from: from.toISOString(), to: to.toISOString() } } }),
      );
    },
  });
  // Keel keeps only each endpoint's current health: the latency history is sampled here.
  const [rpcHistory, setRpcHistory] = useState<RpcHistory>(EMPTY_HISTORY);
  useEffect(() => {
    if (q.data) setRpcHistory((h) => appendSample(h, q.data.rpc, q.data.generatedAt));
  }, [q.data]);

  return (
    <section className="page">
      <header className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="intro">
            How the pilot is doing: transactions, settlement, reviews, breakers, webhooks and RPC endpoints. Updates
            every few seconds.
          </p>
        </div>
        <div className="segmented" role="group" aria-label="Time range">
          {(Object.keys(RANGES) as Range[]).map((r) => (
            <Link key={r} href={`/?range=${r}`} className={r === range ? 'seg active' : 'seg'}>
              {r}
            </Link>
          ))}
        </div>
      </header>
      <QueryView q={q} what="Loading the figures">
        {(o) => <OverviewBody o={o} now={now} rpcHistory={rpcHistory} />}
      </QueryView>
    </section>
  );
}

const NEEDS_ADMIN = 'Shown to keys with the admin scope';
const NEEDS_WEBHOOKS = 'Shown to keys with the webhooks:write scope';

function OverviewBody({ o, now, rpcHistory }: { o: Overview; now: number; rpcHistory: RpcHistory }) {
  const t = o.transactions;
  const wh = o.webhooks;
  const whOk = wh ? wh.succeeded.reduce((a, x) => a + x, 0) : 0;
  const whBad = wh ? wh.failed.reduce((a, x) => a + x, 0) : 0;
  const br = o.breakers;
  const maxReason = Math.max(1, ...o.revertReasons.map((x) => x.count));
  const unhealthy = o.rpc.flatMap((c) => c.endpoints).filter((e) => e.status !== 'healthy').length;
  return (
    <>
      <div className="kpis">
        <Kpi
          label="Success rate"
          value={percent(t.totals.successRate)}
          hint={`${t.totals.confirmed} confirmed · ${t.totals.reverted + t.totals.failed} failed or reverted`}
          tone={t.totals.successRate !== null && t.totals.successRate < 0.95 ? 'bad' : 'good'}
          testId="kpi-success"
        />
        <Kpi
          label="Volume settled"
          value={usd(o.volume.totalUsd)}
          hint={`${o.volume.count.reduce((a, x) => a + x, 0)} confirmed transactions`}
        />
        <Kpi
          label="Time to settle (median)"
          value={duration(o.settle.overall.p50Seconds)}
          hint={`95th percentile ${duration(o.settle.overall.p95Seconds)} · on chain ${duration(o.settle.overall.onChainP50Seconds)}`}
        />
        <Kpi
          label="Pending reviews"
          value={o.reviews.pending}
          hint={
            o.reviews.oldestWaitingSince
              ? `oldest waiting since ${relative(o.reviews.oldestWaitingSince, now)}`
              : 'nothing waiting'
          }
          tone={o.reviews.pending ? 'warn' : ''}
          testId="kpi-reviews"
        />
        {br ? (
          <Kpi
            label="Open breakers"
            value={br.open.length}
            hint={br.open.length ? br.open.map((b) => b.key).join(', ') : 'all closed'}
            tone={br.open.length ? 'bad' : 'good'}
            testId="kpi-breakers"
          />
        ) : (
          <Kpi label="Open breakers" value="—" hint={NEEDS_ADMIN} testId="kpi-breakers" />
        )}
        {wh ? (
          <Kpi
            label="Webhook deliveries"
            value={whOk + whBad ? percent(whOk / (whOk + whBad)) : '—'}
            hint={`${wh.pendingDeliveries} pending · ${wh.failedDeliveries} given up · ${wh.endpoints.failing} failing endpoint${wh.endpoints.failing === 1 ? '' : 's'}`}
            tone={wh.failedDeliveries || wh.endpoints.failing ? 'warn' : ''}
            testId="kpi-webhooks"
          />
        ) : (
          <Kpi label="Webhook deliveries" value="—" hint={NEEDS_WEBHOOKS} testId="kpi-webhooks" />
        )}
        <Kpi label="In flight" value={t.inFlight} hint="queued, signed or submitted now" />
        <Kpi
          label="RPC endpoints"
          value={unhealthy ? `${unhealthy} degraded` : 'All healthy'}
          hint={`${o.rpc.reduce((a, c) => a + c.endpoints.length, 0)} endpoints on ${o.rpc.length} chains`}
          tone={unhealthy ? 'bad' : 'good'}
        />
      </div>

      <div className="grid2">
        <Card title="Transaction outcomes" extra={<span className="muted small">per {o.bucket}</span>}>
          <Chart
            testId="chart-outcomes"
            buckets={o.buckets}
            format={count}
            integer
            series={[
              { label: 'Confirmed', values: t.confirmed, color: C.good, bars: true },
              { label: 'Reverted', values: t.reverted, color: C.bad },
              { label: 'Failed', values: t.failed, color: C.warn },
              { label: 'Rejected', values: t.rejected, color: C.muted },
            ]}
          />
        </Card>
        <Card
          title="Success rate"
          extra={<span className="muted small">confirmed ÷ (confirmed + reverted + failed)</span>}
        >
          <Chart
            buckets={o.buckets}
            format={pct}
            series={[{ label: 'Success rate', values: t.successRate, color: C.good }]}
          />
        </Card>
        <Card title="Time to settle" extra={<span className="muted small">created → confirmed</span>}>
          <Chart
            buckets={o.buckets}
            format={secs}
            series={[
              { label: 'Median', values: o.settle.p50Seconds, color: C.info },
              { label: '95th pct', values: o.settle.p95Seconds, color: C.violet },
              { label: 'On chain (median)', values: o.settle.onChainP50Seconds, color: C.good },
            ]}
          />
        </Card>
        <Card title="Volume settled (USD)">
          <Chart
            buckets={o.buckets}
            format={dollars}
            series={[{ label: 'USD', values: o.volume.usd.map(Number), color: C.info, bars: true }]}
          />
        </Card>
        <Card title="Human reviews">
          <Chart
            buckets={o.buckets}
            format={count}
            integer
            series={[
              { label: 'Requested', values: o.reviews.requested, color: C.warn },
              { label: 'Approved', values: o.reviews.approved, color: C.good },
              { label: 'Rejected', values: o.reviews.rejected, color: C.bad },
              { label: 'Expired', values: o.reviews.expired, color: C.muted },
            ]}
          />
        </Card>
        <Card title="Webhook delivery attempts">
          {wh ? (
            <Chart
              buckets={o.buckets}
              format={count}
              integer
              series={[
                { label: 'Delivered (2xx)', values: wh.succeeded, color: C.good, bars: true },
                { label: 'Failed', values: wh.failed, color: C.bad },
              ]}
            />
          ) : (
            <Empty>{NEEDS_WEBHOOKS}</Empty>
          )}
        </Card>
      </div>

      <div className="grid2">
        <Card title="Revert and failure reasons">
          {o.revertReasons.length === 0 ? (
            <Empty>No reverted or failed transactions in this range.</Empty>
          ) : (
            <ul className="barlist">
              {o.revertReasons.map((r) => (
                <li key={`${r.status}-${r.reason}`}>
                  <div className="barlist-label">
                    <Status value={r.status} /> {r.reason}
                  </div>
                  <div className="barlist-bar">
                    <span style={{ width: `${(r.count / maxReason) * 100}%` }} />
                    <b>{r.count}</b>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Open circuit breakers" extra={<Link href="/breakers">Manage</Link>}>
          {!br ? (
            <Empty>{NEEDS_ADMIN}</Empty>
          ) : br.open.length === 0 ? (
            <Empty>Every breaker is closed: swaps and protocols are available.</Empty>
          ) : (
            <table className="table">
              <tbody>
                {br.open.map((b) => (
                  <tr key={b.key}>
                    <td>
                      <code>{b.key}</code>
                    </td>
                    <td>{b.reason}</td>
                    <td className="muted">{relative(b.trippedAt, now)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>

      <div className="grid2">
        <Card title="Volume by asset">
          {o.volume.byAsset.length === 0 ? (
            <Empty>No confirmed transfers in this range.</Empty>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Chain</th>
                  <th>Asset</th>
                  <th className="num">Amount</th>
                  <th className="num">Transactions</th>
                </tr>
              </thead>
              <tbody>
                {o.volume.byAsset.map((a) => (
                  <tr key={`${a.chainId}-${a.symbol}`}>
                    <td>{a.chainId}</td>
                    <td>{a.symbol}</td>
                    <td className="num">{groupDecimal(a.amount, 2)}</td>
                    <td className="num">{a.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card title="RPC endpoints" extra={<span className="muted small">as this API server sees them now</span>}>
          <table className="table" data-testid="rpc-health">
            <thead>
              <tr>
                <th>Chain</th>
                <th>Endpoint</th>
                <th>Status</th>
                <th className="num">Latency</th>
                <th className="num">Failures</th>
              </tr>
            </thead>
            <tbody>
              {o.rpc.flatMap((c) =>
                c.endpoints.map((e) => (
                  <tr key={`${c.chainId}-${e.url}`}>
                    <td>
                      {c.name} <span className="muted">({c.chainId})</span>
                    </td>
                    <td>
                      <code>{e.url}</code>
                      {e.lastError && (
                        <div className="muted small" title={e.lastError}>
                          last error {relative(e.lastErrorAt, now)}: {short(e.lastError.slice(0, 80))}
                        </div>
                      )}
                    </td>
                    <td>
                      <Status value={e.status} />
                    </td>
                    <td className="num">{e.latencyMs === null ? '—' : `${e.latencyMs} ms`}</td>
                    <td className="num">{e.consecutiveFailures}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </Card>
      </div>

      <div className="grid2">
        {rpcHistory.chains.map((c) => (
          <Card
            key={c.chainId}
            title={`RPC latency — ${c.name} (${c.chainId})`}
            extra={
              <span className="muted small">
                sampled every few seconds since this page opened; gaps: endpoint not healthy
              </span>
            }
          >
            <Chart
              testId={`chart-rpc-${c.chainId}`}
              buckets={rpcHistory.at}
              format={ms}
              height={150}
              series={c.endpoints.map((e, i) => ({
                label: e.url,
                values: e.latency,
                color: LINE_COLORS[i % LINE_COLORS.length]!,
              }))}
            />
          </Card>
        ))}
      </div>
    </>
  );
}
