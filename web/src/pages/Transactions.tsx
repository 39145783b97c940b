import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { useAddressBook } from '../address-book.tsx';
import { noNames, withName, type NameOf } from '../address-names.ts';
import { filters as query, keel, unwrap } from '../api.ts';
import { Empty, Page, QueryView, Status, useNow, ShowMore } from '../components.tsx';
import { groupDecimal, relative, short, usd } from '../format.ts';
import { type Transaction, transactions, type TxStatus } from '../types.ts';
import { TX_STATUSES } from '../tx-status.ts';

// pending_policy lasts the moment of intake: not worth a filter.
const STATUSES = TX_STATUSES.filter((s) => s !== 'pending_policy');

/** One line of what a transaction does, for lists. */
export function describeTx(t: Transaction, nameOf: NameOf = noNames): string {
  // A name Keel knows comes with the short address; else the short address alone.
  const who = (a: string) => (nameOf(a, t.chainId) ? withName(a, nameOf, t.chainId) : short(a));
  if (t.kind === 'transfer' && t.amount && t.asset)
    return `${groupDecimal(t.amount.amount)} ${t.asset.symbol} → ${who(t.recipient ?? t.to)}`;
  if (t.call) return `${t.call.function.split('(')[0]}() on ${who(t.to)}`;
  return `call to ${who(t.to)}`;
}

/** Every transaction, newest first, with filters; polled. */
export function TransactionsPage() {
  const [status, setStatus] = useState<TxStatus | ''>('');
  const [chainId, setChainId] = useState('');
  const [signer, setSigner] = useState('');
  const [user, setUser] = useState('');
  const [limit, setLimit] = useState(25);
  const now = useNow();
  const filters = {
    status,
    chainId: /^\d+$/.test(chainId) ? Number(chainId) : undefined,
    signer: signer.trim(),
    userId: user.trim(),
    limit,
  };
  const { nameOf } = useAddressBook();
  const q = useQuery({
    queryKey: ['transactions', filters],
    queryFn: () => unwrap(keel.GET('/v1/transactions', { params: { query: query(filters) } })).then(transactions),
    placeholderData: keepPreviousData,
  });

  return (
    <Page
      title="Transactions"
      intro="Everything sent through the guarded write path, newest first. Open one to see its preview, policy decision, balance changes and history."
    >
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as TxStatus | '')} name="status">
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Chain
          <input
            value={chainId}
            onChange={(e) => setChainId(e.target.value)}
            placeholder="any"
            inputMode="numeric"
            size={8}
          />
        </label>
        <label>
          Signer
          <input value={signer} onChange={(e) => setSigner(e.target.value)} placeholder="any" size={12} />
        </label>
        <label>
          End user
          <input value={user} onChange={(e) => setUser(e.target.value)} placeholder="any" size={14} />
        </label>
      </form>
      <QueryView q={q} what="Loading transactions">
        {(list) =>
          list.data.length === 0 ? (
            <Empty>No transactions match these filters.</Empty>
          ) : (
            <>
              <table className="table rows" data-testid="tx-table">
                <thead>
                  <tr>
                    <th>Transaction</th>
                    <th>Status</th>
                    <th>What</th>
                    <th className="num">USD</th>
                    <th>Chain</th>
                    <th>Signer</th>
                    <th>End user</th>
                    <th>Created</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.map((t) => (
                    <tr key={t.id} data-tx={t.id}>
                      <td>
                        <Link href={`/transactions/${t.id}`} className="mono">
                          {t.id}
                        </Link>
                      </td>
                      <td>
                        <Status value={t.status} />
                      </td>
                      <td>{describeTx(t, nameOf)}</td>
                      <td className="num">{usd(t.amountUsd)}</td>
                      <td>{t.chainId}</td>
                      <td>{t.signer.name}</td>
                      <td>{t.userId}</td>
                      <td className="muted" title={t.createdAt}>
                        {relative(t.createdAt, now)}
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
