import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { keel, unwrap } from '../api.ts';
import { usePrincipals, Who } from '../principals.tsx';
import type { PrincipalRef } from '../who.ts';
import { Card, Empty, ErrorBox, Page, QueryView, ShowMore, SMALL_LIST, Status, useNow } from '../components.tsx';
import { relative } from '../format.ts';
import type { Breaker } from '../types.ts';

/** Circuit breakers: state, reason, who and when; trip and reset (audit-logged by Keel). */
export function BreakersPage() {
  const [limit, setLimit] = useState<number>(SMALL_LIST.first);
  const q = useQuery({
    queryKey: ['breakers', limit],
    queryFn: () => unwrap(keel.GET('/v1/breakers', { params: { query: { limit } } })),
  });
  const names = usePrincipals(q.data?.data.flatMap((b) => [b.trippedBy, b.resetBy]) ?? []);
  return (
    <Page
      title="Circuit breakers"
      intro="While a breaker is open, what it covers (a protocol on a chain, or one pool) is refused and everything else keeps working. Keel trips one by itself after repeated oracle refusals; operators trip and reset them here."
    >
      <TripForm />
      <Card title="Breakers">
        <QueryView q={q}>
          {(list) =>
            list.data.length === 0 ? (
              <Empty>No breaker has been tripped yet. Trip one above to stop a protocol or a pool.</Empty>
            ) : (
              <>
                <table className="table" data-testid="breakers-table">
                  <thead>
                    <tr>
                      <th>Breaker</th>
                      <th>State</th>
                      <th>Reason</th>
                      <th>Tripped</th>
                      <th>Reset</th>
                      <th className="num">Recent refusals</th>
                      <th></th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.map((b) => (
                      <BreakerRow key={b.key} b={b} names={names} />
                    ))}
                  </tbody>
                </table>
                <ShowMore hasMore={list.hasMore} limit={limit} setLimit={setLimit} max={SMALL_LIST.max} />
              </>
            )
          }
        </QueryView>
      </Card>
    </Page>
  );
}

function useBreakerAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { key: string; action: 'trip' | 'reset'; text: string }) =>
      a.action === 'trip'
        ? unwrap(keel.POST('/v1/breakers/{key}/trip', { params: { path: { key: a.key } }, body: { reason: a.text } }))
        : unwrap(
            keel.POST('/v1/breakers/{key}/reset', {
              params: { path: { key: a.key } },
              body: a.text ? { note: a.text } : {},
            }),
          ),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['breakers'] });
      void qc.invalidateQueries({ queryKey: ['overview'] });
    },
  });
}

function TripForm() {
  const [key, setKey] = useState('');
  const [reason, setReason] = useState('');
  const m = useBreakerAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate({ key: key.trim(), action: 'trip', text: reason.trim() }, { onSuccess: () => setReason('') });
  };
  return (
    <Card title="Trip a breaker">
      <form className="inline-form" onSubmit={submit} aria-label="Trip a breaker">
        <label>
          Breaker key
          <input
            name="key"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder="uniswap-v2:31337 or pool:31337:0x…"
            required
            size={34}
          />
        </label>
        <label className="grow">
          Reason
          <input
            name="reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="What is wrong, for the audit log"
            required
          />
        </label>
        <button className="btn danger" type="submit" disabled={m.isPending || !key.trim() || !reason.trim()}>
          Trip
        </button>
      </form>
      {m.isError && <ErrorBox error={m.error} title="Not tripped" />}
    </Card>
  );
}

function BreakerRow({ b, names }: { b: Breaker; names: Map<string, PrincipalRef> }) {
  const now = useNow();
  const [text, setText] = useState('');
  const m = useBreakerAction();
  const action = b.state === 'open' ? 'reset' : 'trip';
  return (
    <>
      <tr data-breaker={b.key}>
        <td>
          <code>{b.key}</code>
        </td>
        <td>
          <Status value={b.state} label={b.state === 'open' ? 'Open (tripped)' : 'Closed'} />
        </td>
        <td>{b.reason ?? '—'}</td>
        <td className="small">
          {b.trippedAt ? (
            <>
              {relative(b.trippedAt, now)} by <Who id={b.trippedBy} names={names} />
            </>
          ) : (
            '—'
          )}
        </td>
        <td className="small">
          {b.resetAt ? (
            <>
              {relative(b.resetAt, now)} by <Who id={b.resetBy} names={names} />
            </>
          ) : (
            '—'
          )}
        </td>
        <td className="num">{b.recentFailures}</td>
        <td>
          <div className="inline-form tight">
            <input
              aria-label={`${action === 'reset' ? 'Note' : 'Reason'} for ${b.key}`}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={action === 'reset' ? 'Note (optional)' : 'Reason'}
              size={16}
            />
            <button
              type="button"
              className={action === 'reset' ? 'btn primary' : 'btn danger'}
              disabled={m.isPending || (action === 'trip' && !text.trim())}
              onClick={() => m.mutate({ key: b.key, action, text: text.trim() }, { onSuccess: () => setText('') })}
            >
              {action === 'reset' ? 'Reset' : 'Trip'}
            </button>
          </div>
        </td>
      </tr>
      {m.isError && (
        <tr>
          <td colSpan={7}>
            <ErrorBox error={m.error} title="Not changed" />
          </td>
        </tr>
      )}
    </>
  );
}
