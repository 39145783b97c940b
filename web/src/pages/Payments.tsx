import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { filters as query, keel, unwrap } from '../api.ts';
import { Empty, Page, QueryView, Status, useNow, ShowMore } from '../components.tsx';
import { groupDecimal, relative } from '../format.ts';
import { INTENT_STATUS_LABEL } from '../payments-text.ts';
import type { IntentStatus } from '../types.ts';

const STATUSES = Object.keys(INTENT_STATUS_LABEL) as IntentStatus[];

/** The two payments pages' tabs. */
export function PaymentsTabs({ active }: { active: 'intents' | 'report' }) {
  return (
    <div className="segmented" role="tablist" aria-label="Payments views">
      <Link
        href="/payments"
        className={active === 'intents' ? 'seg active' : 'seg'}
        aria-current={active === 'intents' ? 'page' : undefined}
      >
        Payment intents
      </Link>
      <Link
        href="/payments/report"
        className={active === 'report' ? 'seg active' : 'seg'}
        aria-current={active === 'report' ? 'page' : undefined}
      >
        Settlement report
      </Link>
    </div>
  );
}

/** Payment intents, newest first, filtered by status and customer reference; polled. */
export function PaymentsPage() {
  const [status, setStatus] = useState<IntentStatus | ''>('');
  const [ref, setRef] = useState('');
  const [limit, setLimit] = useState(25);
  const now = useNow();
  const filters = { status, customerReference: ref.trim(), limit };
  const q = useQuery({
    queryKey: ['payment-intents', filters],
    queryFn: () => unwrap(keel.GET('/v1/payment-intents', { params: { query: query(filters) } })),
    placeholderData: keepPreviousData,
  });
  return (
    <Page
      title="Payments"
      intro="Stablecoin payment intents, newest first: what was asked, what arrived, and what needs a person (something not credited, a late payment). Open one to refund or cancel it."
      actions={<PaymentsTabs active="intents" />}
    >
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as IntentStatus | '')} name="status">
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {INTENT_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Customer reference
          <input value={ref} onChange={(e) => setRef(e.target.value)} placeholder="exact reference" size={20} />
        </label>
      </form>
      <QueryView q={q} what="Loading payments">
        {(list) =>
          list.data.length === 0 ? (
            <Empty>
              {status || ref.trim()
                ? 'No payment intents match these filters.'
                : 'No payment intents yet. Create one with POST /v1/payment-intents.'}
            </Empty>
          ) : (
            <>
              <table className="table rows" data-testid="payments-table">
                <thead>
                  <tr>
                    <th>Payment intent</th>
                    <th>Status</th>
                    <th className="num">Amount</th>
                    <th className="num">Received</th>
                    <th>Customer reference</th>
                    <th>Attention</th>
                    <th>Created</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.map((p) => (
                    <tr key={p.id} data-intent={p.id}>
                      <td>
                        <Link href={`/payments/${p.id}`} className="mono">
                          {p.id}
                        </Link>
                        {p.description && <div className="muted small">{p.description}</div>}
                      </td>
                      <td>
                        <Status value={p.status} label={INTENT_STATUS_LABEL[p.status]} />
                      </td>
                      <td className="num">
                        {groupDecimal(p.amount.amount)} {p.asset.symbol}
                      </td>
                      <td className="num">
                        {groupDecimal(p.amountReceived.amount)}
                        {p.amountPending.baseUnits !== '0' && (
                          <div className="muted small">+{groupDecimal(p.amountPending.amount)} confirming</div>
                        )}
                      </td>
                      <td>{p.customerReference ?? <span className="muted">—</span>}</td>
                      <td>
                        {p.needsAttention && <Status value="failed" label="Needs attention" />}{' '}
                        {p.paidLate && <Status value="pending_review" label="Paid late" />}
                        {BigInt(p.overpaid.baseUnits) > 0n && <Status value="pending_review" label="Overpaid" />}
                      </td>
                      <td className="muted" title={p.createdAt}>
                        {relative(p.createdAt, now)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ShowMore hasMore={list.hasMore} limit={limit} setLimit={setLimit} />
            </>
          )
        }
      </QueryView>
    </Page>
  );
}
