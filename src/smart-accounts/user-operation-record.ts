import type { Kysely, Transaction } from 'kysely';
import type { Address } from 'viem';
import { appendAudit } from '../audit/store.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import { UpstreamError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { recordError, recordResponse } from '../lib/request-outcome.ts';
import type { IntakeGuard } from '../pipeline/guards.ts';
import type { PreparedRequest } from '../pipeline/intake.ts';
import {
  type Pipeline,
  PolicyDeniedError,
  revertJson,
  SimulationRevertedError,
  simulationJson,
  heldForReview,
} from '../pipeline/service.ts';
import { userMessageFor } from '../policy/reasons.ts';
import type { Decision } from '../policy/types.ts';
import { reserveWindows } from '../policy/windows-store.ts';
import type { SmartAccountRow } from './account-store.ts';
import type { SessionScope } from './session-scope-logic.ts';
import { batchExposure, decisionJson, sessionGuard, strictestDecision } from './user-operation-decision-logic.ts';
import { accountCallData, senderLabel, senderOfAccount as senderOf, storedCalls } from './user-operation-intake.ts';
import type { UserOperationOutcomes } from './user-operation-outcomes.ts';
import type { UserOperationResource } from './user-operation-resource.ts';
import type { UserOpStatus } from './user-operation-states.ts';
import { insertUserOperation } from './user-operation-store.ts';

/**
 * The recording half of `POST /v1/user-operations` (and of capabilities' operations): the
 * prepared calls judged by the write path's shared assessment (`Pipeline.assess`) with the smart
 * account as the sender, then recorded — `rejected` (403 `policy_denied`) or `failed` (422
 * `simulation_reverted`) in their own transaction with the request's answer, or accepted
 * (`queued` / `pending_review`) with the window reservation, events and audit entry in one.
 */

export interface IntakeDeps {
  db: Kysely<DB>;
  config: Config;
  pipeline: Pipeline;
  outcomes: UserOperationOutcomes;
}

/** What the caller says about the operation beside its calls. */
export interface IntakeOptions {
  kinds: ('transfer' | 'contract_call')[];
  apiKeyId: string;
  principalId: string | null;
  sessionId: string | null;
  session: { id: string; address: Address; scope: SessionScope; spent: bigint } | null;
  sponsorshipPolicyId: string | null;
  /** Abuse signals for the sponsorship decision (`{ clientIp?, deviceId? }`), kept with the operation for the worker. */
  sponsorshipContext?: { clientIp?: string | undefined; deviceId?: string | undefined } | null;
  metadata: Record<string, string>;
  origin: string | null;
  /** The request operation whose answer is recorded with the write (null: a capability's own request records it). */
  operation: string | null;
}

const SUBJECT = { key: 'userOperation', noun: 'user operation' };

