-- Events (transactional outbox), webhook endpoints, deliveries and their attempts, and
-- idempotency records for POST requests.

create table events (
  id          text primary key,                                   -- evt_<ulid>
  seq         bigserial not null unique,
  -- Transaction id of the writer: readers only return events of transactions older than
  -- every transaction still running, so a cursor never skips an event that commits late.
  txid        bigint not null default (pg_current_xact_id()::text::bigint),
  type        text not null,
  api_version integer not null,
  data        jsonb not null,                                     -- the resource as it was
  created_at  timestamptz not null default now()
);
create index events_order_idx on events (txid, seq);
create index events_type_idx on events (type, txid, seq);
create index events_created_idx on events (created_at);

create table webhook_endpoints (
  id                 text primary key,                            -- we_<ulid>
  url                text not null,
  description        text,
  event_types        text[] not null,                             -- '*' = every type
  status             text not null default 'enabled',             -- enabled | disabled
  disabled_reason    text,
  disabled_at        timestamptz,
  secret_enc         text not null,                               -- AES-256-GCM, never returned
  previous_secret_enc text,
  previous_secret_expires_at timestamptz,
  failing_since      timestamptz,                                 -- first failure since the last success
  created_by         text,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  deleted_at         timestamptz
);

create table webhook_deliveries (
  id               text primary key,                              -- whd_<ulid>
  event_id         text not null references events(id),
  endpoint_id      text not null references webhook_endpoints(id),
  kind             text not null default 'event',                 -- event | replay | test
  status           text not null default 'pending',               -- pending | delivering | succeeded | failed
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null default now(),
  locked_until     timestamptz,
  locked_by        text,
  last_status_code integer,
  last_error       text,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  delivered_at     timestamptz
);
create unique index webhook_deliveries_once_idx on webhook_deliveries (event_id, endpoint_id) where kind = 'event';
create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, created_at);
-- Claiming per endpoint: its due pending rows in order, and its in-flight rows (the
-- concurrency cap) without scanning the endpoint's delivered history or other endpoints' backlog.
create index webhook_deliveries_endpoint_due_idx on webhook_deliveries (endpoint_id, status, next_attempt_at) where status in ('pending', 'delivering');

create table webhook_attempts (
  id             text primary key,                                -- wha_<ulid>
  delivery_id    text not null references webhook_deliveries(id),
  attempt        integer not null,
  worker         text not null,
  started_at     timestamptz not null,
  duration_ms    integer not null,
  status_code    integer,
  error          text,
  response_body  text                                             -- truncated
);
create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, attempt);

