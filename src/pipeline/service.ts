import { sql, type Kysely } from 'kysely';
import type { Address } from 'viem';
import { appendAudit } from '../audit/log.ts';
import type { ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { ForbiddenError, KeelError, PermanentError, UpstreamError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { evaluate, windowNeeds } from '../policy/evaluate.ts';
import { activePolicy, PolicyCache } from '../policy/loader.ts';
import type { Decision, Intent } from '../policy/types.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { GatheredFacts } from '../policy/dry-run.ts';
import { policyUsd8 } from '../policy/usd.ts';
import { readWindowTotals, reserveWindows } from '../policy/windows.ts';
import { userMessageFor } from '../policy/reasons.ts';
import type { SignerRegistry } from '../signers/index.ts';
import { ChainFacts } from './facts.ts';
import { FeeOracle, gasLimitFor } from './fees.ts';
import { prepareRequest, type CreateTransactionBody, type PreparedRequest } from './intake.ts';
import { releaseNonce } from './nonces.ts';
import { renderPreview, type Preview } from './preview.ts';
import type { TransactionResource } from './resource.ts';
import { simulateCalls, type SimulationResult } from './simulate.ts';
import { PIPELINE_NOTIFY_CHANNEL, TransactionsStore, TransactionStateError } from './store.ts';
import type { TxStatus } from './tables.ts';

/**
 * The synchronous half of the write path, run by the API: a request becomes a transaction
 * after validation, policy (with facts read from the chains and the window totals),
 * simulation and preview; its window usage is reserved atomically with its insert. The
 * asynchronous half (sign, broadcast, track) is the worker's (worker.ts). Also here: human
 * review decisions and cancellation.
 */

export interface PipelineDeps {
  db: Kysely<DB>;
  config: Config;
  chains: ChainRegistry;
  signers: SignerRegistry;
  policyCache?: PolicyCache;
}

/** The policy denied the transaction: 403 with the decision and the recorded (rejected) transaction. */
export class PolicyDeniedError extends PermanentError {
  constructor(decision: Decision, transaction: TransactionResource) {
    super('policy_denied', `the policy (version ${decision.policyVersion}) denied the transaction: ${decision.reasons.map((r) => r.code).join(', ')}`, {
      status: 403,
      userMessage: decision.reasons[0]?.userMessage ?? userMessageFor('no_rule_allows', 'deny'),
      extra: { decision: { outcome: decision.outcome, reasons: decision.reasons, policyVersion: decision.policyVersion }, transaction },
    });
  }
}

/** Simulation predicted a revert: 422 with the decoded reason and the recorded (failed) transaction. */
export class SimulationRevertedError extends PermanentError {
  constructor(description: string, transaction: TransactionResource) {
    super('simulation_reverted', `the transaction would revert: ${description}`, {
      status: 422,
      userMessage: 'This transaction would fail if it were sent, so it was not sent.',
      extra: { transaction },
    });
  }
}

const decisionJson = (d: Decision) => ({ outcome: d.outcome, reasons: d.reasons, policyVersion: d.policyVersion, allowedBy: d.allowedBy });

/** JSON for a simulation (bigints as strings), as stored on the transaction. */
export function simulationJson(sim: SimulationResult) {
  return {
    ok: sim.ok,
    method: sim.method,
    gasUsed: sim.gasUsed.reduce((a, b) => a + b, 0n).toString(),
    balanceChanges: sim.balanceChanges.map((b) => ({ address: b.address, asset: b.asset, delta: b.delta.toString() })),
    at: new Date().toISOString(),
  };
}

/** JSON for a decoded revert. */
export function revertJson(r: NonNullable<SimulationResult['revert']>, source: 'simulation' | 'receipt') {
  return { description: r.description, decoded: JSON.parse(JSON.stringify(r.decoded, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))), data: r.data ?? null, source };
}

export class Pipeline {
  readonly store: TransactionsStore;
  readonly facts: ChainFacts;
  readonly fees: FeeOracle;
  readonly #cache: PolicyCache;

  constructor(private readonly deps: PipelineDeps) {
    this.store = new TransactionsStore(deps.db);
    this.facts = new ChainFacts(deps.db, deps.chains);
    this.fees = new FeeOracle(deps.chains);
    this.#cache = deps.policyCache ?? new PolicyCache();
  }

  /**
   * `POST /v1/transactions`: validates, decides, simulates, previews and records. Returns the
   * transaction (`queued` or `pending_review`); throws `PolicyDeniedError` (403) or
   * `SimulationRevertedError` (422) after recording the refused transaction, a 422 for bad
   * input (nothing recorded), or a 503 when the chain cannot be read (nothing recorded).
   */
  async create(body: CreateTransactionBody, apiKeyId: string): Promise<TransactionResource> {
    const { config, chains, db } = this.deps;
    const req = prepareRequest(config, this.deps.signers, body, apiKeyId);
    const handle = chains.get(req.chain.chainId);
    if (!handle) throw new UpstreamError('chain_unavailable', `chain ${req.chain.chainId} has no client`);
    const policy = await activePolicy(db, this.#cache);
    const { destination, amountUsd8 } = await this.gatherFacts(policy, req.intent);
    if (req.intent.amount > 0n && amountUsd8 !== undefined) req.intent.amountUsd8 = amountUsd8;
    const totals = await readWindowTotals(db, windowNeeds(policy, req.intent));
    const now = new Date();
    const decision = evaluate(policy, req.intent, { windowTotals: totals, destination, now });
    const id = newId('tx');
    const base = this.#row(id, req, apiKeyId, decision, body);
    if (decision.outcome === 'deny') {
      const res = await db.transaction().execute((trx) =>
        this.store.insert(trx, { ...base, status: 'rejected', status_reason: 'policy_denied', finished_at: new Date() }, [
          { status: 'pending_policy', reason: 'created' },
          { status: 'rejected', reason: 'policy_denied', detail: { reasons: decision.reasons.map((r) => r.code), policyVersion: decision.policyVersion } },
        ]),
      );
      throw new PolicyDeniedError(decision, res);
    }

    let sim: SimulationResult;
    try {
      sim = await simulateCalls(handle.client, { chainId: req.chain.chainId, from: req.signer.address, calls: [req.tx] });
    } catch (err) {
      throw upstream(err, req.chain.chainId);
    }
    const simulation = simulationJson(sim);
    const gasLimit = gasLimitFor(BigInt(simulation.gasUsed), config.pipeline.gasMarginPercent);
    if (!sim.ok && sim.revert) {
      const predicted = sim.revert;
      const revert = revertJson(predicted, 'simulation');
      const res = await db.transaction().execute((trx) =>
        this.store.insert(trx, { ...base, status: 'failed', status_reason: 'simulation_reverted', simulation: JSON.stringify(simulation), revert: JSON.stringify(revert), finished_at: new Date() }, [
          { status: 'pending_policy', reason: 'created' },
          { status: 'failed', reason: 'simulation_reverted', detail: { description: predicted.description } },
        ]),
      );
      throw new SimulationRevertedError(predicted.description, res);
    }
    const preview = await this.#preview(req, sim, gasLimit, !destination.seenBefore, destination.isContract).catch(() => null);

    return db.transaction().execute(async (trx) => {
      const reserved = await reserveWindows(trx, decision.charges, { ref: id });
      let status: TxStatus = decision.outcome === 'review' ? 'pending_review' : 'queued';
      let reason = decision.outcome === 'review' ? 'policy_review' : 'policy_allowed';
      const detail: Record<string, unknown> = { policyVersion: decision.policyVersion };
      let finalDecision = decision;
      if (!reserved.ok) {
        // Another request filled the window between evaluation and reservation.
        const reasons = reserved.exceeded.map((e) => ({
          code: 'window_limit_exceeded' as const,
          rule: e.charge.rule,
          message: `rule ${e.charge.rule}: the window is full (${e.used.sum} used, limit ${e.charge.maxSum ?? e.charge.maxCount})`,
          userMessage: userMessageFor('window_limit_exceeded', 'deny'),
        }));
        finalDecision = { ...decision, outcome: 'deny', reasons, charges: [] };
        const row = { ...base, decision: JSON.stringify(decisionJson(finalDecision)), status: 'rejected' as const, status_reason: 'policy_denied', finished_at: new Date() };
        const res = await this.store.insert(trx, row, [
          { status: 'pending_policy', reason: 'created' },
          { status: 'rejected', reason: 'policy_denied', detail: { reasons: reasons.map((r) => r.code), policyVersion: decision.policyVersion } },
        ]);
        return { denied: res, decision: finalDecision };
      } else if (reserved.review.length && status === 'queued') {
        status = 'pending_review';
        reason = 'policy_review';
        detail.windows = reserved.review.map((r) => r.charge.rule);
      }
      const reviewExpires = new Date(now.getTime() + config.pipeline.reviewExpiresAfterSeconds * 1000);
      const res = await this.store.insert(
        trx,
        {
          ...base,
          status,
          status_reason: reason,
          simulation: JSON.stringify(simulation),
          preview: preview ? JSON.stringify(preview) : null,
          gas_limit: gasLimit.toString(),
          ...(status === 'pending_review'
            ? { review: JSON.stringify({ expiresAt: reviewExpires.toISOString(), decision: null, decidedBy: null, note: null, decidedAt: null }), review_expires_at: reviewExpires, next_run_at: reviewExpires }
            : { next_run_at: new Date() }),
        },
        [
          { status: 'pending_policy', reason: 'created' },
          { status, reason, detail },
        ],
      );
      await this.store.recordDestination(trx, req.chain.chainId, req.destination, false);
      return res;
    }).then((r) => {
      if ('denied' in r) throw new PolicyDeniedError(r.decision, r.denied);
      return r;
    });
  }

  #row(id: string, req: PreparedRequest, apiKeyId: string, decision: Decision, body: CreateTransactionBody) {
    return {
      id,
      chain_id: req.chain.chainId,
      signer: req.signer.name,
      from_address: req.signer.address,
      kind: req.intent.kind,
      to_address: req.tx.to,
      recipient: body.kind === 'transfer' ? req.destination : null,
      value: req.tx.value.toString(),
      data: req.tx.data,
      asset: req.asset ? JSON.stringify(req.asset) : null,
      amount: req.intent.amount.toString(),
      amount_usd8: req.intent.amountUsd8 !== undefined ? req.intent.amountUsd8.toString() : null,
      call: req.call ? JSON.stringify(req.call) : null,
      user_id: body.userId,
      session_id: body.sessionId ?? null,
      api_key_id: apiKeyId,
      metadata: JSON.stringify(body.metadata),
      decision: JSON.stringify(decisionJson(decision)),
    };
  }

  async #preview(req: PreparedRequest, sim: SimulationResult, gasLimit: bigint, firstTime: boolean, isContract: boolean): Promise<Preview> {
    const [fees, prices] = await Promise.all([this.fees.get(req.chain.chainId), this.facts.prices(req.chain)]);
    const labels: Record<Address, string> = {};
    for (const s of this.deps.signers.all()) labels[s.address] = `${s.name} (Keel ${s.role} account)`;
    return renderPreview({
      chain: req.chain,
      from: { address: req.signer.address, label: `${req.signer.name} (Keel ${req.signer.role} account)` },
      calls: [req.tx],
      facts: { firstTimeRecipients: firstTime ? [req.destination] : [], knownLabels: labels, isContract: { [req.destination]: isContract } },
      fee: { gasLimit, maxFeePerGas: fees.maxFeePerGas, ...(prices[req.chain.nativeSymbol] ? { nativeUsd: prices[req.chain.nativeSymbol]! } : {}) },
      balanceChanges: sim.balanceChanges,
      prices,
    });
  }

  /** Destination facts and the USD value of an intent, read as `create` reads them (the policy dry run uses this). */
  async gatherFacts(policy: CompiledPolicy, intent: Intent): Promise<GatheredFacts> {
    const chain = this.deps.config.chains.find((c) => c.chainId === intent.chainId)!;
    const assetCfg = intent.asset?.address ? chain.assets.find((a) => a.address.toLowerCase() === intent.asset!.address!.toLowerCase()) : undefined;
    const feedSettings = intent.asset ? (intent.asset.address ? assetCfg?.priceFeed : chain.nativePriceFeed) : undefined;
    const [destination, feed] = await Promise.all([
      this.facts.destination(policy, intent.chainId, intent.to).catch((err) => {
        throw upstream(err, intent.chainId);
      }),
      this.facts.feed(chain, feedSettings),
    ]);
    const usd = intent.asset && feed ? policyUsd8(intent.amount, intent.asset.decimals, feed) : undefined;
    return { destination, ...(usd !== undefined ? { amountUsd8: usd } : {}) };
  }

  /** Pending reviews, oldest first (the queue). */
  async reviews(limit: number): Promise<TransactionResource[]> {
    const rows = await this.deps.db.selectFrom('transactions').select('id').where('status', '=', 'pending_review').orderBy('id').limit(limit).execute();
    return this.store.loadMany(this.deps.db, rows.map((r) => r.id));
  }

  /**
   * A reviewer's decision. Refused for the key that created the transaction (403
   * `self_review`), for a review that has expired (409 `review_expired`, the transaction is
   * expired on the spot) and for a transaction not waiting for review (409).
   */
  async decide(id: string, actor: string, decision: 'approve' | 'reject', note: string | null): Promise<TransactionResource> {
    const expired = await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.store.lock(trx, id);
      if (row.status !== 'pending_review') throw new TransactionStateError(id, row.status, `be ${decision}d (it is not waiting for review)`);
      if (row.api_key_id === actor) throw new KeelError('self_review', 'the API key that created a transaction cannot review it', { status: 403, userMessage: 'You cannot review a transaction you created.' });
      const decidedAt = new Date();
      if (row.review_expires_at && row.review_expires_at <= decidedAt) {
        await this.store.transition(trx, id, { from: ['pending_review'], to: 'expired', reason: 'review_expired', patch: { next_run_at: null } });
        return true;
      }
      const review = { expiresAt: row.review_expires_at?.toISOString() ?? decidedAt.toISOString(), decision: decision === 'approve' ? 'approved' : 'rejected', decidedBy: actor, note, decidedAt: decidedAt.toISOString() };
      await this.store.transition(trx, id, {
        from: ['pending_review'],
        to: decision === 'approve' ? 'queued' : 'rejected',
        reason: decision === 'approve' ? 'review_approved' : 'review_rejected',
        detail: { by: actor, ...(note ? { note } : {}) },
        patch: { review: JSON.stringify(review), next_run_at: decision === 'approve' ? new Date() : null },
      });
      await appendAudit(trx, { actor, action: decision === 'approve' ? 'review.approved' : 'review.rejected', subject: id, details: { note, chainId: Number(row.chain_id), amount: row.amount, to: row.recipient ?? row.to_address } });
      return false;
    });
    if (expired) throw new KeelError('review_expired', `the review of ${id} expired before the decision`, { status: 409, userMessage: 'This review expired; the transaction will not be sent.' });
    return this.store.get(id);
  }

  /**
   * Cancels a transaction. Before broadcast it ends at once (`cancelled`, nonce and window
   * usage given back). After broadcast a 0-value self-transfer at the same nonce with a
   * higher fee is sent by a worker; the transaction becomes `cancelled` if that replacement is
   * mined, or `confirmed` if the original wins the race.
   */
  async cancel(id: string, actor: string, reasonText: string | null): Promise<TransactionResource> {
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.store.lock(trx, id);
      const details = { previousStatus: row.status, ...(reasonText ? { reason: reasonText } : {}) };
      if (row.status === 'pending_review' || row.status === 'queued') {
        await this.store.transition(trx, id, { from: [row.status], to: 'cancelled', reason: 'cancelled_by_request', detail: { by: actor }, patch: { next_run_at: null } });
      } else if (row.status === 'signed' || row.status === 'submitted') {
        const key = { chainId: Number(row.chain_id), address: row.from_address as Address };
        const alloc = await trx.selectFrom('nonce_allocations').select(['status', 'ref']).where('chain_id', '=', key.chainId).where('address', '=', key.address).where('nonce', '=', Number(row.nonce)).executeTakeFirst();
        if (row.status === 'signed' && alloc?.status === 'allocated' && alloc.ref === id) {
          await releaseNonce(trx, { ...key, nonce: Number(row.nonce), ref: id });
          await this.store.transition(trx, id, { from: ['signed'], to: 'cancelled', reason: 'cancelled_by_request', detail: { by: actor, before: 'broadcast' }, patch: { next_run_at: null } });
        } else {
          if (row.cancel_requested_at) throw new KeelError('cancel_pending', `a cancellation of ${id} is already on its way`, { status: 409, userMessage: 'This transaction is already being cancelled.' });
          await this.store.patch(trx, id, { cancel_requested_at: new Date(), next_run_at: new Date() });
          await this.store.note(trx, id, row.status, 'cancel_requested', { by: actor });
          await sql`select pg_notify(${PIPELINE_NOTIFY_CHANNEL}, '')`.execute(trx);
        }
      } else {
        throw new TransactionStateError(id, row.status, 'be cancelled');
      }
      await appendAudit(trx, { actor, action: 'transaction.cancelled', subject: id, details });
    });
    return this.store.get(id);
  }
}

/** A chain read failure at intake: 503 naming the chain, without internals. */
function upstream(err: unknown, chainId: number): unknown {
  if (err instanceof KeelError && !(err instanceof UpstreamError)) return err;
  return new UpstreamError('chain_unavailable', `chain ${chainId} could not be read: ${(err as Error).message.split('\n')[0]}`, {
    userMessage: 'The network is not reachable right now. Please try again shortly.',
  });
}

