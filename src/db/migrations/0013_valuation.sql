-- Valuation (docs/policy.md, "Valuation"): every transaction is judged by what it can take out
-- of Keel's accounts, read from its simulation; the intent kind rules scope it by (a raw
-- transfer or call, or a capability's own: swap, sweep, refund); and the indexes the
-- lookalike check reads known addresses through.

alter table transactions add column intent_kind text;
update transactions set intent_kind = kind where intent_kind is null;
alter table transactions alter column intent_kind set not null;
-- {usd, assets: [{asset, outflow, allowance}], allowances: [{asset, owner, spender, amount, usd}]}
alter table transactions add column exposure jsonb;

-- Payers are known addresses: a refund to a lookalike of one is caught.
create index payment_deposits_from_prefix_idx on payment_deposits (chain_id, left(lower(from_address), 6));
-- Deposit addresses are Keel's own accounts: a lookalike of one is caught too.
create index payment_intents_address_prefix_idx on payment_intents (left(lower(deposit_address), 6));
