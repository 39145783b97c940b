import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keel, unwrap } from '../api.ts';
import { Who } from '../principals.tsx';
import { useAuth } from '../auth.tsx';
import {
  Card,
  DecisionActions,
  Empty,
  ErrorBox,
  Mono,
  Page,
  QueryView,
  ShowMore,
  SMALL_LIST,
  Status,
  useNow,
} from '../components.tsx';
import { relative, short } from '../format.ts';
import { useAddressBook } from '../address-book.tsx';
import { diffRows, diffSummary, ruleSummary } from '../policy-diff.ts';
import { activePolicy, type PolicyVersion, policyVersions } from '../types.ts';

/** The active policy, its versions, and open proposals with their diff (approve / reject). */
export function PolicyPage() {
  const { can } = useAuth();
  return (
    <Page
      title="Policy"
      intro="The rules every transaction is checked against. Changes are proposed as new versions and take effect once enough approvers agree."
    >
      {can('policy:approve') && <Proposals />}
      {can('policy:write') ? (
        <ActiveAndVersions />
      ) : (
        <p className="muted">Reading the active policy and its versions needs the policy:write scope.</p>
      )}
    </Page>
  );
}

function ActiveAndVersions() {
  const now = useNow();
  const { nameOf } = useAddressBook();
  const active = useQuery({
    queryKey: ['policy'],
    queryFn: () => unwrap(keel.GET('/v1/policy')).then(activePolicy),
    refetchInterval: 10_000,
  });
  // Each version carries its whole document: the newest few first, more on demand.
  const [limit, setLimit] = useState(20);
  const versions = useQuery({
    queryKey: ['policy-versions', limit],
    queryFn: () => unwrap(keel.GET('/v1/policy/versions', { params: { query: { limit } } })).then(policyVersions),
    refetchInterval: 10_000,
  });
  return (
    <>
      <Card title="Active policy">
        <QueryView q={active}>
          {(p) => (
            <>
              <p data-testid="policy-active">
                <strong>Version {p.version}</strong>{' '}
                <span className="muted">
                  — {p.document.description ?? 'no description'} · active since {relative(p.activatedAt, now)} · hash{' '}
                </span>
                <Mono value={short(`0x${p.hash}`, 6)} full={p.hash} />
              </p>
              <table className="table">
                <thead>
                  <tr>
                    <th>Rule</th>
                    <th>Kind</th>
                    <th>Effect</th>
                    <th>Checks</th>
                  </tr>
                </thead>
                <tbody>
                  {(p.document.rules ?? []).map((r) => (
                    <tr key={r.id}>
                      <td>
                        <code>{r.id}</code>
                        {r.description && <div className="muted small">{r.description}</div>}
                      </td>
                      <td>{r.kind}</td>
                      <td>
                        <Status value={r.effect} />
                      </td>
                      <td className="small wrap">{ruleSummary(r, nameOf)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </QueryView>
      </Card>
      <Card title="Versions">
        <QueryView q={versions}>
          {(list) => (
            <>
              <table className="table">
                <thead>
                  <tr>
                    <th>Version</th>
                    <th>Status</th>
                    <th>Source</th>
                    <th>Changes</th>
                    <th>Note</th>
                    <th>Created</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.map((v) => (
                    <tr key={v.id}>
                      <td>{v.version}</td>
                      <td>
                        <Status value={v.status} />
                      </td>
                      <td>{v.source}</td>
                      <td>{v.diff ? diffSummary(v.diff) : '—'}</td>
                      <td>{v.note ?? ''}</td>
                      <td className="muted">{relative(v.createdAt, now)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ShowMore hasMore={list.hasMore} limit={limit} setLimit={setLimit} max={SMALL_LIST.max} />
            </>
          )}
        </QueryView>
      </Card>
    </>
  );
}

function Proposals() {
  const [limit, setLimit] = useState<number>(SMALL_LIST.first);
  const q = useQuery({
    queryKey: ['policy-proposals', limit],
    queryFn: () =>
      unwrap(keel.GET('/v1/policy/proposals', { params: { query: { status: 'proposed', limit } } })).then(
        policyVersions,
      ),
  });
  return (
    <Card title="Open proposals">
      <QueryView q={q}>
        {(list) =>
          list.data.length === 0 ? (
            <Empty>No policy change is waiting for approval.</Empty>
          ) : (
            <>
              {list.data.map((p) => (
                <Proposal key={p.id} p={p} />
              ))}
              <ShowMore hasMore={list.hasMore} limit={limit} setLimit={setLimit} max={SMALL_LIST.max} />
            </>
          )
        }
      </QueryView>
    </Card>
  );
}

function Proposal({ p }: { p: PolicyVersion }) {
  const qc = useQueryClient();
  const now = useNow();
  const [note, setNote] = useState('');
  const m = useMutation({
    mutationFn: (d: 'approve' | 'reject') =>
      unwrap(
        keel.POST(d === 'approve' ? '/v1/policy/proposals/{id}/approve' : '/v1/policy/proposals/{id}/reject', {
          params: { path: { id: p.id } },
          body: note.trim() ? { note: note.trim() } : {},
        }),
      ),
    onSuccess: () => {
      setNote('');
      for (const k of ['policy-proposals', 'policy', 'policy-versions']) void qc.invalidateQueries({ queryKey: [k] });
    },
  });
  const approvals = p.approvals.filter((a) => a.decision === 'approve');
  const { nameOf } = useAddressBook();
  const rows = p.diff ? diffRows(p.diff, nameOf) : [];
  return (
    <article className="proposal" data-proposal={p.id}>
      <div className="review-head">
        <div>
          <h3>
            Version {p.version} <Status value={p.status} />
          </h3>
          <div className="muted small">
            proposed {relative(p.createdAt, now)} by <Who id={p.createdBy} principal={p.createdByPrincipal} /> against
            version {p.baseVersion ?? '—'} · {diffSummary(p.diff)}
          </div>
          {p.note && <p>“{p.note}”</p>}
        </div>
        <div className="review-amount" data-testid="approvals">
          <div className="kpi-value">
            {approvals.length} of {p.approvalsRequired}
          </div>
          <div className="muted small">approvals</div>
        </div>
      </div>
      {rows.length === 0 ? (
        <Empty>This proposal changes no rule.</Empty>
      ) : (
        <table className="table diff">
          <thead>
            <tr>
              <th>Change</th>
              <th>Rule</th>
              <th>Field</th>
              <th>Before</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} className={`diff-${r.change}`}>
                <td>{r.change}</td>
                <td>
                  <code>{r.rule}</code> {r.kind && <span className="muted small">{r.kind}</span>}
                </td>
                <td>{r.field ?? ''}</td>
                <td className="before wrap">{r.before ?? ''}</td>
                <td className="after wrap">{r.after ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.approvals.length > 0 && (
        <ul className="small">
          {p.approvals.map((a) => (
            <li key={a.apiKeyId} data-approval={a.principal?.id ?? a.apiKeyId}>
              <Status value={a.decision === 'approve' ? 'approved' : 'rejected'} />{' '}
              <Who id={a.apiKeyId} principal={a.principal} /> {relative(a.createdAt, now)} {a.note && `— “${a.note}”`}
            </li>
          ))}
        </ul>
      )}
      <DecisionActions id={p.id} note={note} setNote={setNote} pending={m.isPending} decide={(d) => m.mutate(d)} />
      {m.isError && <ErrorBox error={m.error} title="Decision not recorded" />}
    </article>
  );
}