/** Judges and records one operation of `account` (see the file header); returns it, or throws the refusal. */
export async function intakeUserOperation(
  deps: IntakeDeps,
  account: SmartAccountRow,
  reqs: PreparedRequest[],
  o: IntakeOptions,
): Promise<UserOperationResource> {
  const { db, config, pipeline } = deps;
  const sender = senderOf(account);
  const guards: IntakeGuard[] = o.session ? [sessionGuard(o.session, account)] : [];
  const assessed = await pipeline.assess(
    reqs,
    { address: sender.address, label: senderLabel(sender) },
    { alsoOwn: [sender.address], guards },
  );
  const id = newId('uop');
  const calls = reqs.map((r) => r.tx);
  const decision = strictestDecision(assessed.decisions);
  const exposure = batchExposure(reqs);
  const simulation = assessed.sim ? simulationJson(assessed.sim) : null;
  const base = {
    id,
    chain_id: account.chain_id,
    account_id: account.id,
    sender: account.address,
    entry_point: account.entry_point,
    user_id: account.user_id,
    session_id: o.sessionId,
    session_key_id: o.session?.id ?? null,
    signing: o.session
      ? ('session' as const)
      : account.owner_kind === 'custodial'
        ? ('custodial' as const)
        : ('external' as const),
    calls: JSON.stringify(storedCalls(reqs, o.kinds)),
    call_data: accountCallData(calls),
    sponsorship_policy_id: o.sponsorshipPolicyId,
    sponsorship_context: o.sponsorshipContext ? JSON.stringify(o.sponsorshipContext) : null,
    decision: JSON.stringify(decisionJson(decision)),
    exposure: exposure ? JSON.stringify(exposure) : null,
    simulation: simulation ? JSON.stringify(simulation) : null,
    origin: o.origin,
    api_key_id: o.apiKeyId,
    created_by_principal: o.principalId,
    metadata: JSON.stringify(o.metadata),
  };
  const ended = async (
    trx: Transaction<DB>,
    status: 'rejected' | 'failed',
    reason: string,
    detail: Record<string, unknown>,
    patch: Record<string, unknown> = {},
  ) => {
    const { row, resource } = await insertUserOperation(
      trx,
      { ...base, ...patch, status, status_reason: reason, finished_at: new Date() },
      [
        { status: 'pending_policy', reason: 'created' },
        { status, reason, detail },
      ],
    );
    if (status === 'failed') await publishEvent(trx, 'user_operation.failed', resource);
    await deps.outcomes.deliver(trx, { kind: 'final', status, operation: row });
    return resource;
  };
  const denial = async (d: Decision, patch?: Record<string, unknown>): Promise<never> => {
    const err = await db.transaction().execute(async (trx) => {
      const res = await ended(
        trx,
        'rejected',
        'policy_denied',
        {
          reasons: d.reasons.map((r) => r.code),
          policyVersion: d.policyVersion,
          ...(d.deniedBy ? { deniedBy: d.deniedBy } : {}),
        },
        { decision: JSON.stringify(decisionJson(d)), ...patch },
      );
      const e = new PolicyDeniedError(d, res, SUBJECT);
      if (o.operation) await recordError(trx, o.operation, e);
      return e;
    });
    throw err;
  };
  if (assessed.kind === 'denied') await denial(decision);
  if (assessed.kind === 'reverted') {
    const predicted = assessed.sim.revert!;
    const err = await db.transaction().execute(async (trx) => {
      const res = await ended(
        trx,
        'failed',
        'simulation_reverted',
        { description: predicted.description, callIndex: predicted.index },
        { revert: JSON.stringify(revertJson(predicted, 'simulation')) },
      );
      const e = new SimulationRevertedError(predicted.description, res, 'simulation_reverted', SUBJECT);
      if (o.operation) await recordError(trx, o.operation, e);
      return e;
    });
    throw err;
  }
  if (assessed.kind !== 'ok') throw new UpstreamError('chain_unavailable', 'no assessment');
  const preview = assessed.preview;
  const now = assessed.now;
  return db.transaction().execute(async (trx) => {
    const reserved = await reserveWindows(
      trx,
      assessed.decisions.flatMap((d) => d.charges),
      { ref: id },
    );
    if (!reserved.ok) {
      // Another request filled the window between evaluation and reservation.
      const reasons = reserved.exceeded.map((e) => ({
        code: 'window_limit_exceeded' as const,
        rule: e.charge.rule,
        message: `rule ${e.charge.rule}: the window is full (${e.used.sum} used, limit ${e.charge.maxSum ?? e.charge.maxCount})`,
        userMessage: userMessageFor('window_limit_exceeded', 'deny'),
      }));
      const d: Decision = { ...decision, outcome: 'deny', reasons, charges: [] };
      const res = await ended(
        trx,
        'rejected',
        'policy_denied',
        { reasons: reasons.map((r) => r.code), policyVersion: d.policyVersion },
        { decision: JSON.stringify(decisionJson(d)) },
      );
      const e = new PolicyDeniedError(d, res, SUBJECT);
      if (o.operation) await recordError(trx, o.operation, e);
      throw e;
    }
    const review = decision.outcome === 'review' || reserved.review.length > 0;
    const status: UserOpStatus = review ? 'pending_review' : 'queued';
    const reason = review ? 'policy_review' : 'policy_allowed';
    const detail: Record<string, unknown> = { policyVersion: decision.policyVersion };
    if (reserved.review.length) detail.windows = reserved.review.map((r) => r.charge.rule);
    const reviewExpires = new Date(now.getTime() + config.pipeline.reviewExpiresAfterSeconds * 1000);
    const { resource } = await insertUserOperation(
      trx,
      {
        ...base,
        status,
        status_reason: reason,
        preview: preview ? JSON.stringify(preview) : null,
        // Held for review, it is due when the review expires: the worker expires it then.
        next_run_at: review ? reviewExpires : new Date(),
        ...(review ? heldForReview(reviewExpires) : {}),
      },
      [
        { status: 'pending_policy', reason: 'created' },
        { status, reason, detail },
      ],
    );
    for (const r of reqs) await pipeline.store.recordDestination(trx, account.chain_id, r.destination);
    await publishEvent(trx, 'user_operation.created', resource);
    if (review) await publishEvent(trx, 'user_operation.review_required', resource);
    await appendAudit(trx, {
      actor: o.apiKeyId,
      action: 'user_operation.created',
      subject: id,
      details: {
        smartAccountId: account.id,
        chainId: account.chain_id,
        calls: reqs.map((r) => ({ to: r.tx.to, value: r.tx.value.toString(), selector: r.tx.data.slice(0, 10) })),
        status,
        ...(o.origin ? { origin: o.origin } : {}),
      },
    });
    if (o.operation) await recordResponse(trx, o.operation, resource);
    return resource;
  });
}
