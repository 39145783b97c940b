import type { IntentKind } from '../policy/document.ts';
import type { IntentAsset } from '../policy/types.ts';
import type { Kysely, Transaction } from 'kysely';
import { type Address, getAddress, type Hex, isAddressEqual, recoverAddress, size } from 'viem';
import { appendAudit } from '../audit/store.ts';
import type { Config } from '../config/schema.ts';
import { dbJson } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { KeelError, UpstreamError, ValidationError } from '../lib/errors.ts';
import { pageOf } from '../lib/pagination.ts';
import { recordError, recordResponse } from '../lib/request-outcome.ts';
import type { Pipeline } from '../pipeline/service.ts';
import { releaseUsage } from '../policy/windows-store.ts';
import type { WebhookActor } from '../webhooks/ownership.ts';
import { canManage } from '../webhooks/ownership.ts';
import { accountById, type SmartAccountRow } from './account-store.ts';
import type { SessionScope } from './session-scope-logic.ts';
import type { Sponsorship } from './sponsorship-service.ts';
import {
  type CreateUserOperationBody,
  type OperationSender,
  prepareOperationCalls,
  prepareRawCalls,
} from './user-operation-intake.ts';
import { accountSignature } from './user-operation-logic.ts';
import { intakeUserOperation } from './user-operation-record.ts';
import type { UserOperationOutcomes } from './user-operation-outcomes.ts';
import { type UserOperationResource, type UserOperationRow, userOperationResource } from './user-operation-resource.ts';
import type { UserOpStatus } from './user-operation-states.ts';
import {
  listUserOperations,
  loadUserOperation,
  lockUserOperation,
  transitionUserOperation,
  UserOperationStateError,
  userOperationRow,
} from './user-operation-store.ts';

/** The caller: its key, principal and scopes (admins act on every account). */
export type UserOperationActor = WebhookActor;

/** What the session-keys capability answers about a key of an account (null: no such key on it). */
export interface SessionKeyLookup {
  scopeFor(
    accountId: string,
    sessionKeyId: string,
  ): Promise<{
    address: Address;
    scope: SessionScope;
    spent: bigint;
    /** Only `active` signs operations; any other status (pending, revoking, revoked, expired, failed) is refused. */
    status: string;
  } | null>;
}

export interface UserOperationsDeps {
  db: Kysely<DB>;
  config: Config;
  pipeline: Pipeline;
  sponsorship: Pick<Sponsorship, 'get' | 'releaseSponsorship'>;
  outcomes: UserOperationOutcomes;
  sessionKeys?: SessionKeyLookup;
}

/** A capability's raw calls (`createForCapability`). */
export interface CapabilityOperationInput {
  smartAccountId: string;
  /** `value` in wei (a bigint, or its decimal string as the session-keys capability passes it). */
  calls: Array<{
    to: Address;
    data: Hex;
    value: bigint | string;
    /** What the call puts at stake when its simulation shows no outflow (a session key's token cap): valued as its amount. */
    declared?: { asset: IntentAsset; amount: bigint };
  }>;
  origin: string;
  /** The policy intent kind of the calls (rules scoped to it, plus every unscoped rule); default `contract_call`. */
  intentKind?: IntentKind;
  /** The sponsorship policy (spp_…) that pays its gas; checked like a request's. */
  sponsorshipPolicyId?: string;
  apiKeyId: string;
  principalId: string | null;
  metadata?: Record<string, string>;
}

const _SUBJECT = { key: 'userOperation', noun: 'user operation' };
const CANCELLABLE: readonly UserOpStatus[] = ['pending_review', 'queued', 'awaiting_signature'];

/**
 * The synchronous half of user operations (docs/account-abstraction.md#user-operations): intake
 * through the write path's judgement with the smart account as the sender (policy per call, intake
 * guards, a session key's scope, one simulation of the batch, re-decision on the simulated
 * exposure, preview, window reservation committed with the insert), human review, cancellation,
 * the external signature, and reads. Everything from `queued` on is the worker's.
 */
