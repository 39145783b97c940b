import { sql, type Kysely } from 'kysely';
import { formatUnits, parseUnits } from 'viem';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';

/**
 * The settlement report (`GET /v1/reports/settlement`): the pilot metrics a fintech needs to
 * decide — per intent and in total, how long from creation to the payment being seen, to
 * final, to swept; what sweeping cost in gas (native and USD, shared equally among the
 * deposits of a sweep); and the all-in cost as a share of volume beside legacy rails.
 */

export interface ReportIntentRow {
  id: string;
  status: string;
  asset: string;
  decimals: number;
  amount: string;
  amountReceived: string;
  createdAt: Date;
  firstSeenAt: Date | null;
  succeededAt: Date | null;
  sweptAt: Date | null;
  /** This intent's share of its sweeps' gas, in wei of the native coin, and in USD·1e8 where priced. */
  sweepGasWei: bigint;
  sweepGasUsd8: bigint | null;
}

export interface Comparator {
  name: string;
  percent: string;
  fixedUsd: string;
}

const usd8 = (s: string) => parseUnits(s, 8);
const usdText = (v: bigint) => formatUnits(v, 8);
const secondsBetween = (a: Date, b: Date | null) => (b ? Math.max(0, (b.getTime() - a.getTime()) / 1000) : null);

function quantiles(xs: number[]): { p50: number | null; p90: number | null; max: number | null } {
  if (xs.length === 0) return { p50: null, p90: null, max: null };
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { p50: at(0.5), p90: at(0.9), max: s.at(-1)! };
}

/** Builds the report from intent rows and USD prices (1e8) per asset symbol (pure). */
export function buildReport(
  rows: readonly ReportIntentRow[],
  priceUsd8: Record<string, bigint | undefined>,
  comparators: readonly Comparator[],
  nativeSymbol: string,
) {
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  const settled = rows.filter((r) => r.status === 'succeeded');
  let volumeUsd8 = 0n;
  let gasUsd8 = 0n;
  let gasWei = 0n;
  let unpriced = 0;
  const intents = settled.map((r) => {
    const price = priceUsd8[r.asset];
    const received = BigInt(r.amountReceived);
    const amountUsd8 = price !== undefined ? (received * price) / 10n ** BigInt(r.decimals) : null;
    if (amountUsd8 !== null) volumeUsd8 += amountUsd8;
    else unpriced++;
    gasWei += r.sweepGasWei;
    if (r.sweepGasUsd8 !== null) gasUsd8 += r.sweepGasUsd8;
    return {
      id: r.id,
      asset: r.asset,
      amount: formatUnits(received, r.decimals),
      amountUsd: amountUsd8 === null ? null : usdText(amountUsd8),
      secondsToSeen: secondsBetween(r.createdAt, r.firstSeenAt),
      secondsToConfirmed: secondsBetween(r.createdAt, r.succeededAt),
      secondsToSwept: secondsBetween(r.createdAt, r.sweptAt),
      sweepGas: {
        [nativeSymbol]: formatUnits(r.sweepGasWei, 18),
        usd: r.sweepGasUsd8 === null ? null : usdText(r.sweepGasUsd8),
      },
    };
  });
  const pct = (part: bigint) => (volumeUsd8 === 0n ? null : formatUnits((part * 10_000n) / volumeUsd8, 2));
  const legacy = comparators.map((c) => {
    const cost = intents.reduce(
      (a, i) =>
        i.amountUsd === null ? a : a + (usd8(i.amountUsd) * parseUnits(c.percent, 4)) / 1_000_000n + usd8(c.fixedUsd),
      0n,
    );
    return {
      name: c.name,
      rule: `${c.percent}% + ${c.fixedUsd} USD per payment`,
      costUsd: usdText(cost),
      costPercent: pct(cost),
    };
  });
  const timing = (k: 'secondsToSeen' | 'secondsToConfirmed' | 'secondsToSwept') =>
    quantiles(intents.map((i) => i[k]).filter((x): x is number => x !== null));
  return {
    object: 'settlement_report' as const,
    intents,
    totals: {
      intents: rows.length,
      byStatus,
      settled: settled.length,
      volumeUsd: usdText(volumeUsd8),
      unpricedIntents: unpriced,
      sweepGas: { [nativeSymbol]: formatUnits(gasWei, 18), usd: usdText(gasUsd8) },
      costPercent: pct(gasUsd8),
      timings: {
        toSeen: timing('secondsToSeen'),
        toConfirmed: timing('secondsToConfirmed'),
        toSwept: timing('secondsToSwept'),
      },
      comparators: legacy,
    },
  };
}

/** Reads the intents created in [from, to) with their share of sweep gas. */
export async function readReportRows(db: Kysely<DB>, from: Date, to: Date): Promise<ReportIntentRow[]> {
  const r = await sql<{
    id: string;
    status: string;
    asset: string;
    decimals: number;
    amount: string;
    amount_received: string;
    created_at: Date;
    first_seen_at: Date | null;
    succeeded_at: Date | null;
    swept_at: Date | null;
    gas_wei: string | null;
    gas_usd8: string | null;
    unpriced: string | number;
  }>`
    with shares as (
      select s.id, s.gas_cost_wei / count(d.id) as wei, s.gas_cost_usd8 / count(d.id) as usd8
      from payment_sweeps s join payment_deposits d on d.sweep_id = s.id
      where s.status = 'confirmed'
      group by s.id, s.gas_cost_wei, s.gas_cost_usd8)
    select p.id, p.status, p.asset, p.decimals, p.amount::text, p.amount_received::text, p.created_at, p.first_seen_at, p.succeeded_at, p.swept_at,
      coalesce(sum(floor(sh.wei)), 0)::text as gas_wei,
      coalesce(sum(floor(sh.usd8)), 0)::text as gas_usd8,
      count(sh.id) filter (where sh.usd8 is null) as unpriced
    from payment_intents p
    left join payment_deposits d on d.intent_id = p.id and d.sweep_id is not null
    left join shares sh on sh.id = d.sweep_id
    where p.created_at >= ${from} and p.created_at < ${to}
    group by p.id
    order by p.id`.execute(db);
  return r.rows.map((x) => ({
    id: x.id,
    status: x.status,
    asset: x.asset,
    decimals: x.decimals,
    amount: x.amount,
    amountReceived: x.amount_received,
    createdAt: new Date(x.created_at),
    firstSeenAt: x.first_seen_at ? new Date(x.first_seen_at) : null,
    succeededAt: x.succeeded_at ? new Date(x.succeeded_at) : null,
    sweptAt: x.swept_at ? new Date(x.swept_at) : null,
    sweepGasWei: BigInt(x.gas_wei ?? '0'),
    sweepGasUsd8: Number(x.unpriced) > 0 ? null : BigInt(x.gas_usd8 ?? '0'),
  }));
}

/** USD prices (1e8) of the configured assets, from the first chain that has a readable feed. */
export async function assetPrices(
  config: Config,
  prices: (chain: Config['chains'][number]) => Promise<Record<string, { usd8: bigint | null } | undefined>>,
): Promise<Record<string, bigint | undefined>> {
  const out: Record<string, bigint | undefined> = {};
  for (const chain of config.chains) {
    const p = await prices(chain).catch(() => ({}) as Record<string, undefined>);
    for (const a of chain.assets)
      if (out[a.symbol] === undefined && p[a.symbol]?.usd8) out[a.symbol] = p[a.symbol]!.usd8!;
  }
  return out;
}
