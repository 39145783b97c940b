import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@keel/client';
import { useState } from 'react';
import { Link } from 'wouter';
import { keel, unwrap } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Card, DecisionActions, Empty, ErrorBox, Page, QueryView, Status, useNow } from '../components.tsx';
import { relative } from '../format.ts';
import { StatementCard } from './PayeeStatement.tsx';

type Plan = Schema<'PayoutPlan'>;
type Run = Schema<'PayoutRun'>;
type Line = Run['lines'][number];

const LINE_TONE: Record<Line['status'], string> = {
  paid: 'confirmed',
  pending: 'pending',
  failed: 'failed',
  carried: 'pending',
};

/**
 * Payouts (docs/payouts.md): split plans, payout runs with each line's status (paid, pending,
 * failed with its reason, carried), approve or reject a run waiting for review, and accrual
 * balances and streams.
 */
export function PayoutsPage() {
  const runs = useQuery({
    queryKey: ['payout-runs'],
    queryFn: () => unwrap(keel.GET('/v1/payout-runs', { params: { query: { limit: 50 } } })),
    refetchInterval: 5_000,
  });
  const plans = useQuery({
    queryKey: ['payout-plans'],
    queryFn: () => unwrap(keel.GET('/v1/payout-plans', { params: { query: { limit: 100 } } })),
    refetchInterval: 30_000,
  });
  const accruals = useQuery({
    queryKey: ['accruals'],
    queryFn: () => unwrap(keel.GET('/v1/accruals', {})),
    refetchInterval: 10_000,
  });
  return (
    <Page
      title="Payouts"
      intro="Split plans, the runs that pay them in batches (a large run waits for a second person), and micro-payout balances and streams paid through runs when paying is economical."
    >
      <Card title="Runs">
        <QueryView q={runs}>
          {(l) =>
            l.data.length === 0 ? (
              <Empty>No payout run yet. Create one through the API (POST /v1/payout-runs).</Empty>
            ) : (
              <div data-testid="payout-runs">
                {l.data.map((r) => (
                  <RunView key={r.id} run={r} />
                ))}
              </div>
            )
          }
        </QueryView>
      </Card>
      <StatementCard />
      <Card title="Plans">
        <QueryView q={plans}>
          {(l) => (l.data.length === 0 ? <Empty>No split plan yet.</Empty> : <PlanTable plans={l.data} />)}
        </QueryView>
      </Card>
      <Card title="Accruals">
        <QueryView q={accruals}>
          {(a) => (
            <>
              {a.balances.length === 0 ? (
                <Empty>No accrual balance.</Empty>
              ) : (
                <table className="table rows" data-testid="accrual-balances">
                  <thead>
                    <tr>
                      <th>Payee</th>
                      <th>Asset</th>
                      <th>Credited</th>
                      <th>Waiting</th>
                      <th>In a run</th>
                      <th>Paid</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.balances.map((b) => (
                      <tr key={`${b.payeeId}:${b.chainId}:${b.asset.address}`}>
                        <td className="mono-small">{b.payeeId}</td>
                        <td>
                          {b.asset.symbol} on {b.chainId}
                        </td>
                        <td>{b.credited.amount}</td>
                        <td>{b.accrued.amount}</td>
                        <td>{b.reserved.amount}</td>
                        <td>{b.paid.amount}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {a.streams.length > 0 && (
                <table className="table rows" data-testid="accrual-streams">
                  <thead>
                    <tr>
                      <th>Stream</th>
                      <th>Payee</th>
                      <th>Rate per second</th>
                      <th>Status</th>
                      <th>Accrued</th>
                      <th>Settled</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.streams.map((s) => (
                      <tr key={s.id}>
                        <td className="mono-small">{s.id}</td>
                        <td className="mono-small">{s.payeeId}</td>
                        <td>
                          {s.ratePerSecond} {s.asset.symbol}
                        </td>
                        <td>
                          <Status value={s.status === 'active' ? 'active' : 'pending'} label={s.status} />
                        </td>
                        <td>{s.accrued.amount}</td>
                        <td>{s.settled.amount}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </QueryView>
      </Card>
    </Page>
  );
}

function PlanTable({ plans }: { plans: Plan[] }) {
  return (
    <table className="table rows" data-testid="payout-plans">
      <thead>
        <tr>
          <th>Plan</th>
          <th>Asset</th>
          <th>Recipients</th>
          <th>Source</th>
          <th>Carried</th>
        </tr>
      </thead>
      <tbody>
        {plans.map((p) => (
          <tr key={p.id} data-plan={p.id}>
            <td>
              <strong>{p.name}</strong>
              <div className="muted small mono-small">{p.id}</div>
            </td>
            <td>
              {p.asset.symbol} on {p.chainId}
            </td>
            <td>
              {p.recipients.map((r) => (
                <div key={r.payeeId} className="small">
                  <span className="mono-small">{r.payeeId}</span> {(r.shareBps / 100).toFixed(2)} %
                  {r.minimum && <span className="muted"> min {r.minimum.amount}</span>}
                  {r.cap && <span className="muted"> cap {r.cap.amount}</span>}
                </div>
              ))}
            </td>
            <td>
              {p.source.kind === 'fixed'
                ? `${p.source.amount.amount} ${p.asset.symbol} per run`
                : `payment intents${
                    Object.keys(p.source.metadata).length
                      ? ` where ${Object.entries(p.source.metadata)
                          .map(([k, v]) => `${k}=${v}`)
                          .join(', ')}`
                      : ''
                  }`}
            </td>
            <td>
              {p.carried.length === 0
                ? '—'
                : p.carried.map((c) => (
                    <div key={c.payeeId} className="small">
                      <span className="mono-small">{c.payeeId}</span> {c.amount.amount}
                    </div>
                  ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RunView({ run }: { run: Run }) {
  const now = useNow();
  return (
    <article className="proposal" data-run={run.id} data-status={run.status}>
      <div className="review-head">
        <div>
          <h3>
            {run.total.amount} {run.asset.symbol} on chain {run.chainId}{' '}
            <Status
              value={run.status === 'completed' ? 'confirmed' : run.status}
              label={run.status.replace(/_/g, ' ')}
            />
          </h3>
          <div className="muted small">
            <span className="mono-small">{run.id}</span>
            {run.planId && (
              <>
                {' '}
                · plan <span className="mono-small">{run.planId}</span>
              </>
            )}
            {run.period && (
              <>
                {' '}
                · {run.period.from.slice(0, 10)} to {run.period.to.slice(0, 10)}
              </>
            )}{' '}
            · created {relative(run.createdAt, now)} · {run.counts.paid} paid, {run.counts.pending} pending,{' '}
            {run.counts.failed} failed, {run.counts.carried} carried · fee {run.preview.fee.native}{' '}
            {run.preview.fee.nativeSymbol}
            {run.preview.feePercent && ` (${run.preview.feePercent} %)`}
          </div>
        </div>
      </div>
      {run.status === 'pending_review' && <RunReview run={run} />}
      {run.decision?.note && <p className="small">Decision note: {run.decision.note}</p>}
      <table className="table rows" data-testid="payout-lines">
        <thead>
          <tr>
            <th>Payee</th>
            <th>Amount</th>
            <th>Status</th>
            <th>Carried out</th>
            <th>Transaction</th>
          </tr>
        </thead>
        <tbody>
          {run.lines.map((l) => (
            <tr key={l.id} data-line={l.id} data-line-status={l.status}>
              <td className="mono-small">{l.payeeId}</td>
              <td>{l.amount.amount}</td>
              <td>
                <Status value={LINE_TONE[l.status]} label={l.status} />
                {l.reason && <div className="muted small">{l.reason.replace(/_/g, ' ')}</div>}
              </td>
              <td>{l.carriedOut.baseUnits === '0' ? '—' : l.carriedOut.amount}</td>
              <td className="mono-small">
                {l.txId ? <Link href={`/transactions/${l.txId}`}>{l.txId}</Link> : '—'}
                {l.attempts > 1 && <span className="muted small"> ({l.attempts} attempts)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

function RunReview({ run }: { run: Run }) {
  const { can } = useAuth();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const m = useMutation({
    mutationFn: (d: 'approve' | 'reject') => {
      const trimmed = note.trim();
      const opts = { params: { path: { id: run.id } }, body: trimmed ? { note: trimmed } : {} };
      return d === 'approve'
        ? unwrap(keel.POST('/v1/payout-runs/{id}/approve', opts))
        : unwrap(keel.POST('/v1/payout-runs/{id}/reject', opts));
    },
    onSuccess: () => {
      setNote('');
      void qc.invalidateQueries({ queryKey: ['payout-runs'] });
    },
  });
  return (
    <div data-testid="run-review">
      <p className="small">
        Waits for review: {run.preview.reviewReasons.join('; ') || 'above the review threshold'}
        {run.preview.totalUsd && ` (about $${run.preview.totalUsd})`}.
      </p>
      {can('review') ? (
        <DecisionActions id={run.id} note={note} setNote={setNote} pending={m.isPending} decide={(d) => m.mutate(d)} />
      ) : (
        <p className="muted small">Approving a run needs the review scope (and another person than its creator).</p>
      )}
      {m.isError && <ErrorBox error={m.error} title="Decision not recorded" />}
    </div>
  );
}
