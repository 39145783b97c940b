import type { Kysely, Transaction } from 'kysely';
import { getAddress, parseUnits, type Address } from 'viem';
import { appendAudit } from '../audit/store.ts';
import type { ChainConfig, Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import type { EventType } from '../events/catalogue.ts';
import { publishEvent } from '../events/store.ts';
import { KeelError, PermanentError, RetryableError, ValidationError, type FieldError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import { usdOf } from '../lib/prices.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import { prepareRequest } from '../pipeline/intake.ts';
import type { OutcomeHandler, TransactionOutcome } from '../pipeline/outcomes.ts';
import type { BatchItem, Pipeline } from '../pipeline/service.ts';
import type { SignerRegistry } from '../signers/index.ts';
import { chunk, type BatchSizing } from './batch-logic.ts';
import type {
  LineRunner,
  LineRunRequest,
  LineSettledHandler,
  LineSettlement,
  PayableAnswer,
  PayableResolver,
} from './ports.ts';
import { previewRun, runStatusOf, usd8Of, type RunPreview } from './run-logic.ts';
import {
  planResource,
  runResource,
  type PlanResource,
  type RunResource,
  type StoredRecipient,
  type StoredSource,
} from './run-resource.ts';
import {
  addCarry,
  assignLines,
  carriesOf,
  insertLines,
  insertPlan,
  insertRun,
  linesOfRun,
  linesOfTx,
  listPlans,
  listRuns,
  pendingLineTxIds,
  planById,
  replaceCarries,
  resetLines,
  retryableLines,
  runById,
  runByKey,
  runsInReview,
  runsMeeting,
  runsWithUnsentLines,
  setRunStatus,
  settleLinesOfTx,
  unsentLines,
  updateLine,
  type LineRow,
  type RunRow,
} from './run-store.ts';
import type { RunStatus } from './run-tables.ts';
import { splitRevenue, validShares, type SplitRecipient } from './split-logic.ts';

/**
 * Payout runs (docs/payouts.md): split plans, runs of a plan over a period (exactly once
 * per plan and period), runs of explicit lines for accruals (exactly once per key), review by a
 * second principal above `payouts.reviewThresholdUsd`, execution through the write path (an
 * exact approval of the batch payout contract, then `payout` chunks sized by gas), settlement
 * of each line in its transaction's final state (outcome hook), retries of failed lines only.
 */

/** The origin of `payout` transactions (their outcome handler settles the lines they carry). */
export const PAYOUT_ORIGIN = 'payouts.batch';
/** The origin of the exact approval before a run's `payout` transactions. */
export const PAYOUT_APPROVAL_ORIGIN = 'payouts.approval';

/** What a run reads of payment intents (PaymentsStore.succeededInPeriod). */
export interface RevenueReader {
  succeededInPeriod(
    db: Kysely<DB> | Transaction<DB>,
    filter: { asset: string; from: Date; to: Date; metadata?: Record<string, string> },
  ): Promise<Array<{ id: string; net: bigint }>>;
}

export interface PayoutRunsDeps {
  db: Kysely<DB>;
  config: Config;
  signers: SignerRegistry;
  pipeline: Pipeline;
  payables: PayableResolver;
  revenue: RevenueReader;
  logger?: Logger;
}

export interface Actor {
  apiKeyId: string;
  principalId: string | null;
}

export interface PlanInput {
  name: string;
  chainId: number;
  /** Configured symbol or address on the chain. */
  asset: string;
  recipients: Array<{ payeeId: string; shareBps: number; minimum?: string; cap?: string }>;
  source: { kind: 'fixed'; amount: string } | { kind: 'payment_intents'; metadata?: Record<string, string> };
}

interface Market {
  maxFeePerGas: bigint | null;
  nativeUsd8: bigint | null;
  assetUsd8: bigint | null;
}

/** What a settlement is told about a line. */
interface LineLike {
  id: string;
  payee_id: string;
  amount: string;
  source: string | null;
  carried_out?: string;
}

/** Raised inside the batch's transaction when another dispatch sent the lines first. */
class LinesTaken extends Error {}

export class PayoutRuns implements LineRunner {
  readonly #handlers: LineSettledHandler[] = [];
  constructor(private readonly deps: PayoutRunsDeps) {}

  /** Registers a handler told, in the line's final-state transaction, what became of each line. */
  onLineSettled(handler: LineSettledHandler): void {
    this.#handlers.push(handler);
  }

  get #sizing(): BatchSizing {
    const p = this.deps.config.payouts;
    return { maxRecipientsPerTx: p.maxRecipientsPerTx, maxGasPerTx: p.maxGasPerTx, gasPerRecipient: p.gasPerRecipient };
  }

  #chain(chainId: number): ChainConfig | undefined {
    return this.deps.config.chains.find((c) => c.chainId === chainId);
  }

  #asset(chain: ChainConfig, asset: string) {
    const lower = asset.toLowerCase();
    return chain.assets.find((a) => a.symbol === asset || a.address.toLowerCase() === lower);
  }

  // ---------------------------------------------------------------- plans

  /** Creates a split plan; 422 naming the field for bad shares, amounts or asset. */
  async createPlan(input: PlanInput, actor: Actor): Promise<PlanResource> {
    const errors: FieldError[] = [];
    const fail = (field: string, code: string, message: string) =>
      errors.push({ field: `body.${field}`, code, message });
    const chain = this.#chain(input.chainId);
    if (!chain) fail('chainId', 'unknown_chain', `chain ${input.chainId} is not configured`);
    const asset = chain ? this.#asset(chain, input.asset) : undefined;
    if (chain && !asset)
      fail('asset', 'unknown_asset', `${input.asset} is not a configured asset of chain ${input.chainId}`);
    if (!validShares(input.recipients.map((r) => r.shareBps)))
      fail(
        'recipients',
        'shares_not_10000',
        `shares must sum to 10000 bps (they sum to ${input.recipients.reduce((a, r) => a + r.shareBps, 0)})`,
      );
    const seen = new Set<string>();
    input.recipients.forEach((r, i) => {
      if (seen.has(r.payeeId)) fail(`recipients.${i}.payeeId`, 'duplicate', `${r.payeeId} is listed twice`);
      seen.add(r.payeeId);
    });
    const units = (field: string, v: string | undefined): bigint | null => {
      if (v === undefined || !asset) return null;
      const [, frac = ''] = v.split('.');
      if (frac.length > asset.decimals) {
        fail(field, 'too_many_decimals', `${asset.symbol} has ${asset.decimals} decimals`);
        return null;
      }
      return parseUnits(v, asset.decimals);
    };
    const recipients: StoredRecipient[] = input.recipients.map((r, i) => {
      const min = units(`recipients.${i}.minimum`, r.minimum);
      const cap = units(`recipients.${i}.cap`, r.cap);
      if (cap !== null && cap <= 0n) fail(`recipients.${i}.cap`, 'not_positive', 'a cap must be above 0');
      if (cap !== null && min !== null && cap < min)
        fail(`recipients.${i}.cap`, 'below_minimum', 'a cap must not be under the minimum');
      return {
        payeeId: r.payeeId,
        shareBps: r.shareBps,
        minimum: (min ?? 0n).toString(),
        cap: cap?.toString() ?? null,
      };
    });
    let source: StoredSource;
    if (input.source.kind === 'fixed') {
      const a = units('source.amount', input.source.amount);
      if (a !== null && a <= 0n) fail('source.amount', 'not_positive', 'the amount must be above 0');
      source = { kind: 'fixed', amount: (a ?? 0n).toString() };
    } else source = { kind: 'payment_intents', metadata: input.source.metadata ?? {} };
    if (errors.length || !chain || !asset) throw new ValidationError('the payout plan is not valid', errors);
    const id = newId('ppl');
    return this.deps.db.transaction().execute(async (trx) => {
      await insertPlan(trx, {
        id,
        name: input.name,
        chain_id: chain.chainId,
        asset_symbol: asset.symbol,
        asset_address: getAddress(asset.address),
        asset_decimals: asset.decimals,
        recipients: JSON.stringify(recipients),
        source: JSON.stringify(source),
        created_by: actor.apiKeyId,
        created_by_principal: actor.principalId,
      });
      await appendAudit(trx, {
        actor: actor.apiKeyId,
        action: 'payout_plan.created',
        subject: id,
        details: { recipients: recipients.map((r) => ({ payeeId: r.payeeId, shareBps: r.shareBps })), source },
      });
      const res = await this.plan(id, trx);
      await recordResponse(trx, 'payout_plan.create', res);
      return res;
    });
  }

  async plan(id: string, db: Kysely<DB> | Transaction<DB> = this.deps.db): Promise<PlanResource> {
    const row = await planById(db, id);
    if (!row) throw new PermanentError('payout_plan_not_found', `no payout plan ${id}`);
    return planResource(row, await carriesOf(db, id));
  }

  async plans(limit: number, startingAfter?: string): Promise<{ data: PlanResource[]; hasMore: boolean }> {
    const rows = await listPlans(this.deps.db, limit, startingAfter);
    const data = await Promise.all(
      rows.slice(0, limit).map(async (r) => planResource(r, await carriesOf(this.deps.db, r.id))),
    );
    return { data, hasMore: rows.length > limit };
  }

  // ---------------------------------------------------------------- runs

  async get(id: string, db: Kysely<DB> | Transaction<DB> = this.deps.db): Promise<RunResource> {
    const row = await runById(db, id);
    if (!row) throw new PermanentError('payout_run_not_found', `no payout run ${id}`);
    return runResource(row, await linesOfRun(db, id));
  }

  async list(filter: { planId?: string; status?: RunStatus; limit: number; startingAfter?: string }) {
    const rows = await listRuns(this.deps.db, filter);
    const data = await Promise.all(
      rows.slice(0, filter.limit).map(async (r) => runResource(r, await linesOfRun(this.deps.db, r.id))),
    );
    return { data, hasMore: rows.length > filter.limit };
  }

  /** What the preview is priced with: fees and prices now (read before any database transaction). */
  async #market(chain: ChainConfig, symbol: string): Promise<Market> {
    const fees = await this.deps.pipeline.fees.get(chain.chainId).catch(() => null);
    const prices = await this.deps.pipeline.facts.prices(chain).catch(() => ({}) as Record<string, undefined>);
    const asset = this.#asset(chain, symbol)!;
    return {
      maxFeePerGas: fees?.maxFeePerGas ?? null,
      nativeUsd8: usdOf(10n ** BigInt(chain.nativeDecimals), chain.nativeDecimals, prices[chain.nativeSymbol]),
      assetUsd8: usdOf(10n ** BigInt(asset.decimals), asset.decimals, prices[asset.symbol]),
    };
  }

  #preview(chain: ChainConfig, decimals: number, m: Market, recipients: number, total: bigint): RunPreview {
    return previewRun({
      recipients,
      total,
      decimals,
      sizing: this.#sizing,
      maxFeePerGas: m.maxFeePerGas,
      nativeDecimals: chain.nativeDecimals,
      nativeSymbol: chain.nativeSymbol,
      nativeUsd8: m.nativeUsd8,
      assetUsd8: m.assetUsd8,
      reviewThresholdUsd8: usd8Of(this.deps.config.payouts.reviewThresholdUsd),
    });
  }

  /**
   * A run of a plan over `[from, to)`: exactly once per plan and period (the identical period
   * answers the first run, `created: false`; a partial overlap is 422 `payout_period_overlaps`).
   */
  async createRun(
    input: { planId: string; from: Date; to: Date },
    actor: Actor,
  ): Promise<{ run: RunResource; created: boolean }> {
    const { db, config } = this.deps;
    if (!(input.from < input.to))
      throw new ValidationError('the period is empty', [
        { field: 'body.period.to', code: 'not_after_from', message: '`to` must be after `from`' },
      ]);
    const plan = await planById(db, input.planId);
    if (!plan) throw new PermanentError('payout_plan_not_found', `no payout plan ${input.planId}`);
    const chain = this.#chain(plan.chain_id);
    if (!chain || !config.payouts.batchContract)
      throw new PermanentError('payouts_not_configured', "payouts.batchContract or the plan's chain is not configured");
    const market = await this.#market(chain, plan.asset_symbol);
    const recipients = (plan.recipients as StoredRecipient[]).map(
      (r): SplitRecipient => ({
        payeeId: r.payeeId,
        shareBps: r.shareBps,
        minimum: BigInt(r.minimum),
        cap: r.cap === null ? null : BigInt(r.cap),
      }),
    );
    const source = plan.source as StoredSource;
    const id = newId('prun');
    let existing: string | undefined;
    let executing = false;
    const res = await db.transaction().execute(async (trx) => {
      await planById(trx, plan.id, true);
      const met = await runsMeeting(trx, plan.id, input.from, input.to);
      const same = met.find((r) => +new Date(r.period_from!) === +input.from && +new Date(r.period_to!) === +input.to);
      if (same) {
        existing = same.id;
        return this.get(same.id, trx);
      }
      if (met.length)
        throw new PermanentError(
          'payout_period_overlaps',
          `the period overlaps run ${met[0]!.id} of plan ${plan.id} (${new Date(met[0]!.period_from!).toISOString()} – ${new Date(met[0]!.period_to!).toISOString()})`,
          { errors: [{ field: 'body.period', code: 'overlaps', message: `overlaps run ${met[0]!.id}` }] },
        );
      const review = await runsInReview(trx, plan.id);
      if (review.length)
        throw new PermanentError('payout_run_in_review', `run ${review[0]!.id} of plan ${plan.id} waits for review`);
      const revenue =
        source.kind === 'fixed'
          ? BigInt(source.amount)
          : (
              await this.deps.revenue.succeededInPeriod(trx, {
                asset: plan.asset_symbol,
                from: input.from,
                to: input.to,
                metadata: source.metadata,
              })
            ).reduce((a, p) => a + p.net, 0n);
      const split = splitRevenue(revenue, recipients, await carriesOf(trx, plan.id));
      const owed = split.lines.filter((l) => l.amount > 0n).map((l) => l.payeeId);
      const answers = owed.length
        ? await this.deps.payables.payable(owed, plan.chain_id, getAddress(plan.asset_address), trx)
        : new Map<string, PayableAnswer>();
      const rows = split.lines
        .filter((l) => l.amount > 0n || l.carriedOut > 0n)
        .map((l) => {
          const a = answers.get(l.payeeId);
          const unpayable = l.amount > 0n && !a?.ok;
          const carriedOut = unpayable ? l.carriedOut + l.amount : l.carriedOut;
          return {
            id: newId('pln'),
            run_id: id,
            payee_id: l.payeeId,
            earned: l.earned.toString(),
            carried_in: l.carriedIn.toString(),
            amount: (unpayable ? 0n : l.amount).toString(),
            carried_out: carriedOut.toString(),
            status: unpayable || l.amount === 0n ? ('carried' as const) : ('pending' as const),
            reason: unpayable ? (a && !a.ok ? a.reason : 'unknown_payee') : l.reason,
            source: null,
            address: a?.ok ? a.address : null,
            tx_id: null,
          };
        });
      const total = rows.reduce((s, r) => s + BigInt(r.amount), 0n);
      const carriedOut = rows.reduce((s, r) => s + BigInt(r.carried_out), 0n);
      const payable = rows.filter((r) => r.status === 'pending').length;
      const preview = this.#preview(chain, plan.asset_decimals, market, payable, total);
      const status: RunStatus = payable === 0 ? 'completed' : preview.reviewRequired ? 'pending_review' : 'executing';
      executing = status === 'executing';
      await insertRun(trx, {
        id,
        plan_id: plan.id,
        line_key: null,
        chain_id: plan.chain_id,
        asset_symbol: plan.asset_symbol,
        asset_address: plan.asset_address,
        asset_decimals: plan.asset_decimals,
        period_from: input.from,
        period_to: input.to,
        status,
        revenue: revenue.toString(),
        carried_in: split.carriedIn.toString(),
        total: total.toString(),
        carried_out: carriedOut.toString(),
        preview: JSON.stringify(preview),
        created_by: actor.apiKeyId,
        created_by_principal: actor.principalId,
        finished_at: status === 'completed' ? new Date() : null,
      });
      await insertLines(trx, rows);
      // Under review, what is carried changes only when the run is approved (rejecting it keeps it).
      if (status !== 'pending_review') await replaceCarries(trx, plan.id, carriesAfter(rows));
      await appendAudit(trx, {
        actor: actor.apiKeyId,
        action: 'payout_run.created',
        subject: id,
        details: {
          planId: plan.id,
          from: input.from.toISOString(),
          to: input.to.toISOString(),
          total: total.toString(),
          status,
        },
      });
      const run = await this.get(id, trx);
      await publishEvent(trx, 'payout_run.created', run);
      await this.#settledCarried(trx, run.id, rows);
      if (status === 'pending_review') await publishEvent(trx, 'payout_run.review_required', run);
      if (status === 'executing') await publishEvent(trx, 'payout_run.executing', run);
      if (status === 'completed') await publishEvent(trx, 'payout_run.completed', run);
      await recordResponse(trx, 'payout_run.create', run, 201);
      return run;
    });
    if (existing) return { run: res, created: false };
    if (executing) await this.dispatch(id, actor);
    return { run: res, created: true };
  }

  /** Lines of explicit amounts (accruals): exactly once per key. */
  async runLines(req: LineRunRequest): Promise<{ runId: string; created: boolean }> {
    const { db, config } = this.deps;
    const first = await runByKey(db, req.key);
    if (first) return { runId: first.id, created: false };
    const chain = this.#chain(req.chainId);
    const asset = chain ? this.#asset(chain, req.asset) : undefined;
    if (!chain || !asset || !config.payouts.batchContract)
      throw new PermanentError(
        'payouts_not_configured',
        `chain ${req.chainId}, asset ${req.asset} or payouts.batchContract is not configured`,
      );
    if (req.lines.some((l) => l.amount <= 0n)) throw new Error('runLines: every line amount must be above 0');
    const market = await this.#market(chain, asset.symbol);
    const id = newId('prun');
    const actor: Actor = { apiKeyId: 'system', principalId: req.principalId };
    let status: RunStatus = 'executing';
    try {
      await db.transaction().execute(async (trx) => {
        const answers = await this.deps.payables.payable(
          [...new Set(req.lines.map((l) => l.payeeId))],
          req.chainId,
          getAddress(asset.address),
          trx,
        );
        const rows = req.lines.map((l) => {
          const a = answers.get(l.payeeId);
          const ok = a?.ok === true;
          return {
            id: newId('pln'),
            run_id: id,
            payee_id: l.payeeId,
            earned: l.amount.toString(),
            carried_in: '0',
            amount: (ok ? l.amount : 0n).toString(),
            carried_out: '0',
            status: ok ? ('pending' as const) : ('failed' as const),
            reason: ok ? null : a && !a.ok ? a.reason : 'unknown_payee',
            source: l.source,
            address: a?.ok ? a.address : null,
            tx_id: null,
          };
        });
        const total = rows.reduce((s, r) => s + BigInt(r.amount), 0n);
        const payable = rows.filter((r) => r.status === 'pending').length;
        const preview = this.#preview(chain, asset.decimals, market, payable, total);
        status =
          payable === 0
            ? runStatusOf(rows.map((r) => r.status))
            : preview.reviewRequired
              ? 'pending_review'
              : 'executing';
        await insertRun(trx, {
          id,
          plan_id: null,
          line_key: req.key,
          chain_id: req.chainId,
          asset_symbol: asset.symbol,
          asset_address: getAddress(asset.address),
          asset_decimals: asset.decimals,
          period_from: null,
          period_to: null,
          status,
          revenue: req.lines.reduce((s, l) => s + l.amount, 0n).toString(),
          carried_in: '0',
          total: total.toString(),
          carried_out: '0',
          preview: JSON.stringify(preview),
          created_by: actor.apiKeyId,
          created_by_principal: req.principalId,
          finished_at: payable === 0 ? new Date() : null,
        });
        await insertLines(trx, rows);
        await appendAudit(trx, {
          actor: req.principalId === 'system' ? 'system' : req.principalId,
          action: 'payout_run.created',
          subject: id,
          details: { key: req.key, lines: rows.length, total: total.toString(), status },
        });
        const run = await this.get(id, trx);
        await publishEvent(trx, 'payout_run.created', run);
        const failed = rows.filter((r) => r.status === 'failed');
        for (const r of failed) await this.#tell(trx, run.id, r, 'failed', null);
        if (failed.length) await publishEvent(trx, 'payout_run.line_failed', run);
        if (status === 'pending_review') await publishEvent(trx, 'payout_run.review_required', run);
        if (status === 'executing') await publishEvent(trx, 'payout_run.executing', run);
        if (status === 'completed' || status === 'completed_with_failures')
          await publishEvent(trx, `payout_run.${status}`, run);
      });
    } catch (err) {
      // Another caller made the run of this key meanwhile: that one is the run.
      const again = await runByKey(db, req.key);
      if (again) return { runId: again.id, created: false };
      throw err;
    }
    if (status === 'executing') await this.dispatch(id, actor);
    return { runId: id, created: true };
  }

  /** Approves a run under review (a principal other than its creator) and sends it. */
  async approve(id: string, actor: Actor & { principalId: string }, note: string | null): Promise<RunResource> {
    const res = await this.#decide(id, actor, note, 'approve');
    await this.dispatch(id, actor);
    return res;
  }

  /** Rejects a run under review: nothing is paid; a plan's lines are carried to its next run. */
  async reject(id: string, actor: Actor & { principalId: string }, note: string | null): Promise<RunResource> {
    return this.#decide(id, actor, note, 'reject');
  }

  async #decide(
    id: string,
    actor: Actor & { principalId: string },
    note: string | null,
    decision: 'approve' | 'reject',
  ) {
    return this.deps.db.transaction().execute(async (trx) => {
      const run = await runById(trx, id, true);
      if (!run) throw new PermanentError('payout_run_not_found', `no payout run ${id}`);
      if (run.status !== 'pending_review')
        throw new PermanentError(
          'payout_run_not_reviewable',
          `run ${id} is ${run.status}; only a pending_review run is decided`,
        );
      if (run.created_by_principal === actor.principalId)
        throw new PermanentError(
          'payout_self_review',
          `principal ${actor.principalId} created run ${id} and cannot review it`,
        );
      const lines = await linesOfRun(trx, id);
      const decided = { decided_by_principal: actor.principalId, decision_note: note, decided_at: new Date() };
      if (decision === 'approve') {
        await setRunStatus(trx, id, 'executing', decided);
        if (run.plan_id) await replaceCarries(trx, run.plan_id, carriesAfter(lines));
      } else {
        // Nothing is paid: a plan's payees are owed all of it at its next run; explicit lines fail.
        for (const l of lines) {
          if (l.status !== 'pending') continue;
          if (run.plan_id) {
            await updateLine(trx, l.id, {
              status: 'carried',
              reason: 'run_rejected',
              carried_out: (BigInt(l.carried_out) + BigInt(l.amount)).toString(),
              amount: '0',
              settled_at: new Date(),
            });
          } else {
            await updateLine(trx, l.id, { status: 'failed', reason: 'run_rejected', settled_at: new Date() });
            await this.#tell(trx, id, l, 'failed', null);
          }
        }
        await setRunStatus(trx, id, 'rejected', { ...decided, finished_at: new Date(), total: '0' });
      }
      await appendAudit(trx, {
        actor: actor.apiKeyId,
        action: decision === 'approve' ? 'payout_run.approved' : 'payout_run.rejected',
        subject: id,
        details: { note },
      });
      const res = await this.get(id, trx);
      if (decision === 'approve') await publishEvent(trx, 'payout_run.executing', res);
      await recordResponse(trx, decision === 'approve' ? 'payout_run.approve' : 'payout_run.reject', res);
      return res;
    });
  }

  /** Sends again the lines whose batch failed or was never sent; no other line. */
  async retry(id: string, actor: Actor): Promise<RunResource> {
    const res = await this.deps.db.transaction().execute(async (trx) => {
      const run = await runById(trx, id, true);
      if (!run) throw new PermanentError('payout_run_not_found', `no payout run ${id}`);
      const lines = run.status === 'pending_review' || run.status === 'rejected' ? [] : await retryableLines(trx, id);
      if (!lines.length)
        throw new PermanentError('payout_nothing_to_retry', `run ${id} has no failed lines to send again`);
      await resetLines(
        trx,
        lines.map((l) => l.id),
      );
      await setRunStatus(trx, id, 'executing', { finished_at: null });
      await appendAudit(trx, {
        actor: actor.apiKeyId,
        action: 'payout_run.retried',
        subject: id,
        details: { lines: lines.length },
      });
      const out = await this.get(id, trx);
      await publishEvent(trx, 'payout_run.executing', out);
      await recordResponse(trx, 'payout_run.retry', out);
      return out;
    });
    await this.dispatch(id, actor);
    return res;
  }

  /**
   * Sends the run's pending lines that have no transaction yet: an exact approval of the batch
   * contract for their total, then `payout` chunks, as one ordered batch of the write path. The
   * lines are tied to their transactions in the batch's own database transaction, under the
   * run's row lock, only if no other dispatch sent them first: a line is never in two batches.
   * Errors that a later attempt may not meet (the chain unreachable) leave the lines for the
   * next dispatch; others fail the lines with the reason (`not_sent:<code>`, retry sends them).
   */
  async dispatch(runId: string, actor: Actor = { apiKeyId: 'system', principalId: null }): Promise<void> {
    const { db, config } = this.deps;
    const run = await runById(db, runId);
    if (run?.status !== 'executing') return;
    const contract = config.payouts.batchContract as Address | undefined;
    if (!contract) return;
    const candidates = (await linesOfRun(db, runId)).filter((l) => l.status === 'pending' && l.tx_id === null);
    if (!candidates.length) return;
    const answers = await this.deps.payables.payable(
      [...new Set(candidates.map((l) => l.payee_id))],
      run.chain_id,
      getAddress(run.asset_address),
    );
    const payable = candidates.filter((l) => answers.get(l.payee_id)?.ok);
    const addressOf = (l: LineRow) => (answers.get(l.payee_id) as { ok: true; address: Address }).address;
    if (payable.length < candidates.length) {
      // No longer payable since the run was made (an address changed, a payee disabled).
      await db.transaction().execute(async (trx) => {
        const locked = await runById(trx, runId, true);
        if (locked?.status !== 'executing') return;
        const still = new Set((await unsentLines(trx, runId)).map((l) => l.id));
        for (const l of candidates) {
          const a = answers.get(l.payee_id);
          if (!still.has(l.id) || a?.ok) continue;
          const reason = a && !a.ok ? a.reason : 'unknown_payee';
          if (run.plan_id) {
            await updateLine(trx, l.id, {
              status: 'carried',
              reason,
              carried_out: (BigInt(l.carried_out) + BigInt(l.amount)).toString(),
              amount: '0',
              settled_at: new Date(),
            });
            await addCarry(trx, run.plan_id, l.payee_id, BigInt(l.amount));
            await this.#tell(trx, runId, { ...l, amount: '0' }, 'carried', null);
          } else {
            await updateLine(trx, l.id, { status: 'failed', reason, settled_at: new Date() });
            await this.#tell(trx, runId, l, 'failed', null);
          }
        }
        await this.#finish(trx, runId);
      });
    }
    if (!payable.length) return;
    const token = getAddress(run.asset_address);
    const groups = chunk(payable, this.#sizing);
    const total = payable.reduce((s, l) => s + BigInt(l.amount), 0n);
    const signer = config.payouts.signer;
    const make = (
      to: Address,
      fn: string,
      args: Array<string | string[]>,
      origin: string,
      meta: Record<string, string>,
    ): BatchItem => {
      const body = {
        chainId: run.chain_id,
        signer,
        kind: 'contract_call' as const,
        to,
        call: { function: fn, args },
        userId: 'keel:payouts',
        metadata: { payoutRunId: runId, ...meta },
      };
      return { req: prepareRequest(config, this.deps.signers, body, actor.apiKeyId, 'payout'), body, origin };
    };
    try {
      const items = [
        make(token, 'approve(address,uint256)', [contract, total.toString()], PAYOUT_APPROVAL_ORIGIN, {}),
        ...groups.map((g, i) =>
          make(
            contract,
            'payout(address,address[],uint256[])',
            [token, g.map(addressOf), g.map((l) => l.amount)],
            PAYOUT_ORIGIN,
            { chunk: String(i) },
          ),
        ),
      ];
      await this.deps.pipeline.createBatch(
        items,
        actor.apiKeyId,
        async (trx, txs) => {
          const locked = await runById(trx, runId, true);
          const still = new Map((await unsentLines(trx, runId)).map((l) => [l.id, l]));
          if (locked?.status !== 'executing' || payable.some((l) => !still.has(l.id))) throw new LinesTaken();
          for (const [i, g] of groups.entries()) {
            for (const l of g) await updateLine(trx, l.id, { address: addressOf(l) });
            await assignLines(
              trx,
              g.map((l) => l.id),
              txs[i + 1]!.id,
            );
          }
        },
        undefined,
        actor.principalId,
      );
    } catch (err) {
      if (err instanceof LinesTaken) return;
      if (err instanceof RetryableError) {
        this.deps.logger?.warn({ runId, err: err.message }, 'payout run not sent; the next dispatch tries again');
        return;
      }
      const code = err instanceof KeelError ? err.code : 'internal';
      this.deps.logger?.warn({ runId, err: (err as Error).message.split('\n')[0] }, 'payout run lines not sent');
      await db.transaction().execute(async (trx) => {
        const locked = await runById(trx, runId, true);
        if (locked?.status !== 'executing') return;
        const still = new Set((await unsentLines(trx, runId)).map((l) => l.id));
        const failed = payable.filter((l) => still.has(l.id));
        for (const l of failed) {
          await updateLine(trx, l.id, { status: 'failed', reason: `not_sent:${code}`, settled_at: new Date() });
          await this.#tell(trx, runId, l, 'failed', null);
        }
        if (failed.length) await publishEvent(trx, 'payout_run.line_failed', await this.get(runId, trx));
        await this.#finish(trx, runId);
      });
    }
  }

  /** Sends runs whose lines were left unsent (a process stopped between the run and its batch). */
  async dispatchDue(olderThanMs = 10_000): Promise<number> {
    const ids = await runsWithUnsentLines(this.deps.db, new Date(Date.now() - olderThanMs));
    for (const id of ids) await this.dispatch(id);
    return ids.length;
  }

  // ---------------------------------------------------------------- outcomes

  outcomeHandlers(): Record<string, OutcomeHandler> {
    return {
      [PAYOUT_ORIGIN]: (trx, o) => this.settle(trx, o),
      // The approval settles nothing itself: the payouts after it carry the lines.
      [PAYOUT_APPROVAL_ORIGIN]: async () => {},
    };
  }

  awaitingTxIds(): Promise<string[]> {
    return pendingLineTxIds(this.deps.db);
  }

  /**
   * A `payout` transaction is final (or retracted). Confirmed: its lines are paid (the batch is
   * all or nothing). Any other final state: its lines failed and nobody in it was paid, so a
   * retry may send them again. Retracted (`reorged_after_final`): its paid lines are pending
   * again until the transaction is final anew.
   */
  async settle(trx: Transaction<DB>, o: TransactionOutcome): Promise<void> {
    const lines = await linesOfTx(trx, o.txId);
    if (!lines.length) return;
    const runId = lines[0]!.run_id;
    const run = await runById(trx, runId, true);
    if (!run) return;
    if (o.kind === 'retracted') {
      const back = await settleLinesOfTx(trx, o.txId, 'paid', 'pending', null, null);
      if (back.length && run.status !== 'executing') await setRunStatus(trx, runId, 'executing', { finished_at: null });
      return;
    }
    if (o.status === 'confirmed') {
      const paid = await settleLinesOfTx(trx, o.txId, 'pending', 'paid', null, o.txHash);
      for (const l of paid) await this.#tell(trx, runId, l, 'paid', o.txId);
    } else {
      const failed = await settleLinesOfTx(trx, o.txId, 'pending', 'failed', `batch_failed:${o.reason}`, o.txHash);
      for (const l of failed) await this.#tell(trx, runId, l, 'failed', null);
      if (failed.length) await publishEvent(trx, 'payout_run.line_failed', await this.get(runId, trx));
    }
    await this.#finish(trx, runId);
  }

  /** The run's status from its lines; its completion event when it just finished. */
  async #finish(trx: Transaction<DB>, runId: string): Promise<void> {
    const run = await runById(trx, runId);
    if (run?.status !== 'executing') return;
    const lines = await linesOfRun(trx, runId);
    const status = runStatusOf(lines.map((l) => l.status));
    if (status === 'executing') return;
    const total = lines.reduce((s, l) => s + BigInt(l.amount), 0n);
    const carried = lines.reduce((s, l) => s + BigInt(l.carried_out), 0n);
    await setRunStatus(trx, runId, status, {
      finished_at: new Date(),
      total: total.toString(),
      carried_out: carried.toString(),
    });
    await publishEvent(trx, `payout_run.${status}` as EventType, await this.get(runId, trx));
  }

  async #settledCarried(trx: Transaction<DB>, runId: string, rows: Array<{ status: string } & LineLike>) {
    for (const r of rows) if (r.status === 'carried') await this.#tell(trx, runId, r, 'carried', null);
  }

  async #tell(
    trx: Transaction<DB>,
    runId: string,
    l: LineLike,
    status: LineSettlement['status'],
    txId: string | null,
  ): Promise<void> {
    const settlement: LineSettlement = {
      runId,
      lineId: l.id,
      payeeId: l.payee_id,
      amount: status === 'carried' ? BigInt(l.carried_out ?? l.amount) : BigInt(l.amount),
      status,
      source: l.source,
      txId,
    };
    for (const h of this.#handlers) await h(trx, settlement);
  }
}

/** What a plan carries per payee after a run with these lines. */
function carriesAfter(lines: ReadonlyArray<{ payee_id: string; carried_out: string }>): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const l of lines)
    if (BigInt(l.carried_out) > 0n) m.set(l.payee_id, (m.get(l.payee_id) ?? 0n) + BigInt(l.carried_out));
  return m;
}

export type { RunRow };
