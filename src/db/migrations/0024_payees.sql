-- The payee book (docs/payouts.md#payees-and-address-safety): partners and creators Keel pays,
-- and their payout addresses per chain and asset. An address is entered as a change that waits
-- for a cool-off and the approval of a second principal before it can be paid.
-- src/payouts/payee-store.ts is the only writer.

create table payees (
  id                    text primary key,                  -- pye_<ulid>
  name                  text not null,
  reference             text not null unique,              -- the fintech's own id of the payee
  status                text not null default 'active' check (status in ('active', 'disabled')),
  created_by            text not null,                     -- key_… (or 'system')
  created_by_principal  text not null,
  created_at            timestamptz not null default now(),
  disabled_at           timestamptz
);

-- Every address ever entered for a payee, one row per change: pending (waiting for approval),
-- approved (payable from active_from: the later of the approval and the end of the cool-off;
-- the newest payable one per chain and asset is paid) or rejected.
create table payee_address_changes (
  id                     text primary key,                 -- pac_<ulid>
  payee_id               text not null references payees (id),
  chain_id               integer not null,
  asset_symbol           text not null,
  asset_address          text not null,                    -- checksummed
  address                text not null,                    -- checksummed
  status                 text not null check (status in ('pending', 'approved', 'rejected')),
  flags                  jsonb not null default '[]',      -- lookalikes, contract (PayeeAddressFlag[])
  is_contract            boolean not null default false,
  requested_by           text not null,                    -- key_…
  requested_by_principal text not null,                    -- none of its keys approves
  requested_at           timestamptz not null,
  cool_off_until         timestamptz not null,
  decided_by             text,
  decided_by_principal   text,
  decided_at             timestamptz,
  decision_note          text,
  active_from            timestamptz                       -- set on approval
);
create index payee_address_changes_payee_idx on payee_address_changes (payee_id, chain_id, asset_address);
create index payee_address_changes_address_idx on payee_address_changes (chain_id, lower(address));
-- At most one open change per payee, chain and asset.
create unique index payee_address_changes_open_idx on payee_address_changes (payee_id, chain_id, asset_address)
  where status = 'pending';
