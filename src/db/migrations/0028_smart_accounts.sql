-- Smart accounts (docs/account-abstraction.md): one ERC-4337 account per end user and chain,
-- counterfactual (its address is known before it is deployed; the first user operation deploys
-- it). The owner is a Keel signer (custodial) or an external key (the fintech's app or the user's
-- device signs). src/smart-accounts/account-store.ts is the only writer.

create table smart_accounts (
  id                    text primary key,                  -- sa_<ulid>
  chain_id              integer not null,
  user_id               text not null,                     -- the fintech's end-user id (NFC)
  address               text not null,                     -- checksummed, counterfactual until deployed
  owner_kind            text not null check (owner_kind in ('custodial', 'external')),
  owner_address         text not null,                     -- checksummed
  owner_signer          text,                              -- the Keel signer's name when custodial
  factory               text not null,
  entry_point           text not null,
  salt                  text not null,                     -- uint256, decimal
  deployed_at           timestamptz,                       -- first seen with code
  created_by            text not null,                     -- key_…
  created_by_principal  text not null,
  created_at            timestamptz not null default now(),
  unique (chain_id, user_id),
  unique (chain_id, address),
  check ((owner_kind = 'custodial') = (owner_signer is not null))
);
create index smart_accounts_user_idx on smart_accounts (user_id);
