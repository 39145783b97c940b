-- Idempotency keys that cannot outlive their request's process (docs/transactions.md#idempotency).
-- owner, lease_until: the request holding an in-progress key and until when its claim lasts;
--   renewed while the request runs; a retry takes the key over once the lease has lapsed.
-- outcome: the answer recorded (sealed) inside the request's own write transaction, which sets
--   status `committed`; a request that committed its effect but died before answering is then
--   replayed, never run twice. Kept once the key is `done`.
-- status: in_progress | committed | done.
alter table idempotency_keys add column owner text;
alter table idempotency_keys add column lease_until timestamptz;
alter table idempotency_keys add column outcome text;
