import type { Kysely, Transaction } from 'kysely';
import { type Address, getAddress } from 'viem';
import { appendAudit } from '../audit/store.ts';
import type { ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import { dbJson } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import { KeelError, NotFoundError, ValidationError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { pageOf } from '../lib/pagination.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import { canManage, type WebhookActor } from '../webhooks/ownership.ts';
import { accountById, type SmartAccountRow } from './account-store.ts';
import {
  type GrantAsset,
  type GrantRequest,
  grantCallData,
  keyStatus,
  type OperationFinal,
  outcomeTransition,
  planGrant,
  revocable,
  revokeCallData,
  type SessionKeyStatus,
} from './session-key-logic.ts';
import { readSessions } from './session-key-chain.ts';
import { rowScope, type SessionKeyResource, sessionKeyResource } from './session-key-resource.ts';
import {
  deletePendingKey,
  insertKey,
  keyById,
  keyByOperation,
  listKeys,
  lockKey,
  markReplaced,
  setOperation,
  setStatus,
} from './session-key-store.ts';
import type { SessionScope } from './session-scope-logic.ts';
import type { CapabilityOperationInput } from './user-operation-service.ts';
import type { UserOperationResource, UserOperationRow } from './user-operation-resource.ts';

/** The caller acting on session keys: its key, principal and scopes (admins manage every account's keys). */
export type SessionKeyActor = WebhookActor;

/**
 * What session keys need of the user-operation write path: an owner-signed operation of the
 * account's calls, created through policy, simulation, review, signing, the bundler and
 * tracking (`UserOperations.createForCapability`). Its outcome comes back through the
 * `UserOperationOutcomes` handlers of `origin` (session-key-outcomes.ts).
 */
export type CreateOperation = (input: CapabilityOperationInput) => Promise<UserOperationResource>;
export type { CapabilityOperationInput };

export interface SessionKeysDeps {
  db: Kysely<DB>;
  config: Config;
  chains: ChainRegistry;
  createOperation: CreateOperation;
  now?: () => Date;
}

/** What the user-operation intake needs to enforce a key's scope in Keel's policy too. */
export interface SessionKeyScope {
  address: Address;
  scope: SessionScope;
  /** The key's spent total under its grant, from the chain (0 when it could not be read or holds no grant). */
  spent: bigint;
  status: SessionKeyStatus;
}

/**
 * Session keys of smart accounts (docs/account-abstraction.md#session-keys): granted and revoked
 * by owner user operations of the account, read back from the chain (the truth for liveness and
 * spend). Only the principal that created the account (or an admin) sees and changes its keys;
 * to anyone else the account does not exist.
 */
export class SessionKeys {
  constructor(private readonly deps: SessionKeysDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private nativeDecimals(chainId: number): number {
    return this.deps.config.chains.find((c) => c.chainId === chainId)?.nativeDecimals ?? 18;
  }

  /** The account when the actor may manage it; 404 like an unknown one otherwise. */
  private async ownedAccount(id: string, actor: SessionKeyActor | null): Promise<SmartAccountRow> {
    const account = await accountById(this.deps.db, id);
    if (!account || !canManage(account.created_by_principal, actor))
      throw new NotFoundError(`smart account ${id} does not exist`);
    return account;
  }

  private resolveAsset(chainId: number, name: string): GrantAsset | null {
    const chain = this.deps.config.chains.find((c) => c.chainId === chainId);
    if (!chain) return null;
    if (name === 'native' || name === chain.nativeSymbol)
      return { symbol: chain.nativeSymbol, address: null, decimals: chain.nativeDecimals };
    const a = chain.assets.find(
      (x) => x.symbol === name || (name.startsWith('0x') && x.address.toLowerCase() === name.toLowerCase()),
    );
    return a ? { symbol: a.symbol, address: getAddress(a.address), decimals: a.decimals } : null;
  }

  /**
   * Grants a session key: checks the request, records the key `pending` and sends the owner
   * operation that calls `grantSession` (origin `session_keys.grant`). A grant of a key address
   * the account already granted replaces that grant on chain once it is confirmed.
   */
  async grant(
    accountId: string,
    body: GrantRequest & {
      label?: string | undefined;
      metadata?: Record<string, string> | undefined;
      sponsorshipPolicyId?: string | undefined;
    },
    actor: SessionKeyActor,
  ): Promise<SessionKeyResource> {
    const { db, config } = this.deps;
    const account = await this.ownedAccount(accountId, actor);
    const now = this.now();
    const asset = body.token ? this.resolveAsset(account.chain_id, body.token.asset) : null;
    const checked = planGrant(body, {
      account: getAddress(account.address),
      owner: getAddress(account.owner_address),
      entryPoint: getAddress(account.entry_point),
      now,
      maxDays: config.smartAccounts.sessionKeyMaxDays,
      asset,
      nativeDecimals: this.nativeDecimals(account.chain_id),
    });
    if (!checked.ok) throw new ValidationError('the session key grant is not valid', checked.errors);
    const { plan } = checked;
    const id = newId('sk');
    const metadata = body.metadata ?? {};
    await insertKey(db, {
      id,
      account_id: account.id,
      chain_id: account.chain_id,
      key_address: plan.key,
      label: body.label ?? null,
      status: 'pending',
      status_reason: null,
      valid_after: plan.scope.validAfter,
      valid_until: plan.scope.validUntil,
      token: plan.token?.address ?? null,
      token_symbol: plan.token?.symbol ?? null,
      token_decimals: plan.token?.decimals ?? null,
      per_op_cap: plan.scope.perOpCap,
      total_cap: plan.scope.totalCap,
      value_per_call: plan.scope.valuePerCall,
      targets: JSON.stringify(plan.targets),
      recipients: JSON.stringify(plan.scope.recipients),
      metadata: JSON.stringify(metadata),
      grant_operation_id: null,
      revoke_operation_id: null,
      replaced_by: null,
      granted_at: null,
      revoked_at: null,
      created_by: actor.keyId,
      created_by_principal: actor.principalId,
    });
    let op: UserOperationResource;
    try {
      op = await this.deps.createOperation({
        smartAccountId: account.id,
        calls: [
          {
            to: getAddress(account.address),
            data: grantCallData(plan.key, plan.scope),
            value: '0',
            // What the grant puts at stake: the key may move up to its total cap of the token.
            ...(plan.token?.address
              ? {
                  declared: {
                    asset: { symbol: plan.token.symbol, address: plan.token.address, decimals: plan.token.decimals },
                    amount: plan.scope.totalCap,
                  },
                }
              : {}),
          },
        ],
        origin: 'session_keys.grant',
        intentKind: 'session_key',
        ...(body.sponsorshipPolicyId ? { sponsorshipPolicyId: body.sponsorshipPolicyId } : {}),
        apiKeyId: actor.keyId,
        principalId: actor.principalId,
        metadata: { sessionKeyId: id },
      });
    } catch (err) {
      // Nothing half-written: the key exists only with its grant operation.
      await deletePendingKey(db, id);
      throw err;
    }
    return db.transaction().execute(async (trx) => {
      const current = (await lockKey(trx, id))!;
      // The outcome may have arrived first (found by the operation's metadata): keep its status.
      const row = await setOperation(trx, id, 'grant', op.id, current.status);
      await appendAudit(trx, {
        actor: actor.keyId,
        action: 'session_key.grant_requested',
        subject: id,
        details: {
          smartAccountId: account.id,
          keyAddress: plan.key,
          validAfter: plan.scope.validAfter,
          validUntil: plan.scope.validUntil,
          token: plan.token?.symbol ?? null,
          perOperation: plan.scope.perOpCap.toString(),
          total: plan.scope.totalCap.toString(),
          operation: op.id,
        },
      });
      const resource = sessionKeyResource(row, undefined, now, this.nativeDecimals(account.chain_id));
      await recordResponse(trx, 'session_key.grant', resource, 201);
      return resource;
    });
  }

  /** The account's keys, newest first, each with its status and allowance read from the chain (one multicall). */
  async list(
    accountId: string,
    actor: SessionKeyActor | null,
    q: { limit: number; startingAfter?: string | undefined },
  ): Promise<{ data: SessionKeyResource[]; hasMore: boolean }> {
    const account = await this.ownedAccount(accountId, actor);
    if (q.startingAfter && !(await keyById(this.deps.db, accountId, q.startingAfter)))
      throw new ValidationError(`unknown cursor ${q.startingAfter}`, [
        { field: 'querystring.startingAfter', code: 'unknown_session_key', message: 'no session key with this id' },
      ]);
    const rows = await listKeys(this.deps.db, accountId, {
      limit: q.limit + 1,
      ...(q.startingAfter ? { belowId: q.startingAfter } : {}),
    });
    const page = pageOf(rows, q.limit);
    const chain = await readSessions(this.deps, account, page.data);
    const now = this.now();
    return {
      data: page.data.map((r) => sessionKeyResource(r, chain?.get(r.id), now, this.nativeDecimals(account.chain_id))),
      hasMore: page.hasMore,
    };
  }

  /** One key with its status and allowance read from the chain. */
  async get(accountId: string, keyId: string, actor: SessionKeyActor | null): Promise<SessionKeyResource> {
    const account = await this.ownedAccount(accountId, actor);
    const row = await keyById(this.deps.db, accountId, keyId);
    if (!row) throw new KeelError('session_key_not_found', `no session key ${keyId} on smart account ${accountId}`);
    const chain = await readSessions(this.deps, account, [row]);
    return sessionKeyResource(row, chain?.get(row.id), this.now(), this.nativeDecimals(account.chain_id));
  }

  /**
   * The key's address, scope, spent total and status, for the user-operation intake to enforce
   * the scope in Keel's policy before anything is signed (session-scope-logic.ts). Null for an
   * unknown key or one of another account. `spent` is the chain's; 0 when the chain cannot be
   * read (the contract still enforces the real total).
   */
  async scopeFor(accountId: string, sessionKeyId: string): Promise<SessionKeyScope | null> {
    const row = await keyById(this.deps.db, accountId, sessionKeyId);
    const account = row ? await accountById(this.deps.db, accountId) : undefined;
    if (!row || !account) return null;
    const chain = (await readSessions(this.deps, account, [row]))?.get(row.id);
    const scope = rowScope(row);
    const { status } = keyStatus(row.status, scope, chain, this.now());
    return { address: getAddress(row.key_address), scope, spent: chain?.spent ?? 0n, status };
  }

  /**
   * Revokes a key: sends the owner operation that calls `revokeSession` (origin
   * `session_keys.revoke`); the key is `revoking` until it is confirmed. A key that is not
   * active (pending, already revoked, expired, failed) answers 409 `session_key_state`.
   */
  async revoke(
    accountId: string,
    keyId: string,
    actor: SessionKeyActor,
    sponsorshipPolicyId?: string,
  ): Promise<SessionKeyResource> {
    const { db } = this.deps;
    const account = await this.ownedAccount(accountId, actor);
    const row = await keyById(db, accountId, keyId);
    if (!row) throw new KeelError('session_key_not_found', `no session key ${keyId} on smart account ${accountId}`);
    const chain = (await readSessions(this.deps, account, [row]))?.get(row.id);
    const now = this.now();
    const shown = keyStatus(row.status, rowScope(row), chain, now).status;
    const refuse = () =>
      new KeelError('session_key_state', `session key ${keyId} is ${shown}: only an active key can be revoked`, {
        extra: { status: shown },
      });
    if (!revocable(row.status, shown)) throw refuse();
    // Claim the key (a concurrent revoke finds it revoking and is refused).
    const claimed = await db.transaction().execute(async (trx) => {
      const locked = await lockKey(trx, keyId);
      if (locked?.status !== 'active') return false;
      await setStatus(trx, keyId, 'revoking', null, now, { granted: false });
      return true;
    });
    if (!claimed) throw refuse();
    let op: UserOperationResource;
    try {
      op = await this.deps.createOperation({
        smartAccountId: account.id,
        calls: [{ to: getAddress(account.address), data: revokeCallData(getAddress(row.key_address)), value: '0' }],
        origin: 'session_keys.revoke',
        intentKind: 'session_key',
        ...(sponsorshipPolicyId ? { sponsorshipPolicyId } : {}),
        apiKeyId: actor.keyId,
        principalId: actor.principalId,
        metadata: { sessionKeyId: keyId },
      });
    } catch (err) {
      await db.transaction().execute(async (trx) => {
        const locked = await lockKey(trx, keyId);
        if (locked?.status === 'revoking' && locked.revoke_operation_id === null)
          await setStatus(trx, keyId, 'active', null, now, { granted: false });
      });
      throw err;
    }
    return db.transaction().execute(async (trx) => {
      const current = (await lockKey(trx, keyId))!;
      const updated = await setOperation(trx, keyId, 'revoke', op.id, current.status);
      await appendAudit(trx, {
        actor: actor.keyId,
        action: 'session_key.revoke_requested',
        subject: keyId,
        details: { smartAccountId: account.id, keyAddress: row.key_address, operation: op.id },
      });
      const resource = sessionKeyResource(updated, chain, now, this.nativeDecimals(account.chain_id));
      await recordResponse(trx, 'session_key.revoke', resource);
      return resource;
    });
  }

  /**
   * Applies the outcome of a grant or revoke operation to its key, inside the transaction that
   * writes the operation's final state (no network I/O): see `outcomeTransition`. A confirmed
   * grant marks the account's earlier grants of the same key address revoked (replaced), and
   * publishes `session_key.granted`; a confirmed revocation publishes `session_key.revoked`.
   */
  async applyOutcome(
    trx: Transaction<DB>,
    kind: 'grant' | 'revoke',
    outcome: { kind: 'final' | 'retracted'; status: OperationFinal; operation: UserOperationRow },
  ): Promise<void> {
    const op = outcome.operation;
    let row = await keyByOperation(trx, kind, op.id);
    if (!row) {
      // The operation finished before the request recorded its id: its metadata names the key.
      const keyId = dbJson<Record<string, string>>(op.metadata).sessionKeyId;
      const found = keyId ? await lockKey(trx, keyId) : undefined;
      if (!found || found.account_id !== op.account_id) return;
      row = await setOperation(trx, found.id, kind, op.id);
    }
    const next = outcomeTransition(kind, outcome, row.status);
    if (!next) return;
    const at = this.now();
    // Why a key moved otherwise than asked: `grant_failed`, `revoke_rejected`, `reorged`…
    const reason =
      outcome.kind === 'retracted' ? 'reorged' : outcome.status === 'confirmed' ? null : `${kind}_${outcome.status}`;
    const updated = await setStatus(trx, row.id, next, reason, at, { granted: kind === 'grant' });
    const native = this.nativeDecimals(updated.chain_id);
    if (kind === 'grant' && next === 'active') {
      const replaced = await markReplaced(trx, updated, at);
      await publishEvent(trx, 'session_key.granted', sessionKeyResource(updated, undefined, at, native));
      for (const r of replaced)
        await publishEvent(trx, 'session_key.revoked', sessionKeyResource(r, undefined, at, native));
    }
    if (kind === 'revoke' && next === 'revoked')
      await publishEvent(trx, 'session_key.revoked', sessionKeyResource(updated, undefined, at, native));
  }
}
