import type { Kysely, Selectable, Transaction } from 'kysely';
import { appendAudit } from '../audit/store.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import { KeelError, NotFoundError, PermanentError, ValidationError, type PermanentErrorCode } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { pageOf } from '../lib/pagination.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import { approvalRefusal, keyApprovalReasons, quorumReached, type ApprovalReason } from './access-logic.ts';
import {
  apiKeyResource,
  insertKey,
  insertPrincipal,
  keyInputErrors,
  loadKeys,
  principalResource,
  settleKey,
  type ApiKey,
} from './keys-store.ts';
import type { AccessRequestsTable, PrincipalKind, PrincipalsTable } from './tables.ts';

/**
 * Principals (people and services) and the access requests that change who may do what.
 *
 * Over the API, a new principal and a key that holds a privileged scope (`review`,
 * `policy:approve`, `admin`) or belongs to another principal are requests: the rows exist at
 * once (`pending`; a pending key does not authenticate) and take effect when
 * `approvalsRequired` distinct principals other than the requester and the recipient have
 * approved. One rejection closes a request. Every decision is audited; creation, approval and
 * rejection are events. The bootstrap path (the CLI, which holds the database) creates active
 * principals and keys without approval: see `KeysStore.create` and `bootstrap` here.
 *
 * Concurrency: each decision locks the request row (`for update`), so approvals racing for the
 * last slot are counted one after the other and exactly one of them grants the access.
 */

type RequestRow = Selectable<AccessRequestsTable>;
type PrincipalRow = Selectable<PrincipalsTable>;

export type PrincipalResource = ReturnType<typeof principalResource>;

/** An access request as the API shows it. */
export interface AccessRequestResource {
  id: string;
  object: 'access_request';
  kind: 'principal' | 'api_key';
  status: 'pending' | 'approved' | 'rejected';
  /** The principal created (kind `principal`) or receiving the key. */
  principal: { id: string; name: string; kind: PrincipalKind; status: string };
  /** The key waiting for approval, if any (never its secret). */
  apiKey: { id: string; name: string; scopes: string[]; status: string } | null;
  /** Why it needs approval: `new_principal`, `privileged_scope`, `other_principal`. */
  reasons: string[];
  requestedBy: { principal: { id: string; name: string }; apiKeyId: string };
  note: string | null;
  decisions: Array<{
    principal: { id: string; name: string };
    apiKeyId: string;
    decision: 'approve' | 'reject';
    note: string | null;
    createdAt: string;
  }>;
  approvalsRequired: number;
  createdAt: string;
  decidedAt: string | null;
}

/** The answer of `POST /v1/principals` (202): the pending principal, its request, and its first key with the token (once). */
export interface PrincipalRequestAnswer {
  principal: PrincipalResource;
  accessRequest: AccessRequestResource;
  apiKey: (ReturnType<typeof apiKeyResource> & { token: string }) | null;
}

/** The answer of `POST /v1/api-keys`: 201 with an active key, or 202 with a pending key and its access request. */
export interface KeyRequestAnswer {
  status: 201 | 202;
  body: ReturnType<typeof apiKeyResource> & { token: string; accessRequest: AccessRequestResource | null };
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const conflict = (code: PermanentErrorCode, detail: string) => new PermanentError(code, detail);
const actorOf = (k: ApiKey) => k.id;

export class PrincipalsStore {
  constructor(
    private readonly db: Kysely<DB>,
    /** Distinct principals, other than the requester and the recipient, that must approve (config `auth.approvalsRequired`). */
    readonly approvalsRequired: number,
  ) {}

  /**
   * Bootstrap path: an active principal at once, without approval — for the first operators.
   * Only the CLI (`keel principals create`), which has the database, calls it; audited as `actor`.
   */
  async bootstrap(input: { name: string; kind: PrincipalKind }, actor = 'cli'): Promise<PrincipalResource> {
    return this.db.transaction().execute(async (trx) => {
      const id = await insertPrincipal(trx, { ...input, status: 'active' }, actor);
      const row = await this.principalRow(trx, id);
      await appendAudit(trx, {
        actor,
        action: 'principal.created',
        subject: id,
        details: { name: row.name, kind: row.kind, bootstrap: true },
      });
      return principalResource(row);
    });
  }

