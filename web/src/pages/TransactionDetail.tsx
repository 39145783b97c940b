import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { Addr, useAddressBook } from '../address-book.tsx';
import { keel, unwrap } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { usePrincipals, Who } from '../principals.tsx';
import {
  Card,
  Empty,
  ErrorBox,
  Json,
  Loading,
  MetadataRows,
  Mono,
  PreviewLines,
  QueryView,
  Reasons,
  Status,
  useNow,
} from '../components.tsx';
import { fromBaseUnits, groupDecimal, humanize, relative, short, signed, usd, utc } from '../format.ts';
import { type Transaction, transaction } from '../types.ts';
import { describeTx } from './Transactions.tsx';
import { isFinalTx } from '../tx-status.ts';

/** What the policy judged: the intent kind and what the transaction can take out of Keel's accounts. */
function ExposureLine({ t }: { t: Transaction }) {
  const e = t.exposure;
  const moved = e?.assets.map((a) => {
    const parts = [
      a.outflow.baseUnits !== '0' && `${groupDecimal(a.outflow.amount)} ${a.asset.symbol}`,
      a.allowance.baseUnits !== '0' && `${groupDecimal(a.allowance.amount)} ${a.asset.symbol} through allowances`,
    ];
    return parts.filter(Boolean).join(', ');
  });
  return (
    <p className="muted small" data-testid="exposure">
      Judged as <strong>{humanize(t.intentKind)}</strong>
      {e && (
        <>
          {' '}
          — can move {moved?.length ? moved.join('; ') : 'nothing'} out of Keel’s accounts
          {e.usd !== null ? ` (${usd(e.usd)})` : e.assets.length ? ' (no usable price)' : ''}
        </>
      )}
      .
    </p>
  );
}

/** One transaction: preview, decision, simulated vs actual balance changes, revert, history. */
export function TransactionDetailPage({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['transaction', id],
    queryFn: () => unwrap(keel.GET('/v1/transactions/{id}', { params: { path: { id } } })).then(transaction),
    // Final transactions do not change: stop polling them.
    refetchInterval: (query) => (query.state.data && isFinalTx(query.state.data.status) ? false : 2_000),
  });
  return (
    <section className="page">
      <p className="crumbs">
        <Link href="/transactions">← Transactions</Link>
      </p>
      <QueryView q={q} what="Loading the transaction">
        {(t) => <Detail t={t} />}
      </QueryView>
    </section>
  );
}

function Detail({ t }: { t: Transaction }) {
  const now = useNow();
  const { can } = useAuth();
  const names = usePrincipals([t.createdBy, t.review?.decidedBy]);
  const { nameOf } = useAddressBook();
  return (
    <>
      <header className="page-head">
        <div>
          <h1>
            {describeTx(t, nameOf)} <Status value={t.status} />
          </h1>
          <p className="intro">
            <Mono value={t.id} /> · chain {t.chainId} · signer {t.signer.name} (
            <Mono value={short(t.signer.address)} full={t.signer.address} />) · to{' '}
            <Addr address={t.recipient ?? t.to} chainId={t.chainId} /> · end user {t.userId} · created{' '}
            {relative(t.createdAt, now)} by{' '}
            <span data-testid="created-by">
              <Who id={t.createdBy} names={names} />
            </span>
          </p>
          {t.statusReason && <p className="muted">Reason: {humanize(t.statusReason)}</p>}
        </div>
        {can('transactions:write') && ['pending_review', 'queued', 'signed', 'submitted'].includes(t.status) && (
          <CancelButton id={t.id} />
        )}
      </header>

      <div className="grid2">
        <Card title="Preview" extra={t.amountUsd ? <span className="muted">{usd(t.amountUsd)}</span> : undefined}>
          {t.preview ? (
            <div className="preview">
              <p className="preview-summary">{t.preview.summary}</p>
              <PreviewLines preview={t.preview} />
              <p className="muted small">
                {t.preview.fee.text} · {t.preview.finality.text}
              </p>
            </div>
          ) : (
            <Empty>No preview (the transaction stopped before simulation).</Empty>
          )}
        </Card>
        <Card
          title="Policy decision"
          extra={<span className="muted small">policy version {t.decision.policyVersion}</span>}
        >
          <p>
            <Status
              value={t.decision.outcome}
              label={{ allow: 'Allowed', deny: 'Denied', review: 'Sent to review' }[t.decision.outcome]}
            />
            {t.decision.allowedBy.length > 0 && (
              <span className="muted small"> allowed by {t.decision.allowedBy.join(', ')}</span>
            )}
          </p>
          {t.decision.reasons.length === 0 ? (
            <p className="muted">No rule objected.</p>
          ) : (
            <Reasons reasons={t.decision.reasons} />
          )}
          <ExposureLine t={t} />
          {t.review && (
            <div className="review-box">
              <strong>Human review</strong>
              {t.review.decision ? (
                <p>
                  <Status value={t.review.decision} /> by{' '}
                  <span data-testid="decided-by">
                    <Who id={t.review.decidedBy} names={names} />
                  </span>{' '}
                  {relative(t.review.decidedAt, now)}
                  {t.review.note && <> — “{t.review.note}”</>}
                </p>
              ) : (
                <p className="muted">Waiting for a reviewer; expires {relative(t.review.expiresAt, now)}.</p>
              )}
            </div>
          )}
        </Card>
      </div>

      {t.revert && (
        <Card title="Why it failed" className="danger">
          <p className="revert-text">{t.revert.description}</p>
          <p className="muted small">
            Decoded from the {t.revert.source === 'receipt' ? 'mined transaction' : 'simulation'}.
          </p>
          <details>
            <summary>Decoded data</summary>
            <Json value={t.revert.decoded} />
          </details>
        </Card>
      )}

      <BalanceChanges t={t} />

      <div className="grid2">
        <Card title="State history">
          <ol className="timeline" data-testid="tx-history">
            {t.history.map((h, i) => (
              <li key={i}>
                <Status value={h.status} />
                <span>{humanize(h.reason)}</span>
                <span className="muted small" title={h.at}>
                  {utc(h.at)}
                </span>
                {h.detail !== null && h.detail !== undefined && (
                  <span className="muted small detail">{JSON.stringify(h.detail)}</span>
                )}
              </li>
            ))}
          </ol>
        </Card>
        <Card title="On chain">
          <dl className="facts">
            <dt>Hash</dt>
            <dd>{t.hash ? <Mono value={short(t.hash, 8)} full={t.hash} /> : '—'}</dd>
            <dt>Nonce</dt>
            <dd>{t.nonce ?? '—'}</dd>
            <dt>Block</dt>
            <dd>{t.receipt ? `${t.receipt.blockNumber} (${t.receipt.confirmations} confirmations)` : '—'}</dd>
            <dt>Gas used</dt>
            <dd>{t.receipt?.gasUsed ?? t.simulation?.gasUsed ?? '—'}</dd>
            <dt>Attempts</dt>
            <dd>
              {t.attempts.length === 0
                ? 'none yet'
                : t.attempts.map((a) => (
                    <div key={a.seq}>
                      {a.seq}. {a.kind} <Mono value={short(a.hash)} full={a.hash} />{' '}
                      {a.broadcastAt ? `sent ${relative(a.broadcastAt, now)}` : 'not sent'}
                    </div>
                  ))}
            </dd>
            <MetadataRows metadata={t.metadata} />
          </dl>
        </Card>
      </div>
    </>
  );
}

