-- The chain contradicting Keel's records (docs/transactions.md, "When the chain rolls back"):
-- a rollback of a chain (a dev chain restored from an older state file) or a reorganisation
-- deeper than the configured confirmations can remove transactions and deposits Keel had
-- already recorded as final. What was final and is not any more keeps a flag, so it stays
-- visible after it is final again.

-- A transaction that was final (confirmed, reverted, cancelled by a mined replacement) whose
-- block was later found not on the chain; it went back to `submitted` and was re-submitted.
alter table transactions add column reorged_after_final boolean not null default false;

-- The reconciler's reads: the recorded blocks of final transactions per chain, newest first
-- (the receipt's block number), and the flagged transactions still being reconciled.
create index transactions_receipt_block_idx on transactions (chain_id, ((receipt->>'blockNumber')::bigint)) where receipt is not null;
create index transactions_reorged_after_final_idx on transactions (chain_id, status) where reorged_after_final;

-- A deposit that was final (`confirmed`) when the transfer watcher rewound its block.
alter table payment_deposits add column reorged_after_final boolean not null default false;
create index payment_deposits_reorged_after_final_idx on payment_deposits (chain_id) where reorged_after_final;
