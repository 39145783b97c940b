import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@keel/client';
import { useState, type FormEvent } from 'react';
import { keel, unwrap } from '../api.ts';
import { Card, ErrorBox, Status } from '../components.tsx';
import { reasonText } from '../sponsorship-text.ts';

type Policy = Schema<'SponsorshipPolicy'>;
type Decision = Schema<'SponsorshipDecision'>;

/** Reasons of a decision: the plain sentence, then the code and the API's detail. */
export function DecisionReasons({ d }: { d: Decision }) {
  if (d.reasons.length === 0) return d.sponsored ? null : <span className="muted">—</span>;
  return (
    <ul className="reasons">
      {d.reasons.map((r, i) => (
        <li key={`${r.code}-${i}`} data-code={r.code}>
          <div>{reasonText(r.code)}</div>
          <div className="muted small">
            <code>{r.code}</code> {r.detail}
          </div>
        </li>
      ))}
    </ul>
  );
}

export function Evaluate({ policy }: { policy: Policy }) {
  const qc = useQueryClient();
  const [form, setForm] = useState({
    chainId: String(policy.document.chains?.[0] ?? 31337),
    sender: '',
    userId: '',
    to: '',
    selector: '',
    maxCostUsd: '0.10',
    maxGas: '300000',
    isNewAccount: false,
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const m = useMutation({
    mutationFn: () =>
      unwrap(
        keel.POST('/v1/sponsorship-policies/{id}/evaluate', {
          params: { path: { id: policy.id } },
          body: {
            chainId: Number(form.chainId),
            sender: form.sender.trim(),
            userId: form.userId.trim(),
            calls: [{ to: form.to.trim(), ...(form.selector.trim() ? { selector: form.selector.trim() } : {}) }],
            maxCostUsd: form.maxCostUsd.trim(),
            maxGas: form.maxGas.trim(),
            isNewAccount: form.isNewAccount,
          },
        }),
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['sponsorship-decisions', policy.id] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  const d = m.data;
  return (
    <Card title="Test an operation">
      <p className="muted small">
        A dry run: the decision the policy would take now, recorded as a dry run; it reserves no budget and counts
        toward no figure.
      </p>
      <form onSubmit={submit} aria-label="Test an operation" className="stack">
        <div className="inline-form">
          <label>
            Chain id
            <input name="chainId" value={form.chainId} onChange={set('chainId')} size={8} required />
          </label>
          <label className="grow">
            Sender (smart account)
            <input name="sender" value={form.sender} onChange={set('sender')} placeholder="0x…" required />
          </label>
          <label>
            User id
            <input name="userId" value={form.userId} onChange={set('userId')} size={16} required />
          </label>
        </div>
        <div className="inline-form">
          <label className="grow">
            Call to
            <input name="to" value={form.to} onChange={set('to')} placeholder="0x… contract called" required />
          </label>
          <label>
            Selector (optional)
            <input
              name="selector"
              value={form.selector}
              onChange={set('selector')}
              placeholder="0xa9059cbb"
              size={12}
            />
          </label>
          <label>
            Max cost (USD)
            <input name="maxCostUsd" value={form.maxCostUsd} onChange={set('maxCostUsd')} size={8} required />
          </label>
          <label>
            Max gas
            <input name="maxGas" value={form.maxGas} onChange={set('maxGas')} size={10} required />
          </label>
          <label>
            <input
              type="checkbox"
              checked={form.isNewAccount}
              onChange={(e) => setForm({ ...form, isNewAccount: e.target.checked })}
            />{' '}
            Deploys the account
          </label>
        </div>
        <div>
          <button className="btn primary" type="submit" disabled={m.isPending}>
            Evaluate
          </button>
        </div>
      </form>
      {m.isError && <ErrorBox error={m.error} title="Not evaluated" />}
      {d && (
        <div className="review-box" data-testid="evaluate-result" data-sponsored={String(d.sponsored)} role="status">
          {d.sponsored ? (
            <Status value="approved" label="Sponsored" />
          ) : (
            <Status value="rejected" label={`Denied${d.class ? ` (${d.class})` : ''}`} />
          )}{' '}
          <span className="muted small">
            by version {d.policyVersion} · {d.id}
          </span>
          <DecisionReasons d={d} />
        </div>
      )}
    </Card>
  );
}
