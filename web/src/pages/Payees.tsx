import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@keel/client';
import { useState } from 'react';
import { Addr } from '../address-book.tsx';
import { keel, unwrap } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Card, DecisionActions, Empty, ErrorBox, Page, QueryView, Status, useNow } from '../components.tsx';
import { relative } from '../format.ts';
import { Who } from '../principals.tsx';

type Payee = Schema<'Payee'>;
type AddressChange = Schema<'PayeeAddressChange'>;
type Flag = Schema<'PayeeAddressFlag'>;

const STATE_LABEL: Record<AddressChange['state'], string> = {
  pending_approval: 'waiting for approval',
  cooling_off: 'cooling off',
  active: 'active',
  superseded: 'superseded',
  rejected: 'rejected',
};

/**
 * The payee book (docs/payouts.md#payees-and-address-safety): payees with their payout addresses
 * and the address changes waiting for a second principal, their flags (lookalikes, contracts) in
 * plain view; reviewers approve or reject them here.
 */
export function PayeesPage() {
  const list = useQuery({
    queryKey: ['payees'],
    queryFn: () => unwrap(keel.GET('/v1/payees', { params: { query: { limit: 100 } } })),
    refetchInterval: 10_000,
  });
  return (
    <Page
      title="Payees"
      intro="Partners and creators Keel pays. A new or changed payout address is paid only after a second person approves it and its cool-off is over; until then the previous address stays the one paid."
    >
      <QueryView q={list}>
        {(l) => {
          const pending = l.data.flatMap((p) =>
            p.addresses.filter((a) => a.state === 'pending_approval').map((a) => ({ payee: p, change: a })),
          );
          return (
            <>
              <Card title={`Address changes to review (${pending.length})`}>
                {pending.length === 0 ? (
                  <Empty>No address change waits for approval.</Empty>
                ) : (
                  pending.map(({ payee, change }) => <ChangeReview key={change.id} payee={payee} change={change} />)
                )}
              </Card>
              <Card title="Payees">
                {l.data.length === 0 ? (
                  <Empty>
                    No payee yet. Create them through the API (POST /v1/payees, or a CSV to /v1/payees/import).
                  </Empty>
                ) : (
                  <PayeeTable payees={l.data} />
                )}
              </Card>
            </>
          );
        }}
      </QueryView>
    </Page>
  );
}

function Flags({ flags }: { flags: Flag[] }) {
  if (flags.length === 0) return null;
  return (
    <ul className="small flags" data-testid="flags">
      {flags.map((f) => (
        <li key={f.kind === 'lookalike' ? f.of : 'contract'} data-flag={f.kind}>
          <Status value="failed" label={f.kind === 'lookalike' ? 'lookalike' : 'contract'} />{' '}
          {f.kind === 'lookalike' ? (
            <>
              looks like {f.source === 'payee' ? `payee ${f.payeeId ?? 'in this batch'}’s` : 'known'} address{' '}
              <Addr address={f.of} full />
            </>
          ) : (
            'has code on its chain (entered with confirmContract)'
          )}
        </li>
      ))}
    </ul>
  );
}

function PayeeTable({ payees }: { payees: Payee[] }) {
  const now = useNow();
  return (
    <table className="table rows" data-testid="payee-list">
      <thead>
        <tr>
          <th>Payee</th>
          <th>Status</th>
          <th>Addresses</th>
        </tr>
      </thead>
      <tbody>
        {payees.map((p) => (
          <tr key={p.id} data-payee={p.id}>
            <td>
              <strong>{p.name}</strong>
              <div className="muted small">{p.reference}</div>
              <div className="muted small mono-small">{p.id}</div>
            </td>
            <td>
              <Status
                value={p.status === 'disabled' ? 'rejected' : p.verification === 'verified' ? 'active' : 'pending'}
                label={p.status === 'disabled' ? 'disabled' : p.verification}
              />
            </td>
            <td>
              {p.addresses.length === 0
                ? '—'
                : p.addresses.map((a) => (
                    <div key={a.id} data-address-change={a.id} data-state={a.state}>
                      {a.asset.symbol} on {a.chainId}: <Addr address={a.address} chainId={a.chainId} full />{' '}
                      <Status value={a.state === 'active' ? 'active' : 'pending'} label={STATE_LABEL[a.state]} />
                      {a.state === 'cooling_off' && a.activeFrom && (
                        <span className="muted small"> payable {relative(a.activeFrom, now)}</span>
                      )}
                      <Flags flags={a.flags} />
                    </div>
                  ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ChangeReview({ payee, change }: { payee: Payee; change: AddressChange }) {
  const { can } = useAuth();
  const qc = useQueryClient();
  const now = useNow();
  const [note, setNote] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const current = payee.addresses.find(
    (a) => a.state === 'active' && a.chainId === change.chainId && a.asset.address === change.asset.address,
  );
  const m = useMutation({
    mutationFn: (d: 'approve' | 'reject') => {
      const path = { id: payee.id, changeId: change.id };
      const trimmed = note.trim();
      return d === 'approve'
        ? unwrap(
            keel.POST('/v1/payees/{id}/address-changes/{changeId}/approve', {
              params: { path },
              body: { ...(acknowledged ? { acknowledgeFlags: true } : {}), ...(trimmed ? { note: trimmed } : {}) },
            }),
          )
        : unwrap(
            keel.POST('/v1/payees/{id}/address-changes/{changeId}/reject', {
              params: { path },
              body: trimmed ? { note: trimmed } : {},
            }),
          );
    },
    onSuccess: () => {
      setNote('');
      void qc.invalidateQueries({ queryKey: ['payees'] });
    },
  });
  return (
    <article className="proposal" data-change={change.id}>
      <div className="review-head">
        <div>
          <h3>
            {payee.name} <span className="muted small">{payee.reference}</span>
          </h3>
          <div className="muted small">
            requested {relative(change.requestedAt, now)} by{' '}
            <Who id={change.requestedBy.apiKeyId} principal={change.requestedBy.principal} />; cool-off until{' '}
            {relative(change.coolOffUntil, now)}
          </div>
        </div>
      </div>
      <p>
        {change.asset.symbol} on chain {change.chainId}: <Addr address={change.address} chainId={change.chainId} full />
        {current ? (
          <>
            {' '}
            (replaces <Addr address={current.address} chainId={current.chainId} full />, paid until this one is active)
          </>
        ) : (
          ' (new)'
        )}
      </p>
      <Flags flags={change.flags} />
      {can('review') ? (
        <>
          {change.flags.length > 0 && (
            <label className="small ack-flags">
              <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} /> I
              checked the flags above
            </label>
          )}
          <DecisionActions
            id={change.id}
            note={note}
            setNote={setNote}
            pending={m.isPending}
            decide={(d) => m.mutate(d)}
          />
        </>
      ) : (
        <p className="muted small">
          Approving an address change needs the review scope (and another person than the requester).
        </p>
      )}
      {m.isError && <ErrorBox error={m.error} title="Decision not recorded" />}
    </article>
  );
}
