-- Audit log: an append-only, hash-chained record of who changed what (src/audit/log.ts).
-- Each entry holds the hash of the previous one; `keel audit verify` walks the chain.

create table audit_log (
  seq        bigint primary key check (seq >= 1),  -- 1, 2, 3… without gaps, assigned under a lock
  id         text not null unique,                  -- aud_<ulid>
  at         timestamptz not null,                  -- millisecond precision (it is hashed as ISO text)
  actor      text not null,                         -- key_… | cli | system | worker
  action     text not null,                         -- api_key.created, webhook_endpoint.updated, …
  subject    text,                                  -- id of the resource acted on
  details    jsonb not null,
  prev_hash  text not null unique,                  -- hash of entry seq-1; 64 zeros for seq 1
  hash       text not null unique                   -- sha256 hex of the canonical entry
);
create index audit_log_action_idx on audit_log (action, seq);
create index audit_log_actor_idx on audit_log (actor, seq);
create index audit_log_subject_idx on audit_log (subject, seq);

-- Append-only in the database too: rows cannot be changed or removed through SQL while the
-- triggers are enabled. (Someone who owns the table can disable them; the hash chain is what
-- reveals that kind of tampering.) `create or replace`: a schema rebuilt from its tables keeps
-- functions around.
create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = '42501';
end
$$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_refuse_change();
