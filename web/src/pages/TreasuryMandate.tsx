import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Addr } from '../address-book.tsx';
import { keel, unwrap } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Card, DecisionActions, ErrorBox, Json, Mono, Status, useNow } from '../components.tsx';
import { duration, groupDecimal, relative, short } from '../format.ts';
import { Who } from '../principals.tsx';
import { bps, limitText } from '../treasury-view.ts';
import { mandateDocument, type TreasuryMandate, type TreasuryMandateVersion } from '../types.ts';

/** A mandate version's document: the vaults with their limits and pinned code, then the mandate-wide rules. */
export function MandateDocumentCard({
  mandate,
  version,
  title,
}: {
  mandate: TreasuryMandate;
  version: TreasuryMandateVersion;
  title?: string;
}) {
  const now = useNow();
  const d = mandateDocument(version);
  return (
    <Card
      title={title ?? `Mandate document — version ${version.version}`}
      extra={
        <span className="muted small">
          {version.activatedAt ? `active since ${relative(version.activatedAt, now)} · ` : ''}hash{' '}
          <Mono value={short(`0x${version.hash}`, 6)} full={version.hash} />
        </span>
      }
    >
      <div data-testid={`mandate-document-v${version.version}`}>
        <MandateDocumentBody mandate={mandate} version={version} />
        <details>
          <summary className="muted small">The document as JSON</summary>
          <Json value={d} />
        </details>
      </div>
    </Card>
  );
}

function MandateDocumentBody({ mandate, version }: { mandate: TreasuryMandate; version: TreasuryMandateVersion }) {
  const d = mandateDocument(version);
  const sym = mandate.asset.symbol;
  const amount = (a: string | undefined) => (a === undefined ? '—' : `${groupDecimal(a)} ${sym}`);
  return (
    <>
      <table className="table">
        <thead>
          <tr>
            <th>Vault</th>
            <th>Target</th>
            <th>Cap</th>
            <th>Pinned code</th>
          </tr>
        </thead>
        <tbody>
          {d.vaults.map((v) => (
            <tr key={v.address}>
              <td>
                <strong>{v.label ?? 'Vault'}</strong>
                <div>
                  <Addr address={v.address} chainId={d.chainId} />
                </div>
              </td>
              <td className="nowrap">{bps(v.targetBps ?? 0)}</td>
              <td className="nowrap">{limitText(v.maxAllocation, sym)}</td>
              <td className="small">
                {v.codeHash ? <Mono value={short(v.codeHash, 6)} full={v.codeHash} /> : '—'}
                {v.implementationCodeHash && (
                  <>
                    {' '}
                    impl <Mono value={short(v.implementationCodeHash, 6)} full={v.implementationCodeHash} />
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="facts mandate-facts">
        <dt>Account</dt>
        <dd>
          {d.signer} on chain {d.chainId} · {sym}
        </dd>
        <dt>Buffer</dt>
        <dd>{limitText(d.buffer, sym)} (the larger binds)</dd>
        <dt>Review above</dt>
        <dd>{amount(d.reviewThreshold)}</dd>
        <dt>Daily movement</dt>
        <dd>{amount(d.maxDailyMovement)}</dd>
        <dt>Share of a vault</dt>
        <dd>at most {bps(d.maxShareOfVaultBps)} of its total assets</dd>
        <dt>Vault minimum</dt>
        <dd>{amount(d.minVaultAssets)} of total assets</dd>
        <dt>Drawdown</dt>
        <dd>
          {bps(d.maxDrawdownBps)} from the high trips the vault's breaker
          {d.onBreaker ? ` (${d.onBreaker.replace(/_/g, ' ')})` : ''}
        </dd>
        <dt>Price staleness</dt>
        <dd>{d.maxPriceStalenessSeconds ? duration(d.maxPriceStalenessSeconds) : '—'}</dd>
      </dl>
    </>
  );
}

/** The versions waiting for approvals, each with Approve / Reject for a key holding policy:approve. */
export function MandateProposals({ mandate }: { mandate: TreasuryMandate }) {
  if (mandate.proposals.length === 0) return null;
  return (
    <Card title={`Proposals waiting for approvals (${mandate.proposals.length})`}>
      {mandate.proposals.map((p) => (
        <MandateProposal key={p.id} mandate={mandate} p={p} />
      ))}
    </Card>
  );
}

function MandateProposal({ mandate, p }: { mandate: TreasuryMandate; p: TreasuryMandateVersion }) {
  const { can } = useAuth();
  const qc = useQueryClient();
  const now = useNow();
  const [note, setNote] = useState('');
  const m = useMutation({
    mutationFn: (d: 'approve' | 'reject') => {
      const path = { id: mandate.id };
      const trimmed = note.trim();
      return d === 'approve'
        ? unwrap(
            keel.POST('/v1/treasury/mandates/{id}/approve', {
              params: { path },
              body: { version: p.version, ...(trimmed ? { note: trimmed } : {}) },
            }),
          )
        : unwrap(
            keel.POST('/v1/treasury/mandates/{id}/reject', {
              params: { path },
              body: { version: p.version, note: trimmed },
            }),
          );
    },
    onSuccess: () => {
      setNote('');
      for (const k of ['treasury-mandates', 'treasury-mandate', 'treasury-position', 'treasury-share-prices'])
        void qc.invalidateQueries({ queryKey: [k] });
    },
  });
  const approvals = p.approvals.filter((a) => a.decision === 'approve');
  return (
    <article className="proposal" data-proposal={p.id}>
      <div className="review-head">
        <div>
          <h3>
            Version {p.version} <Status value={p.status} />
          </h3>
          <div className="muted small">
            proposed {relative(p.createdAt, now)} by <Who id={p.createdBy} principal={p.createdByPrincipal} /> against
            version {p.baseVersion ?? '—'}
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
      <MandateDocumentBody mandate={mandate} version={p} />
      {p.approvals.length > 0 && (
        <ul className="small">
          {p.approvals.map((a) => (
            <li key={a.apiKeyId} data-approval={a.principal.id}>
              <Status value={a.decision === 'approve' ? 'approved' : 'rejected'} />{' '}
              <Who id={a.apiKeyId} principal={a.principal} /> {relative(a.createdAt, now)} {a.note && `— “${a.note}”`}
            </li>
          ))}
        </ul>
      )}
      {can('policy:approve') ? (
        <DecisionActions id={p.id} note={note} setNote={setNote} pending={m.isPending} decide={(d) => m.mutate(d)} />
      ) : (
        <p className="muted small">Approving a mandate version needs the policy:approve scope.</p>
      )}
      {m.isError && <ErrorBox error={m.error} title="Decision not recorded" />}
    </article>
  );
}
