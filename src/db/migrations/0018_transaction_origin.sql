-- Outcome hooks (src/pipeline/outcomes.ts): each transaction names the capability that created
-- it, and the pipeline runs that capability's handler in the database transaction that makes it
-- final. Null: created through POST /v1/transactions, which no capability listens to (a null,
-- not a made-up origin such as 'api', so no handler can ever be registered for it by mistake).
alter table transactions add column origin text;

-- Transactions created before this migration: tagged from the capability records that name
-- them, so the ones still in flight settle through their handler when they become final.
update transactions t set origin = 'payments.sweep' from payment_sweeps s where s.tx_id = t.id;
update transactions t set origin = 'payments.refund' from payment_refunds r where r.tx_id = t.id;
update transactions t set origin = 'swaps.swap' from swaps w where w.swap_tx_id = t.id;
-- A swap's other legs: the approval before the swap, the allowance reset after it.
update transactions t
  set origin = case when t.batch_index < s.batch_index then 'swaps.approval' else 'swaps.allowance_reset' end
  from swaps w join transactions s on s.id = w.swap_tx_id
  where t.batch_id = w.batch_id and t.id <> w.swap_tx_id;

-- The native coin's price when the sweep was sent (USD·1e8), read with the sweep's preview:
-- its gas cost is priced from it when the sweep is final, without a price read in the
-- database transaction that settles it. Null: no feed, or it could not be read.
alter table payment_sweeps add column native_price_usd8 numeric(78, 0);

-- The outcome handler finds a sweep's deposits by sweep id, under the transaction's row lock.
create index payment_deposits_sweep_idx on payment_deposits (sweep_id) where sweep_id is not null;
