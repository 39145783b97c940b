import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { filters, keel, unwrap } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { usePrincipals, Who } from '../principals.tsx';
import { Card, Empty, ErrorBox, Mono, Page, QueryView, ShowMore, SMALL_LIST, Status, useNow } from '../components.tsx';
import { relative } from '../format.ts';
import type { WebhookDelivery } from '../types.ts';

/** Webhook endpoints and each one's delivery log, with retry and test deliveries. */
export function WebhooksPage() {
  const [limit, setLimit] = useState<number>(SMALL_LIST.first);
  const q = useQuery({
    queryKey: ['webhook-endpoints', limit],
    queryFn: () => unwrap(keel.GET('/v1/webhook-endpoints', { params: { query: { limit } } })),
  });
  const names = usePrincipals(q.data?.data.map((e) => e.ownerPrincipal) ?? []);
  const { can } = useAuth();
  const [selected, setSelected] = useState<string | null>(null);
  const now = useNow();
  return (
    <Page
      title="Webhooks"
      intro={
        can('admin')
          ? 'Where Keel sends signed events, and how each delivery went. As an admin you see every principal’s endpoints; your changes to another’s are audit-logged. Each endpoint receives only the events its key may read.'
          : 'Your principal’s endpoints: where Keel sends signed events, and how each delivery went. Each receives only the events its key may read. Failed deliveries are retried on a schedule; retry one now or send a test event.'
      }
    >
      <Card title="Endpoints">
        <QueryView q={q}>
          {(list) =>
            list.data.length === 0 ? (
              <Empty>
                No webhook endpoint of yours is registered. Register one with POST /v1/webhook-endpoints (see
                docs/webhooks.md).
              </Empty>
            ) : (
              <>
                <table className="table rows" data-testid="endpoints-table">
                  <thead>
                    <tr>
                      <th>Endpoint</th>
                      <th>Status</th>
                      <th>Events</th>
                      <th>Owner</th>
                      <th>Created</th>
                      <th></th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.map((e) => {
                      const active = (selected ?? list.data[0]?.id) === e.id;
                      return (
                        <tr key={e.id} className={active ? 'selected' : ''}>
                          <td>
                            <div>{e.url}</div>
                            <div className="muted small">
                              <Mono value={e.id} /> {e.description}
                            </div>
                          </td>
                          <td>
                            <Status value={e.status} />
                            {e.disabledReason && <div className="muted small">{e.disabledReason}</div>}
                          </td>
                          <td className="small wrap">{e.eventTypes.join(', ')}</td>
                          <td data-testid="endpoint-owner">
                            <Who id={e.ownerPrincipal ?? 'system'} names={names} />
                          </td>
                          <td className="muted">{relative(e.createdAt, now)}</td>
                          <td>
                            <button
                              type="button"
                              className="btn ghost"
                              onClick={() => setSelected(e.id)}
                              disabled={active}
                            >
                              {active ? 'Showing deliveries' : 'Deliveries'}
                            </button>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                <ShowMore hasMore={list.hasMore} limit={limit} setLimit={setLimit} max={SMALL_LIST.max} />
              </>
            )
          }
        </QueryView>
      </Card>
      {q.data && q.data.data.length > 0 && <Deliveries endpointId={selected ?? q.data.data[0]!.id} />}
    </Page>
  );
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const qc = useQueryClient();
  const now = useNow();
  const [status, setStatus] = useState<WebhookDelivery['status'] | ''>('');
  const q = useQuery({
    queryKey: ['deliveries', endpointId, status],
    queryFn: () =>
      unwrap(
        keel.GET('/v1/webhook-endpoints/{id}/deliveries', {
          params: { path: { id: endpointId }, query: filters({ status, limit: 50 }) },
        }),
      ),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['deliveries', endpointId] });
  const retry = useMutation({
    mutationFn: (id: string) => unwrap(keel.POST('/v1/webhook-deliveries/{id}/retry', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const test = useMutation({
    mutationFn: () => unwrap(keel.POST('/v1/webhook-endpoints/{id}/test', { params: { path: { id: endpointId } } })),
    onSuccess: refresh,
  });
  return (
    <Card
      title={
        <>
          Delivery log <Mono value={endpointId} />
        </>
      }
      extra={
        <div className="inline-form tight">
          <select
            aria-label="Delivery status"
            value={status}
            onChange={(e) => setStatus(e.target.value as WebhookDelivery['status'] | '')}
          >
            <option value="">Every delivery</option>
            <option value="pending">Pending</option>
            <option value="delivering">Delivering</option>
            <option value="succeeded">Succeeded</option>
            <option value="failed">Failed (gave up)</option>
          </select>
          <button type="button" className="btn ghost" onClick={() => test.mutate()} disabled={test.isPending}>
            Send test event
          </button>
        </div>
      }
    >
      {test.isError && <ErrorBox error={test.error} title="Test not sent" />}
      {retry.isError && <ErrorBox error={retry.error} title="Not retried" />}
      <QueryView q={q}>
        {(list) =>
          list.data.length === 0 ? (
            <Empty>No deliveries {status ? `with status ${status}` : 'yet'}.</Empty>
          ) : (
            <table className="table" data-testid="deliveries-table">
              <thead>
                <tr>
                  <th>Event</th>
                  <th>Status</th>
                  <th className="num">Attempts</th>
                  <th>Last answer</th>
                  <th>Created</th>
                  <th>Next / delivered</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <code>{d.eventType}</code>
                      <div className="muted small">
                        <Mono value={d.id} /> {d.kind !== 'event' && `(${d.kind})`}
                      </div>
                    </td>
                    <td>
                      <Status value={d.status} />
                    </td>
                    <td className="num">{d.attempts}</td>
                    <td className="small wrap">
                      {d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : ''} {d.lastError ?? (d.attempts ? '' : '—')}
                    </td>
                    <td className="muted">{relative(d.createdAt, now)}</td>
                    <td className="muted">
                      {d.deliveredAt
                        ? `delivered ${relative(d.deliveredAt, now)}`
                        : d.status === 'pending'
                          ? `next ${relative(d.nextAttemptAt, now)}`
                          : '—'}
                    </td>
                    <td>
                      {(d.status === 'failed' || d.status === 'succeeded') && (
                        <button
                          type="button"
                          className="btn ghost"
                          disabled={retry.isPending}
                          onClick={() => retry.mutate(d.id)}
                        >
                          {d.status === 'failed' ? 'Retry' : 'Send again'}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </Card>
  );
}
