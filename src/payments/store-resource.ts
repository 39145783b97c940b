import { sql, type RawBuilder } from 'kysely';
import type { Config } from '../config/schema.ts';

/**
 * The payment intent resource built inside the database, for events: the same JSON as
 * `intentResource` (resource.ts) gives for the same rows, written with `jsonb_build_object`
 * from the rows a statement just wrote, so a range of thousands of payments publishes its
 * events without reading the rows back into Node, building each resource there and shipping
 * megabytes of JSON back (profiled: that was most of a range's cost). Part of the payments
 * store (only store.ts calls it). resource.ts stays the definition the API reads; a test
 * (test/payments-resource-sql.int.test.ts) compares the two over intents in every state, so
 * a field added to one and not the other fails it.
 *
 * Amounts are formatted like viem's `formatUnits` by multiplying with an exact `1e-<decimals>`
 * numeric (never dividing, which rounds past 16 significant digits) and trimming trailing
 * zeros; times like `Date.toISOString` (UTC, milliseconds truncated, as the drivers read them).
 */

/** `{ amount, baseUnits }` of a base-unit amount with `decimals`. */
const money = (amount: RawBuilder<unknown>, decimals: RawBuilder<unknown>) =>
  sql`jsonb_build_object('amount', trim_scale((${amount}) * ('1e-' || (${decimals}))::numeric)::text, 'baseUnits', (${amount})::text)`;

/** A timestamp as `toISOString` writes it (null stays null). */
const iso = (t: RawBuilder<unknown>) => sql`to_char((${t}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The configured (chain, asset) pairs, as the resource reads them from the config. */
function configRows(config: Config): string {
  return JSON.stringify(
    config.chains.flatMap((c) =>
      c.assets.map((a) => ({
        chain_id: c.chainId,
        name: c.name,
        confirmations: c.confirmations,
        symbol: a.symbol,
        token: a.address,
        decimals: a.decimals,
      })),
    ),
  );
}

/**
 * A query of `(id text, data jsonb)`: the resource of each intent among `ids`, as it is in the
 * database at this point of the transaction.
 */
export function intentResourcesSql(config: Config, ids: readonly string[]): RawBuilder<{ id: string; data: unknown }> {
  const ref = (x: string) => sql.raw(x);
  return sql<{ id: string; data: unknown }>`
    with cfg as (
      select * from jsonb_to_recordset(${configRows(config)}::jsonb)
        as c(chain_id bigint, name text, confirmations int, symbol text, token text, decimals int))
    select p.id, jsonb_build_object(
      'id', p.id,
      'object', 'payment_intent',
      'status', p.status,
      'asset', jsonb_build_object('symbol', p.asset, 'decimals', p.decimals),
      'amount', ${money(ref('p.amount'), ref('p.decimals'))},
      'amountReceived', ${money(ref('p.amount_received'), ref('p.decimals'))},
      'amountPending', ${money(ref('p.amount_pending'), ref('p.decimals'))},
      'amountRemaining', ${money(ref('greatest(p.amount - p.amount_received - p.amount_pending, 0)'), ref('p.decimals'))},
      'overpaid', ${money(ref('greatest(p.amount_received - p.amount, 0)'), ref('p.decimals'))},
      'refundable', ${money(ref('greatest(f.final_arrived - p.amount_refunded, 0)'), ref('p.decimals'))},
      'amountRefunded', ${money(ref('p.amount_refunded'), ref('p.decimals'))},
      'depositAddress', p.deposit_address,
      'chains', coalesce((
        select jsonb_agg(jsonb_build_object(
          'chainId', c.chain_id, 'name', c.name, 'token', c.token, 'confirmations', c.confirmations,
          'paymentUri', 'ethereum:' || c.token || '@' || c.chain_id || '/transfer?address=' || p.deposit_address || '&uint256=' || p.amount::text
        ) order by x.ord)
        from jsonb_array_elements(p.chains) with ordinality as x(v, ord)
        join cfg c on c.chain_id = (x.v)::bigint and c.symbol = p.asset), '[]'::jsonb),
      'paidLate', p.paid_late,
      'needsAttention', p.needs_attention,
      'customerReference', p.customer_reference,
      'description', p.description,
      'metadata', coalesce(p.metadata, '{}'::jsonb),
      'payments', coalesce((
        select jsonb_agg(jsonb_build_object(
          'id', d.id, 'chainId', d.chain_id, 'txHash', d.tx_hash, 'logIndex', d.log_index,
          'blockNumber', d.block_number::text, 'token', d.token, 'asset', d.asset, 'from', d.from_address,
          'amount', ${money(
            ref('d.amount'),
            ref(
              'case when d.asset = p.asset then p.decimals else coalesce((select c.decimals from cfg c where c.chain_id = d.chain_id and c.symbol = d.asset limit 1), 0) end',
            ),
          )},
          'kind', d.kind, 'reason', d.reason, 'late', d.late, 'status', d.status,
          'blockTime', ${iso(ref('d.block_time'))}, 'seenAt', ${iso(ref('d.seen_at'))},
          'confirmedAt', ${iso(ref('d.confirmed_at'))}, 'sweptAt', ${iso(ref('d.swept_at'))},
          'reorgedAfterFinal', coalesce(d.reorged_after_final, false)
        ) order by d.block_number, d.log_index, d.chain_id, d.id)
        from payment_deposits d where d.intent_id = p.id), '[]'::jsonb),
      'refunds', coalesce((
        select jsonb_agg(jsonb_build_object(
          'id', r.id, 'object', 'refund', 'paymentIntentId', r.intent_id, 'chainId', r.chain_id,
          'amount', ${money(ref('r.amount'), ref('p.decimals'))},
          'asset', p.asset, 'to', r.to_address, 'reason', r.reason, 'status', r.status, 'transactionId', r.tx_id,
          'createdAt', ${iso(ref('r.created_at'))}, 'finishedAt', ${iso(ref('r.finished_at'))}
        ) order by r.id)
        from payment_refunds r where r.intent_id = p.id), '[]'::jsonb),
      'expiresAt', ${iso(ref('p.expires_at'))},
      'lateUntil', ${iso(ref('p.late_until'))},
      'createdAt', ${iso(ref('p.created_at'))},
      'firstSeenAt', ${iso(ref('p.first_seen_at'))},
      'processingAt', ${iso(ref('p.processing_at'))},
      'succeededAt', ${iso(ref('p.succeeded_at'))},
      'sweptAt', ${iso(ref('p.swept_at'))},
      'cancelledAt', ${iso(ref('p.cancelled_at'))}
    ) as data
    from payment_intents p
    cross join lateral (
      select coalesce(sum(d.amount), 0) as final_arrived from payment_deposits d
      where d.intent_id = p.id and d.status = 'confirmed' and d.asset = p.asset) f
    where p.id = any(${[...ids]}::text[])`;
}
