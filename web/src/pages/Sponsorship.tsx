import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { filters as query, keel, unwrap } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Card, Empty, ErrorBox, Page, QueryView, ShowMore, Status, useNow } from '../components.tsx';
import { relative } from '../format.ts';
import { budgetShare, type SponsorshipDocument } from '../sponsorship-text.ts';

/** A starting document for a new policy: the shape docs/sponsorship.md describes. */
export const NEW_POLICY_TEMPLATE: SponsorshipDocument = {
  name: 'Onboarding',
  chains: [31337],
  maxCostUsdPerOperation: '0.50',
  globalBudget: { amountUsd: '100', period: 'month' },
  userOperations: { max: 5, period: 'day' },
  abuse: { opsPerIp: 50 },
};

/** Parses a policy document typed as JSON; the API checks its rules. */
export function parseDocument(text: string): { doc: SponsorshipDocument } | { error: string } {
  try {
    const doc = JSON.parse(text) as unknown;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
      return { error: 'The policy must be a JSON object.' };
    return { doc: doc as SponsorshipDocument };
  } catch (e) {
    return { error: `Not valid JSON: ${(e as Error).message}` };
  }
}

/** A policy document editor (JSON) with its submit button; the API's refusal shows beneath. */
export function DocumentForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  initial: SponsorshipDocument;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (doc: SponsorshipDocument) => void;
}) {
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = parseDocument(text);
    if ('error' in p) return setParseError(p.error);
    setParseError(null);
    onSubmit(p.doc);
  };
  return (
    <form onSubmit={submit} className="stack" aria-label={submitLabel}>
      <textarea
        aria-label="Policy rules (JSON)"
        className="mono-small"
        rows={14}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <p className="muted small">
        Fields: name, chains, maxCostUsdPerOperation, maxGasPerOperation, globalBudget, userBudget, userOperations,
        firstOperationsPerUser, window, senderAllowList, senderBlockList, targets, selectors, abuse, backendHook (see
        docs/sponsorship.md).
      </p>
      <div>
        <button className="btn primary" type="submit" disabled={pending}>
          {submitLabel}
        </button>
      </div>
      {parseError && <div className="warning">{parseError}</div>}
      {error ? <ErrorBox error={error} title="Not saved" /> : null}
    </form>
  );
}

/** Sponsored gas policies (docs/sponsorship.md), newest first, each with its budget use this period. */
export function SponsorshipPage() {
  const { can } = useAuth();
  const [limit, setLimit] = useState(25);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [, navigate] = useLocation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['sponsorship-policies', limit],
    queryFn: () => unwrap(keel.GET('/v1/sponsorship-policies', { params: { query: query({ limit }) } })),
    placeholderData: keepPreviousData,
  });
  const create = useMutation({
    mutationFn: (body: SponsorshipDocument) => unwrap(keel.POST('/v1/sponsorship-policies', { body })),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: ['sponsorship-policies'] });
      setCreating(false);
      if (p.backendHookSecret) setSecret(p.backendHookSecret);
      else navigate(`/sponsorship/${p.id}`);
    },
  });
  const writer = can('sponsorship:write');
  return (
    <Page
      title="Sponsorship"
      intro="When Keel's paymaster pays the gas of your users' smart-account operations: each policy's rules, budget used this period, and its decisions. Policies belong to your principal."
      actions={
        writer && !creating ? (
          <button type="button" className="btn primary" onClick={() => setCreating(true)}>
            New policy
          </button>
        ) : null
      }
    >
      {secret && (
        <div className="notice" role="status">
          Policy created. Its backend hook's signing secret, shown this once: <code>{secret}</code>
        </div>
      )}
      {creating && (
        <Card
          title="New sponsorship policy"
          extra={
            <button type="button" className="btn ghost" onClick={() => setCreating(false)}>
              Cancel
            </button>
          }
        >
          <DocumentForm
            initial={NEW_POLICY_TEMPLATE}
            submitLabel="Create policy"
            pending={create.isPending}
            error={create.error}
            onSubmit={(doc) => create.mutate(doc)}
          />
        </Card>
      )}
      <QueryView q={q} what="Loading sponsorship policies">
        {(list) =>
          list.data.length === 0 ? (
            <Empty>
              No sponsorship policies yet. A policy says which user operations Keel's paymaster pays the gas of: which
              chains, contracts and functions, with budgets per period and per user and abuse limits.{' '}
              {writer
                ? 'Create one with New policy above, or with POST /v1/sponsorship-policies.'
                : 'A key with sponsorship:write creates one with POST /v1/sponsorship-policies.'}{' '}
              Accounts to sponsor: <Link href="/smart-accounts">Smart accounts</Link>.
            </Empty>
          ) : (
            <>
              <table className="table rows" data-testid="sponsorship-table">
                <thead>
                  <tr>
                    <th>Policy</th>
                    <th>Status</th>
                    <th className="num">Version</th>
                    <th>Chains</th>
                    <th>Budget this period</th>
                    <th>Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.map((p) => (
                    <tr key={p.id} data-policy={p.id}>
                      <td>
                        <Link href={`/sponsorship/${p.id}`}>{p.document.name}</Link>
                        <div className="muted small mono-small">{p.id}</div>
                      </td>
                      <td>
                        <Status value={p.status} />
                      </td>
                      <td className="num">{p.version}</td>
                      <td>{p.document.chains?.length ? p.document.chains.join(', ') : 'every chain'}</td>
                      <td>
                        <BudgetUse id={p.id} />
                      </td>
                      <td className="muted" title={p.updatedAt}>
                        <Updated at={p.updatedAt} />
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

function Updated({ at }: { at: string }) {
  const now = useNow();
  return <>{relative(at, now)}</>;
}

/** Spent vs budget in the policy's current period (`GET …/usage`), as a bar when there is a budget. */
export function BudgetUse({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['sponsorship-usage', id, 'default'],
    queryFn: () => unwrap(keel.GET('/v1/sponsorship-policies/{id}/usage', { params: { path: { id } } })),
  });
  if (q.isPending) return <span className="muted">…</span>;
  if (!q.data) return <span className="muted">unavailable</span>;
  const u = q.data;
  const share = budgetShare(u.spentUsd, u.budgetUsd);
  return (
    <div data-testid={`budget-${id}`}>
      ${u.spentUsd} {u.budgetUsd !== null ? `of $${u.budgetUsd}` : 'spent (no budget)'}{' '}
      <span className="muted small">this {u.period}</span>
      {share !== null && (
        <div
          className="alloc-track"
          role="meter"
          aria-label="Budget used"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(share * 100)}
        >
          <div className="alloc-fill" style={{ width: `${(share * 100).toFixed(1)}%` }} />
        </div>
      )}
    </div>
  );
}
