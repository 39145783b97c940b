-- Accruals (docs/payouts-accruals.md): micro-payout credits and streams that accumulate per
-- payee, chain and asset, and are settled through payout runs. A balance row keeps
-- credited = accrued + reserved + paid at all times: money handed to a run is reserved until
-- the run's line is final (paid, or released back to accrued). src/payouts/accrual-store.ts is
-- the only writer.
create table payout_accrual_balances (
  payee_id         text not null,
  chain_id         integer not null,
  asset            text not null,                       -- checksummed ERC-20 address
  asset_symbol     text not null,
  decimals         integer not null,
  credited         numeric(78, 0) not null default 0,   -- every base unit ever credited (credits and streams)
  accrued          numeric(78, 0) not null default 0,   -- waiting to be paid
  reserved         numeric(78, 0) not null default 0,   -- handed to a run, not final yet
  paid             numeric(78, 0) not null default 0,
  first_unpaid_at  timestamptz,                         -- the oldest credit still accrued (max interval)
  stream_due       boolean not null default false,      -- stream money moved in at a settlement instant, to pay now
  retry_after      timestamptz,                         -- a released amount waits until then (payouts.micro.retryAfterSeconds)
  updated_at       timestamptz not null default now(),
  primary key (payee_id, chain_id, asset),
  check (credited = accrued + reserved + paid),
  check (accrued >= 0 and reserved >= 0 and paid >= 0)
);
create index payout_accrual_balances_due_idx on payout_accrual_balances (chain_id, asset) where accrued > 0;

create table payout_accrual_credits (
  id           text primary key,                        -- acr_<ulid>
  reference    text not null unique,                    -- the fintech's own event id: one credit per reference
  payee_id     text not null,
  chain_id     integer not null,
  asset        text not null,
  amount       numeric(78, 0) not null check (amount > 0),
  created_by   text,                                    -- key_…
  created_at   timestamptz not null default now()
);
create index payout_accrual_credits_payee_idx on payout_accrual_credits (payee_id, created_at desc);

create table payout_accrual_streams (
  id               text primary key,                    -- str_<ulid>
  payee_id         text not null,
  chain_id         integer not null,
  asset            text not null,
  asset_symbol     text not null,
  decimals         integer not null,
  rate             text not null,                       -- as given: asset units per second (decimal string)
  rate_scaled      numeric(78, 0) not null,             -- base units per second × 10^18
  start_at         timestamptz not null,                -- whole seconds
  end_at           timestamptz,
  stopped_at       timestamptz,
  accounted_until  timestamptz not null,                -- moved into the balance up to here
  moved            numeric(78, 0) not null default 0,   -- base units moved into the balance so far
  created_by       text,
  created_at       timestamptz not null default now()
);
create index payout_accrual_streams_payee_idx on payout_accrual_streams (payee_id);

-- One batch per chain, asset and settlement window: the key of the run it becomes.
create table payout_accrual_batches (
  id          text primary key,                         -- acb_<ulid>
  run_key     text not null unique,
  chain_id    integer not null,
  asset       text not null,
  status      text not null check (status in ('pending', 'submitted')),
  run_id      text,
  attempts    integer not null default 0,
  last_error  text,
  created_at  timestamptz not null default now(),
  submitted_at timestamptz
);
create index payout_accrual_batches_pending_idx on payout_accrual_batches (created_at) where status = 'pending';

-- What one payee's balance handed to one batch (the `source` of its run line).
create table payout_accrual_settlements (
  id               text primary key,                    -- acs_<ulid>
  batch_id         text not null references payout_accrual_batches (id),
  payee_id         text not null,
  chain_id         integer not null,
  asset            text not null,
  amount           numeric(78, 0) not null check (amount > 0),
  status           text not null check (status in ('reserved', 'paid', 'released')),
  first_unpaid_at  timestamptz,                         -- the balance's, restored on release
  run_id           text,
  line_id          text,
  tx_id            text,
  line_status      text,                                -- paid | failed | carried, as the run told
  created_at       timestamptz not null default now(),
  finished_at      timestamptz
);
create unique index payout_accrual_settlements_batch_idx on payout_accrual_settlements (batch_id, payee_id);
create index payout_accrual_settlements_payee_idx on payout_accrual_settlements (payee_id, created_at desc);
