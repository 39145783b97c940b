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
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status in ('pending', 'delivering');
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
