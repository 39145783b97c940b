import type { Generated } from 'kysely';

/** The lease and checkpoint of one chain's transfer watcher (migration 0011). */
export interface ChainWatchersTable {
  chain_id: number;
  /** The process reading this chain, while `locked_until` is in the future. */
  locked_by: string | null;
  locked_until: Date | null;
  /** Last block whose transfers were applied; null until the first round of the first holder. */
  checkpoint_block: number | null;
  checkpoint_hash: string | null;
  updated_at: Generated<Date>;
}

/** A recent block the watcher read, kept to find the common ancestor after a reorg. */
export interface ChainBlocksTable {
  chain_id: number;
  number: number;
  hash: string;
  parent_hash: string;
}

/** Kysely table types of the chain layer. */
export interface ChainTables {
  chain_watchers: ChainWatchersTable;
  chain_blocks: ChainBlocksTable;
}
