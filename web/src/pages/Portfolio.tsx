import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Addr, useAddressBook } from '../address-book.tsx';
import { keel, unwrap } from '../api.ts';
import { Card, Empty, ErrorBox, Loading, Mono, Page, Status } from '../components.tsx';
import { groupDecimal, short, usd } from '../format.ts';

/** Read-only balances, allowances and vault positions of addresses across every chain. */
export function PortfolioPage() {
  const [input, setInput] = useState('');
  const [addresses, setAddresses] = useState('');
  const q = useQuery({
    queryKey: ['portfolio', addresses],
    queryFn: () => unwrap(keel.GET('/v1/portfolio', { params: { query: { addresses } } })),
    enabled: addresses !== '',
    refetchInterval: 10_000,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAddresses(
      input
        .split(/[\s,]+/)
        .filter(Boolean)
        .join(','),
    );
  };
  // Keel's own accounts and, on dev chains, the demo world's users: one click away (the address book names them).
  const { entries } = useAddressBook();
  const accounts = entries.filter((e) => e.kind === 'account');
  const demoUsers = uniqueAddresses(entries.filter((e) => e.kind === 'demo_user'));
  const pick = (list: string[]) => {
    setInput(list.join(', '));
    setAddresses(list.join(','));
  };
  return (
    <Page
      title="Portfolio lookup"
      intro="Balances, allowances (unlimited ones flagged) and vault positions of any addresses on every chain, with USD values from the configured price feeds."
    >
      <form className="inline-form" onSubmit={submit} aria-label="Look up addresses">
        <label className="grow">
          Addresses
          <input
            name="addresses"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder="0x… (several: separate with commas or spaces)"
            required
          />
        </label>
        <button className="btn primary" type="submit" disabled={!input.trim()}>
          Look up
        </button>
      </form>
      {accounts.length > 0 && (
        <div className="quick-picks" data-testid="portfolio-quick">
          <span className="muted small">Keel's accounts:</span>{' '}
          <button type="button" className="btn ghost" onClick={() => pick(accounts.map((a) => a.address))}>
            All of Keel's accounts
          </button>
          {accounts.map((a) => (
            <button key={a.address} type="button" className="btn ghost" onClick={() => pick([a.address])}>
              {a.name}
              {a.detail && a.detail !== a.name ? ` (${a.detail})` : ''}
            </button>
          ))}
        </div>
      )}
      {demoUsers.length > 0 && (
        <div className="quick-picks" data-testid="portfolio-demo-users">
          <span className="muted small">Demo users:</span>{' '}
          <button type="button" className="btn ghost" onClick={() => pick(demoUsers.map((u) => u.address))}>
            All demo users
          </button>
          {demoUsers.map((u) => (
            <button
              key={u.address}
              type="button"
              className="btn ghost"
              title={u.detail ?? undefined}
              onClick={() => pick([u.address])}
            >
              {u.name}
            </button>
          ))}
        </div>
      )}
      {addresses === '' ? (
        <Empty>
          Enter one or more addresses, or pick one of Keel's accounts{demoUsers.length > 0 ? ' or a demo user' : ''}{' '}
          above.
        </Empty>
      ) : q.isPending ? (
        <Loading what="Reading the chains" />
      ) : q.isError ? (
        <ErrorBox error={q.error} title="Lookup failed" />
      ) : (
        q.data.chains.map((c) =>
          c.status === 'unavailable' ? (
            <Card
              key={c.chainId}
              title={`${c.name} (${c.chainId})`}
              extra={<Status value="failed" label="unavailable" />}
            >
              <p>{c.reason.message}</p>
            </Card>
          ) : (
            <Card
              key={c.chainId}
              title={`${c.name} (${c.chainId})`}
              extra={<span className="muted small">read at block {c.blockNumber}</span>}
            >
              {c.accounts.map((a) => (
                <div className="account" key={a.address} data-account={a.address}>
                  <div className="account-head">
                    <Addr address={a.address} chainId={c.chainId} full />
                    <strong>{usd(a.totalUsd)}</strong>
                    {a.totalStale && <Status value="expired" label="stale price" />}
                    {!a.totalComplete && <Status value="failed" label="incomplete" />}
                  </div>
                  <table className="table">
                    <thead>
                      <tr>
                        <th>Asset</th>
                        <th className="num">Balance</th>
                        <th className="num">USD</th>
                        <th>Price</th>
                      </tr>
                    </thead>
                    <tbody>
                      <tr>
                        <td>{a.native.symbol}</td>
                        <td className="num">{a.native.balance ? groupDecimal(a.native.balance.amount, 6) : '—'}</td>
                        <td className="num">{usd(a.native.usd)}</td>
                        <td>
                          <Status
                            value={a.native.priceStatus === 'ok' ? 'healthy' : 'cooling'}
                            label={a.native.priceStatus}
                          />
                        </td>
                      </tr>
                      {a.assets.map((x) => (
                        <tr key={x.asset.address}>
                          <td>{x.asset.symbol}</td>
                          <td className="num">{x.balance ? groupDecimal(x.balance.amount, 6) : '—'}</td>
                          <td className="num">{usd(x.usd)}</td>
                          <td>
                            <Status value={x.priceStatus === 'ok' ? 'healthy' : 'cooling'} label={x.priceStatus} />
                          </td>
                        </tr>
                      ))}
                      {a.vaultPositions.map((v) => (
                        <tr key={v.vault.name}>
                          <td>
                            {v.vault.name} <span className="muted small">vault</span>
                          </td>
                          <td className="num">
                            {v.underlying
                              ? `${groupDecimal(v.underlying.amount, 6)} ${v.asset.symbol}`
                              : `${v.shares.amount} shares`}
                          </td>
                          <td className="num">{usd(v.usd)}</td>
                          <td></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {a.allowances.length > 0 && (
                    <div className="allowances">
                      <h3>Allowances</h3>
                      <ul>
                        {a.allowances.map((x, i) => (
                          <li key={i}>
                            {x.spender.name} (<Mono value={short(x.spender.address)} full={x.spender.address} />) may
                            spend{' '}
                            {x.unlimited ? (
                              <Status value="failed" label="unlimited" />
                            ) : (
                              `${groupDecimal(x.allowance.amount)}`
                            )}{' '}
                            {x.asset.symbol}
                          </li>
                        ))}
                      </ul>
                    </div>
                  )}
                  {a.readErrors.length > 0 && (
                    <p className="warn-text small">Some values could not be read: {a.readErrors.join('; ')}</p>
                  )}
                </div>
              ))}
            </Card>
          ),
        )
      )}
    </Page>
  );
}

/** One entry per address: a demo user is named on each dev chain, offered once. */
function uniqueAddresses<T extends { address: string }>(list: readonly T[]): T[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = e.address.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
