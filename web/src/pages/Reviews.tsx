import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { Addr, useAddressBook } from '../address-book.tsx';
import type { NameOf } from '../address-names.ts';
import { keel, unwrap } from '../api.ts';
import { Empty, ErrorBox, Page, PreviewLines, QueryView, Reasons, Status, useNow, Warnings } from '../components.tsx';
import { duration, relative, usd } from '../format.ts';
import { groupReviews, sharedPreview, type ReviewGroup } from '../review-groups.ts';
import { transactions } from '../types.ts';
import { useAuth } from '../auth.tsx';
import { usePrincipals, Who } from '../principals.tsx';
import type { PrincipalRef } from '../who.ts';
import { describeTx } from './Transactions.tsx';

/**
 * The human review queue: what waits, why, for how long; approve or reject with a note. The
 * members of a batch are shown, and decided, together.
 */
export function ReviewsPage() {
  const q = useQuery({
    queryKey: ['reviews'],
    queryFn: () => unwrap(keel.GET('/v1/reviews', { params: { query: { limit: 200 } } })).then(transactions),
  });
  const [done, setDone] = useState<Array<{ id: string; what: string; decision: string }>>([]);
  const names = usePrincipals(q.data?.data.map((t) => t.createdBy) ?? []);
  const { nameOf } = useAddressBook();
  return (
    <Page
      title="Review queue"
      intro="Transactions the policy sent to a person, oldest first. Approve to queue them for signing, or reject with a note. You cannot review a transaction you created, with this key or any other of yours: reviews count people, not keys."
    >
      {done.length > 0 && (
        <div className="notice good" role="status" data-testid="review-done">
          {done.map((d) => (
            <div key={d.id}>
              {d.decision === 'approve' ? 'Approved' : 'Rejected'}: {d.what} —{' '}
              <Link href={`/transactions/${d.id}`}>follow it</Link>
            </div>
          ))}
        </div>
      )}
      <QueryView q={q} what="Loading the queue">
        {(list) =>
          list.data.length === 0 ? (
            <Empty>Nothing is waiting for review.</Empty>
          ) : (
            <div className="review-list">
              {groupReviews(list.data).map((g) => (
                <ReviewItem
                  key={g.lead.id}
                  g={g}
                  names={names}
                  onDone={(decision) =>
                    setDone((d) => [{ id: g.lead.id, what: describeGroup(g, nameOf), decision }, ...d].slice(0, 5))
                  }
                />
              ))}
            </div>
          )
        }
      </QueryView>
    </Page>
  );
}

function describeGroup(g: ReviewGroup, nameOf: NameOf): string {
  if (g.members.length === 1) return describeTx(g.lead, nameOf);
  return `Batch of ${g.members.length}: ${g.members.map((m) => describeTx(m, nameOf)).join(', then ')}`;
}

function ReviewItem({
  g,
  names,
  onDone,
}: {
  g: ReviewGroup;
  names: Map<string, PrincipalRef>;
  onDone: (decision: 'approve' | 'reject') => void;
}) {
  const t = g.lead;
  const { nameOf } = useAddressBook();
  const { me } = useAuth();
  const mine = !!me && t.createdByPrincipal === me.principal.id;
  const qc = useQueryClient();
  const now = useNow();
  const [note, setNote] = useState('');
  const m = useMutation({
    mutationFn: (decision: 'approve' | 'reject') =>
      unwrap(
        keel.POST(decision === 'approve' ? '/v1/reviews/{id}/approve' : '/v1/reviews/{id}/reject', {
          params: { path: { id: t.id } },
          body: note.trim() ? { note: note.trim() } : {},
        }),
      ).then(() => decision),
    onSuccess: (decision) => {
      onDone(decision);
      void qc.invalidateQueries({ queryKey: ['reviews'] });
      void qc.invalidateQueries({ queryKey: ['overview'] });
    },
  });
  const waited = (now - Date.parse(t.createdAt)) / 1000;
  return (
    <article className="card review" data-review={t.id}>
      <div className="review-head">
        <div>
          <h2>{describeGroup(g, nameOf)}</h2>
          <div className="muted small">
            <Link href={`/transactions/${t.id}`} className="mono">
              {t.id}
            </Link>{' '}
            · chain {t.chainId} · signer {t.signer.name} · end user {t.userId} · created by{' '}
            <span data-testid="created-by">
              <Who id={t.createdBy} names={names} />
              {mine && ' (you)'}
            </span>
          </div>
        </div>
        <div className="review-amount">
          <div className="kpi-value">{usd(g.amountUsd)}</div>
          <div className={waited > 3600 ? 'warn-text small' : 'muted small'}>waiting {duration(waited)}</div>
          {t.review && <div className="muted small">expires {relative(t.review.expiresAt, now)}</div>}
        </div>
      </div>
      <div className="review-body">
        <div>
          <h3>Why it waits</h3>
          <Reasons reasons={g.reasons} />
        </div>
        <div>
          <h3>What it does</h3>
          {g.members.length > 1 && (
            <p className="muted small" data-testid="batch-note">
              These {g.members.length} transactions are one batch: they are approved or rejected together, signed at
              consecutive nonces and mined in this order.
            </p>
          )}
          <GroupPreview g={g} />
        </div>
      </div>
      <div className="review-actions">
        <textarea
          aria-label={`Note for ${t.id}`}
          placeholder="Note for the audit log (required to reject)"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
        />
        <div className="buttons">
          <button type="button" className="btn primary" disabled={m.isPending} onClick={() => m.mutate('approve')}>
            Approve
          </button>
          <button
            type="button"
            className="btn danger"
            disabled={m.isPending || !note.trim()}
            title={note.trim() ? '' : 'Write a note to reject'}
            onClick={() => m.mutate('reject')}
          >
            Reject
          </button>
        </div>
      </div>
      {m.isError && <ErrorBox error={m.error} title="Decision not recorded" />}
      {t.status !== 'pending_review' && <Status value={t.status} />}
    </article>
  );
}

/** What a group does: a batch's shared preview once, step by step, else each member's own. */
function GroupPreview({ g }: { g: ReviewGroup }) {
  const { nameOf } = useAddressBook();
  const shared = sharedPreview(g);
  if (!shared) {
    return (
      <>
        {g.members.map((m, i) => (
          <div className="review-member" data-member={m.id} key={m.id}>
            {g.members.length > 1 && (
              <h4>
                {i + 1}. {describeTx(m, nameOf)}{' '}
                <Link href={`/transactions/${m.id}`} className="mono small">
                  {m.id}
                </Link>
              </h4>
            )}
            {m.preview ? <PreviewLines preview={m.preview} /> : <p className="muted">No preview.</p>}
            <p className="muted small">
              Recipient <Addr address={m.recipient ?? m.to} chainId={m.chainId} />
              {m.preview && <> · {m.preview.fee.text}</>}
            </p>
          </div>
        ))}
      </>
    );
  }
  return (
    <>
      <ol className="review-steps">
        {shared.lines.map((l) => {
          const m = g.members[l.index]!;
          return (
            <li key={l.index} data-member={m.id}>
              {l.text}{' '}
              <Link href={`/transactions/${m.id}`} className="mono small">
                {m.id}
              </Link>
              <Warnings warnings={l.warnings} />
            </li>
          );
        })}
      </ol>
      <p className="muted small">{shared.fee.text} for the whole batch</p>
    </>
  );
}
