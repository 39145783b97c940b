import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { keel, unwrap } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Card, Empty, ErrorBox, Kpi, Mono, QueryView, Status, useNow, MetadataRows } from '../components.tsx';
import { groupDecimal, relative, short, utc } from '../format.ts';
import { cancellable, depositReason, depositState, INTENT_STATUS_LABEL } from '../payments-text.ts';
import type { PaymentIntent, Refund } from '../types.ts';

const REFUND_REASONS = [
  ['overpayment', 'Overpayment'],
  ['underpayment', 'Underpayment (returning a partial payment)'],
  ['full', 'Full refund'],
  ['unexpected_deposit', 'Unexpected deposit (wrong token or network)'],
  ['other', 'Other'],
] as const;
type RefundReason = (typeof REFUND_REASONS)[number][0];

/** One payment intent: amounts, every payment seen with its state and flags, refunds; refund and cancel. */
export function PaymentDetailPage({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['payment-intent', id],
    queryFn: () => unwrap(keel.GET('/v1/payment-intents/{id}', { params: { path: { id } } })),
    // Something may still move while a payment or a refund is open; otherwise poll slowly (late payments).
    refetchInterval: (query) => {
      const p = query.state.data;
      return !p ||
        ['requires_payment', 'processing'].includes(p.status) ||
        p.refunds.some((r) => r.status === 'pending') ||
        p.payments.some((d) => d.status === 'pending')
        ? 2_000
        : 10_000;
    },
  });
  return (
    <section className="page">
      <p className="crumbs">
        <Link href="/payments">← Payments</Link>
      </p>
      <QueryView q={q} what="Loading the payment intent">
        {(p) => <Detail p={p} />}
      </QueryView>
    </section>
  );
}