function BalanceChanges({ t }: { t: Transaction }) {
  const q = useQuery({
    queryKey: ['balance-changes', t.id, t.status, t.receipt?.hash ?? null],
    queryFn: () => unwrap(keel.GET('/v1/transactions/{id}/balance-changes', { params: { path: { id: t.id } } })),
    refetchInterval: false,
  });
  const assetName = (a: string) =>
    a === 'native' ? 'native coin' : t.asset?.address?.toLowerCase() === a.toLowerCase() ? t.asset.symbol : short(a);
  const amount = (a: string, base: string | undefined) => {
    if (base === undefined) return '—';
    if (t.asset?.address && t.asset.address.toLowerCase() === a.toLowerCase())
      return signed(fromBaseUnits(base, t.asset.decimals));
    if (a === 'native') return signed(fromBaseUnits(base, 18));
    return `${signed(base)} base units`;
  };
  return (
    <Card title="Balance changes: simulated vs actual">
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorBox error={q.error} />
      ) : (
        (() => {
          const c = q.data;
          const rows = new Map<string, { address: string; asset: string; sim?: string; act?: string }>();
          for (const s of c.simulated)
            rows.set(`${s.address.toLowerCase()}|${s.asset.toLowerCase()}`, {
              address: s.address,
              asset: s.asset,
              sim: s.delta,
            });
          for (const a of c.actual ?? []) {
            const k = `${a.address.toLowerCase()}|${a.asset.toLowerCase()}`;
            rows.set(k, { ...(rows.get(k) ?? { address: a.address, asset: a.asset }), act: a.delta });
          }
          if (rows.size === 0) return <Empty>Nothing moves (or the transaction stopped before simulation).</Empty>;
          return (
            <>
              <table className="table" data-testid="balance-changes">
                <thead>
                  <tr>
                    <th>Address</th>
                    <th>Asset</th>
                    <th className="num">Simulated</th>
                    <th className="num">Actual</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  {[...rows.values()].map((r) => {
                    const same = c.actual === null ? null : (r.sim ?? '0') === (r.act ?? '0');
                    return (
                      <tr key={`${r.address}|${r.asset}`}>
                        <td>
                          <Addr address={r.address} chainId={t.chainId} />
                          {r.address.toLowerCase() === t.signer.address.toLowerCase() && (
                            <span className="muted small"> (signer)</span>
                          )}
                        </td>
                        <td>{assetName(r.asset)}</td>
                        <td className="num">{amount(r.asset, r.sim ?? '0')}</td>
                        <td className="num">
                          {c.actual === null ? (
                            <span className="muted">not mined yet</span>
                          ) : (
                            amount(r.asset, r.act ?? '0')
                          )}
                        </td>
                        <td>
                          {same === null ? (
                            ''
                          ) : same ? (
                            <Status value="confirmed" label="matches" />
                          ) : (
                            <Status value="failed" label="differs" />
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <p className="muted small">
                {c.note}
                {c.fee && ` Gas fee paid: ${fromBaseUnits(c.fee.wei, 18)} (native coin).`}
              </p>
            </>
          );
        })()
      )}
    </Card>
  );
}

function CancelButton({ id }: { id: string }) {
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState(false);
  const m = useMutation({
    mutationFn: () =>
      unwrap(
        keel.POST('/v1/transactions/{id}/cancel', {
          params: { path: { id } },
          body: reason.trim() ? { reason: reason.trim() } : {},
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['transaction', id] }),
  });
  if (!open)
    return (
      <button className="btn danger" type="button" onClick={() => setOpen(true)}>
        Cancel transaction…
      </button>
    );
  return (
    <div className="inline-form">
      <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason (optional)" />
      <button className="btn danger" type="button" disabled={m.isPending} onClick={() => m.mutate()}>
        Confirm cancel
      </button>
      <button className="btn ghost" type="button" onClick={() => setOpen(false)}>
        Keep it
      </button>
      {m.isError && <ErrorBox error={m.error} title="Not cancelled" />}
    </div>
  );
}
