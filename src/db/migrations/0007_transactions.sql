-- The write path: one row per transaction (its state, the policy decision, simulation and
-- preview it was accepted on, and the lease of the worker driving it), its state history,
-- every signed attempt (original, fee bumps, cancellation replacement), and the address
-- book of destinations the policy consults (first seen, paid before).

create table transactions (
  id                 text primary key,                        -- tx_…
  chain_id           bigint not null,
  signer             text not null,                           -- configured signer name
  from_address       text not null,                           -- EIP-55
  kind               text not null check (kind in ('transfer', 'contract_call')),
  to_address         text not null,                           -- the transaction's `to` (token, contract or recipient)
  recipient          text,                                    -- who receives a transfer (the token's `to` argument for ERC-20)
  value              numeric(78, 0) not null default 0,       -- native wei sent with the transaction
  data               text not null default '0x',
  asset              jsonb,                                   -- {symbol, address, decimals} moved, when known
  amount             numeric(78, 0) not null default 0,       -- base units of `asset`
  amount_usd8        numeric(78, 0),
  call               jsonb,                                   -- {function, args, selector} of a contract call
  user_id            text not null,
  session_id         text,
  api_key_id         text not null,
  metadata           jsonb not null default '{}',
  status             text not null check (status in ('pending_policy', 'rejected', 'pending_review', 'queued', 'signed', 'submitted',
                                                     'confirmed', 'reverted', 'failed', 'expired', 'cancelled')),
  status_reason      text,
  decision           jsonb not null,
  simulation         jsonb,
  preview            jsonb,
  revert             jsonb,
  review             jsonb,
  review_expires_at  timestamptz,
  nonce              bigint,
  gas_limit          numeric(78, 0),
  tx_hash            text,                                    -- the attempt that counts (latest sent, or the one mined)
  inclusion          jsonb,                                   -- {blockNumber, blockHash, attempt} while waiting for confirmations
  receipt            jsonb,
  cancel_requested_at timestamptz,
  -- worker scheduling: the row is its own durable job
  next_run_at        timestamptz,                             -- when a worker should next look at it; null: nothing to do
  locked_until       timestamptz,
  locked_by          text,
  run_attempts       integer not null default 0,
  last_error         text,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  submitted_at       timestamptz,
  finished_at        timestamptz
);

create index transactions_due_idx on transactions (next_run_at) where next_run_at is not null;
create index transactions_status_idx on transactions (status, id);
create index transactions_user_idx on transactions (user_id, id);
create index transactions_chain_signer_idx on transactions (chain_id, from_address, nonce);

create table transaction_history (
  tx_id   text not null references transactions (id) on delete cascade,
  seq     bigint generated always as identity,           -- orders entries (global, so concurrent writers never collide)
  status  text not null,
  reason  text not null,
  detail  jsonb,
  at      timestamptz not null default clock_timestamp(),
  primary key (tx_id, seq)
);

create table transaction_attempts (
  tx_id                    text not null references transactions (id) on delete cascade,
  seq                      integer not null,
  kind                     text not null check (kind in ('original', 'fee_bump', 'cancel')),
  tx_hash                  text not null unique,
  raw                      text not null,                     -- the signed transaction (public data once broadcast)
  nonce                    bigint not null,
  max_fee_per_gas          numeric(78, 0) not null,
  max_priority_fee_per_gas numeric(78, 0) not null,
  gas_limit                numeric(78, 0) not null,
  created_at               timestamptz not null default now(),
  broadcast_at             timestamptz,
  primary key (tx_id, seq)
);

-- Destinations Keel was asked to pay (first_seen_at) and has paid (last_paid_at), per chain.
create table destinations (
  chain_id       bigint not null,
  address        text not null,                             -- lower-case hex
  first_seen_at  timestamptz not null default now(),
  last_paid_at   timestamptz,
  paid_count     integer not null default 0,
  primary key (chain_id, address)
);
create index destinations_paid_idx on destinations (chain_id, left(address, 6)) where paid_count > 0;