export class UserOperations {
  constructor(private readonly deps: UserOperationsDeps) {}

  /**
   * `POST /v1/user-operations`: `queued` or `pending_review`; throws `policy_denied` (403, row
   * `rejected`), `simulation_reverted` (422, row `failed`), a 422 for bad input and a 503 when
   * the chain cannot be read (nothing written).
   */
  async create(body: CreateUserOperationBody, actor: UserOperationActor): Promise<UserOperationResource> {
    const account = await this.#ownedAccount(body.smartAccountId, actor, 'body.smartAccountId');
    const chain = this.#chain(account);
    const sender = senderOf(account);
    const reqs = prepareOperationCalls(this.deps.config, chain, sender, body.calls, {
      apiKeyId: actor.keyId,
      sessionId: body.sessionId,
    });
    const session = body.sessionKeyId ? await this.#sessionKey(account, body.sessionKeyId) : null;
    if (body.sponsorship && !body.sponsorshipPolicyId)
      throw new ValidationError('abuse signals need a sponsorship policy', [
        {
          field: 'body.sponsorship',
          code: 'unexpected',
          message: 'clientIp and deviceId are sponsorship signals: give sponsorshipPolicyId too',
        },
      ]);
    if (body.sponsorshipPolicyId) await this.#checkSponsorship(body.sponsorshipPolicyId, actor);
    return intakeUserOperation(this.deps, account, reqs, {
      kinds: body.calls.map((c) => c.kind),
      apiKeyId: actor.keyId,
      principalId: actor.principalId,
      sessionId: body.sessionId ?? null,
      session: session ? { id: body.sessionKeyId!, ...session } : null,
      sponsorshipPolicyId: body.sponsorshipPolicyId ?? null,
      sponsorshipContext: body.sponsorship ?? null,
      metadata: body.metadata,
      origin: null,
      operation: 'user_operation.create',
    });
  }

  /**
   * A capability's operation of raw calls (the session-keys capability's grants and revocations):
   * the same judgement and review as `create`, recorded with `origin` so the capability's outcome
   * handler learns its end (user-operation-outcomes.ts). The account must belong to `principalId`
   * (null: Keel itself). Records no request answer: the capability's request does.
   */
  async createForCapability(input: CapabilityOperationInput): Promise<UserOperationResource> {
    const actor =
      input.principalId === null ? null : { keyId: input.apiKeyId, principalId: input.principalId, scopes: [] };
    const account = await this.#ownedAccount(input.smartAccountId, actor, 'smartAccountId');
    if (input.calls.length < 1 || input.calls.length > 16)
      throw new ValidationError('a user operation makes 1 to 16 calls', [
        { field: 'calls', code: 'out_of_range', message: `${input.calls.length} calls` },
      ]);
    const calls = input.calls.map((c) => ({ to: c.to, data: c.data, value: BigInt(c.value), declared: c.declared }));
    const reqs = prepareRawCalls(
      this.#chain(account),
      senderOf(account),
      calls,
      input.apiKeyId,
      input.intentKind ?? 'contract_call',
    );
    if (input.sponsorshipPolicyId) {
      if (!actor)
        throw new ValidationError('Keel’s own operations are not sponsored', [
          { field: 'sponsorshipPolicyId', code: 'unexpected', message: 'no principal owns this operation' },
        ]);
      await this.#checkSponsorship(input.sponsorshipPolicyId, actor, 'body.sponsorshipPolicyId');
    }
    return intakeUserOperation(this.deps, account, reqs, {
      kinds: reqs.map(() => 'contract_call' as const),
      apiKeyId: input.apiKeyId,
      principalId: input.principalId,
      sessionId: null,
      session: null,
      sponsorshipPolicyId: input.sponsorshipPolicyId ?? null,
      metadata: input.metadata ?? {},
      origin: input.origin,
      operation: null,
    });
  }

