import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { appendAudit } from '../audit/store.ts';
import type { ApiKeysTable, DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import { newId } from '../lib/ids.ts';
import { pageOf } from '../lib/pagination.ts';
import { NotFoundError, ValidationError, type FieldError } from '../lib/errors.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import { endUserIdProblem, normalizeEndUserId } from '../lib/user-id.ts';
import { readHits } from './rate-limit-store.ts';
import { isScope, type Scope } from './scopes.ts';
import type { PrincipalKind } from './tables.ts';
import { generateToken, parseToken, secretMatches } from './tokens.ts';

/** Who a key belongs to, as requests and resources carry it. */
export interface PrincipalRef {
  id: string;
  name: string;
  kind: PrincipalKind;
}

export type ApiKeyStatus = 'pending' | 'active' | 'rejected';

export interface ApiKey {
  id: string;
  name: string;
  scopes: Scope[];
  /** `pending` until its access request is approved; only `active` keys authenticate. */
  status: ApiKeyStatus;
  /** The principal the key belongs to: four-eyes checks compare principals, never keys. */
  principalId: string;
  principal: PrincipalRef;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

type KeyRow = Selectable<ApiKeysTable> & { principal_name: string; principal_kind: PrincipalKind };
type Db = Kysely<DB> | Transaction<DB>;

/** Whether a stored key may act with the presented secret: active, not revoked, its principal active. */
function keyMayAct(r: KeyRow & { principal_status: string | null }, secret: string): boolean {
  return (
    !r.revoked_at && r.status === 'active' && r.principal_status === 'active' && secretMatches(secret, r.secret_hash)
  );
}

function toApiKey(r: KeyRow): ApiKey {
  return {
    id: r.id,
    name: r.name,
    scopes: r.scopes.filter(isScope),
    status: r.status,
    principalId: r.principal_id,
    principal: { id: r.principal_id, name: r.principal_name, kind: r.principal_kind },
    createdAt: r.created_at,
    revokedAt: r.revoked_at ?? null,
    lastUsedAt: r.last_used_at ?? null,
  };
}

/** The API resource of a key (never its secret), as events carry it. */
export function apiKeyResource(k: ApiKey) {
  return {
    id: k.id,
    object: 'api_key' as const,
    name: k.name,
    scopes: k.scopes,
    status: k.status,
    principal: k.principal,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}

/** Field errors of a key request (name and scopes); `prefix` is the body path (`body.` or `body.key.`). */
export function keyInputErrors(input: { name: string; scopes: readonly string[] }, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.name.trim()) errors.push({ field: `${prefix}name`, code: 'required', message: 'a key needs a name' });
  if (input.scopes.length === 0)
    errors.push({ field: `${prefix}scopes`, code: 'required', message: 'at least one scope is required' });
  input.scopes.forEach((s, i) => {
    if (!isScope(s))
      errors.push({ field: `${prefix}scopes[${i}]`, code: 'unknown_scope', message: `unknown scope "${s}"` });
  });
  return errors;
}

/**
 * Reads keys with their principal's name and kind, oldest first; with `page`, newest first
 * from below `page.startingAfter`, one more than `page.limit` (the caller tells whether there are more).
 */
export async function loadKeys(
  db: Db,
  where: { ids?: readonly string[]; principalId?: string; page?: { limit: number; startingAfter?: string } } = {},
): Promise<ApiKey[]> {
  let q = db
    .selectFrom('api_keys as k')
    .innerJoin('principals as p', 'p.id', 'k.principal_id')
    .selectAll('k')
    .select(['p.name as principal_name', 'p.kind as principal_kind'])
    .orderBy('k.id', where.page ? 'desc' : 'asc');
  if (where.ids) {
    if (where.ids.length === 0) return [];
    q = q.where('k.id', 'in', [...where.ids]);
  }
  if (where.principalId) q = q.where('k.principal_id', '=', where.principalId);
  if (where.page) {
    q = q.limit(where.page.limit + 1);
    if (where.page.startingAfter) q = q.where('k.id', '<', where.page.startingAfter);
  }
  return (await q.execute()).map(toApiKey);
}

/** The principal a key belongs to (null: no such key), for recording who acts whichever key it uses. */
export async function principalOfKey(db: Db, keyId: string): Promise<string | null> {
  return (
    (await db.selectFrom('api_keys').select('principal_id').where('id', '=', keyId).executeTakeFirst())?.principal_id ??
    null
  );
}

/**
 * Inserts a key in the caller's transaction (the one place `api_keys` rows are born). An
 * `active` key publishes `api_key.created`; a `pending` one waits for its access request and
 * publishes it when approved (`activateKey`). Both are audited as `api_key.created` with the status.
 */
export async function insertKey(
  trx: Transaction<DB>,
  input: { name: string; scopes: readonly string[]; principalId: string; status: 'active' | 'pending' },
  actor: string,
  auditExtra: Record<string, unknown> = {},
): Promise<{ key: ApiKey; token: string }> {
  const errors = keyInputErrors(input);
  if (errors.length) throw new ValidationError('invalid API key request', errors);
  const t = generateToken();
  await trx
    .insertInto('api_keys')
    .values({
      id: t.id,
      name: input.name.trim(),
      secret_hash: t.secretHash,
      scopes: [...new Set(input.scopes)],
      revoked_at: null,
      last_used_at: null,
      principal_id: input.principalId,
      status: input.status,
    })
    .execute();
  const [key] = await loadKeys(trx, { ids: [t.id] });
  if (key!.status === 'active') await publishEvent(trx, 'api_key.created', apiKeyResource(key!));
  await appendAudit(trx, {
    actor,
    action: 'api_key.created',
    subject: key!.id,
    details: {
      name: key!.name,
      scopes: key!.scopes,
      principalId: key!.principalId,
      status: key!.status,
      ...auditExtra,
    },
  });
  return { key: key!, token: t.token };
}

/** Ends a pending key's wait: `active` (publishes `api_key.created`) or `rejected` (it never authenticates). */
export async function settleKey(
  trx: Transaction<DB>,
  id: string,
  to: 'active' | 'rejected',
): Promise<ApiKey | undefined> {
  const r = await trx
    .updateTable('api_keys')
    .set({ status: to })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  const [key] = await loadKeys(trx, { ids: [id] });
  if (to === 'active' && key && !key.revokedAt) await publishEvent(trx, 'api_key.created', apiKeyResource(key));
  return key;
}

/**
 * Inserts an active principal in the caller's transaction and publishes `principal.created`.
 * Only the bootstrap path (the CLI, tests, the dev stack) and an approved access request make
 * active principals.
 */
export async function insertPrincipal(
  trx: Transaction<DB>,
  input: { name: string; kind: PrincipalKind; status: 'active' | 'pending' },
  createdBy: string,
): Promise<string> {
  const name = normalizeEndUserId(input.name.trim());
  if (!name || name.length > 200)
    throw new ValidationError('invalid principal', [
      { field: 'name', code: 'required', message: 'a principal needs a name (at most 200 characters)' },
    ]);
  // Approvers recognise a principal by its name: no invisible characters that make a look-alike (the CLI path too).
  const problem = endUserIdProblem(name);
  if (problem) throw new ValidationError('invalid principal', [{ field: 'name', ...problem }]);
  const id = newId('prn');
  const row = await trx
    .insertInto('principals')
    .values({ id, name, kind: input.kind, status: input.status, created_by: createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (row.status === 'active') await publishEvent(trx, 'principal.created', principalResource(row));
  return id;
}

/** The API resource of a principal. */
export function principalResource(r: Selectable<DB['principals']>) {
  return {
    id: r.id,
    object: 'principal' as const,
    name: r.name,
    kind: r.kind,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
  };
}

/**
 * The only writer of `api_keys`. `create` is the bootstrap path (the CLI, the dev stack and
 * tests, which hold the database): the key is active at once, for an existing principal or
 * for a new principal of its own. Over HTTP, keys are requested through `PrincipalsStore`,
 * where privileged scopes and keys for other principals wait for approval.
 */
export class KeysStore {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Creates an active key (bootstrap path); the returned token is the only time the secret
   * exists in clear. Without `principalId` the key gets a new principal of its own, named
   * `principalName` (default: the key's name). `actor` (`cli`, or a key id) is audited.
   */
  async create(
    input: {
      name: string;
      scopes: string[];
      principalId?: string | undefined;
      principalName?: string | undefined;
      principalKind?: PrincipalKind | undefined;
    },
    actor = 'cli',
  ): Promise<{ key: ApiKey; token: string }> {
    const errors = keyInputErrors(input);
    if (errors.length) throw new ValidationError('invalid API key request', errors);
    return this.db.transaction().execute(async (trx) => {
      let principalId = input.principalId;
      let extra: Record<string, unknown> = {};
      if (principalId) {
        const p = await trx
          .selectFrom('principals')
          .select(['id', 'status'])
          .where('id', '=', principalId)
          .executeTakeFirst();
        if (!p) throw new NotFoundError(`no principal ${principalId}`);
        if (p.status !== 'active')
          throw new ValidationError('the principal is not active', [
            { field: 'principal', code: 'principal_not_active', message: `principal ${principalId} is ${p.status}` },
          ]);
      } else {
        const kind = input.principalKind ?? 'operator';
        const name = input.principalName ?? input.name;
        principalId = await insertPrincipal(trx, { name, kind, status: 'active' }, actor);
        extra = { newPrincipal: { name: name.trim(), kind } };
      }
      return insertKey(trx, { ...input, principalId, status: 'active' }, actor, extra);
    });
  }

  /** Every key (pending, active, rejected, revoked), oldest first, optionally of one principal. */
  async list(principalId?: string): Promise<ApiKey[]> {
    return loadKeys(this.db, principalId ? { principalId } : {});
  }

  /** A page of keys, newest first, after `startingAfter` (a key id), optionally of one principal. */
  async page(opts: { principalId?: string; limit: number; startingAfter?: string }) {
    const { principalId, ...page } = opts;
    return pageOf(await loadKeys(this.db, { ...(principalId ? { principalId } : {}), page }), opts.limit);
  }

  /** Revokes a key; revoking an already revoked key changes nothing and emits no event nor audit entry. */
  async revoke(id: string, actor = 'cli'): Promise<ApiKey> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('api_keys')
        .set({ revoked_at: new Date() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      const [k] = await loadKeys(trx, { ids: [id] });
      if (!k) throw new NotFoundError(`no API key ${id}`);
      if (Number(r.numUpdatedRows) > 0) {
        await publishEvent(trx, 'api_key.revoked', apiKeyResource(k));
        await appendAudit(trx, {
          actor,
          action: 'api_key.revoked',
          subject: k.id,
          details: { name: k.name, principalId: k.principalId },
        });
      }
      // The answer commits with the revocation (a repeated revoke answers the same key, changing nothing).
      await recordResponse(trx, 'api_key.revoke', apiKeyResource(k));
      return k;
    });
  }

  /**
   * Resolves a presented token to a key that may act, or undefined: unknown, wrong secret,
   * revoked, still pending approval (or rejected), or its principal is not active.
   */
  async verify(token: string): Promise<ApiKey | undefined> {
    const parsed = parseToken(token);
    if (!parsed) return undefined;
    const row = await this.db
      .selectFrom('api_keys as k')
      .innerJoin('principals as p', 'p.id', 'k.principal_id')
      .selectAll('k')
      .select(['p.name as principal_name', 'p.kind as principal_kind', 'p.status as principal_status'])
      .where('k.id', '=', parsed.id)
      .executeTakeFirst();
    return row && keyMayAct(row, parsed.secret) ? toApiKey(row) : undefined;
  }

  /**
   * `verify`, and the failed-authentication counter of the caller's client (`counter`, a bucket
   * of `rate_limit_counters` in its current window) read in the same statement: one round trip
   * per request instead of two. The caller refuses an over-limit client before it looks at the
   * key, so the answer never tells a blocked client whether its key works. A malformed token
   * reads only the counter.
   */
  async verifyCounting(
    token: string,
    counter: { bucket: string; windowStart: Date },
  ): Promise<{ key: ApiKey | undefined; failures: number }> {
    const parsed = parseToken(token);
    if (!parsed) return { key: undefined, failures: await readHits(this.db, counter) };
    const row = await this.db
      .selectFrom(sql<{ one: number }>`(select 1 as one)`.as('x'))
      .leftJoin('api_keys as k', (j) => j.on('k.id', '=', parsed.id))
      .leftJoin('principals as p', 'p.id', 'k.principal_id')
      .leftJoin('rate_limit_counters as c', (j) =>
        j.on('c.bucket', '=', counter.bucket).on('c.window_start', '=', counter.windowStart),
      )
      .selectAll('k')
      .select(['p.name as principal_name', 'p.kind as principal_kind', 'p.status as principal_status', 'c.hits'])
      .executeTakeFirstOrThrow();
    const failures = Number(row.hits ?? 0);
    const found = row.id !== null ? (row as KeyRow & { principal_status: string | null }) : undefined;
    return { key: found && keyMayAct(found, parsed.secret) ? toApiKey(found) : undefined, failures };
  }

  /** Best-effort usage stamp, at most once a minute per key to keep writes off the hot path. */
  async touch(key: ApiKey): Promise<void> {
    const now = Date.now();
    if (key.lastUsedAt && now - key.lastUsedAt.getTime() < 60_000) return;
    await this.db
      .updateTable('api_keys')
      .set({ last_used_at: new Date(now) })
      .where('id', '=', key.id)
      .execute();
  }
}
