import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { Addr } from '../address-book.tsx';
import { keel, unwrap } from '../api.ts';
import { Card, Empty, ErrorBox, Status, useNow } from '../components.tsx';
import { groupDecimal, humanize, relative } from '../format.ts';
import { movementProgress, reviewReasonText } from '../treasury-view.ts';
import type { TreasuryMandate, TreasuryPlan } from '../types.ts';

/**
 * Plan review: "Make a plan" asks Keel for the movements that bring the position inside the
 * mandate, shown as its preview (summary, lines, disclosures, why a human must review it);
 * "Execute" sends it once through the write path; then each movement's status, with its
 * transaction, until all are settled.
 */
export function PlanCard({ mandate }: { mandate: TreasuryMandate }) {
  const qc = useQueryClient();
  const [planId, setPlanId] = useState<string | null>(null);
  const plan = useQuery({
    queryKey: ['treasury-plan', planId],
    queryFn: () => unwrap(keel.GET('/v1/treasury/plans/{planId}', { params: { path: { planId: planId! } } })),
    enabled: planId !== null,
    // Followed closely while its movements are on their way; a proposed plan expires by itself.
    refetchInterval: (q) => (q.state.data && !movementProgress(q.state.data.movements).settled ? 1_000 : 10_000),
  });
  const refreshPosition = () => {
    for (const k of ['treasury-position', 'treasury-share-prices']) void qc.invalidateQueries({ queryKey: [k] });
  };
  const make = useMutation({
    mutationFn: () =>
      unwrap(keel.POST('/v1/treasury/mandates/{id}/plans', { params: { path: { id: mandate.id } }, body: {} })),
    onSuccess: (p) => {
      qc.setQueryData(['treasury-plan', p.id], p);
      setPlanId(p.id);
      execute.reset();
    },
  });
  const execute = useMutation({
    mutationFn: (id: string) =>
      unwrap(keel.POST('/v1/treasury/plans/{planId}/execute', { params: { path: { planId: id } }, body: {} })),
    onSuccess: (p) => {
      qc.setQueryData(['treasury-plan', p.id], p);
      refreshPosition();
    },
  });
  const p = plan.data;
  const finished = p !== undefined && p.status !== 'proposed' && p.status !== 'executing';
  // The position (and the yield it shows) changes once the movements are final.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read once per plan finishing, not per render
  useEffect(() => {
    if (finished) refreshPosition();
  }, [finished, p?.id]);
  return (
    <Card
      title="Plan review"
      extra={
        <button type="button" className="btn primary" disabled={make.isPending} onClick={() => make.mutate()}>
          {make.isPending ? 'Planning…' : p ? 'Make a new plan' : 'Make a plan'}
        </button>
      }
    >
      {make.isError && <ErrorBox error={make.error} title="No plan made" />}
      {!p ? (
        <Empty>
          Make a plan to see the movements that would bring the position inside the mandate. Nothing is sent until you
          execute it.
        </Empty>
      ) : (
        <PlanView
          p={p}
          symbol={mandate.asset.symbol}
          chainId={mandate.chainId}
          executing={execute.isPending}
          onExecute={() => execute.mutate(p.id)}
        />
      )}
      {execute.isError && <ErrorBox error={execute.error} title="Plan not executed" />}
    </Card>
  );
}

function PlanView({
  p,
  symbol,
  chainId,
  executing,
  onExecute,
}: {
  p: TreasuryPlan;
  symbol: string;
  chainId: number;
  executing: boolean;
  onExecute: () => void;
}) {
  const now = useNow();
  const { counts } = movementProgress(p.movements);
  return (
    <div className="preview" data-testid="plan" data-plan={p.id} data-status={p.status}>
      <div className="review-head">
        <div>
          <p className="preview-summary" data-testid="plan-summary">
            {p.preview.summary}
          </p>
          <div className="muted small">
            {p.id} · version {p.mandateVersion} · position at block {p.positionBlock} · made{' '}
            {relative(p.createdAt, now)}
            {p.status === 'proposed' ? ` · expires ${relative(p.expiresAt, now)}` : ''}
          </div>
        </div>
        <div className="review-amount">
          <Status value={p.status} />
          <div className="muted small">
            moves {groupDecimal(p.moved.amount)} {symbol}
          </div>
        </div>
      </div>
      {p.preview.lines.length > 0 && (
        <ol data-testid="plan-lines">
          {p.preview.lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ol>
      )}
      {p.preview.disclosures.length > 0 && (
        <div data-testid="plan-disclosures">
          <h4>Disclosures</h4>
          <ul>
            {p.preview.disclosures.map((d, i) => (
              <li key={i} className="small">
                {d}
              </li>
            ))}
          </ul>
        </div>
      )}
      {p.reviewReasons.length > 0 && (
        <div className="notice" data-testid="plan-review-reasons">
          Held for review when executed:{' '}
          {p.reviewReasons.map((r) => (
            <span key={r}>
              {reviewReasonText(r)} <code>{r}</code>{' '}
            </span>
          ))}
          — approve it in the <Link href="/reviews">review queue</Link>.
        </div>
      )}
      {p.notes.length > 0 && (
        <ul className="small muted">
          {p.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      {p.violationsBefore.length > 0 && (
        <p className="small">
          Rules broken now: {p.violationsBefore.join(', ')}; after the plan:{' '}
          {p.violationsAfter.length ? p.violationsAfter.join(', ') : 'none'}.
        </p>
      )}
      <table className="table" data-testid="plan-movements">
        <thead>
          <tr>
            <th>#</th>
            <th>Movement</th>
            <th>Vault</th>
            <th className="num">Amount</th>
            <th>Why</th>
            <th>Status</th>
            <th>Transaction</th>
          </tr>
        </thead>
        <tbody>
          {p.movements.map((m, i) => (
            <tr key={i} data-movement={i} data-status={m.status}>
              <td>{i + 1}</td>
              <td>{humanize(m.kind)}</td>
              <td>
                <Addr address={m.vault} chainId={chainId} />
              </td>
              <td className="num">
                {groupDecimal(m.amount.amount)} {symbol}
              </td>
              <td>{humanize(m.reason)}</td>
              <td>
                <Status value={m.status} />
                {m.shares && <div className="muted small">{m.shares} shares</div>}
              </td>
              <td>
                {m.transactionId ? <Link href={`/transactions/${m.transactionId}`}>{m.transactionId}</Link> : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="review-actions">
        {p.status === 'proposed' ? (
          <button
            type="button"
            className="btn primary"
            disabled={executing || p.movements.length === 0}
            onClick={onExecute}
          >
            {executing ? 'Executing…' : 'Execute'}
          </button>
        ) : (
          <span className="muted small" data-testid="plan-progress">
            {Object.entries(counts)
              .map(([s, n]) => `${n} ${humanize(s).toLowerCase()}`)
              .join(' · ')}
          </span>
        )}
      </div>
    </div>
  );
}
