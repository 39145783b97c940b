import { sql, type Kysely, type Transaction } from 'kysely';
import { erc4626Abi, formatUnits, getAddress, type Address, type PublicClient } from 'viem';
import { appendAudit } from '../audit/store.ts';
import { principalOfKey } from '../auth/keys-store.ts';
import type { ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { KeelError, PermanentError, UpstreamError } from '../lib/errors.ts';
import { failpoint } from '../lib/failpoints.ts';
import { newId } from '../lib/ids.ts';
import { recordError, recordResponse, recordsResponse } from '../lib/request-outcome.ts';
import { evaluate, windowNeeds } from '../policy/evaluate.ts';
import { activePolicy, PolicyCache } from '../policy/loader.ts';
import type { Decision, Exposure, Intent, WindowTotal } from '../policy/types.ts';
import type { ReasonCode } from '../policy/reasons.ts';
import { intentValueUsd8 } from '../policy/apply.ts';
import { APPROVAL_SELECTORS } from '../policy/compile.ts';
import type { ChainConfig } from '../config/schema.ts';
import { allowancesToRead, exposuresOf } from './exposure.ts';
import type { ExposureJson } from './resource.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { GatheredFacts } from '../policy/dry-run.ts';
import { policyUsd8 } from '../policy/usd.ts';
import { readWindowTotals, reserveWindows } from '../policy/windows-store.ts';
import { userMessageFor } from '../policy/reasons.ts';
import type { SignerRegistry } from '../signers/index.ts';
import { ChainFacts } from './facts.ts';
import { FeeOracle, gasLimitFor } from './fees.ts';
import { runGuards, type IntakeGuard } from './guards.ts';
import { prepareRequest, type CreateTransactionBody, type PreparedRequest } from './intake.ts';
import { releaseNonce } from './nonces.ts';
import { nonceAllocation } from './nonces-store.ts';
import { OutcomeHooks } from './outcomes.ts';
import { renderPreview, type Preview } from './preview.ts';
import type { TransactionResource } from './resource.ts';
import { allowanceKey, simulateCalls, type SimulationResult } from './simulate.ts';
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

/**
 * The policy denied the transaction: 403 with the decision and the recorded (rejected)
 * transaction. `subject` names what was denied and the problem's member carrying its record
 * (`transaction`, or `userOperation` for a smart account's operation).
 */
export class PolicyDeniedError extends PermanentError {
  constructor(
    decision: Decision,
    transaction: unknown,
    subject: { key: string; noun: string } = { key: 'transaction', noun: 'transaction' },
  ) {
    const by = decision.deniedBy?.length
      ? `the ${decision.deniedBy.join(' and ')} guard`
      : `the policy (version ${decision.policyVersion})`;
    super('policy_denied', `${by} denied the ${subject.noun}: ${decision.reasons.map((r) => r.code).join(', ')}`, {
      userMessage: decision.reasons[0]?.userMessage ?? userMessageFor('no_rule_allows', 'deny'),
      extra: {
        decision: {
          outcome: decision.outcome,
          reasons: decision.reasons,
          policyVersion: decision.policyVersion,
          ...(decision.deniedBy ? { deniedBy: decision.deniedBy } : {}),
        },
        [subject.key]: transaction,
      },
    });
  }
}

/** Simulation predicted a revert: 422 with the decoded reason and the recorded (failed) transaction (or `subject`). */
export class SimulationRevertedError extends PermanentError {
  /** `reason`: the status reason recorded (`simulation_reverted`, or a capability's code for that revert). */
  constructor(
    description: string,
    transaction: unknown,
    readonly reason = 'simulation_reverted',
    subject: { key: string; noun: string } = { key: 'transaction', noun: 'transaction' },
  ) {
    super('simulation_reverted', `the ${subject.noun} would revert: ${description}`, {
      extra: { [subject.key]: transaction },
    });
  }
}

/**
 * What `Pipeline.assess` concluded about a batch of calls: `denied` (before simulation when
 * `sim` is absent, else on the simulated exposure), `reverted` (the simulation predicts a
 * revert at `sim.revert.index`), or `ok` with the decisions (allow or review), the simulation,
 * each call's exposure and the preview (null when it could not be rendered). `now`: the
 * evaluation time.
 */
export type Assessment =
  | { kind: 'denied'; decisions: Decision[]; sim?: SimulationResult; now: Date }
  | { kind: 'reverted'; decisions: Decision[]; sim: SimulationResult; now: Date }
  | {
      kind: 'ok';
      decisions: Decision[];
      sim: SimulationResult;
      exposures: Exposure[];
      preview: Preview | null;
      now: Date;
    };

/** One transaction of a batch: the prepared request and what the caller said about it. */
export interface BatchItem {
  req: PreparedRequest;
  body: Pick<CreateTransactionBody, 'kind' | 'userId' | 'sessionId' | 'metadata'>;
  /** Decoded revert text → status reason (see `reasonForRevert`). */
  revertCodes?: Record<string, string>;
  /** The capability creating it (`payments.sweep`…): its outcome handler learns what became of it (outcomes.ts). */
  origin?: string;
  /**
   * Why the capability's own rules want a human to approve it (e.g. a treasury mandate's review
   * threshold): the batch waits in review whatever the policy says. The policy can still deny.
   */
  reviewReasons?: string[];
}

/** The status reason a capability gave a revert it recognises (`revertCodes` key found in the description), if any. */
export function reasonForRevert(
  codes: Record<string, string> | null | undefined,
  description: string,
): string | undefined {
  if (!codes) return undefined;
  for (const [text, code] of Object.entries(codes)) if (description.includes(text)) return code;
  return undefined;
}

const decisionJson = (d: Decision) => ({
  outcome: d.outcome,
  reasons: d.reasons,
  policyVersion: d.policyVersion,
  allowedBy: d.allowedBy,
  ...(d.deniedBy ? { deniedBy: d.deniedBy } : {}),
});

/**
 * JSON for a simulation (bigints as strings), as stored on the transaction: the gas of call
 * `index` (of all calls when omitted), and the balance changes of the whole batch.
 */
export function simulationJson(sim: SimulationResult, index?: number) {
  return {
    ok: sim.ok,
    method: sim.method,
    gasUsed: (index === undefined ? sim.gasUsed.reduce((a, b) => a + b, 0n) : (sim.gasUsed[index] ?? 0n)).toString(),
    balanceChanges: sim.balanceChanges.map((b) => ({ address: b.address, asset: b.asset, delta: b.delta.toString() })),
    at: new Date().toISOString(),
  };
}

/** JSON for a decoded revert. */
export function revertJson(r: NonNullable<SimulationResult['revert']>, source: 'simulation' | 'receipt') {
  return {
    description: r.description,
    decoded: JSON.parse(JSON.stringify(r.decoded, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))),
    data: r.data ?? null,
    source,
  };
}

