import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@keel/client';
import { useState } from 'react';
import { Link } from 'wouter';
import { keel, unwrap } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Card, Empty, ErrorBox, Kpi, Mono, Page, QueryView, Status, useNow } from '../components.tsx';
import { relative, short } from '../format.ts';
import { reasonText, ruleLines } from '../sponsorship-text.ts';
import { DocumentForm } from './Sponsorship.tsx';
import { DecisionReasons, Evaluate } from './SponsorshipEvaluate.tsx';

type Policy = Schema<'SponsorshipPolicy'>;
type Period = 'day' | 'week' | 'month';

/** One sponsorship policy: its rules in plain language, usage, recent decisions, a dry run, and changes. */
export function SponsorshipPolicyPage({ id }: { id: string }) {
  const { can } = useAuth();
  const q = useQuery({
    queryKey: ['sponsorship-policy', id],
    queryFn: () => unwrap(keel.GET('/v1/sponsorship-policies/{id}', { params: { path: { id } } })),
  });
  return (
    <Page
      title={q.data ? q.data.document.name : 'Sponsorship policy'}
      intro={<Link href="/sponsorship">All sponsorship policies</Link>}
    >
      <QueryView q={q} what="Loading the policy">
        {(p) => (
          <>
            <Card
              title="Rules"
              extra={
                <span>
                  <Status value={p.status} /> <span className="muted small">version {p.version}</span>
                </span>
              }
            >
              <ul data-testid="sponsorship-rules">
                {ruleLines(p.document).map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
              <p className="muted small">
                <span className="mono-small">{p.id}</span> · created {p.createdAt} · updated {p.updatedAt}
                {p.disabledAt ? ` · disabled ${p.disabledAt}` : ''}
              </p>
            </Card>
            <Usage id={id} />
            {can('sponsorship:write') ? (
              <>
                <Evaluate policy={p} />
                <Changes policy={p} />
              </>
            ) : (
              <p className="muted">
                Testing an operation and changing the policy need a key with <code>sponsorship:write</code>.
              </p>
            )}
            <Decisions id={id} />
          </>
        )}
      </QueryView>
    </Page>
  );
}

function Usage({ id }: { id: string }) {
  const [period, setPeriod] = useState<Period | ''>('');
  const q = useQuery({
    queryKey: ['sponsorship-usage', id, period || 'default'],
    queryFn: () =>
      unwrap(
        keel.GET('/v1/sponsorship-policies/{id}/usage', {
          params: { path: { id }, query: period ? { period } : {} },
        }),
      ),
  });
  return (
    <Card
      title="Usage"
      extra={
        <label className="small">
          Period{' '}
          <select value={period} onChange={(e) => setPeriod(e.target.value as Period | '')} name="period">
            <option value="">The budget's period</option>
            <option value="day">Today (UTC)</option>
            <option value="week">This week</option>
            <option value="month">This month</option>
          </select>
        </label>
      }
    >
      <QueryView q={q} what="Loading usage">
        {(u) => {
          const reasons = Object.entries(u.deniedByReason).sort((a, b) => b[1] - a[1]);
          return (
            <>
              <div className="kpis" data-testid="sponsorship-usage">
                <Kpi
                  label="Sponsored"
                  value={u.sponsored}
                  hint={`operations this ${u.period}`}
                  testId="usage-sponsored"
                />
                <Kpi
                  label="Spent"
                  value={`$${u.spentUsd}`}
                  hint={u.budgetUsd !== null ? `of $${u.budgetUsd} budget` : 'no budget for this period'}
                  testId="usage-spent"
                />
                <Kpi label="Denied, organic" value={u.denied.organic} hint="rules and budgets" testId="usage-organic" />
                <Kpi
                  label="Denied, abuse"
                  value={u.denied.abuse}
                  hint="abuse limits"
                  tone={u.denied.abuse > 0 ? 'warn' : undefined}
                  testId="usage-abuse"
                />
              </div>
              <p className="muted small">Since {u.periodStart} (dry runs are not counted).</p>
              {reasons.length > 0 && (
                <table className="table" data-testid="usage-reasons">
                  <thead>
                    <tr>
                      <th>Denial reason</th>
                      <th className="num">Count</th>
                    </tr>
                  </thead>
                  <tbody>
                    {reasons.map(([code, n]) => (
                      <tr key={code}>
                        <td>
                          {reasonText(code)} <code className="muted small">{code}</code>
                        </td>
                        <td className="num">{n}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          );
        }}
      </QueryView>
    </Card>
  );
}

function Changes({ policy }: { policy: Policy }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['sponsorship-policy', policy.id] });
    void qc.invalidateQueries({ queryKey: ['sponsorship-policies'] });
  };
  const update = useMutation({
    mutationFn: (body: Policy['document']) =>
      unwrap(keel.PUT('/v1/sponsorship-policies/{id}', { params: { path: { id: policy.id } }, body })),
    onSuccess: () => {
      setEditing(false);
      refresh();
    },
  });
  const disable = useMutation({
    mutationFn: () =>
      unwrap(keel.POST('/v1/sponsorship-policies/{id}/disable', { params: { path: { id: policy.id } }, body: {} })),
    onSuccess: refresh,
  });
  if (policy.status === 'disabled')
    return <p className="muted">This policy is disabled: every decision is a denial, and it cannot be changed.</p>;
  return (
    <Card title="Change the policy">
      <p className="muted small">
        A new version applies to decisions from now on; budgets spent and operations counted carry over. Disabling
        denies every later operation and cannot be undone.
      </p>
      <div className="buttons">
        {!editing && (
          <button type="button" className="btn" onClick={() => setEditing(true)}>
            New version
          </button>
        )}{' '}
        <button
          type="button"
          className="btn danger"
          disabled={disable.isPending}
          onClick={() => {
            if (window.confirm(`Disable “${policy.document.name}”? Every later operation will be denied.`))
              disable.mutate();
          }}
        >
          Disable
        </button>
      </div>
      {disable.isError && <ErrorBox error={disable.error} title="Not disabled" />}
      {editing && (
        <DocumentForm
          initial={policy.document}
          submitLabel={`Save as version ${policy.version + 1}`}
          pending={update.isPending}
          error={update.error}
          onSubmit={(doc) => update.mutate(doc)}
        />
      )}
    </Card>
  );
}

function Decisions({ id }: { id: string }) {
  const now = useNow();
  const q = useQuery({
    queryKey: ['sponsorship-decisions', id],
    queryFn: () =>
      unwrap(keel.GET('/v1/sponsorship-policies/{id}/decisions', { params: { path: { id }, query: { limit: 25 } } })),
  });
  return (
    <Card title="Recent decisions">
      <QueryView q={q} what="Loading decisions">
        {(list) =>
          list.data.length === 0 ? (
            <Empty>
              No decisions yet: they appear when the paymaster is asked to sponsor an operation, or a test runs.
            </Empty>
          ) : (
            <table className="table rows" data-testid="sponsorship-decisions">
              <thead>
                <tr>
                  <th>Decision</th>
                  <th>Status</th>
                  <th>User / sender</th>
                  <th>Chain</th>
                  <th className="num">Reserved / actual</th>
                  <th>Reasons</th>
                  <th>When</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((d) => (
                  <tr key={d.id} data-decision={d.id}>
                    <td>
                      {d.sponsored ? (
                        <Status value="approved" label="Sponsored" />
                      ) : (
                        <Status value="rejected" label="Denied" />
                      )}
                      {d.class && <div className="muted small">{d.class}</div>}
                      <div className="muted small mono-small">{d.id}</div>
                    </td>
                    <td>
                      <Status value={d.status} label={d.status === 'dry_run' ? 'Dry run' : undefined} />
                      <div className="muted small">version {d.policyVersion}</div>
                    </td>
                    <td>
                      {d.userId}
                      <div>
                        <Mono value={short(d.sender, 6)} full={d.sender} />
                      </div>
                    </td>
                    <td>{d.chainId}</td>
                    <td className="num">
                      ${d.reservedUsd}
                      {d.actualUsd !== null && <div className="muted small">${d.actualUsd} paid</div>}
                    </td>
                    <td>
                      <DecisionReasons d={d} />
                    </td>
                    <td className="muted" title={d.createdAt}>
                      {relative(d.createdAt, now)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </Card>
  );
}
