import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { keel, unwrap } from '../api.ts';
import { Card, Empty, ErrorBox, Mono, QueryView, Status, useNow } from '../components.tsx';
import { relative, short } from '../format.ts';
import { describeAllowance, describeScope, SESSION_KEY_STATUS_LABEL } from '../session-key-text.ts';
import type { SessionKey } from '../types.ts';

/**
 * A smart account's session keys (docs/account-abstraction.md#session-keys): each with its
 * status, its scope in plain words, what it spent and what remains (read from the chain by the
 * API), and a revoke button for active keys. Polled, so a grant or revocation shows as it lands.
 */
export function SessionKeysCard({ accountId }: { accountId: string }) {
  const q = useQuery({
    queryKey: ['session-keys', accountId],
    queryFn: () =>
      unwrap(
        keel.GET('/v1/smart-accounts/{id}/session-keys', {
          params: { path: { id: accountId }, query: { limit: 50 } },
        }),
      ),
    refetchInterval: 2_000,
  });
  return (
    <Card title="Session keys">
      <QueryView q={q} what="Loading session keys">
        {(list) =>
          list.data.length === 0 ? (
            <Empty>
              <div data-testid="session-keys-empty">
                No session keys. A session key is a key your app or the user’s device holds that may sign only what its
                grant allows (some contracts, a token to listed recipients under caps, until a date). Grant one with{' '}
                <code>POST /v1/smart-accounts/{accountId}/session-keys</code>.
              </div>
            </Empty>
          ) : (
            <ul className="session-keys" data-testid="session-keys">
              {list.data.map((k) => (
                <SessionKeyItem key={k.id} k={k} accountId={accountId} />
              ))}
            </ul>
          )
        }
      </QueryView>
    </Card>
  );
}

function SessionKeyItem({ k, accountId }: { k: SessionKey; accountId: string }) {
  const qc = useQueryClient();
  const revoke = useMutation({
    mutationFn: () =>
      unwrap(
        keel.POST('/v1/smart-accounts/{id}/session-keys/{keyId}/revoke', {
          params: { path: { id: accountId, keyId: k.id } },
          body: {},
        }),
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['session-keys', accountId] }),
  });
  return (
    <li className="session-key" data-session-key={k.id} data-status={k.status}>
      <div>
        <Status value={k.status} label={SESSION_KEY_STATUS_LABEL[k.status]} />{' '}
        <strong>{k.label ?? 'Session key'}</strong> <Mono value={short(k.keyAddress, 6)} full={k.keyAddress} />
        {k.statusReason && <span className="muted small"> ({k.statusReason.replaceAll('_', ' ')})</span>}
        {k.replacedBy && <span className="muted small"> replaced by {k.replacedBy}</span>}
      </div>
      <ul className="small session-key-scope" data-testid="session-key-scope">
        {describeScope(k.scope).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="small" data-testid="session-key-allowance">
        {describeAllowance(k)}
      </p>
      {k.status === 'active' && (
        <button
          type="button"
          className="btn danger"
          disabled={revoke.isPending}
          onClick={() => {
            if (
              window.confirm(
                `Revoke session key ${short(k.keyAddress, 6)}? It will no longer be able to sign for this account.`,
              )
            )
              revoke.mutate();
          }}
        >
          Revoke
        </button>
      )}
      {revoke.isError && <ErrorBox error={revoke.error} title="Not revoked" />}
    </li>
  );
}

export function RecentUserOperationsCard({ accountId }: { accountId: string }) {
  const now = useNow();
  const q = useQuery({
    queryKey: ['user-operations', accountId],
    queryFn: async () =>
      (await unwrap(keel.GET('/v1/user-operations', { params: { query: { smartAccountId: accountId, limit: 10 } } })))
        .data,
    refetchInterval: 5_000,
  });
  if (!q.data) return null;
  return (
    <Card title="Recent user operations">
      {q.data.length === 0 ? (
        <Empty>No user operations yet.</Empty>
      ) : (
        <table className="table rows" data-testid="user-operations-table">
          <thead>
            <tr>
              <th>Operation</th>
              <th>Status</th>
              <th>Signed by</th>
              <th>Calls</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {q.data.map((op) => (
              <tr key={op.id}>
                <td className="mono-small">{op.id}</td>
                <td>
                  <Status value={op.status} />
                </td>
                <td>{op.signing}</td>
                <td className="small">
                  {op.calls
                    .map((c) => (c.call ? `${c.call.function} on ${short(c.to)}` : `${c.kind} ${short(c.to)}`))
                    .join('; ')}
                </td>
                <td className="muted" title={op.createdAt}>
                  {relative(op.createdAt, now)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
