import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { filters, keel, unwrap } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Card, Empty, ErrorBox, Mono, Page, QueryView, ShowMore, SMALL_LIST, Status, useNow } from '../components.tsx';
import { humanize, relative } from '../format.ts';
import type { AccessRequest } from '../types.ts';

const REASONS: Record<string, string> = {
  new_principal: 'a new principal',
  privileged_scope: 'holds a scope that approves (review, policy:approve or admin)',
  other_principal: 'a key for another principal: whoever holds it acts as them',
};

/**
 * Principals and access requests (scope admin): new principals and keys that widen who may
 * approve wait here until other principals approve them. Nobody approves their own request
 * or access for themselves; the API refuses and the page shows why.
 */
export function AccessPage() {
  const [status, setStatus] = useState<'pending' | ''>('pending');
  const requests = useQuery({
    queryKey: ['access-requests', status],
    queryFn: () => unwrap(keel.GET('/v1/access-requests', { params: { query: filters({ status, limit: 100 }) } })),
  });
  const [principalLimit, setPrincipalLimit] = useState<number>(SMALL_LIST.first);
  const principals = useQuery({
    queryKey: ['principals', principalLimit],
    queryFn: () => unwrap(keel.GET('/v1/principals', { params: { query: { limit: principalLimit } } })),
  });
  const now = useNow();
  return (
    <Page
      title="Access"
      intro="People and services (principals) own API keys, and reviews and approvals count principals, not keys. A new principal, or a key that can approve things or belongs to someone else, waits here for approval by other principals. The first operators are created with the command line (keel principals create)."
    >
      <Card
        title="Access requests"
        extra={
          <select
            aria-label="Request status"
            value={status}
            onChange={(e) => setStatus(e.target.value as 'pending' | '')}
          >
            <option value="pending">Waiting for approval</option>
            <option value="">All</option>
          </select>
        }
      >
        <QueryView q={requests}>
          {(list) =>
            list.data.length === 0 ? (
              <Empty>{status === 'pending' ? 'Nothing waits for approval.' : 'No access request yet.'}</Empty>
            ) : (
              <div className="review-list">
                {list.data.map((r) => (
                  <RequestItem key={r.id} r={r} now={now} />
                ))}
              </div>
            )
          }
        </QueryView>
      </Card>
      <Card title="Principals">
        <QueryView q={principals}>
          {(list) => (
            <>
              <table className="table" data-testid="principals-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Kind</th>
                    <th>Status</th>
                    <th>Created</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.map((p) => (
                    <tr key={p.id} data-principal={p.id}>
                      <td>
                        <div>{p.name}</div>
                        <div className="muted small">
                          <Mono value={p.id} />
                        </div>
                      </td>
                      <td>{p.kind}</td>
                      <td>
                        <Status value={p.status} />
                      </td>
                      <td className="muted small">
                        {relative(p.createdAt, now)} by{' '}
                        {p.createdBy === 'cli'
                          ? 'command line (bootstrap)'
                          : p.createdBy === 'migration'
                            ? 'migration'
                            : (list.data.find((x) => x.id === p.createdBy)?.name ?? p.createdBy)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ShowMore
                hasMore={list.hasMore}
                limit={principalLimit}
                setLimit={setPrincipalLimit}
                max={SMALL_LIST.max}
              />
            </>
          )}
        </QueryView>
      </Card>
    </Page>
  );
}

function RequestItem({ r, now }: { r: AccessRequest; now: number }) {
  const qc = useQueryClient();
  const { me } = useAuth();
  const [note, setNote] = useState('');
  const m = useMutation({
    mutationFn: (d: 'approve' | 'reject') =>
      unwrap(
        keel.POST(d === 'approve' ? '/v1/access-requests/{id}/approve' : '/v1/access-requests/{id}/reject', {
          params: { path: { id: r.id } },
          body: note.trim() ? { note: note.trim() } : {},
        }),
      ),
    onSuccess: () => {
      setNote('');
      void qc.invalidateQueries({ queryKey: ['access-requests'] });
      void qc.invalidateQueries({ queryKey: ['principals'] });
    },
  });
  const approvals = r.decisions.filter((d) => d.decision === 'approve').length;
  const what =
    r.kind === 'principal'
      ? `New ${r.principal.kind} “${r.principal.name}”`
      : `Key “${r.apiKey?.name}” for ${r.principal.name}`;
  const mine = !!me && (me.principal.id === r.requestedBy.principal.id || me.principal.id === r.principal.id);
  return (
    <article className="card review" data-access-request={r.id}>
      <div className="review-head">
        <div>
          <h2>
            {what} <Status value={r.status} />
          </h2>
          <div className="muted small">
            <Mono value={r.id} /> · asked {relative(r.createdAt, now)} by{' '}
            <span className="who">{r.requestedBy.principal.name}</span>
            {r.note && <> — “{r.note}”</>}
          </div>
          {r.apiKey && (
            <div className="small">
              Scopes:{' '}
              {r.apiKey.scopes.map((s) => (
                <code key={s}>{s} </code>
              ))}
            </div>
          )}
          <ul className="small">
            {r.reasons.map((x) => (
              <li key={x}>Needs approval: {REASONS[x] ?? humanize(x)}</li>
            ))}
          </ul>
        </div>
        <div className="review-amount" data-testid="access-approvals">
          <div className="kpi-value">
            {approvals} of {r.approvalsRequired}
          </div>
          <div className="muted small">approvals</div>
        </div>
      </div>
      {r.decisions.length > 0 && (
        <ul className="small">
          {r.decisions.map((d) => (
            <li key={d.principal.id}>
              <Status value={d.decision === 'approve' ? 'approved' : 'rejected'} />{' '}
              <span className="who">{d.principal.name}</span> {relative(d.createdAt, now)} {d.note && `— “${d.note}”`}
            </li>
          ))}
        </ul>
      )}
      {r.status === 'pending' && (
        <div className="review-actions">
          <textarea
            aria-label={`Note for ${r.id}`}
            placeholder="Note (required to reject)"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={2}
          />
          <div className="buttons">
            <button
              type="button"
              className="btn primary"
              disabled={m.isPending}
              title={mine ? 'You cannot approve a change to your own access' : ''}
              onClick={() => m.mutate('approve')}
            >
              Approve
            </button>
            <button
              type="button"
              className="btn danger"
              disabled={m.isPending || !note.trim()}
              onClick={() => m.mutate('reject')}
            >
              {mine && me?.principal.id === r.requestedBy.principal.id ? 'Withdraw' : 'Reject'}
            </button>
          </div>
        </div>
      )}
      {m.isError && <ErrorBox error={m.error} title="Decision not recorded" />}
    </article>
  );
}
