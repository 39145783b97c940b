/**
 * `createKeelClient`: an openapi-fetch client typed by Keel's OpenAPI document, with what every
 * caller of Keel otherwise writes by hand — the API key, an `Idempotency-Key` on every POST (kept
 * across retries, so a retried payment or transfer is created once), and retries of the failures
 * Keel's catalogue calls retryable (network errors, 429 with `Retry-After`, 502/503), with
 * exponential backoff and jitter.
 */
import createClient, { type Client } from 'openapi-fetch';
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

/** HTTP statuses whose answers may succeed when the same request is sent again. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const MAX_BACKOFF_MS = 10_000;

/** The wait before retry number `attempt` (1-based): Retry-After when given, else backoff with jitter. */
export function retryDelayMs(
  attempt: number,
  backoffMs: number,
  retryAfter: string | null,
  random = Math.random,
): number {
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_BACKOFF_MS * 6);
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.min(Math.max(0, at - Date.now()), MAX_BACKOFF_MS * 6);
  }
  const ceiling = Math.min(backoffMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * A fetch that sends `request` again, unchanged (same body and same Idempotency-Key), after a
 * network error or a retryable status. A POST is only retried when it carries an
 * Idempotency-Key, which is what makes a repeat safe.
 */
export function retryingFetch(
  inner: (request: Request) => Promise<Response>,
  retries: number,
  backoffMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): (request: Request) => Promise<Response> {
  return async (request) => {
    const safe = request.method !== 'POST' || request.headers.has('idempotency-key');
    for (let attempt = 1; ; attempt++) {
      const last = !safe || attempt > retries;
      let response: Response;
      try {
        response = await inner(last ? request : request.clone());
      } catch (e) {
        if (last) throw e;
        await sleep(retryDelayMs(attempt, backoffMs, null));
        continue;
      }
      if (last || !RETRYABLE_STATUSES.has(response.status)) return response;
      await response.body?.cancel();
      await sleep(retryDelayMs(attempt, backoffMs, response.headers.get('retry-after')));
    }
  };
}

/** A typed client for Keel's API (see docs/client.md). */
export function createKeelClient(options: KeelClientOptions): KeelClient {
  const inner = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: retryingFetch(inner, options.retries ?? 2, options.backoffMs ?? 250),
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
