import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { dbJson } from '../db/json.ts';
import type { Charge, Dimension, Reason, Usage, UsageKey } from './sponsorship-logic.ts';
import type { PolicyDocument } from './sponsorship-resource.ts';
import type { SponsorshipDecisionsTable, SponsorshipPoliciesTable } from './sponsorship-tables.ts';

/**
 * The only SQL of sponsored gas (tables of migration 0027). A decision that reserves budget runs
 * in one transaction holding the policy's row lock (`lockPolicy`): every decision of a policy,
 * in any process, reads the counters after the previous one charged them, so two decisions can
 * never both take the last of a budget.
 */

export type PolicyRow = Selectable<SponsorshipPoliciesTable>;
export type DecisionRow = Selectable<SponsorshipDecisionsTable>;
export type Executor = Kysely<DB> | Transaction<DB>;

export interface PolicyWithDocument {
  row: PolicyRow;
  document: PolicyDocument;
}

async function withDocument(ex: Executor, row: PolicyRow | undefined): Promise<PolicyWithDocument | undefined> {
  if (!row) return undefined;
  const v = await ex
    .selectFrom('sponsorship_policy_versions')
    .select('document')
    .where('policy_id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirstOrThrow();
  return { row, document: dbJson<PolicyDocument>(v.document) };
}

export async function insertPolicy(
  trx: Transaction<DB>,
  p: { id: string; owner: string; document: PolicyDocument; hookSecretEnc: string | null; createdBy: string },
): Promise<PolicyWithDocument> {
  const row = await trx
    .insertInto('sponsorship_policies')
    .values({ id: p.id, owner_principal: p.owner, hook_secret_enc: p.hookSecretEnc })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('sponsorship_policy_versions')
    .values({ policy_id: p.id, version: 1, document: JSON.stringify(p.document), created_by: p.createdBy })
    .execute();
  return { row, document: p.document };
}

/** The policy and its current document; `forUpdate` takes the policy's row lock (decisions, changes). */
export async function readPolicy(ex: Executor, id: string, forUpdate = false): Promise<PolicyWithDocument | undefined> {
  let q = ex.selectFrom('sponsorship_policies').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return withDocument(ex, await q.executeTakeFirst());
}

/** A page of policies, newest first; `owner` null: every owner's (admins). */
export async function listPolicies(
  db: Kysely<DB>,
  owner: string | null,
  limit: number,
  startingAfter?: string,
): Promise<PolicyWithDocument[]> {
  let q = db.selectFrom('sponsorship_policies').selectAll().orderBy('id', 'desc').limit(limit);
  if (owner !== null) q = q.where('owner_principal', '=', owner);
  if (startingAfter) q = q.where('id', '<', startingAfter);
  const rows = await q.execute();
  return Promise.all(rows.map(async (r) => (await withDocument(db, r))!));
}

export async function insertVersion(
  trx: Transaction<DB>,
  p: { id: string; version: number; document: PolicyDocument; createdBy: string; hookSecretEnc?: string | null },
): Promise<PolicyRow> {
  await trx
    .insertInto('sponsorship_policy_versions')
    .values({ policy_id: p.id, version: p.version, document: JSON.stringify(p.document), created_by: p.createdBy })
    .execute();
  return trx
    .updateTable('sponsorship_policies')
    .set({
      version: p.version,
      updated_at: sql<Date>`now()`,
      ...(p.hookSecretEnc === undefined ? {} : { hook_secret_enc: p.hookSecretEnc }),
    })
    .where('id', '=', p.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setDisabled(trx: Transaction<DB>, id: string): Promise<PolicyRow> {
  return trx
    .updateTable('sponsorship_policies')
    .set({ status: 'disabled', disabled_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The counters `keys` name, as the decision reads them (absent rows are zero). */
export async function readUsage(ex: Executor, policyId: string, keys: readonly UsageKey[]): Promise<Usage> {
  const byDim = new Map<Dimension, { usd: bigint; ops: number }>();
  if (keys.length) {
    const rows = await ex
      .selectFrom('sponsorship_usage')
      .select(['dimension', 'subject', 'period_start', 'usd', 'ops'])
      .where('policy_id', '=', policyId)
      .where((eb) =>
        eb.or(
          keys.map((k) =>
            eb.and([
              eb('dimension', '=', k.dimension),
              eb('subject', '=', k.subject),
              eb('period_start', '=', k.periodStart),
            ]),
          ),
        ),
      )
      .execute();
    for (const r of rows) byDim.set(r.dimension as Dimension, { usd: BigInt(r.usd), ops: r.ops });
  }
  return { usd: (d) => byDim.get(d)?.usd ?? 0n, ops: (d) => byDim.get(d)?.ops ?? 0 };
}

/** Adds `sign` × each charge to its counter (creating it at zero first). */
export async function applyCharges(trx: Transaction<DB>, policyId: string, charges: readonly Charge[], sign: 1n | -1n) {
  for (const c of charges) {
    const usd = c.usd * sign;
    const ops = c.ops * Number(sign);
    if (sign > 0n) {
      await trx
        .insertInto('sponsorship_usage')
        .values({
          policy_id: policyId,
          dimension: c.dimension,
          subject: c.subject,
          period_start: c.periodStart,
          usd: usd.toString(),
          ops,
        })
        .onConflict((oc) =>
          oc.columns(['policy_id', 'dimension', 'subject', 'period_start']).doUpdateSet({
            usd: sql<string>`sponsorship_usage.usd + excluded.usd`,
            ops: sql<number>`sponsorship_usage.ops + excluded.ops`,
            updated_at: sql<Date>`now()`,
          }),
        )
        .execute();
    } else {
      await trx
        .updateTable('sponsorship_usage')
        .set({
          usd: sql<string>`greatest(usd + ${usd.toString()}::numeric, 0)`,
          ops: sql<number>`greatest(ops + ${ops}, 0)`,
          updated_at: sql<Date>`now()`,
        })
        .where('policy_id', '=', policyId)
        .where('dimension', '=', c.dimension)
        .where('subject', '=', c.subject)
        .where('period_start', '=', c.periodStart)
        .execute();
    }
  }
}

/** Adds `delta` (10^-8 USD, may be negative) to the USD counters among `charges`. */
export async function adjustUsd(trx: Transaction<DB>, policyId: string, charges: readonly Charge[], delta: bigint) {
  for (const c of charges.filter((x) => x.usd > 0n)) {
    await trx
      .updateTable('sponsorship_usage')
      .set({ usd: sql<string>`greatest(usd + ${delta.toString()}::numeric, 0)`, updated_at: sql<Date>`now()` })
      .where('policy_id', '=', policyId)
      .where('dimension', '=', c.dimension)
      .where('subject', '=', c.subject)
      .where('period_start', '=', c.periodStart)
      .execute();
  }
}

export interface NewDecision {
  id: string;
  policyId: string;
  policyVersion: number;
  sponsored: boolean;
  dryRun: boolean;
  class: 'organic' | 'abuse' | null;
  reasons: Reason[];
  status: DecisionRow['status'];
  reservedUsd: bigint;
  charges: Charge[];
  chainId: number;
  sender: string;
  userId: string;
  request: unknown;
}

export async function insertDecision(ex: Executor, d: NewDecision): Promise<DecisionRow> {
  return ex
    .insertInto('sponsorship_decisions')
    .values({
      id: d.id,
      policy_id: d.policyId,
      policy_version: d.policyVersion,
      sponsored: d.sponsored,
      dry_run: d.dryRun,
      class: d.class,
      reasons: JSON.stringify(d.reasons),
      status: d.status,
      reserved_usd: d.reservedUsd.toString(),
      charges: JSON.stringify(d.charges, (_, v) => (typeof v === 'bigint' ? v.toString() : v)),
      chain_id: d.chainId,
      sender: d.sender,
      user_id: d.userId,
      request: JSON.stringify(d.request, (_, v) => (typeof v === 'bigint' ? v.toString() : v)),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The charges of a decision as stored (amounts back to bigint, dates back to Date). */
export function chargesOf(row: DecisionRow): Charge[] {
  return dbJson<Array<{ dimension: Dimension; subject: string; periodStart: string; usd: string; ops: number }>>(
    row.charges,
  ).map((c) => ({ ...c, periodStart: new Date(c.periodStart), usd: BigInt(c.usd) }));
}

export async function readDecision(ex: Executor, id: string, forUpdate = false): Promise<DecisionRow | undefined> {
  let q = ex.selectFrom('sponsorship_decisions').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function finishDecision(
  trx: Transaction<DB>,
  id: string,
  status: 'settled' | 'released',
  actualUsd: bigint | null,
): Promise<DecisionRow> {
  return trx
    .updateTable('sponsorship_decisions')
    .set({ status, actual_usd: actualUsd === null ? null : actualUsd.toString(), settled_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A page of a policy's decisions, newest first. */
export async function listDecisions(
  db: Kysely<DB>,
  policyId: string,
  limit: number,
  startingAfter?: string,
): Promise<DecisionRow[]> {
  let q = db
    .selectFrom('sponsorship_decisions')
    .selectAll()
    .where('policy_id', '=', policyId)
    .orderBy('id', 'desc')
    .limit(limit);
  if (startingAfter) q = q.where('id', '<', startingAfter);
  return q.execute();
}

/** What a policy's real (not dry-run) decisions since `since` add up to. */
export async function usageSince(
  db: Kysely<DB>,
  policyId: string,
  since: Date,
): Promise<{ spentUsd: bigint; sponsored: number; organic: number; abuse: number; byReason: Record<string, number> }> {
  const base = db
    .selectFrom('sponsorship_decisions')
    .where('policy_id', '=', policyId)
    .where('dry_run', '=', false)
    .where('created_at', '>=', since);
  const totals = await base
    .select([
      sql<string>`coalesce(sum(case when sponsored and status <> 'released' then coalesce(actual_usd, reserved_usd) else 0 end), 0)`.as(
        'spent',
      ),
      sql<string>`count(*) filter (where sponsored and status <> 'released')`.as('sponsored'),
      sql<string>`count(*) filter (where not sponsored and class = 'organic')`.as('organic'),
      sql<string>`count(*) filter (where not sponsored and class = 'abuse')`.as('abuse'),
    ])
    .executeTakeFirstOrThrow();
  const reasons = await sql<{ code: string; n: string }>`
    select r->>'code' as code, count(*) as n
    from sponsorship_decisions d, jsonb_array_elements(d.reasons) r
    where d.policy_id = ${policyId} and d.dry_run = false and d.sponsored = false and d.created_at >= ${since}
    group by 1 order by 1`.execute(db);
  return {
    spentUsd: BigInt(String(totals.spent).split('.')[0]!),
    sponsored: Number(totals.sponsored),
    organic: Number(totals.organic),
    abuse: Number(totals.abuse),
    byReason: Object.fromEntries(reasons.rows.map((r) => [r.code, Number(r.n)])),
  };
}
