-- User operations (docs/account-abstraction.md#user-operations): a batch of calls a Keel smart
-- account makes through the EntryPoint, after the same guarded path as a transaction (policy per
-- call, simulation, preview, review), then sponsorship, signature, bundler submission and tracking
-- to finality. Each row is its own durable job (lease columns), like a transaction.
-- src/smart-accounts/user-operation-store.ts is the only writer.

create table user_operations (
  id                      text primary key,                -- uop_<ulid>
  chain_id                integer not null,
  account_id              text not null references smart_accounts (id),
  sender                  text not null,                   -- the account's address (checksummed)
  entry_point             text not null,
  user_id                 text not null,
  session_id              text,                            -- per-session policy limits
  session_key_id          text,                            -- sk_…: signed by a session key instead of the owner
  signing                 text not null check (signing in ('custodial', 'external', 'session')),
  calls                   jsonb not null,                  -- [{ to, value, data, kind, asset, amount, call }]
  call_data               text not null,                   -- execute / executeBatch calldata
  sponsorship_policy_id   text,                            -- sp_…: who pays gas (null: the account)
  sponsorship_decision_id text,                            -- the reservation settled or released at the end
  sponsorship_context     jsonb,                           -- { clientIp?, deviceId? }: the abuse signals the caller passed
  status                  text not null,
  status_reason           text,
  decision                jsonb not null,
  exposure                jsonb,
  simulation              jsonb,
  preview                 jsonb,
  review                  jsonb,
  review_expires_at       timestamptz,
  user_op                 jsonb,                           -- the v0.8 operation as built (bigints as strings)
  user_op_hash            text,                            -- what the owner or session key signs
  signature_deadline      timestamptz,                     -- external signature expected before (paymaster validity)
  submitted_at            timestamptz,
  submissions             integer not null default 0,
  tx_hash                 text,                            -- the bundle transaction that included it
  block_number            numeric(78, 0),
  block_hash              text,
  included_at             timestamptz,
  success                 boolean,                         -- the EntryPoint's UserOperationEvent.success
  actual_gas_cost         numeric(78, 0),                  -- wei
  actual_gas_used         numeric(78, 0),
  revert                  jsonb,
  reorgs                  integer not null default 0,
  origin                  text,                            -- the capability that created it (session_keys.grant…)
  api_key_id              text not null,
  created_by_principal    text,
  metadata                jsonb not null default '{}',
  next_run_at             timestamptz,                     -- due for a worker (null: nothing to do)
  lease_owner             text,
  lease_until             timestamptz,
  attempts                integer not null default 0,
  last_error              text,
  created_at              timestamptz not null default now(),
  updated_at              timestamptz not null default now(),
  finished_at             timestamptz
);
create index user_operations_due_idx on user_operations (next_run_at) where next_run_at is not null;
create index user_operations_account_idx on user_operations (account_id, id);
create index user_operations_status_idx on user_operations (status, id);
create unique index user_operations_hash_idx on user_operations (chain_id, user_op_hash) where user_op_hash is not null;

-- Every change of state, for the resource's history and the audit of what happened when.
create table user_operation_history (
  id                 bigserial primary key,
  user_operation_id  text not null references user_operations (id),
  status             text not null,
  reason             text,
  detail             jsonb,
  at                 timestamptz not null default now()
);
create index user_operation_history_op_idx on user_operation_history (user_operation_id, id);