-- Claims due webhook deliveries for one worker in one round trip, with plans cached per
-- session (the delivery store's claim: src/webhooks/deliveries-store.ts explains it).
-- Statement 1 picks the enabled endpoints with due work and a free slot and try-locks each
-- (transaction-scoped advisory lock: claimers of one endpoint take turns, never wait).
-- Statement 2 runs with a newer snapshot than any claim committed before those locks were
-- granted, so counting unexpired leases there makes the per-endpoint cap hold across
-- workers. Claims are bookkeeping and commit without waiting for the WAL flush: one lost
-- in a database crash only means the delivery is sent again.
create or replace function keel_claim_webhook_deliveries(p_worker text, p_limit integer, p_lease_ms double precision, p_cap integer)
returns table (id text, event_id text, endpoint_id text, kind text, attempts integer, event_type text, api_version integer,
               data jsonb, event_created_at timestamptz, url text, secret_enc text, previous_secret_enc text,
               previous_secret_expires_at timestamptz)
language plpgsql volatile as $fn$
#variable_conflict use_column
declare
  eps text[];
begin
  select array_agg(due.id) into eps
  from (select e.id from webhook_endpoints e
        where e.status = 'enabled' and e.deleted_at is null
          and (exists (select 1 from webhook_deliveries d
                       where d.endpoint_id = e.id and d.status = 'pending' and d.next_attempt_at <= now())
            or exists (select 1 from webhook_deliveries d
                       where d.endpoint_id = e.id and d.status = 'delivering' and d.locked_until <= now()))
          and (select count(*) from webhook_deliveries d
               where d.endpoint_id = e.id and d.status = 'delivering' and d.locked_until > now()) < p_cap
        order by random()
        limit p_limit) due
  where pg_try_advisory_xact_lock(1802987620, hashtext(due.id));
  if eps is null then
    return;
  end if;
  perform set_config('synchronous_commit', 'off', true);
  return query
  with busy as (
    select d.endpoint_id, count(*)::int as n from webhook_deliveries d
    where d.endpoint_id = any(eps) and d.status = 'delivering' and d.locked_until > now()
    group by d.endpoint_id),
  cand as (
    select c.id, c.endpoint_id, c.next_attempt_at,
           row_number() over (partition by c.endpoint_id order by c.next_attempt_at, c.id) as rn
    from unnest(eps) as ep(id)
    cross join lateral (
      select u.* from (
        (select d.id, d.endpoint_id, d.next_attempt_at from webhook_deliveries d
         where d.endpoint_id = ep.id and d.status = 'pending' and d.next_attempt_at <= now()
         order by d.next_attempt_at limit p_cap)
        union all
        (select d.id, d.endpoint_id, d.next_attempt_at from webhook_deliveries d
         where d.endpoint_id = ep.id and d.status = 'delivering' and d.locked_until <= now()
         order by d.next_attempt_at limit p_cap)
      ) u order by u.next_attempt_at limit p_cap) c),
  picked as (
    select cand.id from cand left join busy on busy.endpoint_id = cand.endpoint_id
    where cand.rn + coalesce(busy.n, 0) <= p_cap
    order by cand.rn, cand.next_attempt_at
    limit p_limit),
  locked as (
    select d.id from webhook_deliveries d
    where d.id in (select picked.id from picked)
      and (d.status = 'pending' or (d.status = 'delivering' and d.locked_until <= now()))
    for update skip locked),
  upd as (
    update webhook_deliveries d
    set status = 'delivering', locked_until = now() + p_lease_ms * interval '1 millisecond',
        locked_by = p_worker, attempts = d.attempts + 1, updated_at = now()
    from locked where d.id = locked.id
    returning d.id, d.event_id, d.endpoint_id, d.kind, d.attempts)
  select upd.id, upd.event_id, upd.endpoint_id, upd.kind, upd.attempts, ev.type, ev.api_version, ev.data, ev.created_at,
         e.url, e.secret_enc, e.previous_secret_enc, e.previous_secret_expires_at
  from upd join events ev on ev.id = upd.event_id join webhook_endpoints e on e.id = upd.endpoint_id;
end
$fn$;

-- Records a batch of webhook attempt results in one round trip (the delivery store's
-- complete: src/webhooks/deliveries-store.ts explains it). One element per result in each
-- p_ array. Updates only deliveries still leased by p_worker under the same attempt,
-- logs every attempt, moves the endpoints' failure clocks, and returns the applied
-- delivery ids ('applied') and the endpoints failing for longer than p_disable_after_hours
-- ('failing_too_long'). Unless p_durable, the commit does not wait for the WAL flush.
create or replace function keel_record_webhook_attempts(
  p_worker text, p_durable boolean, p_disable_after_hours double precision,
  p_ids text[], p_attempts integer[], p_statuses text[], p_delays_ms double precision[], p_codes integer[], p_errors text[],
  p_attempt_ids text[], p_started_at timestamptz[], p_durations_ms integer[], p_bodies text[],
  p_healthy text[], p_relapsed text[], p_failing text[])
returns table (kind text, id text)
language plpgsql volatile as $fn$
#variable_conflict use_column
begin
  if not p_durable then
    perform set_config('synchronous_commit', 'off', true);
  end if;
  return query
  with v as (
    select * from unnest(p_ids, p_attempts, p_statuses, p_delays_ms, p_codes, p_errors, p_attempt_ids, p_started_at, p_durations_ms, p_bodies)
      as v(id, attempt, status, delay_ms, code, err, attempt_id, started_at, duration_ms, body)),
  upd as (
    update webhook_deliveries d
    set status = v.status,
        next_attempt_at = case when v.delay_ms is null then d.next_attempt_at else now() + v.delay_ms * interval '1 millisecond' end,
        locked_until = null, locked_by = null, last_status_code = v.code, last_error = v.err,
        delivered_at = case when v.status = 'succeeded' then now() else d.delivered_at end,
        updated_at = now()
    from v where d.id = v.id and d.locked_by = p_worker and d.status = 'delivering' and d.attempts = v.attempt
    returning d.id),
  log as (
    insert into webhook_attempts (id, delivery_id, attempt, worker, started_at, duration_ms, status_code, error, response_body)
    select v.attempt_id, v.id, v.attempt, p_worker, v.started_at, v.duration_ms, v.code, v.err, v.body from v),
  healthy as (update webhook_endpoints e set failing_since = null where e.id = any(p_healthy) and e.failing_since is not null),
  relapsed as (update webhook_endpoints e set failing_since = now() where e.id = any(p_relapsed)),
  failing as (update webhook_endpoints e set failing_since = now() where e.id = any(p_failing) and e.failing_since is null)
  select 'applied'::text, upd.id from upd
  union all
  select 'failing_too_long'::text, e.id from webhook_endpoints e
  where e.id = any(p_failing) and e.status = 'enabled' and e.deleted_at is null
    and e.failing_since < now() - p_disable_after_hours * interval '1 hour';
end
$fn$;

create table idempotency_keys (
  api_key_id     text not null,
  key            text not null,
  method         text not null,
  path           text not null,
  request_hash   text not null,
  status         text not null default 'in_progress',             -- in_progress | done
  response_code  integer,
  response_body  text,
  created_at     timestamptz not null default now(),
  primary key (api_key_id, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);
