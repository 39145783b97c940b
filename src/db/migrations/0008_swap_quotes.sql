-- Swap quotes: what a quote promised (route, amounts, bounds) and until when, so a swap can be
-- executed from its quote id and checked against it.
create table swap_quotes (
  id          text primary key,                 -- swq_…
  chain_id    bigint not null,
  signer      text not null,
  user_id     text not null,
  api_key_id  text not null,
  quote       jsonb not null,                   -- the resource as answered
  expires_at  timestamptz not null,
  created_at  timestamptz not null default now(),
  executed_by text                              -- the transaction(s) it became (tx_…)
);
create index swap_quotes_expires_idx on swap_quotes (expires_at);
