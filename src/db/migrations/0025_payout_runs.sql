-- Payout plans, runs and their lines (docs/payouts.md). A run is made from a plan and a period
-- (once per plan and period) or from explicit lines under a key (accruals); each line is paid
-- by one `payout` transaction of the batch payout contract and settled by the pipeline's outcome
-- hook in the transaction that makes it final. What a payee could not be paid in a plan's run
-- is carried to the plan's next run (payout_carries). src/payouts/run-store.ts is the only writer.
create table payout_plans (
  id                    text primary key,                  -- ppl_<ulid>
  name                  text not null,
  chain_id              integer not null,
  asset_symbol          text not null,
  asset_address         text not null,                     -- checksummed
  asset_decimals        integer not null,
  recipients            jsonb not null,                    -- [{ payeeId, shareBps, minimum, cap }]
  source                jsonb not null,                    -- { kind: 'fixed', amount } | { kind: 'payments', metadata }
  created_by            text not null,
  created_by_principal  text,
  created_at            timestamptz not null default now()
);

create table payout_runs (
  id                    text primary key,                  -- prun_<ulid>
  plan_id               text references payout_plans (id),
  line_key              text unique,                       -- runs from explicit lines: once per key
  chain_id              integer not null,
  asset_symbol          text not null,
  asset_address         text not null,
  asset_decimals        integer not null,
  period_from           timestamptz,
  period_to             timestamptz,
  status                text not null check (status in
                          ('pending_review', 'executing', 'completed', 'completed_with_failures', 'rejected')),
  revenue               text not null,                     -- base units
  carried_in            text not null,
  total                 text not null,                     -- what the lines pay
  carried_out           text not null,
  preview               jsonb not null,                    -- fees, USD, review reasons, as answered
  created_by            text not null,
  created_by_principal  text,
  decided_by_principal  text,
  decision_note         text,
  decided_at            timestamptz,
  created_at            timestamptz not null default now(),
  finished_at           timestamptz,
  unique (plan_id, period_from, period_to)
);
create index payout_runs_plan_idx on payout_runs (plan_id, period_from);

create table payout_lines (
  id            text primary key,                          -- pln_<ulid>
  run_id        text not null references payout_runs (id),
  payee_id      text not null,
  earned        text not null,                             -- the payee's share of this run's revenue
  carried_in    text not null,                             -- carried from the plan's earlier runs
  amount        text not null,                             -- what this line pays (0 when carried)
  carried_out   text not null,                             -- what goes to the plan's next run
  status        text not null check (status in ('pending', 'paid', 'failed', 'carried')),
  reason        text,
  source        text,                                      -- runs from explicit lines: what the line settles
  address       text,
  tx_id         text,                                      -- the payout transaction (of the last attempt)
  tx_hash       text,                                      -- its hash once final
  attempts      integer not null default 0,
  created_at    timestamptz not null default now(),
  settled_at    timestamptz
);
create index payout_lines_run_idx on payout_lines (run_id);
create index payout_lines_tx_idx on payout_lines (tx_id);
create index payout_lines_payee_idx on payout_lines (payee_id, created_at);

create table payout_carries (
  plan_id     text not null references payout_plans (id),
  payee_id    text not null,
  amount      text not null,
  updated_at  timestamptz not null default now(),
  primary key (plan_id, payee_id)
);