  /**
   * A reviewer's decision on an operation held for review. Four eyes as for transactions: the
   * principal that created it cannot review it with any of its keys (403 `self_review`); a review
   * past its expiry expires the operation (409 `review_expired`); not waiting for review: 409.
   * Approve → `queued`; reject → `rejected`, its window usage given back.
   */
  async review(
    id: string,
    reviewer: { keyId: string; principalId: string | null },
    decision: 'approve' | 'reject',
    note: string | null,
  ): Promise<UserOperationResource> {
    const expired = await this.deps.db.transaction().execute(async (trx) => {
      const row = await lockUserOperation(trx, id);
      if (!row) throw notFound(id);
      if (row.status !== 'pending_review') throw new UserOperationStateError(id, row.status, `be ${decision}d`);
      if (
        row.api_key_id === reviewer.keyId ||
        (reviewer.principalId !== null && row.created_by_principal === reviewer.principalId)
      )
        throw new KeelError(
          'self_review',
          'the principal that created a user operation cannot review it, with any of its keys',
        );
      const at = new Date();
      if (row.review_expires_at && row.review_expires_at <= at) {
        const ended = await transitionUserOperation(trx, id, {
          from: ['pending_review'],
          to: 'expired',
          reason: 'review_expired',
          patch: { next_run_at: null },
        });
        await releaseUsage(trx, id);
        await this.deps.outcomes.deliver(trx, { kind: 'final', status: 'expired', operation: ended });
        await recordError(trx, 'user_operation.review', reviewExpired(id));
        return true;
      }
      const review = {
        expiresAt: row.review_expires_at?.toISOString() ?? at.toISOString(),
        decision: decision === 'approve' ? 'approved' : 'rejected',
        decidedBy: reviewer.keyId,
        decidedByPrincipal: reviewer.principalId,
        note,
        decidedAt: at.toISOString(),
      };
      const moved = await transitionUserOperation(trx, id, {
        from: ['pending_review'],
        to: decision === 'approve' ? 'queued' : 'rejected',
        reason: decision === 'approve' ? 'review_approved' : 'review_rejected',
        detail: {
          by: reviewer.keyId,
          ...(reviewer.principalId ? { principal: reviewer.principalId } : {}),
          ...(note ? { note } : {}),
        },
        patch: { review: JSON.stringify(review), next_run_at: decision === 'approve' ? new Date() : null },
      });
      if (decision === 'reject') {
        await releaseUsage(trx, id);
        await this.deps.outcomes.deliver(trx, { kind: 'final', status: 'rejected', operation: moved });
      }
      await appendAudit(trx, {
        actor: reviewer.keyId,
        action: decision === 'approve' ? 'user_operation.review_approved' : 'user_operation.review_rejected',
        subject: id,
        details: { note },
      });
      await recordResponse(trx, 'user_operation.review', await loadUserOperation(trx, id));
      return false;
    });
    if (expired) throw reviewExpired(id);
    return (await loadUserOperation(this.deps.db, id))!;
  }

  /**
   * Cancels an operation not yet signed and sent (`pending_review`, `queued`,
   * `awaiting_signature`): `cancelled`, its window usage and any sponsorship reservation given
   * back. Any other state: 409 `user_operation_state`. Only the account's principal (or an admin).
   */
  async cancel(id: string, actor: UserOperationActor): Promise<UserOperationResource> {
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const cur = await lockUserOperation(trx, id);
      // In `trx`: a query on the pool here would wait for this transaction's own connection.
      if (!cur || !(await this.#owns(cur, actor, trx))) throw notFound(id);
      if (!CANCELLABLE.includes(cur.status)) throw new UserOperationStateError(id, cur.status, 'be cancelled');
      const ended = await transitionUserOperation(trx, id, {
        from: [cur.status],
        to: 'cancelled',
        reason: 'cancelled_by_request',
        detail: { by: actor.keyId },
        patch: { next_run_at: null },
      });
      await releaseUsage(trx, id);
      await this.deps.outcomes.deliver(trx, { kind: 'final', status: 'cancelled', operation: ended });
      await appendAudit(trx, {
        actor: actor.keyId,
        action: 'user_operation.cancelled',
        subject: id,
        details: { previousStatus: cur.status },
      });
      await recordResponse(trx, 'user_operation.cancel', await loadUserOperation(trx, id));
      return ended;
    });
    // The sponsorship's reservation is released in its own transaction (Sponsorship owns it); a
    // failure here leaves it for the worker's sweep of operations that never ran.
    if (row.sponsorship_decision_id)
      await this.deps.sponsorship.releaseSponsorship(row.sponsorship_decision_id).catch(() => undefined);
    return (await loadUserOperation(this.deps.db, id))!;
  }

