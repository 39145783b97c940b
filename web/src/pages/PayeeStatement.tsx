import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { keel, unwrap } from '../api.ts';
import { Card, Empty, ErrorBox, QueryView, Status } from '../components.tsx';

const LINE_TONE: Record<string, string> = {
  paid: 'confirmed',
  pending: 'pending',
  failed: 'failed',
  carried: 'pending',
};

/** `YYYY-MM-DD` of a date, in UTC. */
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The period's bounds for the API: from the first day's start to the day after the last (UTC). */
function bounds(from: string, through: string): { from: string; to: string } {
  const end = new Date(`${through}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { from: `${from}T00:00:00Z`, to: end.toISOString() };
}

/**
 * A payee's statement (`GET /v1/payees/{id}/statements`, docs/payouts.md#statements): pick a
 * payee and a period (whole UTC days); totals earned / paid / carried per asset and each line of
 * each run with the transaction that paid it. The CSV is fetched with the session's key and
 * offered as a file.
 */
export function StatementCard() {
  const now = new Date();
  const [payeeId, setPayeeId] = useState('');
  const [from, setFrom] = useState(day(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))));
  const [through, setThrough] = useState(day(now));
  const payees = useQuery({
    queryKey: ['payees'],
    queryFn: () => unwrap(keel.GET('/v1/payees', { params: { query: { limit: 100 } } })),
    refetchInterval: 30_000,
  });
  const valid = payeeId !== '' && /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(through);
  const period = valid ? bounds(from, through) : null;
  const statement = useQuery({
    queryKey: ['payee-statement', payeeId, period?.from, period?.to],
    enabled: period !== null,
    queryFn: () =>
      unwrap(
        keel.GET('/v1/payees/{id}/statements', {
          params: { path: { id: payeeId }, query: { from: period!.from, to: period!.to } },
        }),
      ),
    refetchInterval: 10_000,
  });
  const csv = useMutation({
    mutationFn: async () => {
      const text = await unwrap(
        keel.GET('/v1/payees/{id}/statements', {
          params: { path: { id: payeeId }, query: { from: period!.from, to: period!.to, format: 'csv' } },
          parseAs: 'text',
        }),
      );
      const url = URL.createObjectURL(new Blob([text as string], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `statement-${payeeId}-${from}-${through}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  return (
    <Card title="Statements">
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Statement">
        <label>
          Payee
          <select value={payeeId} onChange={(e) => setPayeeId(e.target.value)} data-testid="statement-payee">
            <option value="">Choose a payee…</option>
            {(payees.data?.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.reference})
              </option>
            ))}
          </select>
        </label>
        <label>
          From (UTC)
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          Through (UTC)
          <input type="date" value={through} onChange={(e) => setThrough(e.target.value)} />
        </label>
        <button type="button" className="btn" disabled={!valid || csv.isPending} onClick={() => csv.mutate()}>
          Download CSV
        </button>
      </form>
      {csv.isError && <ErrorBox error={csv.error} title="CSV not downloaded" />}
      {!valid ? (
        <Empty>Choose a payee and a period: its runs' lines with what was earned, paid and carried.</Empty>
      ) : (
        <QueryView q={statement}>
          {(s) => (
            <div data-testid="payee-statement" data-payee={s.payeeId}>
              {s.totals.length === 0 ? (
                <Empty>No run for this payee in this period.</Empty>
              ) : (
                <table className="table rows" data-testid="statement-totals">
                  <thead>
                    <tr>
                      <th>Asset</th>
                      <th>Earned</th>
                      <th>Paid</th>
                      <th>Carried</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.totals.map((t) => (
                      <tr key={`${t.chainId}:${t.asset}`} data-asset={t.asset}>
                        <td>
                          {t.asset} on {t.chainId}
                        </td>
                        <td data-total="earned">{t.earned}</td>
                        <td data-total="paid">{t.paid}</td>
                        <td data-total="carried">{t.carried}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {s.entries.length > 0 && (
                <table className="table rows" data-testid="statement-entries">
                  <thead>
                    <tr>
                      <th>Run</th>
                      <th>Status</th>
                      <th>Earned</th>
                      <th>Carried in</th>
                      <th>Paid</th>
                      <th>Carried out</th>
                      <th>Transaction</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.entries.map((e) => (
                      <tr key={e.lineId} data-line={e.lineId} data-line-status={e.status}>
                        <td>
                          <span className="mono-small">{e.runId}</span>
                          <div className="muted small">
                            {e.period ? `${e.period.from.slice(0, 10)} – ${e.period.to.slice(0, 10)}` : e.source}
                          </div>
                        </td>
                        <td>
                          <Status value={LINE_TONE[e.status] ?? 'pending'} label={e.status} />
                          {e.reason && <div className="muted small">{e.reason}</div>}
                        </td>
                        <td>
                          {e.earned} {e.asset}
                        </td>
                        <td>{e.carriedIn}</td>
                        <td>{e.paid}</td>
                        <td>{e.carriedOut}</td>
                        <td>{e.txId ? <Link href={`/transactions/${e.txId}`}>{e.txId}</Link> : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          )}
        </QueryView>
      )}
    </Card>
  );
}
