-- Circuit breakers: a protocol (per chain) or a pool that swaps may not use while open.
-- Tripped by an operator or automatically after repeated guard refusals; reset by an operator.
create table breakers (
  key               text primary key,            -- uniswap-v2:<chainId> | pool:<chainId>:<address>
  state             text not null default 'closed' check (state in ('closed', 'open')),
  reason            text,
  tripped_at        timestamptz,
  tripped_by        text,                        -- an API key id, or 'auto'
  reset_at          timestamptz,
  reset_by          text,
  failures          integer not null default 0,  -- guard refusals in the current window
  window_started_at timestamptz,
  updated_at        timestamptz not null default now()
);
