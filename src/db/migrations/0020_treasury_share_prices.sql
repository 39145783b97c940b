-- Treasury share-price history (docs/treasury.md): every mandate vault's share price and totals,
-- recorded on a schedule at one block per round. APY over 7 and 30 days, the drawdown's high and
-- the staleness of prices are read from here. One row per vault and block; a round that lands on
-- a block already recorded adds nothing.
create table treasury_share_prices (
  chain_id          integer        not null,
  vault             text           not null,                 -- EIP-55 checksummed
  block_number      bigint         not null,
  block_time        timestamptz    not null,
  assets_per_share  numeric(78, 0) not null check (assets_per_share >= 0),  -- convertToAssets(10^share_decimals), asset base units
  share_decimals    smallint       not null,
  total_assets      numeric(78, 0) not null check (total_assets >= 0),
  total_supply      numeric(78, 0) not null check (total_supply >= 0),
  recorded_at       timestamptz    not null default now(),
  primary key (chain_id, vault, block_number)
);
-- The nearest point to "7 / 30 days ago" and the newest one, per vault.
create index treasury_share_prices_time_idx on treasury_share_prices (chain_id, vault, block_time);
