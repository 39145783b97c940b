-- Policy engine: versioned policy documents and the rolling-window usage ledger
-- (src/policy/loader.ts and src/policy/windows.ts are their only writers).

-- Every policy version is kept. Version 1 comes from configuration; later versions come from
-- proposals (approvals get their own table when proposals are built).
create table policy_versions (
  id               text primary key,                   -- polv_<ulid>
  version          integer not null unique check (version >= 1),
  document         jsonb not null,                     -- the validated document, its `version` = this row's
  document_sha256  text not null,                      -- of the canonical JSON, for diffs and audit
  status           text not null check (status in ('proposed', 'active', 'superseded', 'rejected')),
  source           text not null,                      -- config | proposal
  created_by       text,                               -- key_… of the proposer; null for config
  note             text,
  created_at       timestamptz not null default now(),
  activated_at     timestamptz,
  superseded_at    timestamptz
);
-- At most one active version, enforced by the database for every process.
create unique index policy_versions_one_active_idx on policy_versions ((true)) where status = 'active';

-- One row per (window, use): sums over `at > now - window` are the rolling totals. Writers
-- serialise per window key with transaction-scoped advisory locks (see windows.ts).
create table policy_window_usage (
  id           bigint generated always as identity primary key,
  window_key   text not null,                          -- <rule id>|<unit>|<per>=<value>
  ref          text not null,                          -- what used it (a transaction id)
  rule_id      text not null,
  at           timestamptz not null,
  amount       numeric(78, 0) not null check (amount >= 0),  -- base units or 1e-8 USD
  count        integer not null check (count >= 0),
  released_at  timestamptz                             -- set when the use was rejected or failed
);
create index policy_window_usage_live_idx on policy_window_usage (window_key, at) include (amount, count, ref) where released_at is null;
-- A reference holds at most one live use per window: a retried reservation is a no-op.
create unique index policy_window_usage_ref_idx on policy_window_usage (ref, window_key) where released_at is null;
create index policy_window_usage_at_idx on policy_window_usage (at);