  /**
   * The external owner's or session key's signature of an operation in `awaiting_signature`: a
   * 65-byte ECDSA signature over `userOpHash` (raw, as KeelSmartAccount checks it) by the owner
   * (`signing: external`) or the session key (`signing: session`). Stored as the account
   * signature; the operation becomes `signed` and the worker sends it. Past the deadline: 409
   * `signature_window_passed`; a wrong signer: 422 `invalid_signature`; nothing changed either way.
   */
  async submitSignature(id: string, actor: UserOperationActor, signature: Hex): Promise<UserOperationResource> {
    const cur = await this.#ownedRow(id, actor);
    if (cur.status !== 'awaiting_signature') throw new UserOperationStateError(id, cur.status, 'take a signature');
    const expected = await this.#expectedSigner(cur);
    let signer: Address | null = null;
    if (size(signature) === 65 && cur.user_op_hash)
      signer = await recoverAddress({ hash: cur.user_op_hash as Hex, signature }).catch(() => null);
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await lockUserOperation(trx, id);
      if (!row) throw notFound(id);
      if (row.status !== 'awaiting_signature') throw new UserOperationStateError(id, row.status, 'take a signature');
      if (row.signature_deadline && row.signature_deadline <= new Date())
        throw new KeelError(
          'signature_window_passed',
          `the signature of ${id} was due before ${row.signature_deadline.toISOString()}`,
        );
      if (!signer || !expected || !isAddressEqual(signer, expected))
        throw new KeelError(
          'invalid_signature',
          `the signature does not recover to the ${row.signing === 'session' ? 'session key' : 'owner'} over userOpHash`,
        );
      const userOp = dbJson<Record<string, unknown>>(row.user_op ?? {});
      const mode = row.signing === 'session' ? 'session' : 'owner';
      await transitionUserOperation(trx, id, {
        from: ['awaiting_signature'],
        to: 'signed',
        reason: 'signature_received',
        detail: { signer, mode },
        patch: {
          user_op: JSON.stringify({ ...userOp, signature: accountSignature(mode, signature) }),
          next_run_at: new Date(),
        },
      });
      await appendAudit(trx, {
        actor: actor.keyId,
        action: 'user_operation.signed',
        subject: id,
        details: { signer, mode },
      });
      await recordResponse(trx, 'user_operation.signature', await loadUserOperation(trx, id));
    });
    return (await loadUserOperation(this.deps.db, id))!;
  }

  /** One operation with its history; another principal's is 404 like an unknown one. */
  async get(id: string, actor: UserOperationActor): Promise<UserOperationResource> {
    await this.#ownedRow(id, actor);
    return (await loadUserOperation(this.deps.db, id))!;
  }

  /** A page of the caller's principal's operations (every one for admins), newest first. */
  async list(
    actor: UserOperationActor,
    q: {
      limit: number;
      startingAfter?: string | undefined;
      smartAccountId?: string | undefined;
      status?: UserOpStatus | undefined;
    },
  ): Promise<{ object: 'list'; data: UserOperationResource[]; hasMore: boolean }> {
    const rows = await listUserOperations(this.deps.db, {
      principal: actor.scopes.includes('admin') ? null : actor.principalId,
      limit: q.limit + 1,
      ...(q.smartAccountId ? { accountId: q.smartAccountId } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.startingAfter ? { belowId: q.startingAfter } : {}),
    });
    const page = pageOf(rows, q.limit);
    return { object: 'list', data: page.data.map((r) => userOperationResource(r)), hasMore: page.hasMore };
  }

  /**
   * Whether the caller may act on the operation's account (its principal, or an admin). Inside a
   * transaction pass it as `db`: the pool may have no other connection (embedded PGlite has one).
   */
  async #owns(
    row: UserOperationRow,
    actor: UserOperationActor | null,
    db: Kysely<DB> | Transaction<DB> = this.deps.db,
  ): Promise<boolean> {
    const account = await accountById(db, row.account_id);
    return !!account && canManage(account.created_by_principal, actor);
  }

  /** The operation when the caller may see it, else 404 `user_operation_not_found` (as for an unknown one). */
  async #ownedRow(id: string, actor: UserOperationActor): Promise<UserOperationRow> {
    const row = await userOperationRow(this.deps.db, id);
    if (!row || !(await this.#owns(row, actor))) throw notFound(id);
    return row;
  }

  async #ownedAccount(id: string, actor: UserOperationActor | null, field: string): Promise<SmartAccountRow> {
    const account = await accountById(this.deps.db, id);
    if (!account || !canManage(account.created_by_principal, actor))
      throw new ValidationError(`smart account ${id} does not exist`, [
        { field, code: 'unknown_smart_account', message: 'no smart account with this id' },
      ]);
    return account;
  }

  #chain(account: SmartAccountRow) {
    const chain = this.deps.config.chains.find((c) => c.chainId === account.chain_id);
    if (!chain) throw new UpstreamError('chain_unavailable', `chain ${account.chain_id} is not configured`);
    return chain;
  }

  async #sessionKey(account: SmartAccountRow, sessionKeyId: string) {
    const key = await this.deps.sessionKeys?.scopeFor(account.id, sessionKeyId);
    if (!key)
      throw new ValidationError(`no session key ${sessionKeyId} on ${account.id}`, [
        {
          field: 'body.sessionKeyId',
          code: 'unknown_session_key',
          message: 'no session key with this id on the account',
        },
      ]);
    if (key.status !== 'active')
      throw new ValidationError(`session key ${sessionKeyId} is ${key.status}`, [
        { field: 'body.sessionKeyId', code: 'session_key_not_active', message: `the session key is ${key.status}` },
      ]);
    return { address: key.address, scope: key.scope, spent: key.spent };
  }

  async #checkSponsorship(
    policyId: string,
    actor: UserOperationActor,
    field = 'body.sponsorshipPolicyId',
  ): Promise<void> {
    const policy = await this.deps.sponsorship.get(policyId, actor).catch((err: unknown) => {
      if (err instanceof KeelError && err.code === 'not_found') return null;
      throw err;
    });
    if (policy?.status !== 'enabled')
      throw new ValidationError(`sponsorship policy ${policyId} cannot sponsor this operation`, [
        {
          field,
          code: policy ? 'sponsorship_policy_disabled' : 'unknown_sponsorship_policy',
          message: policy ? 'the sponsorship policy is disabled' : 'no sponsorship policy with this id',
        },
      ]);
  }

  async #expectedSigner(row: UserOperationRow): Promise<Address | null> {
    if (row.signing === 'session') {
      if (!row.session_key_id) return null;
      const key = await this.deps.sessionKeys?.scopeFor(row.account_id, row.session_key_id);
      return key ? key.address : null;
    }
    const account = await accountById(this.deps.db, row.account_id);
    return account ? getAddress(account.owner_address) : null;
  }
}

function senderOf(account: SmartAccountRow): OperationSender {
  return { id: account.id, address: getAddress(account.address), userId: account.user_id };
}

function notFound(id: string): KeelError {
  return new KeelError('user_operation_not_found', `no user operation ${id}`);
}

function reviewExpired(id: string): KeelError {
  return new KeelError('review_expired', `the review of ${id} expired before the decision`);
}
