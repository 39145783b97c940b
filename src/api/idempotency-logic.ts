import { createHash } from 'node:crypto';
import { isErrorCode, KeelError, type FieldError } from '../lib/errors.ts';
import type { RecordedOutcome } from '../lib/request-outcome.ts';
import { MAX_JSON_DEPTH } from './input-check.ts';

/** The pure rules of `Idempotency-Key` (idempotency.ts runs them against the database). */

/** Keys are 1 to 255 visible ASCII characters. */
export const KEY_RE = /^[\x21-\x7e]{1,255}$/;

/** Keys are kept this long; after that the same key starts a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/**
 * Stable JSON (sorted keys) so the same body always hashes the same. Bodies are at most
 * MAX_JSON_DEPTH deep once parsed (input-guard.ts); deeper input is refused here too rather
 * than recursing without bound.
 */
export function canonical(v: unknown, depth = 0): string {
  if (depth > MAX_JSON_DEPTH) {
    throw new KeelError(
      'json_too_deep',
      `the request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
    );
  }
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x, depth + 1)).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k], depth + 1)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The fingerprint of a request: method, URL (query included) and canonical body. */
export function requestHash(req: { method: string; url: string; body?: unknown }): string {
  return createHash('sha256')
    .update(`${req.method} ${req.url}\n${canonical(req.body)}`)
    .digest('hex');
}

/** What a stored key says, as the claim reads it (`leaseLive` by the database clock). */
export interface StoredKey {
  requestHash: string;
  status: 'in_progress' | 'committed' | 'done';
  leaseLive: boolean;
}

/**
 * What a request does with a key that is already stored:
 * - `reused`: another request used it (422 `idempotency_key_reused`);
 * - `replay`: the answer was sent and stored: send it again;
 * - `replay_committed`: the request committed its effect and its answer but its process died
 *   before answering: send the recorded answer;
 * - `in_progress`: a live process is running it (409, retry shortly);
 * - `take_over`: it was claimed by a process that died before committing anything: run it now.
 */
export type ClaimAction = 'reused' | 'replay' | 'replay_committed' | 'in_progress' | 'take_over';

export function claimAction(prior: StoredKey, hash: string): ClaimAction {
  if (prior.requestHash !== hash) return 'reused';
  if (prior.status === 'done') return 'replay';
  if (prior.status === 'committed') return 'replay_committed';
  return prior.leaseLive ? 'in_progress' : 'take_over';
}

/** The success status a route answers (the 2xx of its response schema; 200 without one). */
export function successStatus(responseSchema: Record<string, unknown> | undefined): number {
  const codes = Object.keys(responseSchema ?? {})
    .map(Number)
    .filter((c) => c >= 200 && c < 300)
    .sort((a, b) => a - b);
  return codes[0] ?? 200;
}

/** A recorded outcome as stored (JSON; sealed by the caller). */
export function encodeOutcome(o: RecordedOutcome): string {
  if ('body' in o)
    return JSON.stringify(
      o.status === undefined ? { body: o.body ?? null } : { body: o.body ?? null, status: o.status },
    );
  const e = o.error;
  return JSON.stringify({
    error: {
      code: e.code,
      message: e.message,
      status: e.status,
      userMessage: e.userMessage,
      errors: e.errors ?? null,
      extra: e.extra ?? null,
      headers: e.headers ?? null,
    },
  });
}

/** A stored outcome back: the body to send, or the error to answer with (the same problem+json). */
export function decodeOutcome(text: string): { body: unknown; status?: number } | { error: KeelError } {
  const o = JSON.parse(text) as
    | { body: unknown; status?: number }
    | {
        error: {
          code: string;
          message: string;
          status: number;
          userMessage: string;
          errors: FieldError[] | null;
          extra: Record<string, unknown> | null;
          headers: Record<string, string> | null;
        };
      };
  if ('body' in o) return typeof o.status === 'number' ? { body: o.body, status: o.status } : { body: o.body };
  const e = o.error;
  return {
    // Codes and their statuses never change, so a recorded code answers as it did; one the
    // catalogue no longer holds answers as `internal_error`.
    error: new KeelError(isErrorCode(e.code) ? e.code : 'internal_error', e.message, {
      userMessage: e.userMessage,
      ...(e.errors ? { errors: e.errors } : {}),
      ...(e.extra ? { extra: e.extra } : {}),
      ...(e.headers ? { headers: e.headers } : {}),
    }),
  };
}