/** The review columns of a record held for a human decision until `expires` (transactions and user operations). */
export function heldForReview(expires: Date): { review: string; review_expires_at: Date } {
  return {
    review: JSON.stringify({
      expiresAt: expires.toISOString(),
      decision: null,
      decidedBy: null,
      note: null,
      decidedAt: null,
    }),
    review_expires_at: expires,
  };
}

export class Pipeline {
  /** Capabilities register here what happens when a transaction they created is final (outcomes.ts). */
  readonly outcomes = new OutcomeHooks();
  readonly store: TransactionsStore;
  readonly facts: ChainFacts;
  readonly fees: FeeOracle;
  readonly #cache: PolicyCache;

  constructor(private readonly deps: PipelineDeps) {
    this.store = new TransactionsStore(deps.db, this.outcomes);
    this.facts = new ChainFacts(deps.db, deps.chains, () => deps.signers.all().map((s) => s.address));
    this.fees = new FeeOracle(deps.chains);
    this.#cache = deps.policyCache ?? new PolicyCache();
  }

  /** Capabilities' intake guards (guards.ts), in the order added. */
  readonly #guards: IntakeGuard[] = [];

  /** Adds an intake guard: it judges every request after the policy, a refusal recorded as a policy denial. */
  addGuard(guard: IntakeGuard): void {
    if (this.#guards.some((g) => g.name === guard.name)) throw new Error(`intake guard ${guard.name} is added twice`);
    this.#guards.push(guard);
  }

  /** Contracts reserved for capabilities, per chain (`reserveContracts`). */
  readonly #reserved = new Map<number, Map<string, ReasonCode>>();

  /**
   * `POST /v1/transactions`: validates, decides, simulates, previews and records. Returns the
   * transaction (`queued` or `pending_review`); throws `PolicyDeniedError` (403) or
   * `SimulationRevertedError` (422) after recording the refused transaction, a 422 for bad
   * input (nothing recorded), or a 503 when the chain cannot be read (nothing recorded).
   */
  async create(
    body: CreateTransactionBody,
    apiKeyId: string,
    principalId?: string | null,
  ): Promise<TransactionResource> {
    const req = prepareRequest(this.deps.config, this.deps.signers, body, apiKeyId);
    // The answer commits with the insert (src/lib/request-outcome.ts): a retry after a crash replays it.
    const [res] = await this.createBatch(
      [{ req, body }],
      apiKeyId,
      // Only with an Idempotency-Key is there an answer to record (without, the insert may go alone).
      recordsResponse('transaction.create')
        ? (trx, txs) => recordResponse(trx, 'transaction.create', txs[0])
        : undefined,
      'transaction.create',
      principalId,
    );
    return res!;
  }

  /**
   * Records an ordered batch: transactions of one signer on one chain that must be mined in
   * the given order (an exact approval, then the call that spends it). The batch is one
   * decision — each transaction is judged by the policy, and the strictest outcome applies to
   * all (a denial rejects every one, a review holds every one) — one simulation of all calls
   * on top of each other, one preview, one window reservation and one insert. Only the first
   * transaction is due for a worker; it signs the others with it at consecutive nonces.
   * `onAccepted` runs inside the inserting database transaction (a capability's own record
   * commits with the batch or not at all; it records the request's answer there too). A
   * single transaction is a batch of one. `operation`: the request operation this batch
   * answers (`transaction.create`, `swap.execute`…): a policy denial, which records the
   * rejected transactions, records itself as that request's answer in the same transaction.
   * `knownPrincipalId`: the API key's principal as the request's authentication read it (saves
   * reading it again); omitted, it is read from the key.
   */
  async createBatch(
    items: readonly BatchItem[],
    apiKeyId: string,
    onAccepted?: (trx: Transaction<DB>, txs: TransactionResource[]) => Promise<void>,
    operation?: string,
    /** The key's principal when the caller already read it with the key (the request's authentication); else read here. */
    knownPrincipalId?: string | null,
  ): Promise<TransactionResource[]> {
    const { config, db } = this.deps;
    const first = items[0]!.req;
    if (items.some((it) => it.req.chain.chainId !== first.chain.chainId || it.req.signer.name !== first.signer.name)) {
      throw new PermanentError('batch_mixed', 'a batch is sent by one signer on one chain');
    }
    const chainId = first.chain.chainId;
    // Recorded with the transaction: review refuses this principal, whichever of its keys calls.
    const principalId = knownPrincipalId !== undefined ? knownPrincipalId : await principalOfKey(db, apiKeyId);
    const ids = items.map(() => newId('tx'));
    const batch = items.length > 1 ? ids[0]! : null;
    let decisions: Decision[] = [];
    const baseOf = (i: number) => ({
      ...this.#row(ids[i]!, items[i]!.req, { apiKeyId, principalId }, decisions[i]!, items[i]!.body),
      ...(batch ? { batch_id: batch, batch_index: i } : {}),
      ...(items[i]!.revertCodes ? { revert_codes: JSON.stringify(items[i]!.revertCodes) } : {}),
      ...(items[i]!.origin ? { origin: items[i]!.origin } : {}),
    });
    /** Records every transaction of the batch as ended: `lead` with its own reason, the others as part of the batch. */
    const endAll = (
      trx: Transaction<DB>,
      lead: number,
      status: 'rejected' | 'failed',
      reason: string,
      detail: Record<string, unknown>,
      patch: (i: number) => Record<string, unknown> = () => ({}),
    ) =>
      Promise.all(
        items.map((_, i) =>
          this.store.insert(
            trx,
            {
              ...baseOf(i),
              ...patch(i),
              status,
              status_reason: i === lead ? reason : `batch_${status}`,
              finished_at: new Date(),
            },
            [
              { status: 'pending_policy', reason: 'created' },
              {
                status,
                reason: i === lead ? reason : `batch_${status}`,
                detail: i === lead ? detail : { ...detail, batch, cause: ids[lead] },
              },
            ],
          ),
        ),
      );
    const rejectDenied = async (patch?: (i: number) => Record<string, unknown>) => {
      const denied = decisions.findIndex((d) => d.outcome === 'deny');
      if (denied < 0) return;
      const d = decisions[denied]!;
      const err = await db.transaction().execute(async (trx) => {
        const res = await endAll(
          trx,
          denied,
          'rejected',
          'policy_denied',
          {
            reasons: d.reasons.map((r) => r.code),
            policyVersion: d.policyVersion,
            ...(d.deniedBy ? { deniedBy: d.deniedBy } : {}),
          },
          patch,
        );
        const e = new PolicyDeniedError(d, res[denied]!);
        // The denial is the request's answer: it commits with the rejected record (idempotency).
        if (operation) await recordError(trx, operation, e);
        return e;
      });
      throw err;
    };

    const assessed = await this.assess(
      items.map((it) => it.req),
      { address: first.signer.address, label: `${first.signer.name} (Keel ${first.signer.role} account)` },
    );
    decisions = assessed.decisions;
    if (assessed.kind === 'denied' && !assessed.sim) await rejectDenied();
    const sim = assessed.sim!;
    const simulations = items.map((_, i) => simulationJson(sim, i));
    const gasLimits = sim.gasUsed.map((g) => gasLimitFor(g, config.pipeline.gasMarginPercent));
    if (assessed.kind === 'reverted') {
      const predicted = sim.revert!;
      const at = predicted.index;
      const reason = reasonForRevert(items[at]!.revertCodes, predicted.description) ?? 'simulation_reverted';
      const revert = JSON.stringify(revertJson(predicted, 'simulation'));
      const res = await db.transaction().execute((trx) =>
        endAll(trx, at, 'failed', reason, { description: predicted.description }, (i) => ({
          simulation: JSON.stringify(simulations[i]),
          ...(i === at ? { revert } : {}),
        })),
      );
      throw new SimulationRevertedError(predicted.description, res[at]!, reason);
    }
    const simulated = (i: number) => ({ simulation: JSON.stringify(simulations[i]) });
    await rejectDenied(simulated);
    const bases = items.map((_, i) => baseOf(i));
    const preview = assessed.kind === 'ok' ? assessed.preview : null;
    const now = assessed.now;
    const charges = decisions.flatMap((d) => d.charges);
    /** The state an accepted batch starts in, and why (`windowReview`: rules whose reservation asks for review). */
    const acceptance = (windowReview: readonly string[]) => {
      const capabilityReview = [...new Set(items.flatMap((it) => it.reviewReasons ?? []))];
      const policyReview = decisions.some((d) => d.outcome === 'review') || windowReview.length > 0;
      const review = policyReview || capabilityReview.length > 0;
      const status: TxStatus = review ? 'pending_review' : 'queued';
      const reason = policyReview ? 'policy_review' : review ? 'capability_review' : 'policy_allowed';
      const detail: Record<string, unknown> = {
        policyVersion: decisions[0]!.policyVersion,
        ...(batch ? { batch } : {}),
      };
      if (windowReview.length) detail.windows = [...windowReview];
      if (capabilityReview.length) detail.capability = capabilityReview;
      const reviewExpires = new Date(now.getTime() + config.pipeline.reviewExpiresAfterSeconds * 1000);
      return { status, reason, detail, review, reviewExpires };
    };

    if (items.length === 1 && charges.length === 0 && !onAccepted) {
      // Nothing to write but the transaction and its event: one statement, no database
      // transaction around it (store.insertAlone).
      const { status, reason, detail, review, reviewExpires } = acceptance([]);
      failpoint('pipeline.create.before_commit');
      return [
        await this.store.insertAlone(
          db,
          {
            ...bases[0]!,
            status,
            status_reason: reason,
            simulation: JSON.stringify(simulations[0]),
            preview: preview ? JSON.stringify(preview) : null,
            gas_limit: gasLimits[0]!.toString(),
            next_run_at: review ? reviewExpires : new Date(),
            ...(review ? heldForReview(reviewExpires) : {}),
          },
          [
            { status: 'pending_policy', reason: 'created' },
            { status, reason, detail },
          ],
          { chainId, address: items[0]!.req.destination },
        ),
      ];
    }

    return db
      .transaction()
      .execute(async (trx) => {
        const reserved = await reserveWindows(trx, charges, { ref: ids[0]! });
        if (!reserved.ok) {
          // Another request filled the window between evaluation and reservation.
          const reasons = reserved.exceeded.map((e) => ({
            code: 'window_limit_exceeded' as const,
            rule: e.charge.rule,
            message: `rule ${e.charge.rule}: the window is full (${e.used.sum} used, limit ${e.charge.maxSum ?? e.charge.maxCount})`,
            userMessage: userMessageFor('window_limit_exceeded', 'deny'),
          }));
          const finalDecision: Decision = { ...decisions[0]!, outcome: 'deny', reasons, charges: [] };
          const res = await endAll(
            trx,
            0,
            'rejected',
            'policy_denied',
            { reasons: reasons.map((r) => r.code), policyVersion: finalDecision.policyVersion },
            () => ({
              decision: JSON.stringify(decisionJson(finalDecision)),
            }),
          );
          if (operation) await recordError(trx, operation, new PolicyDeniedError(finalDecision, res[0]!));
          return { denied: res[0]!, decision: finalDecision };
        }
        const { status, reason, detail, review, reviewExpires } = acceptance(reserved.review.map((r) => r.charge.rule));
        const res: TransactionResource[] = [];
        for (let i = 0; i < items.length; i++) {
          // Only the first of a batch is due for a worker: it signs the rest with it.
          const due = i === 0 ? (review ? reviewExpires : new Date()) : null;
          res.push(
            await this.store.insert(
              trx,
              {
                ...bases[i]!,
                status,
                status_reason: reason,
                simulation: JSON.stringify(simulations[i]),
                preview: preview ? JSON.stringify(preview) : null,
                gas_limit: gasLimits[i]!.toString(),
                next_run_at: due,
                ...(review ? heldForReview(reviewExpires) : {}),
              },
              [
                { status: 'pending_policy', reason: 'created' },
                { status, reason, detail },
              ],
              { chainId, address: items[i]!.req.destination },
            ),
          );
        }
        await onAccepted?.(trx, res);
        failpoint('pipeline.create.before_commit');
        return res;
      })
      .then((r) => {
        if ('denied' in r) throw new PolicyDeniedError(r.decision, r.denied);
        return r;
      });
  }

  /**
   * The judgement every write shares (transactions here, a smart account's user operations in
   * src/smart-accounts): each call's policy decision on what it declares (with destination facts,
   * USD value and window totals), the intake guards, then — unless already denied — ONE
   * simulation of all calls from `sender` on top of each other, each call valued by what it can
   * take out of Keel's accounts, a second decision on that exposure and, when nothing is denied,
   * the plain-language preview of the batch. Records nothing: the caller records the refusal or
   * the accepted batch. `opts.alsoOwn`: addresses counted as Keel's for this judgement (a smart
   * account sending its own funds); `opts.guards`: guards of this request only, run after the
   * capabilities' (a session key's scope). Throws a 503 when the chain cannot be read.
   */
  async assess(
    reqs: readonly PreparedRequest[],
    sender: { address: Address; label: string },
    opts: { alsoOwn?: readonly Address[]; guards?: readonly IntakeGuard[] } = {},
  ): Promise<Assessment> {
    const { config, chains, db } = this.deps;
    const first = reqs[0]!;
    const chainId = first.chain.chainId;
    const handle = chains.get(chainId);
    if (!handle) throw new UpstreamError('chain_unavailable', `chain ${chainId} has no client`);
    const policy = await activePolicy(db, this.#cache);
    const facts = await Promise.all(reqs.map((r) => this.gatherFacts(policy, r.intent)));
    reqs.forEach((r, i) => {
      const usd = facts[i]!.amountUsd8;
      if (r.intent.amount > 0n && usd !== undefined) r.intent.amountUsd8 = usd;
    });
    const now = new Date();
    const reserved = this.#reserved.get(chainId);
    const decide = async (known: Record<string, WindowTotal> = {}) => {
      const needs = reqs.flatMap((r) => windowNeeds(policy, r.intent)).filter((n) => !(n.key in known));
      const totals = { ...known, ...(needs.length ? await readWindowTotals(db, needs) : {}) };
      const decisions = reqs.map((r, i) =>
        evaluate(policy, r.intent, {
          windowTotals: totals,
          destination: facts[i]!.destination,
          now,
          ...(reserved ? { reservedContracts: reserved } : {}),
        }),
      );
      return { decisions, totals };
    };
    // First on what the request declares: a denial needs no simulation.
    let { decisions, totals } = await decide();
    // Then the capabilities' intake guards (a mandate judging raw vault calls), as a policy denial would.
    decisions = await runGuards([...this.#guards, ...(opts.guards ?? [])], reqs, decisions);
    if (decisions.some((d) => d.outcome === 'deny')) return { kind: 'denied', decisions, now };

    let sim: SimulationResult;
    let exposures: Exposure[];
    try {
      ({ sim, exposures } = await this.simulateAndValue(
        handle.client,
        first.chain,
        sender.address,
        reqs.map((r) => r.tx),
        opts.alsoOwn,
      ));
    } catch (err) {
      throw upstream(err, chainId);
    }
    if (!sim.ok && sim.revert) return { kind: 'reverted', decisions, sim, now };
    // Then on what the simulation shows each can take out of Keel's accounts, whatever it declared.
    reqs.forEach((r, i) => (r.intent.exposure = exposures[i]!));
    ({ decisions, totals } = await decide(totals));
    if (decisions.some((d) => d.outcome === 'deny')) return { kind: 'denied', decisions, sim, now };

    const gasLimit = sim.gasUsed
      .map((g) => gasLimitFor(g, config.pipeline.gasMarginPercent))
      .reduce((a, b) => a + b, 0n);
    const firstTime = reqs.filter((_, i) => !facts[i]!.destination.seenBefore).map((r) => r.destination);
    const isContract = Object.fromEntries(reqs.map((r, i) => [r.destination, facts[i]!.destination.isContract]));
    const preview = await this.#preview(reqs, sender, sim, gasLimit, firstTime, isContract).catch(() => null);
    return { kind: 'ok', decisions, sim, exposures, preview, now };
  }

  /** The recorded columns of one transaction; `createdBy.principalId` is whom review refuses (`self_review`). */
  #row(
    id: string,
    req: PreparedRequest,
    createdBy: { apiKeyId: string; principalId: string | null },
    decision: Decision,
    body: BatchItem['body'],
  ) {
    const usd = req.intent.exposure ? intentValueUsd8(req.intent) : req.intent.amountUsd8;
    return {
      id,
      chain_id: req.chain.chainId,
      signer: req.signer.name,
      from_address: req.signer.address,
      kind: body.kind,
      intent_kind: req.intent.kind,
      exposure: req.intent.exposure ? JSON.stringify(exposureJson(req.intent.exposure)) : null,
      to_address: req.tx.to,
      recipient: body.kind === 'transfer' ? req.destination : null,
      value: req.tx.value.toString(),
      data: req.tx.data,
      asset: req.asset ? JSON.stringify(req.asset) : null,
      amount: req.intent.amount.toString(),
      amount_usd8: usd !== undefined ? usd.toString() : null,
      call: req.call ? JSON.stringify(req.call) : null,
      user_id: body.userId,
      session_id: body.sessionId ?? null,
      api_key_id: createdBy.apiKeyId,
      created_by_principal: createdBy.principalId,
      metadata: JSON.stringify(body.metadata),
      decision: JSON.stringify(decisionJson(decision)),
    };
  }

  async #preview(
    reqs: readonly PreparedRequest[],
    sender: { address: Address; label: string },
    sim: SimulationResult,
    gasLimit: bigint,
    firstTime: readonly Address[],
    isContract: Record<Address, boolean>,
  ): Promise<Preview> {
    const req = reqs[0]!;
    const [fees, prices] = await Promise.all([this.fees.get(req.chain.chainId), this.facts.prices(req.chain)]);
    const labels: Record<Address, string> = {};
    for (const s of this.deps.signers.all()) labels[s.address] = `${s.name} (Keel ${s.role} account)`;
    labels[sender.address] = sender.label;
    return renderPreview({
      chain: req.chain,
      from: sender,
      calls: reqs.map((r) => r.tx),
      facts: { firstTimeRecipients: [...firstTime], knownLabels: labels, isContract },
      fee: {
        gasLimit,
        maxFeePerGas: fees.maxFeePerGas,
        ...(prices[req.chain.nativeSymbol] ? { nativeUsd: prices[req.chain.nativeSymbol]! } : {}),
      },
      balanceChanges: sim.balanceChanges,
      prices,
    });
  }

  /**
   * Reserves contracts for a capability: a raw `transfer` or `contract_call` to one of them is
   * denied with `reason` (e.g. the DEX router and pools → `use_swaps_api`).
   */
  reserveContracts(chainId: number, addresses: readonly string[], reason: ReasonCode): void {
    const m = this.#reserved.get(chainId) ?? new Map<string, ReasonCode>();
    for (const a of addresses) m.set(a.toLowerCase(), reason);
    this.#reserved.set(chainId, m);
  }

  /**
   * Simulates a batch and values each of its transactions by what it can take out of Keel's
   * accounts (src/pipeline/exposure.ts), priced with the chain's feeds. Allowances granted by
   * plain `approve`/`increaseAllowance` calls are read after the batch in the same simulation;
   * any other approval the simulation reveals is read in a second one. `exposures` is empty
   * when the simulation reverted.
   */
  async simulateAndValue(
    client: PublicClient,
    chain: ChainConfig,
    from: Address,
    calls: PreparedRequest['tx'][],
    /** Addresses counted as Keel's accounts for this valuation (a smart account sending its own funds). */
    alsoOwn: readonly Address[] = [],
  ): Promise<{ sim: SimulationResult; exposures: Exposure[] }> {
    const chainId = chain.chainId;
    const predicted = predictedApprovals(calls, from);
    let sim = await simulateCalls(client, {
      chainId,
      from,
      calls,
      ...(predicted.length ? { readAllowances: predicted } : {}),
    });
    if (!sim.ok) return { sim, exposures: [] };
    // Only senders and approval owners need resolving: an unrecognised Keel account on the
    // receiving side (a deposit address paid by the treasury) only makes the exposure larger,
    // never smaller, and resolving it would cost a query on every plain transfer.
    const own = await this.facts.ownAccounts(chainId, [
      from,
      ...sim.transfers.map((t) => t.from),
      ...sim.approvals.map((a) => a.owner),
    ]);
    for (const a of alsoOwn) own.add(a.toLowerCase());
    const isKeel = (a: string) => own.has(a.toLowerCase());
    const missing = allowancesToRead(sim, isKeel).filter(
      (w) => !sim.allowancesAfter?.has(allowanceKey(w.token, w.owner, w.spender)),
    );
    if (missing.length && sim.method === 'eth_simulateV1') {
      const again = await simulateCalls(client, { chainId, from, calls, readAllowances: [...predicted, ...missing] });
      if (again.ok) sim = again;
    }
    const raw = exposuresOf(sim, calls.length, isKeel);
    const info = (asset: 'native' | Address) => {
      if (asset === 'native')
        return {
          ia: { symbol: chain.nativeSymbol, address: null, decimals: chain.nativeDecimals },
          known: true,
          feed: chain.nativePriceFeed,
        };
      const cfg = chain.assets.find((a) => a.address.toLowerCase() === asset.toLowerCase());
      return cfg
        ? {
            ia: { symbol: cfg.symbol, address: cfg.address as Address, decimals: cfg.decimals },
            known: true,
            feed: cfg.priceFeed,
          }
        : { ia: { symbol: asset, address: asset, decimals: 0 }, known: false, feed: undefined };
    };
    const usdOf = async (asset: 'native' | Address, amount: bigint): Promise<bigint | undefined> => {
      // A configured vault's shares are worth what they convert to, priced as the vault's asset
      // (a treasury withdrawal burns shares: unpriced, every USD limit would refuse it).
      const vault =
        asset === 'native' ? undefined : chain.vaults.find((v) => v.address.toLowerCase() === asset.toLowerCase());
      if (vault) {
        const under = chain.assets.find((a) => a.symbol === vault.asset);
        const assets = await client
          .readContract({
            address: vault.address as Address,
            abi: erc4626Abi,
            functionName: 'convertToAssets',
            args: [amount],
          })
          .catch(() => undefined);
        const state = under && assets !== undefined ? await this.facts.feed(chain, under.priceFeed) : undefined;
        return state && assets !== undefined ? policyUsd8(assets, under!.decimals, state) : undefined;
      }
      const { ia, known, feed } = info(asset);
      const state = known ? await this.facts.feed(chain, feed) : undefined;
      return state ? policyUsd8(amount, ia.decimals, state) : undefined;
    };
    const exposures = await Promise.all(
      raw.map(async (r): Promise<Exposure> => {
        const usd = await Promise.all(r.assets.map((a) => usdOf(a.asset, a.outflow + a.allowance)));
        const allowances = await Promise.all(
          r.allowances.map(async (a) => {
            const u = a.amount === null ? undefined : await usdOf(a.token, a.amount);
            return {
              asset: info(a.token).ia,
              owner: a.owner,
              spender: a.spender,
              amount: a.amount,
              ...(u !== undefined ? { usd8: u } : {}),
            };
          }),
        );
        const total = usd.some((u) => u === undefined) ? undefined : usd.reduce<bigint>((x, y) => x + y!, 0n);
        return {
          assets: r.assets.map((a) => ({
            asset: info(a.asset).ia,
            known: info(a.asset).known,
            outflow: a.outflow,
            allowance: a.allowance,
          })),
          allowances,
          ...(total !== undefined ? { usd8: total } : {}),
        };
      }),
    );
    return { sim, exposures };
  }

  /** Destination facts and the USD value of an intent, read as `create` reads them (the policy dry run uses this). */
  async gatherFacts(policy: CompiledPolicy, intent: Intent): Promise<GatheredFacts> {
    const chain = this.deps.config.chains.find((c) => c.chainId === intent.chainId)!;
    const assetCfg = intent.asset?.address
      ? chain.assets.find((a) => a.address.toLowerCase() === intent.asset!.address!.toLowerCase())
      : undefined;
    const feedSettings = intent.asset
      ? intent.asset.address
        ? assetCfg?.priceFeed
        : chain.nativePriceFeed
      : undefined;
    const [destination, feed] = await Promise.all([
      this.facts
        .destination(policy, intent.chainId, intent.to, {
          ...(intent.asset ? { asset: intent.asset } : {}),
          from: intent.from,
          amount: intent.amount,
        })
        .catch((err) => {
          throw upstream(err, intent.chainId);
        }),
      this.facts.feed(chain, feedSettings),
    ]);
    const usd = intent.asset && feed ? policyUsd8(intent.amount, intent.asset.decimals, feed) : undefined;
    return { destination, ...(usd !== undefined ? { amountUsd8: usd } : {}) };
  }

  /** Pending reviews, oldest first (the queue), a page after `startingAfter`. */
  async reviews(limit: number, startingAfter?: string): Promise<{ data: TransactionResource[]; hasMore: boolean }> {
    let q = this.deps.db
      .selectFrom('transactions')
      .select('id')
      .where('status', '=', 'pending_review')
      .orderBy('id')
      .limit(limit + 1);
    if (startingAfter) q = q.where('id', '>', startingAfter);
    const rows = await q.execute();
    const data = await this.store.loadMany(
      this.deps.db,
      rows.slice(0, limit).map((r) => r.id),
    );
    return { data, hasMore: rows.length > limit };
  }

  /**
   * A reviewer's decision. Refused (403 `self_review`) for the principal that created the
   * transaction, through any of its keys — a second key of the same person is not a second
   * pair of eyes —, for a review that has expired (409 `review_expired`, the transaction is
   * expired on the spot) and for a transaction not waiting for review (409).
   */
  async decide(
    id: string,
    reviewer: string | { keyId: string; principalId: string | null },
    decision: 'approve' | 'reject',
    note: string | null,
  ): Promise<TransactionResource> {
    const actor = typeof reviewer === 'string' ? reviewer : reviewer.keyId;
    const principal =
      typeof reviewer === 'string' ? await principalOfKey(this.deps.db, reviewer) : reviewer.principalId;
    const expired = await this.deps.db.transaction().execute(async (trx) => {
      // A batch is reviewed as one: the decision applies to every transaction of it.
      const { row, members } = await this.store.lockWithBatch(trx, id);
      if (row.status !== 'pending_review')
        throw new TransactionStateError(id, row.status, `be ${decision}d (it is not waiting for review)`);
      const creator = await trx
        .selectFrom('transactions')
        .select('created_by_principal')
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      if (row.api_key_id === actor || (principal !== null && creator.created_by_principal === principal)) {
        throw new KeelError(
          'self_review',
          'the principal that created a transaction cannot review it, with any of its keys',
        );
      }
      const waiting = members.filter((m) => m.status === 'pending_review');
      const decidedAt = new Date();
      if (row.review_expires_at && row.review_expires_at <= decidedAt) {
        for (const m of waiting)
          await this.store.transition(trx, m.id, {
            from: ['pending_review'],
            to: 'expired',
            reason: 'review_expired',
            patch: { next_run_at: null },
          });
        await recordError(trx, `review.${decision}`, reviewExpired(id));
        return true;
      }
      const review = {
        expiresAt: row.review_expires_at?.toISOString() ?? decidedAt.toISOString(),
        decision: decision === 'approve' ? 'approved' : 'rejected',
        decidedBy: actor,
        decidedByPrincipal: principal,
        note,
        decidedAt: decidedAt.toISOString(),
      };
      for (const m of waiting) {
        await this.store.transition(trx, m.id, {
          from: ['pending_review'],
          to: decision === 'approve' ? 'queued' : 'rejected',
          reason: decision === 'approve' ? 'review_approved' : 'review_rejected',
          detail: { by: actor, ...(principal ? { principal } : {}), ...(note ? { note } : {}) },
          // Only the first of a batch is due for a worker; it signs the others.
          patch: {
            review: JSON.stringify(review),
            next_run_at: decision === 'approve' && (m.batch_index ?? 0) === 0 ? new Date() : null,
          },
        });
      }
      await appendAudit(trx, {
        actor,
        action: decision === 'approve' ? 'review.approved' : 'review.rejected',
        subject: id,
        details: {
          note,
          chainId: Number(row.chain_id),
          amount: row.amount,
          to: row.recipient ?? row.to_address,
          ...(row.batch_id ? { batch: waiting.map((m) => m.id) } : {}),
        },
      });
      await recordResponse(trx, `review.${decision}`, await this.store.load(trx, id));
      return false;
    });
    if (expired) throw reviewExpired(id);
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
      const { row, members } = await this.store.lockWithBatch(trx, id);
      const details = { previousStatus: row.status, ...(reasonText ? { reason: reasonText } : {}) };
      if (row.status === 'pending_review' || row.status === 'queued') {
        // Before signing a batch ends as one: nothing of it is sent.
        for (const m of members.filter((x) => x.status === 'pending_review' || x.status === 'queued')) {
          await this.store.transition(trx, m.id, {
            from: [m.status],
            to: 'cancelled',
            reason: 'cancelled_by_request',
            detail: { by: actor, ...(m.id !== id ? { batch: id } : {}) },
            patch: { next_run_at: null },
          });
        }
      } else if (row.status === 'signed' || row.status === 'submitted') {
        const key = { chainId: Number(row.chain_id), address: row.from_address as Address };
        const alloc = await nonceAllocation(trx, key, Number(row.nonce));
        // A signed batch member keeps its nonce (the next one of its batch follows it): it is replaced instead.
        if (row.status === 'signed' && !row.batch_id && alloc?.status === 'allocated' && alloc.ref === id) {
          await releaseNonce(trx, { ...key, nonce: Number(row.nonce), ref: id });
          await this.store.transition(trx, id, {
            from: ['signed'],
            to: 'cancelled',
            reason: 'cancelled_by_request',
            detail: { by: actor, before: 'broadcast' },
            patch: { next_run_at: null },
          });
        } else {
          if (row.cancel_requested_at)
            throw new KeelError('cancel_pending', `a cancellation of ${id} is already on its way`);
          await this.store.patch(trx, id, { cancel_requested_at: new Date(), next_run_at: new Date() });
          await this.store.note(trx, id, row.status, 'cancel_requested', { by: actor });
          await sql`select pg_notify(${PIPELINE_NOTIFY_CHANNEL}, '')`.execute(trx);
        }
      } else {
        throw new TransactionStateError(id, row.status, 'be cancelled');
      }
      await appendAudit(trx, { actor, action: 'transaction.cancelled', subject: id, details });
      await recordResponse(trx, 'transaction.cancel', await this.store.load(trx, id));
    });
    return this.store.get(id);
  }
}

