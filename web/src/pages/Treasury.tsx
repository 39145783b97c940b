import { useQuery } from '@tanstack/react-query';
import { Link, Redirect } from 'wouter';
import { Addr } from '../address-book.tsx';
import { keel, unwrap } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Chart } from '../Chart.tsx';
import { Card, Empty, Kpi, Page, QueryView, Status } from '../components.tsx';
import { utc } from '../format.ts';
import { alignSeries, amountText, bps } from '../treasury-view.ts';
import type { TreasuryMandate, TreasuryPosition } from '../types.ts';
import { MandateDocumentCard, MandateProposals } from './TreasuryMandate.tsx';
import { PlanCard } from './TreasuryPlan.tsx';

const COLORS = ['#2563eb', '#16a34a', '#f59e0b', '#9333ea', '#dc2626', '#0891b2'];

/**
 * Treasury (docs/dashboard.md#treasury): the mandates, and for the one selected its live position
 * (allocations against target and cap, buffer, yield, APY, breaches, code checks), its vaults'
 * share prices over 30 days, the active document with proposals to approve or reject, and plan
 * review (make a plan, read its preview, execute it, follow its movements).
 */
export function TreasuryPage({ id }: { id?: string }) {
  const list = useQuery({
    queryKey: ['treasury-mandates'],
    queryFn: () => unwrap(keel.GET('/v1/treasury/mandates', { params: { query: { limit: 100 } } })),
    refetchInterval: 10_000,
  });
  return (
    <Page
      title="Treasury"
      intro="Idle funds deployed into ERC-4626 vaults under approved mandates: where they are against the limits, what they earn, and the plans that move them."
    >
      <Card title="Mandates">
        <QueryView q={list}>
          {(l) =>
            l.data.length === 0 ? (
              <Empty>No mandate yet. Propose one through the API (POST /v1/treasury/mandates).</Empty>
            ) : (
              <>
                {!id && <Redirect to={`/treasury/${(l.data.find((m) => m.activeVersion) ?? l.data[0])!.id}`} replace />}
                <MandateList mandates={l.data} selected={id} />
              </>
            )
          }
        </QueryView>
      </Card>
      {id && <MandateDetail id={id} />}
    </Page>
  );
}

