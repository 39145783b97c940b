import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { KeelError, ValidationError } from '../lib/errors.ts';
import type { SecretBox } from '../lib/secret-box.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { key: string; apiKeyId: string };
  }
}

const KEY_RE = /^[\x21-\x7e]{1,255}$/;
/** Keys are kept this long; after that the same key starts a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/** Stable JSON (sorted keys) so the same body always hashes the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export function requestHash(req: Pick<FastifyRequest, 'method' | 'url' | 'body'>): string {
  return createHash('sha256').update(`${req.method} ${req.url}\n${canonical(req.body)}`).digest('hex');
}

/**
 * `Idempotency-Key` on every POST: the same key with the same request returns the first
 * response (marked `idempotent-replayed: true`); the same key with another request answers
 * 422 `idempotency_key_reused`; a request still running with that key answers 409. Keys are
 * scoped to the API key and kept 24 hours. Answers 422 (invalid input) and 5xx are not
 * recorded, so the request can be corrected or retried with the same key.
 */
export function registerIdempotency(app: FastifyInstance, db: Kysely<DB>, box: SecretBox): void {
  // Stored responses can hold one-time secrets (a new webhook signing secret): sealed at rest.
  const context = (apiKeyId: string, key: string) => `idempotency:${apiKeyId}:${key}`;
  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== 'POST' || !req.apiKey) return;
    const header = req.headers['idempotency-key'];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !KEY_RE.test(key)) {
      throw new ValidationError('invalid Idempotency-Key header', [
        { field: 'headers.idempotency-key', code: 'invalid', message: '1 to 255 visible ASCII characters' },
      ]);
    }
    const apiKeyId = req.apiKey.id;
    const hash = requestHash(req);
    const cutoff = new Date(Date.now() - IDEMPOTENCY_TTL_MS);
    await db.deleteFrom('idempotency_keys').where('api_key_id', '=', apiKeyId).where('key', '=', key).where('created_at', '<', cutoff).execute();
    const inserted = await sql<{ key: string }>`
      insert into idempotency_keys (api_key_id, key, method, path, request_hash)
      values (${apiKeyId}, ${key}, ${req.method}, ${req.url}, ${hash})
      on conflict (api_key_id, key) do nothing
      returning key`.execute(db);
    if (inserted.rows.length > 0) {
      req.idempotency = { key, apiKeyId };
      return;
    }
    const prior = await db.selectFrom('idempotency_keys').selectAll().where('api_key_id', '=', apiKeyId).where('key', '=', key).executeTakeFirst();
    if (!prior) throw new KeelError('idempotency_conflict', 'the idempotency record changed concurrently; retry', { status: 409, userMessage: 'Please try again.' });
    if (prior.request_hash !== hash) {
      throw new KeelError('idempotency_key_reused', `Idempotency-Key "${key}" was already used for a different request`, {
        status: 422,
        userMessage: 'This request conflicts with an earlier one.',
        errors: [{ field: 'headers.idempotency-key', code: 'reused', message: 'already used with another method, path or body' }],
      });
    }
    if (prior.status !== 'done') {
      throw new KeelError('idempotency_in_progress', `a request with Idempotency-Key "${key}" is still being processed`, {
        status: 409,
        userMessage: 'This request is already being processed.',
        headers: { 'retry-after': '1' },
      });
    }
    reply.header('idempotent-replayed', 'true');
    reply.code(prior.response_code ?? 200).header('content-type', 'application/json; charset=utf-8');
    return reply.send(prior.response_body ? box.open(prior.response_body, context(apiKeyId, key)) : '');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idempotency;
    if (!idem) return payload;
    req.idempotency = undefined;
    const q = db.updateTable('idempotency_keys').where('api_key_id', '=', idem.apiKeyId).where('key', '=', idem.key);
    // Invalid input (422) and server faults (5xx) are not recorded: the caller fixes the
    // request or simply retries with the same key.
    if (reply.statusCode >= 500 || reply.statusCode === 422) {
      await db.deleteFrom('idempotency_keys').where('api_key_id', '=', idem.apiKeyId).where('key', '=', idem.key).execute();
    } else {
      const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : JSON.stringify(payload ?? null);
      await q.set({ status: 'done', response_code: reply.statusCode, response_body: box.seal(body, context(idem.apiKeyId, idem.key)) }).execute();
    }
    return payload;
  });
}

/** Deletes expired idempotency records; run periodically by a worker. */
export async function pruneIdempotencyKeys(db: Kysely<DB>, now = Date.now()): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('created_at', '<', new Date(now - IDEMPOTENCY_TTL_MS)).execute();
}