const SET_APPROVAL_FOR_ALL = '0xa22cb465';

/** Allowances plain `approve`/`increaseAllowance` calls of a batch set (token, owner, spender), to read after it. */
function predictedApprovals(
  calls: readonly PreparedRequest['tx'][],
  from: Address,
): Array<{ token: Address; owner: Address; spender: Address }> {
  const out = new Map<string, { token: Address; owner: Address; spender: Address }>();
  for (const c of calls) {
    const selector = c.data.slice(0, 10).toLowerCase();
    // setApprovalForAll has no amount to read back: it is judged unbounded from its log.
    if (c.data.length < 74 || !APPROVAL_SELECTORS.has(selector) || selector === SET_APPROVAL_FOR_ALL) continue;
    const spender = getAddress(`0x${c.data.slice(34, 74)}`);
    out.set(allowanceKey(c.to, from, spender), { token: c.to, owner: from, spender });
  }
  return [...out.values()];
}

/** The stored and API form of an exposure (money as decimal strings with base units). */
export function exposureJson(e: Exposure): ExposureJson {
  const money = (v: bigint, decimals: number) => ({ amount: formatUnits(v, decimals), baseUnits: v.toString() });
  return {
    usd: e.usd8 !== undefined ? formatUnits(e.usd8, 8) : null,
    assets: e.assets.map((a) => ({
      asset: a.asset,
      known: a.known,
      outflow: money(a.outflow, a.asset.decimals),
      allowance: money(a.allowance, a.asset.decimals),
    })),
    allowances: e.allowances.map((a) => ({
      asset: a.asset,
      owner: a.owner,
      spender: a.spender,
      amount: a.amount === null ? null : money(a.amount, a.asset.decimals),
      usd: a.usd8 !== undefined ? formatUnits(a.usd8, 8) : null,
    })),
  };
}

/** 409: a review decided after its expiry (the transaction is expired on the spot). */
function reviewExpired(id: string): KeelError {
  return new KeelError('review_expired', `the review of ${id} expired before the decision`);
}

/** A chain read failure at intake: 503 naming the chain, without internals. */
function upstream(err: unknown, chainId: number): unknown {
  if (err instanceof KeelError && !(err instanceof UpstreamError)) return err;
  return new UpstreamError(
    'chain_unavailable',
    `chain ${chainId} could not be read: ${(err as Error).message.split('\n')[0]}`,
    {
      userMessage: 'The network is not reachable right now. Please try again shortly.',
    },
  );
}
