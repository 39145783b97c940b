-- Ordered batches on the write path, and executed swaps.
--
-- A batch is a few transactions of one signer that must be mined in order (an exact token
-- approval, then the swap that spends it). They are decided, simulated and reviewed together;
-- the first (batch_index 0, whose id is the batch id) is the only one a worker picks up while
-- they wait, and it signs the whole batch at consecutive nonces in one database transaction.
alter table transactions add column batch_id text;
alter table transactions add column batch_index integer;
-- Revert reasons that mean something to the capability that created the transaction:
-- {"<text found in the decoded revert>": "<status reason>"}, e.g. a router's minimum-output
-- check failing before signing becomes `price_moved`.
alter table transactions add column revert_codes jsonb;
create index transactions_batch_idx on transactions (batch_id, batch_index) where batch_id is not null;

create table swaps (
  id           text primary key,                 -- swp_…
  quote_id     text not null unique references swap_quotes (id),  -- a quote is executed at most once
  chain_id     bigint not null,
  signer       text not null,
  user_id      text not null,
  api_key_id   text not null,
  batch_id     text not null,                    -- the transactions (approval, swap, allowance reset)
  swap_tx_id   text not null,
  quote        jsonb not null,                   -- the bounds it was executed under
  result       jsonb,                            -- actual amounts and realised slippage, once final
  status       text not null default 'processing',
  settled_at   timestamptz,                      -- when the final outcome was read and recorded
  created_at   timestamptz not null default now()
);
create index swaps_unsettled_idx on swaps (created_at) where settled_at is null;
create index swaps_user_idx on swaps (user_id, id);