function MandateList({ mandates, selected }: { mandates: TreasuryMandate[]; selected?: string }) {
  return (
    <table className="table rows" data-testid="mandate-list">
      <thead>
        <tr>
          <th>Mandate</th>
          <th>Chain</th>
          <th>Account</th>
          <th>Asset</th>
          <th>Status</th>
          <th>Active version</th>
          <th>Proposals</th>
        </tr>
      </thead>
      <tbody>
        {mandates.map((m) => (
          <tr key={m.id} data-mandate={m.id} aria-selected={m.id === selected}>
            <td>
              <Link href={`/treasury/${m.id}`}>{m.id === selected ? <strong>{m.name}</strong> : m.name}</Link>
              <div className="muted small mono-small">{m.id}</div>
            </td>
            <td>{m.chainId}</td>
            <td>
              {m.signer} <Addr address={m.account} chainId={m.chainId} />
            </td>
            <td>{m.asset.symbol}</td>
            <td>
              <Status value={m.status === 'active' ? 'active' : 'pending'} label={m.status} />
            </td>
            <td>{m.activeVersion ? `v${m.activeVersion.version}` : '—'}</td>
            <td>{m.proposals.length || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MandateDetail({ id }: { id: string }) {
  const { can } = useAuth();
  const m = useQuery({
    queryKey: ['treasury-mandate', id],
    queryFn: () => unwrap(keel.GET('/v1/treasury/mandates/{id}', { params: { path: { id } } })),
    refetchInterval: 10_000,
  });
  return (
    <QueryView q={m} what="Reading the mandate">
      {(mandate) => (
        <div data-testid="mandate-detail" data-mandate={mandate.id}>
          <h2 className="section-title">{mandate.name}</h2>
          {mandate.activeVersion ? (
            <>
              <Position mandate={mandate} />
              <Alerts mandate={mandate} />
              <SharePrices mandate={mandate} />
              {can('treasury:write') && <PlanCard mandate={mandate} />}
            </>
          ) : (
            <Card>
              <Empty>This mandate has no active version yet: its first version waits for approvals.</Empty>
            </Card>
          )}
          <MandateProposals mandate={mandate} />
          {mandate.activeVersion && <MandateDocumentCard mandate={mandate} version={mandate.activeVersion} />}
        </div>
      )}
    </QueryView>
  );
}

/** The watcher's alerts (last 30 days, newest first): rule, vault, breaker and the withdrawal plan it proposed. */
function Alerts({ mandate }: { mandate: TreasuryMandate }) {
  const q = useQuery({
    queryKey: ['treasury-alerts', mandate.id],
    queryFn: () => unwrap(keel.GET('/v1/treasury/mandates/{id}/alerts', { params: { path: { id: mandate.id } } })),
    refetchInterval: 10_000,
  });
  return (
    <Card title="Alerts" extra={<span className="muted small">the vault watcher, last 30 days</span>}>
      <QueryView q={q} what="Reading the alerts">
        {(l) =>
          l.data.length === 0 ? (
            <p className="notice good" data-testid="no-alerts">
              No alert: every vault's price, code and withdrawals as approved.
            </p>
          ) : (
            <ul className="reasons" data-testid="alerts">
              {l.data.map((a, i) => (
                <li key={i} className="warning" data-rule={a.rule}>
                  ⚠ {a.detail}
                  <div className="muted small">
                    <code>{a.rule}</code> <Addr address={a.vault} chainId={a.chainId} /> breaker{' '}
                    <code>{a.breaker}</code> at block {a.positionBlock}
                    {a.planId && <> · withdrawal plan {a.planId} proposed for review</>}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
    </Card>
  );
}

function Position({ mandate }: { mandate: TreasuryMandate }) {
  const q = useQuery({
    queryKey: ['treasury-position', mandate.id],
    queryFn: () => unwrap(keel.GET('/v1/treasury/mandates/{id}/position', { params: { path: { id: mandate.id } } })),
    refetchInterval: 10_000,
  });
  return (
    <QueryView q={q} what="Reading the position on chain">
      {(p) => <PositionView p={p} chainId={mandate.chainId} />}
    </QueryView>
  );
}

function PositionView({ p, chainId }: { p: TreasuryPosition; chainId: number }) {
  const sym = p.asset.symbol;
  // Two decimals on screen (cut, never rounded up); the exact amount on hover.
  const amt = (a: { amount: string } | null | undefined) => (
    <span title={a ? `${a.amount} ${sym}` : undefined}>{amountText(a, sym, 2)}</span>
  );
  const apy = (k: 'd7' | 'd30') => {
    const withApy = p.vaults.filter((v) => v.apy[k]);
    return withApy.length ? withApy.map((v) => `${v.label ?? 'vault'} ${bps(v.apy[k]!.bps)}`).join(' · ') : '—';
  };
  return (
    <>
      <div className="kpis" data-testid="treasury-kpis">
        <Kpi
          label="Total"
          value={amt(p.total)}
          hint={p.totalIncomplete ? 'incomplete: a vault could not be read' : `at block ${p.blockNumber}`}
          testId="kpi-total"
        />
        <Kpi label="Deployed" value={amt(p.deployed)} testId="kpi-deployed" />
        <Kpi label="Withdrawable now" value={amt(p.withdrawableNow)} testId="kpi-withdrawable" />
        <Kpi
          label="Buffer (actual / required)"
          value={amt(p.buffer.actual)}
          hint={
            <>
              required {amt(p.buffer.required)} ({p.buffer.binding === 'bps' ? '%' : 'amount'} binds)
            </>
          }
          tone={p.buffer.ok ? 'good' : 'bad'}
          testId="kpi-buffer"
        />
      </div>
      <div className="kpis">
        <Kpi label="Cost basis" value={amt(p.yield.costBasis)} testId="kpi-cost-basis" />
        <Kpi label="Realised yield" value={amt(p.yield.realised)} testId="kpi-realised" />
        <Kpi label="Unrealised yield" value={amt(p.yield.unrealised)} testId="kpi-unrealised" />
        <Kpi label="APY 7 d / 30 d" value={<span className="small">{apy('d7')}</span>} hint={apy('d30')} />
      </div>
      <Card
        title="Breaches"
        extra={<span className="muted small">read {utc(p.blockTime)}</span>}
        className={p.breaches.length ? 'breaches' : ''}
      >
        {p.breaches.length === 0 ? (
          <p className="notice good" data-testid="no-breaches">
            Inside the mandate: no rule broken.
          </p>
        ) : (
          <ul className="reasons" data-testid="breaches">
            {p.breaches.map((b, i) => (
              <li key={i} className="warning">
                ⚠ {b.detail}
                <div className="muted small">
                  <code>{b.rule}</code> {b.vault && <Addr address={b.vault} chainId={chainId} />}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Allocations">
        <table className="table" data-testid="allocations">
          <thead>
            <tr>
              <th>Vault</th>
              <th className="num">Value</th>
              <th>Allocation vs target and cap</th>
              <th className="num">APY 7 d</th>
              <th className="num">APY 30 d</th>
              <th>Code check</th>
            </tr>
          </thead>
          <tbody>
            {p.vaults.map((v) => {
              const a = v.allocation;
              const capBps = p.total.baseUnits === '0' ? null : capShare(a.cap.baseUnits, p.total.baseUnits);
              return (
                <tr key={v.address} data-vault={v.address}>
                  <td>
                    <strong>{v.label ?? 'Vault'}</strong>
                    <div>
                      <Addr address={v.address} chainId={chainId} />
                    </div>
                    {v.prices.stale && <Status value="expired" label="price stale" />}
                  </td>
                  <td className="num">{amt(v.value)}</td>
                  <td>
                    <AllocationBar bps={a.bps} targetBps={a.targetBps} capBps={capBps} over={a.overCap === true} />
                    <div className="small" data-testid="allocation-text">
                      {bps(a.bps)} <span className="muted">of total · target {bps(a.targetBps)} · cap</span>{' '}
                      {amt(a.cap)}
                      {capBps !== null && <span className="muted"> ({bps(capBps)})</span>}
                      {a.overCap && <span className="warn-text"> — over cap</span>}
                    </div>
                  </td>
                  <td className="num">{bps(v.apy.d7?.bps)}</td>
                  <td className="num">{bps(v.apy.d30?.bps)}</td>
                  <td data-testid="code-check">
                    {v.code.matchesMandate === null ? (
                      <Status value="unknown" label="not read" />
                    ) : v.code.matchesMandate ? (
                      <Status value="confirmed" label="matches mandate" />
                    ) : (
                      <Status value="failed" label="code changed" />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Card>
    </>
  );
}

/** A cap in base units as basis points of the total (bigint arithmetic: money never as a float). */
function capShare(capBaseUnits: string, totalBaseUnits: string): number {
  return Number((BigInt(capBaseUnits) * 10_000n) / BigInt(totalBaseUnits));
}

/** The allocation as a bar, with the target and the cap as marks on the same 0–100 % track. */
function AllocationBar({
  bps: v,
  targetBps,
  capBps,
  over,
}: {
  bps: number | null;
  targetBps: number;
  capBps: number | null;
  over: boolean;
}) {
  const pct = (x: number) => `${Math.min(100, x / 100)}%`;
  return (
    <div className="alloc-track" aria-hidden="true">
      <span className={over ? 'alloc-fill over' : 'alloc-fill'} style={{ width: pct(v ?? 0) }} />
      <span className="alloc-mark target" style={{ left: pct(targetBps) }} title="target" />
      {capBps !== null && <span className="alloc-mark cap" style={{ left: pct(capBps) }} title="cap" />}
    </div>
  );
}

function SharePrices({ mandate }: { mandate: TreasuryMandate }) {
  const q = useQuery({
    queryKey: ['treasury-share-prices', mandate.id],
    queryFn: () =>
      unwrap(
        keel.GET('/v1/treasury/mandates/{id}/share-prices', {
          params: { path: { id: mandate.id }, query: { days: 30 } },
        }),
      ),
    refetchInterval: 30_000,
  });
  return (
    <Card title="Yield over time" extra={<span className="muted small">share price, last 30 days</span>}>
      <QueryView q={q}>
        {(h) => {
          const series = h.vaults.map((v) => ({ label: v.label ?? v.address, points: v.points }));
          const { times, values } = alignSeries(series);
          return times.length === 0 ? (
            <Empty>No share price recorded yet: the recorder writes one per vault every interval.</Empty>
          ) : (
            <Chart
              testId="share-price-chart"
              buckets={times}
              fitY
              format={(x) => x.toFixed(4)}
              series={series.map((s, i) => ({
                label: s.label,
                values: values[i]!,
                color: COLORS[i % COLORS.length]!,
              }))}
            />
          );
        }}
      </QueryView>
    </Card>
  );
}
