-- Treasury share-price history, the vault's code and pause switch beside its price (docs/treasury.md,
-- "History"): the watcher records, for the block it read a mandate's position at, each vault's
-- code hash, its EIP-1967 implementation and that implementation's code hash, and the vault's own
-- withdrawal pause switch. Null where not read (the recorder's rows) or not exposed (no proxy, no
-- pause switch); a watcher row landing on a block the recorder already wrote fills these in.
alter table treasury_share_prices
  add column code_hash                text,     -- keccak256 of the runtime code, 0x-prefixed
  add column implementation           text,     -- EIP-55 checksummed; null when not a proxy
  add column implementation_code_hash text,
  add column withdrawals_paused       boolean;  -- withdrawalsPaused(), else paused(); null: neither exposed
