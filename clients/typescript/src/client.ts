/**
 * `createKeelClient`: an openapi-fetch client typed by Keel's OpenAPI document, with what every
 * caller of Keel otherwise writes by hand — the API key, an `Idempotency-Key` on every POST (kept
 * across retries, so a retried payment or transfer is created once), and retries of the failures
 * Keel's catalogue calls retryable (network errors, 429 with `Retry-After`, 503s, a 409 for a key
 * whose first request is still running; 502/503/504 from a proxy), with
 * exponential backoff and jitter.
 */
import createClient, { type Client } from 'openapi-fetch';
import { ERROR_CODES } from './error-codes.ts';
import type { paths } from './schema.ts';

export interface KeelClientOptions {
  /** Where Keel's API listens, e.g. `http://127.0.0.1:8080` (no trailing `/v1`). */
  baseUrl: string;
  /** The API key (`keel_…`), or a function read before every request (a key that can change). */
  apiKey?: string | (() => string | null | undefined);
  /** Retries of a retryable failure before giving up (default 2; 0 turns retrying off). */
  retries?: number;
  /** The first backoff in milliseconds (default 250); doubled per attempt, with jitter, capped at 10 s. */
  backoffMs?: number;
  /** The fetch to use (default: the global one). */
  fetch?: (request: Request) => Promise<Response>;
  /** Extra headers sent with every request (e.g. a `user-agent`). */
  headers?: Record<string, string>;
  /** Waits between retries (default: a timer); tests pass one that records instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
}

/** A Keel client: `GET`, `POST`, `PATCH`, `DELETE`… typed per path by the OpenAPI document. */
export type KeelClient = Client<paths, 'application/json'>;

/**
 * A fresh idempotency key (a random version-4 UUID): one per logical operation, reused for its
 * retries. `crypto.randomUUID` exists only in secure contexts, so a page served over plain http
 * (a dashboard on a LAN address) builds the same UUID from `crypto.getRandomValues`.
 */
export function idempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** HTTP statuses that may carry a retryable answer; Keel's catalogue decides for its own codes. */
const MAYBE_RETRYABLE_STATUSES = new Set([409, 429, 500, 502, 503, 504]);
/** Statuses retried when the answer is not Keel's problem+json (a proxy's or load balancer's). */
const RETRYABLE_FOREIGN_STATUSES = new Set([429, 502, 503, 504]);
const MAX_BACKOFF_MS = 10_000;
const MAX_RETRY_AFTER_MS = 60_000;

/** The wait before retry number `attempt` (1-based): Retry-After when given, else backoff with jitter. */
export function retryDelayMs(
  attempt: number,
  backoffMs: number,
  retryAfter: string | null,
  random: () => number = Math.random,
): number {
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.min(Math.max(0, at - Date.now()), MAX_RETRY_AFTER_MS);
  }
  const ceiling = Math.min(backoffMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Whether an answer may succeed when the same request is sent again. A Keel problem+json answer
 * is judged by its code in Keel's catalogue (a 409 `idempotency_in_progress` — the first attempt
 * of a retried POST still running — is retryable; a 502 `signer_mismatch` is not); any other
 * answer by its status (429, 502, 503, 504).
 */
export async function isRetryableResponse(response: Response): Promise<boolean> {
  if (!MAYBE_RETRYABLE_STATUSES.has(response.status)) return false;
  if (/json/i.test(response.headers.get('content-type') ?? '')) {
    try {
      const code = ((await response.clone().json()) as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && Object.hasOwn(ERROR_CODES, code)) {
        return ERROR_CODES[code as keyof typeof ERROR_CODES].retryable;
      }
    } catch {
      // not JSON after all: judged by status below
    }
  }
  return RETRYABLE_FOREIGN_STATUSES.has(response.status);
}

/** How `retryingFetch` retries. */
export interface RetryOptions {
  /** Retries after the first attempt (0: none). */
  retries: number;
  /** The first backoff in milliseconds, doubled per attempt (with jitter). */
  backoffMs: number;
  /** Waits between attempts (default: a timer); tests pass one that records instead. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A fetch that sends `request` again, unchanged (same body and same Idempotency-Key), after a
 * network error or a retryable answer (`isRetryableResponse`). A POST is only retried when it
 * carries an Idempotency-Key, which is what makes a repeat safe: Keel answers a repeated key with
 * the first request's outcome instead of acting twice. A request aborted by its caller is not retried.
 */
export function retryingFetch(
  inner: (request: Request) => Promise<Response>,
  options: RetryOptions,
): (request: Request) => Promise<Response> {
  const sleep = options.sleep ?? timer;
  return async (request) => {
    const safe = request.method !== 'POST' || request.headers.has('idempotency-key');
    for (let attempt = 1; ; attempt++) {
      const last = !safe || attempt > options.retries;
      let response: Response;
      try {
        response = await inner(last ? request : request.clone());
      } catch (e) {
        if (last || request.signal.aborted) throw e;
        await sleep(retryDelayMs(attempt, options.backoffMs, null, options.random));
        continue;
      }
      if (last || !(await isRetryableResponse(response))) return response;
      const retryAfter = response.headers.get('retry-after');
      await response.body?.cancel();
      await sleep(retryDelayMs(attempt, options.backoffMs, retryAfter, options.random));
    }
  };
}

/** A typed client for Keel's API (see docs/client.md). */
export function createKeelClient(options: KeelClientOptions): KeelClient {
  const inner = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: retryingFetch(inner, {
      retries: options.retries ?? 2,
      backoffMs: options.backoffMs ?? 250,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    }),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  client.use({
    onRequest({ request }) {
      const key = typeof options.apiKey === 'function' ? options.apiKey() : options.apiKey;
      if (key && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${key}`);
      if (request.method === 'POST' && !request.headers.has('idempotency-key')) {
        request.headers.set('idempotency-key', idempotencyKey());
      }
      return request;
    },
  });
  return client;
}