  private async principalRow(db: Kysely<DB> | Transaction<DB>, id: string): Promise<PrincipalRow> {
    const row = await db.selectFrom('principals').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError(`no principal ${id}`);
    return row;
  }

  /** Every principal, oldest first. */
  async list(): Promise<PrincipalResource[]> {
    return (await this.db.selectFrom('principals').selectAll().orderBy('id').execute()).map(principalResource);
  }

  /** A page of principals, newest first, after `startingAfter` (a principal id). */
  async page(limit: number, startingAfter?: string): Promise<{ data: PrincipalResource[]; hasMore: boolean }> {
    let q = this.db
      .selectFrom('principals')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (startingAfter) q = q.where('id', '<', startingAfter);
    return pageOf((await q.execute()).map(principalResource), limit);
  }

  /** One principal with its keys (never their secrets). */
  async get(id: string) {
    const row = await this.principalRow(this.db, id);
    return { ...principalResource(row), apiKeys: (await loadKeys(this.db, { principalId: id })).map(apiKeyResource) };
  }

  /**
   * Who is behind ids a caller already holds (API key ids and principal ids found in
   * resources: `createdBy`, `decidedBy`, `trippedBy`…): each id with its principal's id, name
   * and kind, or null for anything else (`system`, `cli`, unknown ids).
   */
  async lookup(
    ids: readonly string[],
  ): Promise<Array<{ id: string; principal: { id: string; name: string; kind: PrincipalKind } | null }>> {
    const keyIds = ids.filter((i) => i.startsWith('key_'));
    const principalIds = ids.filter((i) => i.startsWith('prn_'));
    const viaKeys = keyIds.length
      ? await this.db
          .selectFrom('api_keys as k')
          .innerJoin('principals as p', 'p.id', 'k.principal_id')
          .select(['k.id as ref', 'p.id', 'p.name', 'p.kind'])
          .where('k.id', 'in', keyIds)
          .execute()
      : [];
    const direct = principalIds.length
      ? await this.db
          .selectFrom('principals')
          .select(['id as ref', 'id', 'name', 'kind'])
          .where('id', 'in', principalIds)
          .execute()
      : [];
    const found = new Map([...viaKeys, ...direct].map((r) => [r.ref, { id: r.id, name: r.name, kind: r.kind }]));
    return ids.map((id) => ({ id, principal: found.get(id) ?? null }));
  }

  /** A principal by id or by its name (the CLI's `--principal`); 422 when a name is ambiguous. */
  async find(idOrName: string): Promise<PrincipalResource> {
    const rows = await this.db
      .selectFrom('principals')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .execute();
    const byId = rows.find((r) => r.id === idOrName);
    if (byId) return principalResource(byId);
    const active = rows.filter((r) => r.status === 'active');
    if (active.length === 1) return principalResource(active[0]!);
    if (active.length > 1)
      throw new ValidationError(`several principals are named "${idOrName}"`, [
        { field: 'principal', code: 'ambiguous', message: `use the id: ${active.map((r) => r.id).join(', ')}` },
      ]);
    throw new NotFoundError(`no active principal ${idOrName}`);
  }

