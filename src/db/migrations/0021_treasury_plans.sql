-- Treasury rebalancing plans and the movements they send (docs/treasury.md). A plan is computed
-- from a position read at one block under one mandate version; executing it records one
-- movement per deposit or withdrawal, each tied to the transaction that carries it, settled by
-- the pipeline's outcome hook in the transaction that makes it final. src/treasury/plan-store.ts
-- is the only writer.
create table treasury_plans (
  id                    text primary key,                  -- tpl_<ulid>
  mandate_id            text not null references treasury_mandates (id),
  mandate_version       integer not null,
  status                text not null check (status in
                          ('proposed', 'executing', 'executed', 'partially_executed', 'failed', 'stale', 'cancelled')),
  trigger               text not null,                     -- 'request' or 'breaker:<key>'
  position_block        bigint not null,
  plan                  jsonb not null,                    -- movements, violations before/after, notes, review reasons
  preview               jsonb not null,                    -- lines and disclosures, as answered
  batch_id              text,                              -- the write path's batch once executed
  created_by            text,                              -- key_… (null: proposed by Keel on a breaker)
  created_by_principal  text,
  created_at            timestamptz not null default now(),
  expires_at            timestamptz not null,              -- after this, execute answers 409 plan_stale
  executed_at           timestamptz,
  finished_at           timestamptz
);
create index treasury_plans_mandate_idx on treasury_plans (mandate_id, created_at desc);

create table treasury_movements (
  id            text primary key,                          -- tmv_<ulid>
  plan_id       text not null references treasury_plans (id),
  mandate_id    text not null references treasury_mandates (id),
  chain_id      integer not null,
  vault         text not null,                             -- checksummed
  kind          text not null check (kind in ('deposit', 'withdrawal')),
  assets        text not null,                             -- base units planned (the receipt's, once confirmed)
  shares        text,                                      -- minted or burned, from the receipt's event
  tx_id         text not null unique,
  status        text not null check (status in ('pending', 'confirmed', 'failed')),
  block_number  bigint,
  created_at    timestamptz not null default now(),
  finished_at   timestamptz
);
create index treasury_movements_mandate_idx on treasury_movements (mandate_id, vault, created_at);
