-- Durable nonces per (chain, signer). Allocation happens inside the caller's transaction under
-- a row lock on nonce_accounts, so concurrent workers (processes) never hand out one nonce twice,
-- and a rolled-back transaction gives its nonce back with everything else it wrote.

create table nonce_accounts (
  chain_id    bigint not null,
  address     text not null,                                   -- EIP-55 checksummed
  next_nonce  bigint not null check (next_nonce >= 0),         -- lowest nonce never handed out
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  primary key (chain_id, address)
);

create table nonce_allocations (
  chain_id     bigint not null,
  address      text not null,
  nonce        bigint not null check (nonce >= 0),
  -- allocated | broadcast | released | skipped (see src/pipeline/tables.ts)
  status       text not null default 'allocated' check (status in ('allocated', 'broadcast', 'released', 'skipped')),
  ref          text,                                           -- tx_… or gap_fill; null when released
  tx_hash      text,
  allocated_at timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (chain_id, address, nonce),
  foreign key (chain_id, address) references nonce_accounts (chain_id, address)
);

-- Gap detection and reuse only look at nonces not yet committed to a broadcast.
create index nonce_allocations_open_idx on nonce_allocations (chain_id, address, nonce)
  where status in ('allocated', 'released');