  /**
   * Asks for a new principal (optionally with its first key): both exist at once as `pending`
   * and become active when the request is approved. The key's token is in this answer only,
   * and does nothing until then.
   */
  async requestPrincipal(
    input: {
      name: string;
      kind: PrincipalKind;
      key?: { name: string; scopes: string[] } | undefined;
      note?: string | undefined;
    },
    requester: ApiKey,
  ): Promise<PrincipalRequestAnswer> {
    const errors = input.key ? keyInputErrors(input.key, 'body.key.') : [];
    if (!input.name.trim())
      errors.unshift({ field: 'body.name', code: 'required', message: 'a principal needs a name' });
    if (errors.length) throw new ValidationError('invalid principal request', errors);
    return this.db.transaction().execute(async (trx) => {
      const principalId = await insertPrincipal(
        trx,
        { name: input.name, kind: input.kind, status: 'pending' },
        requester.principalId,
      );
      const key = input.key
        ? await insertKey(trx, { ...input.key, principalId, status: 'pending' }, actorOf(requester))
        : undefined;
      const request = await this.openRequest(
        trx,
        { kind: 'principal', principalId, apiKeyId: key?.key.id ?? null, note: input.note ?? null },
        requester,
        ['new_principal'],
      );
      const answer: PrincipalRequestAnswer = {
        principal: principalResource(await this.principalRow(trx, principalId)),
        accessRequest: request,
        apiKey: key ? { ...apiKeyResource(key.key), token: key.token } : null,
      };
      // The key's token is shown once: the answer that carries it commits with the request (sealed; src/lib/request-outcome.ts).
      await recordResponse(trx, 'principal.request', answer);
      return answer;
    });
  }

  /**
   * Asks for a key. For one's own principal without a privileged scope it is active at once
   * (no request). Otherwise it is `pending` behind an access request; its token is in this
   * answer only and authenticates nothing until the request is approved.
   */
  async requestKey(
    input: { name: string; scopes: string[]; principalId?: string | undefined; note?: string | undefined },
    requester: ApiKey,
  ): Promise<KeyRequestAnswer> {
    const errors = keyInputErrors(input, 'body.');
    if (errors.length) throw new ValidationError('invalid API key request', errors);
    const target = input.principalId ?? requester.principalId;
    return this.db.transaction().execute(async (trx) => {
      const p = await trx.selectFrom('principals').select(['id', 'status']).where('id', '=', target).executeTakeFirst();
      if (!p) throw new NotFoundError(`no principal ${target}`);
      if (p.status !== 'active')
        throw conflict(
          'principal_not_active',
          `principal ${target} is ${p.status}; a key can be requested once it is active (a new principal's first key goes with POST /v1/principals)`,
        );
      const reasons = keyApprovalReasons(requester.principalId, target, input.scopes);
      const { key, token } = await insertKey(
        trx,
        { name: input.name, scopes: input.scopes, principalId: target, status: reasons.length ? 'pending' : 'active' },
        actorOf(requester),
      );
      const request = reasons.length
        ? await this.openRequest(
            trx,
            { kind: 'api_key', principalId: target, apiKeyId: key.id, note: input.note ?? null },
            requester,
            reasons,
          )
        : null;
      const answer: KeyRequestAnswer = {
        status: request ? 202 : 201,
        body: { ...apiKeyResource(key), token, accessRequest: request },
      };
      // The token is shown once: the answer (201 active, 202 pending) commits with the key (sealed; src/lib/request-outcome.ts).
      await recordResponse(trx, 'api_key.create', answer.body, answer.status);
      return answer;
    });
  }

  private async openRequest(
    trx: Transaction<DB>,
    r: { kind: 'principal' | 'api_key'; principalId: string; apiKeyId: string | null; note: string | null },
    requester: ApiKey,
    reasons: Array<ApprovalReason | 'new_principal'>,
  ): Promise<AccessRequestResource> {
    const id = newId('areq');
    await trx
      .insertInto('access_requests')
      .values({
        id,
        kind: r.kind,
        principal_id: r.principalId,
        api_key_id: r.apiKeyId,
        requested_by_principal: requester.principalId,
        requested_by_key: requester.id,
        note: r.note,
        decided_at: null,
      })
      .execute();
    const res = await this.load(trx, id);
    await publishEvent(trx, 'access_request.created', res);
    await appendAudit(trx, {
      actor: actorOf(requester),
      action: 'access_request.created',
      subject: id,
      details: {
        kind: r.kind,
        principalId: r.principalId,
        apiKeyId: r.apiKeyId,
        reasons,
        requestedBy: requester.principalId,
        note: r.note,
      },
    });
    return res;
  }

