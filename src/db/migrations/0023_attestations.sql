-- Proof of reserves and liabilities (docs/proof-of-reserves.md). A liability snapshot is what
-- the fintech owes each user per asset at one time; its leaves (user, salt, balances, position
-- in the shuffled tree) are kept so each user's inclusion proof can be answered later. An
-- attestation joins a snapshot's root and totals with reserves read at one block per chain,
-- the reserve addresses' signatures and, once published, Keel's signature and the registry
-- record. src/attestations/store.ts is the only writer.
create table liability_snapshots (
  id          text primary key,                  -- lsn_<ulid>
  as_of       timestamptz not null,
  assets      jsonb not null,                    -- [{ symbol, decimals }] in tree order
  root_hash   text not null,                     -- 0x…
  totals      jsonb not null,                    -- base units (strings), in asset order
  leaf_count  integer not null,
  created_by  text,
  created_at  timestamptz not null default now()
);

create table liability_leaves (
  snapshot_id text not null references liability_snapshots (id),
  position    integer not null,                  -- index of the leaf in the shuffled tree
  user_id     text not null,
  salt        bytea not null,                    -- 32 random bytes, handed to that user only
  balances    jsonb not null,                    -- base units (strings), in asset order
  primary key (snapshot_id, position)
);
create unique index liability_leaves_user_idx on liability_leaves (snapshot_id, user_id);

create table attestations (
  id             text primary key,               -- att_<ulid>
  status         text not null check (status in ('draft', 'published')),
  snapshot_id    text not null references liability_snapshots (id),
  content        jsonb not null,                 -- liabilities, reserves, ratio: what the digest covers
  digest         text not null,                  -- 0x… keccak256 of the canonical content
  message        text not null,                  -- the EIP-191 message every reserve address signs
  signatures     jsonb not null default '{}',    -- lower-case address → signature
  signer_address text,                           -- Keel's attestation signer, once published
  signature      text,
  registry       jsonb,                          -- { chainId, address, txId, txHash, status }
  created_by     text,
  created_at     timestamptz not null default now(),
  published_at   timestamptz
);
create index attestations_created_idx on attestations (created_at desc);
create index attestations_registry_tx_idx on attestations ((registry ->> 'txId'));
