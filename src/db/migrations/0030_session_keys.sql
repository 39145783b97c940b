-- Session keys (docs/account-abstraction.md#session-keys): a key the end user's device or the
-- fintech's app holds, granted a narrow scope on a KeelSmartAccount by an owner-signed user
-- operation (`grantSession`) and revoked by another (`revokeSession`). Keel never holds the key.
-- The chain is the truth for liveness and spend; this row is what Keel asked for and heard back.
-- src/smart-accounts/session-key-store.ts is the only writer.

create table session_keys (
  id                    text primary key,                -- sk_<ulid>
  account_id            text not null references smart_accounts (id),
  chain_id              integer not null,
  key_address           text not null,                   -- checksummed
  label                 text,
  status                text not null check (status in ('pending', 'active', 'revoking', 'revoked', 'failed')),
  status_reason         text,
  valid_after           bigint not null,                 -- unix seconds, exclusive (the contract's validAfter)
  valid_until           bigint not null,                 -- unix seconds, inclusive
  token                 text,                            -- ERC-20 the key may transfer (null: none)
  token_symbol          text,
  token_decimals        integer,
  per_op_cap            numeric(78, 0) not null default 0,  -- base units
  total_cap             numeric(78, 0) not null default 0,
  value_per_call        numeric(78, 0) not null default 0,  -- wei
  targets               jsonb not null,                  -- [{ contract, functions: [{ signature, selector }] }]
  recipients            jsonb not null,                  -- [address]
  metadata              jsonb not null default '{}',
  grant_operation_id    text,                            -- uop_…: the owner operation that grants it
  revoke_operation_id   text,                            -- uop_…: the one that revokes it
  replaced_by           text,                            -- sk_…: a later grant of the same key on the account
  granted_at            timestamptz,
  revoked_at            timestamptz,
  created_by            text not null,
  created_by_principal  text not null,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now()
);
create index session_keys_account_idx on session_keys (account_id, id);
create index session_keys_grant_op_idx on session_keys (grant_operation_id) where grant_operation_id is not null;
create index session_keys_revoke_op_idx on session_keys (revoke_operation_id) where revoke_operation_id is not null;