function Detail({ p }: { p: PaymentIntent }) {
  const now = useNow();
  const { can } = useAuth();
  const sym = p.asset.symbol;
  const amt = (m: { amount: string }) => `${groupDecimal(m.amount)} ${sym}`;
  const chainName = (id: number) => p.chains.find((c) => c.chainId === id)?.name ?? `chain ${id}`;
  return (
    <>
      <header className="page-head">
        <div>
          <h1>
            {amt(p.amount)} <Status value={p.status} label={INTENT_STATUS_LABEL[p.status]} />
          </h1>
          <p className="intro">
            <Mono value={p.id} /> {p.description && <>· {p.description} </>}· customer reference{' '}
            {p.customerReference ?? '—'} · created {relative(p.createdAt, now)} ·{' '}
            {p.status === 'requires_payment' ? `expires ${relative(p.expiresAt, now)}` : `expiry ${utc(p.expiresAt)}`}
          </p>
        </div>
        {can('payments:write') && cancellable(p) && <CancelButton id={p.id} />}
      </header>

      {p.needsAttention && (
        <div className="notice" role="status" data-testid="needs-attention">
          Something arrived that was not credited (another token or network, or after cancellation). Refund it to the
          sender — the reason is shown beside each payment below.
        </div>
      )}
      {p.paidLate && (
        <div className="notice">
          Paid late: a payment arrived after expiry, within the late window, and was credited.
        </div>
      )}

      <div className="kpis" data-testid="pi-amounts">
        <Kpi label="Amount" value={amt(p.amount)} />
        <Kpi
          label="Received (final)"
          value={amt(p.amountReceived)}
          tone={p.status === 'succeeded' ? 'good' : undefined}
        />
        <Kpi label="Pending (confirming)" value={amt(p.amountPending)} />
        <Kpi
          label="Remaining"
          value={amt(p.amountRemaining)}
          hint={BigInt(p.overpaid.baseUnits) > 0n ? `Overpaid by ${amt(p.overpaid)}` : undefined}
          tone={BigInt(p.overpaid.baseUnits) > 0n ? 'warn' : undefined}
        />
      </div>

      <div className="grid2">
        <Card title="Deposit address">
          <dl className="facts">
            <dt>Address</dt>
            <dd>
              <Mono value={p.depositAddress} />{' '}
              <span className="muted small">(the same on every accepted network)</span>
            </dd>
            <dt>Networks</dt>
            <dd>{p.chains.map((c) => `${c.name} (${c.chainId}, ${c.confirmations} confirmations)`).join(' · ')}</dd>
            <dt>Checkout page</dt>
            <dd>
              <a href={`/pay/${p.id}`} target="_blank" rel="noreferrer" data-testid="checkout-link">
                /pay/{p.id}
              </a>
            </dd>
            <MetadataRows metadata={p.metadata} />
          </dl>
        </Card>
        <Card
          title="Refunds"
          extra={
            <span className="muted small">
              refundable {amt(p.refundable)} · refunded {amt(p.amountRefunded)}
            </span>
          }
        >
          <RefundsTable refunds={p.refunds} chainName={chainName} sym={sym} />
          {can('payments:write') && BigInt(p.refundable.baseUnits) > 0n && <RefundForm p={p} />}
        </Card>
      </div>

      <Card title="Payments received">
        {p.payments.length === 0 ? (
          <Empty>Nothing has arrived at the deposit address yet.</Empty>
        ) : (
          <table className="table" data-testid="pi-payments">
            <thead>
              <tr>
                <th>Network</th>
                <th className="num">Amount</th>
                <th>State</th>
                <th>Transaction</th>
                <th>Block</th>
                <th>From</th>
                <th>Seen</th>
              </tr>
            </thead>
            <tbody>
              {p.payments.map((d) => {
                const why = depositReason(d);
                return (
                  <tr key={d.id} data-deposit={d.txHash}>
                    <td>{chainName(d.chainId)}</td>
                    <td className="num">
                      {groupDecimal(d.amount.amount)} {d.asset ?? short(d.token)}
                    </td>
                    <td>
                      <Status
                        value={d.kind === 'unexpected' ? 'failed' : d.status}
                        label={d.kind === 'unexpected' ? 'Not credited' : depositState(d)}
                      />
                      {d.late && d.kind === 'payment' && <Status value="pending_review" label="Late" />}
                      {why && <div className="small warn-text wrap">{why}</div>}
                      {d.kind === 'unexpected' && <div className="muted small">{depositState(d)}</div>}
                    </td>
                    <td>
                      <Mono value={short(d.txHash, 6)} full={d.txHash} />
                    </td>
                    <td>{d.blockNumber}</td>
                    <td>
                      <Mono value={short(d.from)} full={d.from} />
                    </td>
                    <td className="muted" title={d.seenAt}>
                      {relative(d.seenAt, now)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}

function RefundsTable({
  refunds,
  chainName,
  sym,
}: {
  refunds: Refund[];
  chainName: (id: number) => string;
  sym: string;
}) {
  const now = useNow();
  if (refunds.length === 0) return <p className="muted">No refunds.</p>;
  return (
    <table className="table" data-testid="pi-refunds">
      <thead>
        <tr>
          <th className="num">Amount</th>
          <th>To</th>
          <th>Reason</th>
          <th>Status</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        {refunds.map((r) => (
          <tr key={r.id} data-refund={r.id}>
            <td className="num">
              {groupDecimal(r.amount.amount)} {sym}
            </td>
            <td>
              <Mono value={short(r.to)} full={r.to} />
              <div className="muted small">on {chainName(r.chainId)}</div>
            </td>
            <td>{r.reason.replace('_', ' ')}</td>
            <td>
              <Status value={r.status} /> <Link href={`/transactions/${r.transactionId}`}>transaction</Link>
            </td>
            <td className="muted">{relative(r.createdAt, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RefundForm({ p }: { p: PaymentIntent }) {
  const qc = useQueryClient();
  const payer = p.payments.find((d) => d.status === 'confirmed')?.from ?? '';
  const [amount, setAmount] = useState(p.refundable.amount);
  const [to, setTo] = useState(payer);
  const [reason, setReason] = useState<RefundReason>(
    BigInt(p.overpaid.baseUnits) > 0n ? 'overpayment' : p.needsAttention ? 'unexpected_deposit' : 'full',
  );
  const m = useMutation({
    mutationFn: () =>
      unwrap(
        keel.POST('/v1/payment-intents/{id}/refunds', {
          params: { path: { id: p.id } },
          body: { amount: amount.trim(), to: to.trim(), reason },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['payment-intent', p.id] }),
  });
  return (
    <form
      className="refund-form"
      aria-label="Refund"
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate();
      }}
    >
      <h3>Refund</h3>
      <div className="inline-form">
        <label>
          Amount ({p.asset.symbol})
          <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" size={10} required />
        </label>
        <label className="grow">
          Recipient
          <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="0x… (the payer's address)" required />
        </label>
        <label>
          Reason
          <select value={reason} onChange={(e) => setReason(e.target.value as RefundReason)}>
            {REFUND_REASONS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <button className="btn primary" type="submit" disabled={m.isPending}>
          Refund
        </button>
      </div>
      <p className="muted small">
        Sent through the write path from the treasury: policy applies, and large refunds wait for review.
      </p>
      {m.isError && <ErrorBox error={m.error} title="Not refunded" />}
      {m.isSuccess && (
        <div className="notice good" role="status" data-testid="refund-done">
          Refund of {m.data.amount.amount} {p.asset.symbol} created ({m.data.status}).{' '}
          <Link href={`/transactions/${m.data.transactionId}`}>Follow its transaction</Link>
        </div>
      )}
    </form>
  );
}

function CancelButton({ id }: { id: string }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const m = useMutation({
    mutationFn: () =>
      unwrap(
        keel.POST('/v1/payment-intents/{id}/cancel', {
          params: { path: { id } },
          body: reason.trim() ? { reason: reason.trim() } : {},
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['payment-intent', id] }),
  });
  if (!open)
    return (
      <button className="btn danger" type="button" onClick={() => setOpen(true)}>
        Cancel payment…
      </button>
    );
  return (
    <div className="inline-form">
      <input
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder="Reason (optional)"
        aria-label="Cancel reason"
      />
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
