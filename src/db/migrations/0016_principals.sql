-- Principals (people and services) own API keys. Four-eyes checks (self-review, distinct
-- approvers, quorum) count principals, not keys; keys with privileged scopes and new
-- principals wait for approval by other principals (access_requests). Webhook endpoints
-- belong to a principal and receive only what the key that set them up may read.
-- Written by src/auth/keys-store.ts and src/auth/principals-store.ts (principals, access
-- requests), src/pipeline, src/policy and src/webhooks (their new columns).

create table principals (
  id          text primary key,                      -- prn_<ulid>
  name        text not null,
  kind        text not null check (kind in ('operator', 'service')),
  -- pending: waits for approval (its keys do not authenticate); rejected: never became active
  status      text not null check (status in ('pending', 'active', 'rejected')),
  created_at  timestamptz not null default now(),
  created_by  text not null                          -- a principal id, 'cli' (bootstrap) or 'migration'
);

-- Every existing key gets a principal of its own, so no two keys merge silently into one
-- identity: prn_<the key's ulid>, named after the key.
insert into principals (id, name, kind, status, created_at, created_by)
  select 'prn_' || substr(id, 5), name, 'operator', 'active', created_at, 'migration' from api_keys;

alter table api_keys add column principal_id text references principals (id);
-- pending: its access request waits for approval (the key does not authenticate); rejected: never will
alter table api_keys add column status text not null default 'active' check (status in ('pending', 'active', 'rejected'));
update api_keys set principal_id = 'prn_' || substr(id, 5);
alter table api_keys alter column principal_id set not null;
create index api_keys_principal_idx on api_keys (principal_id);

-- A change to who may do what that other principals must approve: a new principal (with an
-- optional first key), or a key that holds a privileged scope or belongs to another principal.
create table access_requests (
  id                      text primary key,          -- areq_<ulid>
  kind                    text not null check (kind in ('principal', 'api_key')),
  status                  text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  principal_id            text not null references principals (id),  -- the principal created, or receiving the key
  api_key_id              text references api_keys (id),             -- the pending key, if any
  requested_by_principal  text not null references principals (id),
  requested_by_key        text not null,
  note                    text,
  created_at              timestamptz not null default now(),
  decided_at              timestamptz
);
create index access_requests_status_idx on access_requests (status, id);

create table access_request_decisions (
  id            text primary key,                    -- ard_<ulid>
  request_id    text not null references access_requests (id),
  principal_id  text not null references principals (id),
  api_key_id    text not null,
  decision      text not null check (decision in ('approve', 'reject')),
  note          text,
  created_at    timestamptz not null default now(),
  -- one decision per principal and request, whichever of its keys made it
  unique (request_id, principal_id)
);

-- Transactions record the principal that created them: self-review is refused per principal.
alter table transactions add column created_by_principal text;
update transactions t set created_by_principal = k.principal_id from api_keys k where k.id = t.api_key_id;

-- Policy proposals: the proposer's principal, and one decision per principal.
alter table policy_versions add column created_by_principal text;
update policy_versions v set created_by_principal = k.principal_id from api_keys k where k.id = v.created_by;
alter table policy_approvals add column principal_id text;
update policy_approvals a set principal_id = k.principal_id from api_keys k where k.id = a.api_key_id;
create unique index policy_approvals_principal_idx on policy_approvals (version_id, principal_id) where principal_id is not null;

-- Webhook endpoints: owner (null: created by Keel itself, seen only by admins) and the scopes
-- of the key that last set their URL or event types (null: unrestricted, Keel's own).
alter table webhook_endpoints add column owner_principal text references principals (id);
alter table webhook_endpoints add column read_scopes text[];
update webhook_endpoints w set owner_principal = k.principal_id, read_scopes = k.scopes from api_keys k where k.id = w.created_by;
create index webhook_endpoints_owner_idx on webhook_endpoints (owner_principal) where deleted_at is null;