  /** Access requests, newest first, optionally by status. */
  /** Access requests, newest first, a page after `startingAfter`. */
  async listRequests(
    status?: 'pending' | 'approved' | 'rejected',
    limit = 100,
    startingAfter?: string,
  ): Promise<{ data: AccessRequestResource[]; hasMore: boolean }> {
    let q = this.db
      .selectFrom('access_requests')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (status) q = q.where('status', '=', status);
    if (startingAfter) q = q.where('id', '<', startingAfter);
    const rows = await q.execute();
    return { data: await this.resources(this.db, rows.slice(0, limit)), hasMore: rows.length > limit };
  }

  async request(id: string): Promise<AccessRequestResource> {
    return this.load(this.db, id);
  }

  private async load(db: Kysely<DB> | Transaction<DB>, id: string): Promise<AccessRequestResource> {
    const row = await db.selectFrom('access_requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError(`no access request ${id}`);
    return (await this.resources(db, [row]))[0]!;
  }

  private async resources(db: Kysely<DB> | Transaction<DB>, rows: RequestRow[]): Promise<AccessRequestResource[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const decisions = await db
      .selectFrom('access_request_decisions')
      .selectAll()
      .where('request_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const principalIds = [
      ...new Set([
        ...rows.flatMap((r) => [r.principal_id, r.requested_by_principal]),
        ...decisions.map((d) => d.principal_id),
      ]),
    ];
    const principals = new Map(
      (await db.selectFrom('principals').selectAll().where('id', 'in', principalIds).execute()).map((p) => [p.id, p]),
    );
    const keys = new Map(
      (await loadKeys(db, { ids: rows.flatMap((r) => (r.api_key_id ? [r.api_key_id] : [])) })).map((k) => [k.id, k]),
    );
    const ref = (id: string) => ({ id, name: principals.get(id)?.name ?? id });
    return rows.map((r) => {
      const p = principals.get(r.principal_id)!;
      const k = r.api_key_id ? keys.get(r.api_key_id) : undefined;
      const reasons =
        r.kind === 'principal'
          ? ['new_principal']
          : k
            ? keyApprovalReasons(r.requested_by_principal, r.principal_id, k.scopes)
            : [];
      return {
        id: r.id,
        object: 'access_request' as const,
        kind: r.kind,
        status: r.status,
        principal: { id: p.id, name: p.name, kind: p.kind, status: p.status },
        apiKey: k ? { id: k.id, name: k.name, scopes: k.scopes, status: k.revokedAt ? 'revoked' : k.status } : null,
        reasons,
        requestedBy: { principal: ref(r.requested_by_principal), apiKeyId: r.requested_by_key },
        note: r.note,
        decisions: decisions
          .filter((d) => d.request_id === r.id)
          .map((d) => ({
            principal: ref(d.principal_id),
            apiKeyId: d.api_key_id,
            decision: d.decision,
            note: d.note,
            createdAt: iso(d.created_at)!,
          })),
        approvalsRequired: this.approvalsRequired,
        createdAt: iso(r.created_at)!,
        decidedAt: iso(r.decided_at),
      };
    });
  }

  /** Locks an open request for a decision by `by`'s principal, refusing closed requests and repeated decisions. */
  private async lockOpen(trx: Transaction<DB>, id: string, by: ApiKey): Promise<RequestRow> {
    const row = await trx.selectFrom('access_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new NotFoundError(`no access request ${id}`);
    if (row.status !== 'pending')
      throw conflict('request_closed', `access request ${id} is ${row.status}; it takes no more decisions`);
    const mine = await trx
      .selectFrom('access_request_decisions')
      .select('decision')
      .where('request_id', '=', id)
      .where('principal_id', '=', by.principalId)
      .executeTakeFirst();
    if (mine)
      throw conflict(
        'already_decided',
        `principal ${by.principalId} already decided on access request ${id} (${mine.decision}), with one of its keys`,
      );
    return row;
  }

  /**
   * Records the approval of `by`'s principal. Refused (403 `self_approval`) for the principal
   * that asked and the principal that would gain the access. When approvals reach the quorum,
   * the principal and/or key become active in the same transaction.
   */
  async approve(id: string, by: ApiKey, note: string | null): Promise<AccessRequestResource> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.lockOpen(trx, id, by);
      const refusal = approvalRefusal(
        { requestedBy: row.requested_by_principal, principalId: row.principal_id },
        by.principalId,
      );
      if (refusal) {
        throw new KeelError(
          'self_approval',
          refusal === 'requester'
            ? 'the principal that asked for this access cannot approve it'
            : 'the principal that would receive this access cannot approve it',
          {
            userMessage: 'You cannot approve a change to your own access.',
          },
        );
      }
      await trx
        .insertInto('access_request_decisions')
        .values({
          id: newId('ard'),
          request_id: id,
          principal_id: by.principalId,
          api_key_id: by.id,
          decision: 'approve',
          note,
        })
        .execute();
      const n = await trx
        .selectFrom('access_request_decisions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('request_id', '=', id)
        .where('decision', '=', 'approve')
        .executeTakeFirstOrThrow();
      const approvals = Number(n.n);
      await appendAudit(trx, {
        actor: actorOf(by),
        action: 'access_request.approved',
        subject: id,
        details: { principalId: by.principalId, note, approvals, approvalsRequired: this.approvalsRequired },
      });
      if (quorumReached(approvals, this.approvalsRequired)) await this.grant(trx, row, by);
      const res = await this.load(trx, id);
      await recordResponse(trx, 'access_request.approve', res);
      return res;
    });
  }

