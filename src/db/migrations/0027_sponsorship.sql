-- Sponsored gas (docs/sponsorship.md): sponsorship policies owned by a principal, their
-- versions, the usage counters a decision reads and charges under the policy's row lock, and
-- every decision. src/smart-accounts/sponsorship-store.ts is the only writer.
create table sponsorship_policies (
  id                text primary key,                      -- spp_<ulid>
  owner_principal   text not null,                         -- prn_…: only its keys (and admins) see and change it
  version           integer not null default 1,            -- the current version
  status            text not null default 'enabled' check (status in ('enabled', 'disabled')),
  hook_secret_enc   text,                                  -- sealed whsec_… of the backend hook
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  disabled_at       timestamptz
);
create index sponsorship_policies_owner_idx on sponsorship_policies (owner_principal, id);

create table sponsorship_policy_versions (
  policy_id   text not null references sponsorship_policies (id),
  version     integer not null,
  document    jsonb not null,
  created_by  text not null,                               -- key_…
  created_at  timestamptz not null default now(),
  primary key (policy_id, version)
);

-- One counter per policy, dimension (global_usd, user_usd, user_ops, user_lifetime, abuse_…),
-- subject (user id, key id, IP, device id; '' for global ones) and period start (UTC).
create table sponsorship_usage (
  policy_id     text not null references sponsorship_policies (id),
  dimension     text not null,
  subject       text not null,
  period_start  timestamptz not null,
  usd           numeric(78, 0) not null default 0,         -- 10^-8 USD: reserved + settled
  ops           integer not null default 0,
  updated_at    timestamptz not null default now(),
  primary key (policy_id, dimension, subject, period_start),
  check (usd >= 0 and ops >= 0)
);

create table sponsorship_decisions (
  id              text primary key,                        -- spd_<ulid>
  policy_id       text not null references sponsorship_policies (id),
  policy_version  integer not null,
  sponsored       boolean not null,
  dry_run         boolean not null default false,
  class           text check (class in ('organic', 'abuse')),
  reasons         jsonb not null default '[]',
  status          text not null check (status in ('reserved', 'settled', 'released', 'denied', 'dry_run')),
  reserved_usd    numeric(78, 0) not null default 0,
  actual_usd      numeric(78, 0),
  charges         jsonb not null default '[]',             -- the counters charged: [{dimension, subject, periodStart, usd, ops}]
  chain_id        integer not null,
  sender          text not null,
  user_id         text not null,
  request         jsonb not null,
  created_at      timestamptz not null default now(),
  settled_at      timestamptz
);
create index sponsorship_decisions_policy_idx on sponsorship_decisions (policy_id, id);
