import type { Kysely } from 'kysely';
import { formatUnits } from 'viem';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { linesOfPayee } from './run-store.ts';
import { LINE_STATUSES } from './run-tables.ts';

/**
 * A payee's statement over a period (`GET /v1/payees/:id/statements`): every line of every run
 * made in the period (rejected runs left out) with what it earned, what it paid and with which
 * transaction, and what it carried; totals per asset. CSV: one row per line.
 */

const entrySchema = z.object({
  runId: z.string(),
  lineId: z.string(),
  planId: z.string().nullable(),
  chainId: z.number().int(),
  asset: z.string(),
  period: z.object({ from: z.string(), to: z.string() }).nullable(),
  status: z.enum(LINE_STATUSES),
  reason: z.string().nullable(),
  source: z.string().nullable(),
  earned: z.string(),
  carriedIn: z.string(),
  paid: z.string(),
  carriedOut: z.string(),
  txId: z.string().nullable(),
  txHash: z.string().nullable(),
  createdAt: z.string(),
  settledAt: z.string().nullable(),
});

export const statementSchema = z
  .object({
    object: z.literal('payee_statement'),
    payeeId: z.string(),
    from: z.string(),
    to: z.string(),
    totals: z.array(
      z.object({
        chainId: z.number().int(),
        asset: z.string(),
        earned: z.string(),
        paid: z.string(),
        carried: z.string(),
      }),
    ),
    entries: z.array(entrySchema),
  })
  .meta({ id: 'PayeeStatement' });
export type Statement = z.infer<typeof statementSchema>;

export async function payeeStatement(db: Kysely<DB>, payeeId: string, from: Date, to: Date): Promise<Statement> {
  const rows = await linesOfPayee(db, payeeId, from, to);
  const totals = new Map<
    string,
    { chainId: number; asset: string; decimals: number; earned: bigint; paid: bigint; carried: bigint }
  >();
  const entries = rows.map((r) => {
    const d = r.asset_decimals;
    const key = `${r.chain_id}:${r.asset_symbol}`;
    const t = totals.get(key) ?? {
      chainId: r.chain_id,
      asset: r.asset_symbol,
      decimals: d,
      earned: 0n,
      paid: 0n,
      carried: 0n,
    };
    t.earned += BigInt(r.earned);
    if (r.status === 'paid') t.paid += BigInt(r.amount);
    totals.set(key, t);
    return {
      runId: r.run_id,
      lineId: r.id,
      planId: r.plan_id,
      chainId: r.chain_id,
      asset: r.asset_symbol,
      period:
        r.period_from && r.period_to
          ? { from: new Date(r.period_from).toISOString(), to: new Date(r.period_to).toISOString() }
          : null,
      status: r.status,
      reason: r.reason,
      source: r.source,
      earned: formatUnits(BigInt(r.earned), d),
      carriedIn: formatUnits(BigInt(r.carried_in), d),
      paid: formatUnits(r.status === 'paid' ? BigInt(r.amount) : 0n, d),
      carriedOut: formatUnits(BigInt(r.carried_out), d),
      txId: r.status === 'paid' ? r.tx_id : null,
      txHash: r.status === 'paid' ? r.tx_hash : null,
      createdAt: new Date(r.created_at).toISOString(),
      settledAt: r.settled_at ? new Date(r.settled_at).toISOString() : null,
    };
  });
  // What is carried at the end of the period: the last line's carry-out per plan and asset.
  const lastPerPlan = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (r.plan_id) lastPerPlan.set(r.plan_id, r);
  for (const r of lastPerPlan.values()) totals.get(`${r.chain_id}:${r.asset_symbol}`)!.carried += BigInt(r.carried_out);
  return {
    object: 'payee_statement',
    payeeId,
    from: from.toISOString(),
    to: to.toISOString(),
    totals: [...totals.values()].map((t) => ({
      chainId: t.chainId,
      asset: t.asset,
      earned: formatUnits(t.earned, t.decimals),
      paid: formatUnits(t.paid, t.decimals),
      carried: formatUnits(t.carried, t.decimals),
    })),
    entries,
  };
}

const CSV_COLUMNS = [
  'runId',
  'lineId',
  'planId',
  'chainId',
  'asset',
  'periodFrom',
  'periodTo',
  'status',
  'reason',
  'source',
  'earned',
  'carriedIn',
  'paid',
  'carriedOut',
  'txId',
  'txHash',
  'createdAt',
  'settledAt',
] as const;

/** A CSV cell: quoted when needed; a leading =, +, - or @ is neutralised (spreadsheet formulas). */
function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The statement as CSV, one row per line (header first). */
export function statementCsv(s: Statement): string {
  const rows = s.entries.map((e) =>
    [
      e.runId,
      e.lineId,
      e.planId,
      e.chainId,
      e.asset,
      e.period?.from,
      e.period?.to,
      e.status,
      e.reason,
      e.source,
      e.earned,
      e.carriedIn,
      e.paid,
      e.carriedOut,
      e.txId,
      e.txHash,
      e.createdAt,
      e.settledAt,
    ]
      .map(cell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}