  private async grant(trx: Transaction<DB>, row: RequestRow, by: ApiKey): Promise<void> {
    await trx
      .updateTable('access_requests')
      .set({ status: 'approved', decided_at: new Date() })
      .where('id', '=', row.id)
      .execute();
    if (row.kind === 'principal') {
      const p = await trx
        .updateTable('principals')
        .set({ status: 'active' })
        .where('id', '=', row.principal_id)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      if (p) await publishEvent(trx, 'principal.created', principalResource(p));
    }
    if (row.api_key_id) await settleKey(trx, row.api_key_id, 'active');
    await publishEvent(trx, 'access_request.approved', await this.load(trx, row.id));
    await appendAudit(trx, {
      actor: actorOf(by),
      action: 'access_request.granted',
      subject: row.id,
      details: { kind: row.kind, principalId: row.principal_id, apiKeyId: row.api_key_id },
    });
  }

  /** Records a rejection, which closes the request: a pending principal and key become `rejected` and never act. */
  async reject(id: string, by: ApiKey, note: string): Promise<AccessRequestResource> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.lockOpen(trx, id, by);
      await trx
        .insertInto('access_request_decisions')
        .values({
          id: newId('ard'),
          request_id: id,
          principal_id: by.principalId,
          api_key_id: by.id,
          decision: 'reject',
          note,
        })
        .execute();
      await trx
        .updateTable('access_requests')
        .set({ status: 'rejected', decided_at: new Date() })
        .where('id', '=', id)
        .execute();
      if (row.kind === 'principal')
        await trx
          .updateTable('principals')
          .set({ status: 'rejected' })
          .where('id', '=', row.principal_id)
          .where('status', '=', 'pending')
          .execute();
      if (row.api_key_id) await settleKey(trx, row.api_key_id, 'rejected');
      const res = await this.load(trx, id);
      await publishEvent(trx, 'access_request.rejected', res);
      await appendAudit(trx, {
        actor: actorOf(by),
        action: 'access_request.rejected',
        subject: id,
        details: { principalId: by.principalId, note },
      });
      await recordResponse(trx, 'access_request.reject', res);
      return res;
    });
  }
}
