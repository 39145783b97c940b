-- The delivery log keeps a response's size always, and a short sanitised excerpt of its body
-- only when it came from a public address (src/webhooks/response-excerpt.ts): a private or
-- loopback receiver may be an internal service answering with its configuration.
alter table webhook_attempts add column response_bytes bigint;

-- Bodies kept before this migration were raw (up to 1 KiB, private receivers included) and
-- readable through the API: drop them rather than keep what may be another service's secrets.
update webhook_attempts set response_body = null where response_body is not null;

-- keel_record_webhook_attempts of migration 0002, with the response sizes (p_sizes).
create or replace function keel_record_webhook_attempts(
  p_worker text, p_durable boolean, p_disable_after_hours double precision,
  p_ids text[], p_attempts integer[], p_statuses text[], p_delays_ms double precision[], p_codes integer[], p_errors text[],
  p_attempt_ids text[], p_started_at timestamptz[], p_durations_ms integer[], p_bodies text[], p_sizes bigint[],
  p_healthy text[], p_relapsed text[], p_failing text[])
returns table (kind text, id text)
language plpgsql volatile as $fn$
#variable_conflict use_column
begin
  if not p_durable then
    perform set_config('synchronous_commit', 'off', true);
  end if;
  return query
  with v as (
    select * from unnest(p_ids, p_attempts, p_statuses, p_delays_ms, p_codes, p_errors, p_attempt_ids, p_started_at, p_durations_ms, p_bodies, p_sizes)
      as v(id, attempt, status, delay_ms, code, err, attempt_id, started_at, duration_ms, body, size)),
  upd as (
    update webhook_deliveries d
    set status = v.status,
        next_attempt_at = case when v.delay_ms is null then d.next_attempt_at else now() + v.delay_ms * interval '1 millisecond' end,
        locked_until = null, locked_by = null, last_status_code = v.code, last_error = v.err,
        delivered_at = case when v.status = 'succeeded' then now() else d.delivered_at end,
        updated_at = now()
    from v where d.id = v.id and d.locked_by = p_worker and d.status = 'delivering' and d.attempts = v.attempt
    returning d.id),
  log as (
    insert into webhook_attempts (id, delivery_id, attempt, worker, started_at, duration_ms, status_code, error, response_body, response_bytes)
    select v.attempt_id, v.id, v.attempt, p_worker, v.started_at, v.duration_ms, v.code, v.err, v.body, v.size from v),
  healthy as (update webhook_endpoints e set failing_since = null where e.id = any(p_healthy) and e.failing_since is not null),
  relapsed as (update webhook_endpoints e set failing_since = now() where e.id = any(p_relapsed)),
  failing as (update webhook_endpoints e set failing_since = now() where e.id = any(p_failing) and e.failing_since is null)
  select 'applied'::text, upd.id from upd
  union all
  select 'failing_too_long'::text, e.id from webhook_endpoints e
  where e.id = any(p_failing) and e.status = 'enabled' and e.deleted_at is null
    and e.failing_since < now() - p_disable_after_hours * interval '1 hour';
end
$fn$;

-- The old signature stays for workers of the previous version during a rolling upgrade, but
-- keeps no response body any more: it forwards to the new one without bodies or sizes.
create or replace function keel_record_webhook_attempts(
  p_worker text, p_durable boolean, p_disable_after_hours double precision,
  p_ids text[], p_attempts integer[], p_statuses text[], p_delays_ms double precision[], p_codes integer[], p_errors text[],
  p_attempt_ids text[], p_started_at timestamptz[], p_durations_ms integer[], p_bodies text[],
  p_healthy text[], p_relapsed text[], p_failing text[])
returns table (kind text, id text)
language sql volatile as $fn$
  select * from keel_record_webhook_attempts(p_worker, p_durable, p_disable_after_hours, p_ids, p_attempts, p_statuses, p_delays_ms,
    p_codes, p_errors, p_attempt_ids, p_started_at, p_durations_ms, array_fill(null::text, array[cardinality(p_ids)]),
    array_fill(null::bigint, array[cardinality(p_ids)]), p_healthy, p_relapsed, p_failing);
$fn$;
