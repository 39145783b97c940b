import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useAddressBook } from '../address-book.tsx';
import { auditFields } from '../audit-fields.ts';
import { filters as query, keel, unwrap } from '../api.ts';
import { Who } from '../principals.tsx';
import { Card, Empty, ErrorBox, Loading, Mono, Page, QueryView, useNow } from '../components.tsx';
import { relative, short, utc } from '../format.ts';

/** The hash-chained audit log, newest first, with the chain's verification status. */
export function AuditPage() {
  const now = useNow();
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [principal, setPrincipal] = useState('');
  const [subject, setSubject] = useState('');
  const [limit, setLimit] = useState(50);
  const filters = {
    action: action.trim(),
    actor: actor.trim(),
    principal: principal.trim(),
    subject: subject.trim(),
    limit,
  };
  const verify = useQuery({
    queryKey: ['audit-verify'],
    queryFn: () => unwrap(keel.GET('/v1/audit-log/verify')),
    refetchInterval: 15_000,
  });
  const { nameOf } = useAddressBook();
  const q = useQuery({
    queryKey: ['audit', filters],
    queryFn: () => unwrap(keel.GET('/v1/audit-log', { params: { query: query(filters) } })),
    placeholderData: keepPreviousData,
  });
  return (
    <Page
      title="Audit log"
      intro="Every operator action — keys, webhooks, policy, reviews, cancellations, breakers — in an append-only log where each entry holds the hash of the one before."
    >
      <div data-testid="audit-verify">
        {verify.isPending ? (
          <Loading what="Verifying the hash chain" />
        ) : verify.isError ? (
          <ErrorBox error={verify.error} title="The chain could not be verified" />
        ) : verify.data.ok ? (
          <div className="verify good" role="status">
            <strong>✓ Verified</strong> — all {verify.data.entries} entries link up and match their hashes.
            {verify.data.head && (
              <span className="muted small">
                {' '}
                Head {verify.data.head.seq}:
                <Mono
                  value={short(`0x${verify.data.head.hash}`, 8)}
                  full={`${verify.data.head.seq}:${verify.data.head.hash}`}
                />{' '}
                — record it elsewhere as an anchor.
              </span>
            )}
          </div>
        ) : (
          <div className="verify bad" role="alert">
            <strong>✗ Broken at entry {verify.data.firstBadSeq}</strong> ({verify.data.problem}): {verify.data.detail}.
            Treat this as a security incident (see docs/audit.md).
          </div>
        )}
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Action
          <input value={action} onChange={(e) => setAction(e.target.value)} placeholder="e.g. review.approved" />
        </label>
        <label>
          Actor
          <input value={actor} onChange={(e) => setActor(e.target.value)} placeholder="key_…" />
        </label>
        <label>
          Principal
          <input
            value={principal}
            onChange={(e) => setPrincipal(e.target.value)}
            placeholder="prn_… (every key of it)"
          />
        </label>
        <label>
          Subject
          <input value={subject} onChange={(e) => setSubject(e.target.value)} placeholder="tx_…, we_…" />
        </label>
      </form>
      <Card>
        <QueryView q={q}>
          {(list) =>
            list.data.length === 0 ? (
              <Empty>No entries match.</Empty>
            ) : (
              <>
                <table className="table" data-testid="audit-table">
                  <thead>
                    <tr>
                      <th className="num">#</th>
                      <th>When</th>
                      <th>Action</th>
                      <th>Actor</th>
                      <th>Subject</th>
                      <th>Details</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.map((e) => (
                      <tr key={e.id}>
                        <td className="num">{e.seq}</td>
                        <td title={utc(e.at)}>{relative(e.at, now)}</td>
                        <td>
                          <code>{e.action}</code>
                        </td>
                        <td data-actor={e.actor}>
                          <Who id={e.actor} principal={e.actorPrincipal ?? null} />
                          {e.actorPrincipal && (
                            <div className="muted small">
                              <Mono value={short(e.actor)} full={e.actor} />
                            </div>
                          )}
                        </td>
                        <td>{e.subject ? <Mono value={short(e.subject)} full={e.subject} /> : '—'}</td>
                        <td className="small wrap details">
                          {Object.keys(e.details).length > 0 && (
                            <dl className="fields" data-testid="audit-details">
                              {auditFields(e.details, nameOf).map((f) => (
                                <Fragment key={f.label}>
                                  <dt>{f.label}</dt>
                                  <dd>{f.value}</dd>
                                </Fragment>
                              ))}
                            </dl>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {list.hasMore && limit < 500 && (
                  <button className="btn ghost" type="button" onClick={() => setLimit(Math.min(500, limit * 2))}>
                    Show more
                  </button>
                )}
              </>
            )
          }
        </QueryView>
      </Card>
    </Page>
  );
}
