import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import { filters as query, keel, unwrap } from '../api.ts';
import { Card, Empty, Mono, Page, QueryView, ShowMore, Status, useNow } from '../components.tsx';
import { relative, short } from '../format.ts';
import { RecentUserOperationsCard, SessionKeysCard } from './SmartAccountSessionKeys.tsx';

/** Copies a value to the clipboard; says so for a moment (or that the browser refused). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    const done = (s: 'copied' | 'failed') => {
      setState(s);
      setTimeout(() => setState('idle'), 2_000);
    };
    if (!navigator.clipboard) return done('failed');
    navigator.clipboard.writeText(value).then(
      () => done('copied'),
      () => done('failed'),
    );
  };
  return (
    <button type="button" className="btn ghost copy-btn" onClick={copy} aria-label={`Copy ${label}`}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : 'Copy'}
    </button>
  );
}

const HOW_TO_CREATE =
  'POST /v1/smart-accounts with { "chainId": 31337, "userId": "your-user-id" } (owner custodial by default, or { "kind": "external", "address": "0x…" }).';

/** Smart accounts (docs/account-abstraction.md), newest first, filtered by user and chain; polled. */
export function SmartAccountsPage() {
  const search = new URLSearchParams(useSearch());
  const [userId, setUserId] = useState(search.get('userId') ?? '');
  const [chainId, setChainId] = useState(search.get('chainId') ?? '');
  const [limit, setLimit] = useState(25);
  const now = useNow();
  const chain: number | '' = /^[1-9]\d*$/.test(chainId.trim()) ? Number(chainId.trim()) : '';
  const filters = { userId: userId.trim(), chainId: chain, limit };
  const q = useQuery({
    queryKey: ['smart-accounts', filters],
    queryFn: () => unwrap(keel.GET('/v1/smart-accounts', { params: { query: query(filters) } })),
    placeholderData: keepPreviousData,
  });
  const filtered = Boolean(filters.userId || chain !== '');
  return (
    <Page
      title="Smart accounts"
      intro="One ERC-4337 smart account per end user and chain, newest first. Its address is known before it exists on chain; its first user operation deploys it."
    >
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          User id
          <input value={userId} onChange={(e) => setUserId(e.target.value)} placeholder="exact user id" size={24} />
        </label>
        <label>
          Chain id
          <input
            value={chainId}
            onChange={(e) => setChainId(e.target.value)}
            placeholder="any chain"
            size={10}
            inputMode="numeric"
          />
        </label>
      </form>
      <QueryView q={q} what="Loading smart accounts">
        {(list) =>
          list.data.length === 0 ? (
            filtered ? (
              <Empty>No smart accounts match these filters.</Empty>
            ) : (
              <Empty>
                <div data-testid="smart-accounts-empty">
                  No smart accounts yet. A smart account is a contract wallet (ERC-4337) Keel keeps for one of your
                  users on one chain: its operations are signed by its owner — a Keel signer (custodial) or a key your
                  app or the user holds (external) — and their gas can be sponsored (see{' '}
                  <Link href="/sponsorship">Sponsorship</Link>). Create one with <code>{HOW_TO_CREATE}</code>
                </div>
              </Empty>
            )
          ) : (
            <>
              <table className="table rows" data-testid="smart-accounts-table">
                <thead>
                  <tr>
                    <th>User</th>
                    <th>Chain</th>
                    <th>Address</th>
                    <th>Owner</th>
                    <th>Deployed</th>
                    <th>Created</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.map((a) => (
                    <tr key={a.id} data-account={a.id} data-user={a.userId}>
                      <td>
                        <Link href={`/smart-accounts/${a.id}`}>{a.userId}</Link>
                        <div className="muted small mono-small">{a.id}</div>
                      </td>
                      <td>{a.chainId}</td>
                      <td className="nowrap">
                        <Mono value={a.address} /> <CopyButton value={a.address} label={`address of ${a.userId}`} />
                      </td>
                      <td>
                        <Status
                          value={a.owner.kind === 'custodial' ? 'info' : 'neutral'}
                          label={a.owner.kind === 'custodial' ? 'Custodial' : 'External'}
                        />
                        <div className="muted small">
                          {a.owner.signer ? (
                            `signer “${a.owner.signer}”`
                          ) : (
                            <Mono value={short(a.owner.address, 6)} full={a.owner.address} />
                          )}
                        </div>
                      </td>
                      <td>
                        {a.deployed ? <Status value="confirmed" label="Yes" /> : <Status value="pending" label="No" />}
                      </td>
                      <td className="muted" title={a.createdAt}>
                        {relative(a.createdAt, now)}
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

/** One smart account: where it lives, who owns it, whether it is deployed yet. */
export function SmartAccountDetailPage({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['smart-account', id],
    queryFn: () => unwrap(keel.GET('/v1/smart-accounts/{id}', { params: { path: { id } } })),
  });
  return (
    <Page title="Smart account" intro={<Link href="/smart-accounts">All smart accounts</Link>}>
      <QueryView q={q} what="Loading the smart account">
        {(a) => (
          <Card title={`${a.userId} on chain ${a.chainId}`} extra={<span className="mono-small muted">{a.id}</span>}>
            <dl className="facts" data-testid="smart-account-facts">
              <dt>Address</dt>
              <dd>
                <code className="mono" data-testid="smart-account-address">
                  {a.address}
                </code>{' '}
                <CopyButton value={a.address} label="address" />
              </dd>
              <dt>Deployed</dt>
              <dd>
                {a.deployed
                  ? `Yes, since ${a.deployedAt ?? 'its first operation'}`
                  : 'Not yet: the address is counterfactual; its first user operation deploys it.'}
              </dd>
              <dt>Owner</dt>
              <dd>
                {a.owner.kind === 'custodial'
                  ? `Custodial: Keel's signer “${a.owner.signer ?? '?'}” signs its operations`
                  : 'External: your app or the user’s device holds the key and signs'}
                <div>
                  <Mono value={a.owner.address} />
                </div>
              </dd>
              <dt>Factory</dt>
              <dd>
                <Mono value={a.factory} />
              </dd>
              <dt>EntryPoint</dt>
              <dd>
                <Mono value={a.entryPoint} />
              </dd>
              <dt>Salt</dt>
              <dd className="mono-small">{a.salt}</dd>
              <dt>Created</dt>
              <dd>{a.createdAt}</dd>
            </dl>
            <p className="muted small">
              Other accounts of this user:{' '}
              <Link href={`/smart-accounts?userId=${encodeURIComponent(a.userId)}`}>the list, filtered</Link> · gas
              sponsoring: <Link href="/sponsorship">Sponsorship</Link>
            </p>
          </Card>
        )}
      </QueryView>
      <SessionKeysCard accountId={id} />
      <RecentUserOperationsCard accountId={id} />
    </Page>
  );
}
