-- Foundation: API keys and the shared per-key rate-limit counters.

create table api_keys (
  id            text primary key,              -- key_<ulid>; also the public half of the token
  name          text not null,
  secret_hash   text not null,                 -- sha256 hex of the secret half; never the secret
  scopes        text[] not null,
  created_at    timestamptz not null default now(),
  revoked_at    timestamptz,
  last_used_at  timestamptz
);

-- Fixed-window request counters shared by every API process, so a key's limit holds across
-- replicas instead of multiplying with them.
create table rate_limit_counters (
  bucket        text not null,
  window_start  timestamptz not null,
  hits          integer not null default 0,
  primary key (bucket, window_start)
);
create index rate_limit_counters_window_idx on rate_limit_counters (window_start);
