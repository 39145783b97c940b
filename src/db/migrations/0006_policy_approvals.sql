-- Policy proposals: a proposal is a policy_versions row with status 'proposed', made against the
-- version active when it was proposed (base_version), with its structural diff; approvals and
-- rejections by distinct API keys live in policy_approvals (src/policy/proposals.ts writes both).
alter table policy_versions add column base_version integer;
alter table policy_versions add column diff jsonb;
alter table policy_versions add column decided_at timestamptz;

create table policy_approvals (
  id          text primary key,                          -- pola_<ulid>
  version_id  text not null references policy_versions (id),
  api_key_id  text not null,
  decision    text not null check (decision in ('approve', 'reject')),
  note        text,
  created_at  timestamptz not null default now(),
  -- one decision per key and proposal: the same key approving twice is refused by the database too
  unique (version_id, api_key_id)
);
create index policy_versions_status_idx on policy_versions (status, version);
