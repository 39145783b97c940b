-- Stablecoin payment acceptance (docs/payments.md): payment intents with their deposit
-- addresses, every transfer seen arriving at one (credited or not), the sweeps that move
-- confirmed deposits to the treasury, and refunds.

create table payment_intents (
  id                 text primary key,                        -- pi_…
  asset              text not null,                           -- configured symbol, e.g. tUSD
  decimals           integer not null,
  amount             numeric(78, 0) not null,                 -- due, base units
  chains             jsonb not null,                          -- accepted chain ids
  deposit_address    text not null,                           -- EIP-55; the same on every chain
  status             text not null check (status in ('requires_payment', 'processing', 'succeeded', 'underpaid', 'expired', 'cancelled')),
  amount_received    numeric(78, 0) not null default 0,       -- credited and final
  amount_pending     numeric(78, 0) not null default 0,       -- credited, waiting for confirmations
  amount_refunded    numeric(78, 0) not null default 0,       -- refunds sent or on their way
  paid_late          boolean not null default false,
  needs_attention    boolean not null default false,          -- something arrived that was not credited
  customer_reference text,
  description        text,
  metadata           jsonb not null default '{}',
  api_key_id         text not null,
  expires_at         timestamptz not null,
  late_until         timestamptz not null,                    -- payments until then are still credited (paid_late)
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  first_seen_at      timestamptz,
  processing_at      timestamptz,
  succeeded_at       timestamptz,
  swept_at           timestamptz,
  cancelled_at       timestamptz
);
create unique index payment_intents_address_idx on payment_intents (lower(deposit_address));
create index payment_intents_open_idx on payment_intents (expires_at) where status in ('requires_payment', 'processing');
create index payment_intents_status_idx on payment_intents (status, id);
create index payment_intents_customer_idx on payment_intents (customer_reference, id) where customer_reference is not null;

create table payment_deposits (
  id             text primary key,                            -- dep_…
  intent_id      text not null references payment_intents (id),
  chain_id       bigint not null,
  tx_hash        text not null,
  log_index      integer not null,
  block_number   bigint not null,
  block_hash     text not null,
  token          text not null,                               -- EIP-55
  asset          text,                                        -- configured symbol of the token on that chain
  from_address   text not null,
  amount         numeric(78, 0) not null,
  -- payment: credited to the intent; unexpected: recorded and flagged for a person (reason says why)
  kind           text not null check (kind in ('payment', 'unexpected')),
  reason         text check (reason in ('wrong_asset', 'wrong_chain', 'intent_cancelled', 'after_late_window')),
  late           boolean not null default false,
  status         text not null default 'pending' check (status in ('pending', 'confirmed', 'reorged')),
  block_time     timestamptz not null,
  seen_at        timestamptz not null default now(),
  confirmed_at   timestamptz,
  reorged_at     timestamptz,
  sweep_id       text,
  swept_at       timestamptz,
  unique (chain_id, tx_hash, log_index, block_hash)
);
create index payment_deposits_intent_idx on payment_deposits (intent_id);
create index payment_deposits_pending_idx on payment_deposits (chain_id, block_number) where status = 'pending';
create index payment_deposits_unswept_idx on payment_deposits (chain_id) where status = 'confirmed' and sweep_id is null;

create table payment_sweeps (
  id            text primary key,                             -- sw_…
  chain_id      bigint not null,
  tx_id         text not null,                                -- the write-path transaction
  status        text not null default 'pending' check (status in ('pending', 'confirmed', 'failed')),
  addresses     integer not null,
  gas_used      numeric(78, 0),
  gas_cost_wei  numeric(78, 0),
  gas_cost_usd8 numeric(78, 0),
  created_at    timestamptz not null default now(),
  finished_at   timestamptz
);
create index payment_sweeps_pending_idx on payment_sweeps (created_at) where status = 'pending';

create table payment_refunds (
  id            text primary key,                             -- re_…
  intent_id     text not null references payment_intents (id),
  chain_id      bigint not null,
  amount        numeric(78, 0) not null,
  to_address    text not null,
  reason        text not null,
  tx_id         text not null,
  status        text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  api_key_id    text not null,
  created_at    timestamptz not null default now(),
  finished_at   timestamptz
);
create index payment_refunds_intent_idx on payment_refunds (intent_id);
create index payment_refunds_pending_idx on payment_refunds (created_at) where status = 'pending';
