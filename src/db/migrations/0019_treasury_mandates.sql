-- Treasury mandates (docs/treasury.md): what one Keel account may do with one asset in ERC-4626
-- vaults. A mandate is versioned and changed like the policy: a version is proposed, approved by
-- distinct principals, then active. src/treasury/mandate-store.ts is the only writer.

-- One row per mandate: what every version of it governs (chain, signer, asset never change).
create table treasury_mandates (
  id                    text primary key,                  -- mdt_<ulid>
  name                  text not null,                     -- of version 1 (the resource shows the active version's)
  chain_id              integer not null,
  signer                text not null,                     -- configured signer name
  account               text not null,                     -- the signer's address (checksummed)
  asset_symbol          text not null,
  asset_address         text not null,                     -- checksummed
  asset_decimals        integer not null,
  created_by            text not null,                     -- key_… that proposed version 1
  created_by_principal  text not null,
  created_at            timestamptz not null default now()
);
create index treasury_mandates_account_idx on treasury_mandates (chain_id, account);

-- Every version of every mandate: proposed, active (at most one per mandate), superseded or rejected.
create table treasury_mandate_versions (
  id                    text primary key,                  -- mdtv_<ulid>
  mandate_id            text not null references treasury_mandates (id),
  version               integer not null check (version >= 1),
  document              jsonb not null,                    -- the validated document, code hashes pinned
  document_sha256       text not null,                     -- of the canonical JSON
  chain_facts           jsonb not null,                    -- what the chain showed at proposal (block, per vault: implementation, pinned hashes)
  status                text not null check (status in ('proposed', 'active', 'superseded', 'rejected')),
  base_version          integer,                           -- the version active when proposed (null: none was)
  note                  text,
  created_by            text not null,                     -- key_… of the proposer
  created_by_principal  text not null,                     -- the proposer's principal: none of its keys approves
  created_at            timestamptz not null default now(),
  activated_at          timestamptz,
  superseded_at         timestamptz,
  decided_at            timestamptz,                       -- when activated or rejected
  unique (mandate_id, version)
);
-- At most one active version per mandate, enforced by the database for every process.
create unique index treasury_mandate_versions_one_active_idx
  on treasury_mandate_versions (mandate_id) where status = 'active';
create index treasury_mandate_versions_status_idx on treasury_mandate_versions (status, mandate_id);

-- Approvals and rejections of a proposed version, one per principal (whichever of its keys decided).
create table treasury_mandate_decisions (
  id            text primary key,                          -- mdtd_<ulid>
  version_id    text not null references treasury_mandate_versions (id),
  api_key_id    text not null,
  principal_id  text not null,
  decision      text not null check (decision in ('approve', 'reject')),
  note          text,
  created_at    timestamptz not null default now(),
  unique (version_id, principal_id),
  unique (version_id, api_key_id)
);
