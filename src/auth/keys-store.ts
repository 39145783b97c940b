import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/log.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import { isScope, type Scope } from './scopes.ts';
import { generateToken, parseToken, secretMatches } from './tokens.ts';

export interface ApiKey {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

type Row = DB['api_keys'] extends infer T ? { [K in keyof T]: unknown } : never;

function toApiKey(r: Row): ApiKey {
  return {
    id: r.id as string,
    name: r.name as string,
    scopes: (r.scopes as string[]).filter(isScope),
    createdAt: r.created_at as Date,
    revokedAt: (r.revoked_at as Date | null) ?? null,
    lastUsedAt: (r.last_used_at as Date | null) ?? null,
  };
}

/** The API resource of a key (never its secret), as events carry it. */
export function apiKeyResource(k: ApiKey) {
  return {
    id: k.id,
    object: 'api_key' as const,
    name: k.name,
    scopes: k.scopes,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}

/** The only writer of `api_keys`. Creation and revocation emit events and audit entries in the same transaction. */
export class KeysStore {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Creates a key; the returned token is the only time the secret exists in clear.
   * `actor` (the calling key id, or `cli`) is recorded in the audit log.
   */
  async create(input: { name: string; scopes: string[] }, actor = 'cli'): Promise<{ key: ApiKey; token: string }> {
    const name = input.name.trim();
    const errors = [];
    if (!name) errors.push({ field: 'name', code: 'required', message: 'a key needs a name' });
    if (input.scopes.length === 0) errors.push({ field: 'scopes', code: 'required', message: 'at least one scope is required' });
    input.scopes.forEach((s, i) => {
      if (!isScope(s)) errors.push({ field: `scopes[${i}]`, code: 'unknown_scope', message: `unknown scope "${s}"` });
    });
    if (errors.length) throw new ValidationError('invalid API key request', errors);
    const t = generateToken();
    const key = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('api_keys')
        .values({ id: t.id, name, secret_hash: t.secretHash, scopes: [...new Set(input.scopes)], revoked_at: null, last_used_at: null })
        .returningAll()
        .executeTakeFirstOrThrow();
      const k = toApiKey(row);
      await publishEvent(trx, 'api_key.created', apiKeyResource(k));
      await appendAudit(trx, { actor, action: 'api_key.created', subject: k.id, details: { name: k.name, scopes: k.scopes } });
      // The token is shown once: the answer that carries it commits with the key (sealed; src/lib/request-outcome.ts).
      await recordResponse(trx, 'api_key.create', { ...apiKeyResource(k), token: t.token });
      return k;
    });
    return { key, token: t.token };
  }

  async list(): Promise<ApiKey[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().orderBy('id').execute();
    return rows.map(toApiKey);
  }

  /** Revokes a key; revoking an already revoked key changes nothing and emits no event nor audit entry. */
  async revoke(id: string, actor = 'cli'): Promise<ApiKey> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('api_keys')
        .set({ revoked_at: new Date() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (row) {
        const k = toApiKey(row);
        await publishEvent(trx, 'api_key.revoked', apiKeyResource(k));
        await appendAudit(trx, { actor, action: 'api_key.revoked', subject: k.id, details: { name: k.name } });
        await recordResponse(trx, 'api_key.revoke', apiKeyResource(k));
        return k;
      }
      const existing = await trx.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
      if (!existing) throw new NotFoundError(`no API key ${id}`);
      return toApiKey(existing);
    });
  }

  /** Resolves a presented token to an active key, or undefined (unknown, wrong secret, revoked). */
  async verify(token: string): Promise<ApiKey | undefined> {
    const parsed = parseToken(token);
    if (!parsed) return undefined;
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', parsed.id).executeTakeFirst();
    if (!row || row.revoked_at || !secretMatches(parsed.secret, row.secret_hash)) return undefined;
    return toApiKey(row);
  }

  /** Best-effort usage stamp, at most once a minute per key to keep writes off the hot path. */
  async touch(key: ApiKey): Promise<void> {
    const now = Date.now();
    if (key.lastUsedAt && now - key.lastUsedAt.getTime() < 60_000) return;
    await this.db.updateTable('api_keys').set({ last_used_at: new Date(now) }).where('id', '=', key.id).execute();
  }
}
