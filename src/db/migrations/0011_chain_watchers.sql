-- The per-chain transfer watcher (src/chain/transfer-watcher.ts).
--
-- One row per watched chain: the lease that makes one process across all workers the chain's
-- reader (`locked_by` until `locked_until`, renewed while it lives, taken over once it lapses),
-- and the checkpoint: the last block whose transfers were applied, with its hash so a
-- reorganisation is noticed before the next read. The row is created by the first process to
-- claim the lease; the checkpoint is set by its first round (the chain head at that moment).
create table chain_watchers (
  chain_id          bigint primary key,
  locked_by         text,
  locked_until      timestamptz,
  checkpoint_block  bigint,
  checkpoint_hash   text,
  updated_at        timestamptz not null default now()
);

-- Hashes of recent blocks the watcher read (the end of every range and every block a watched
-- transfer came from), so a reorganisation can be walked back to the newest common ancestor.
-- Pruned to a bounded depth below the checkpoint (or the final block, if lower).
create table chain_blocks (
  chain_id     bigint not null,
  number       bigint not null,
  hash         text not null,
  parent_hash  text not null,
  primary key (chain_id, number)
);
