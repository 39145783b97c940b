import { parseRetryAfter } from './endpoint-health.ts';
import type { RpcErrorKind } from './metrics.ts';

/** JSON-RPC 2.0 over HTTP POST: one exchange with one endpoint, classified, never thrown. */

export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: number;
  method: string;
  params?: unknown;
}

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export interface JsonRpcResponse {
  jsonrpc?: string;
  id?: number | string | null;
  result?: unknown;
  error?: JsonRpcErrorObject;
}

/** Why an attempt produced no usable answer. `message` never contains the URL. */
export interface AttemptFailure {
  kind: RpcErrorKind;
  message: string;
  retryAfterMs?: number | undefined;
  /**
   * The node certainly did not process the request (connection refused, or an explicit
   * 429/503 refusal). Only such failures may be retried for methods that are not idempotent.
   */
  notDelivered: boolean;
}

export type HttpExchange =
  | { ok: true; status: number; body: JsonRpcResponse | JsonRpcResponse[]; durationMs: number }
  | { ok: false; failure: AttemptFailure; statusLabel: string; durationMs: number };

/** Where to POST: the URL without userinfo (fetch refuses credentials in URLs) plus headers carrying them. */
export interface HttpTarget {
  href: string;
  headers: Record<string, string>;
}

/** Splits `https://user:pass@host/…` into a credential-free URL and a Basic authorization header. */
export function httpTarget(url: string): HttpTarget {
  const parsed = new URL(url);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (parsed.username || parsed.password) {
    const user = decodeURIComponent(parsed.username);
    const pass = decodeURIComponent(parsed.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    parsed.username = '';
    parsed.password = '';
  }
  return { href: parsed.href, headers };
}

// Errors raised before a byte reached the server: retrying cannot duplicate anything.
const NOT_DELIVERED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function networkCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function isResponseObject(v: unknown): v is JsonRpcResponse {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && ('result' in v || 'error' in v);
}

function isResponseBody(v: unknown): v is JsonRpcResponse | JsonRpcResponse[] {
  return Array.isArray(v) ? v.every(isResponseObject) : isResponseObject(v);
}

/**
 * POSTs a JSON-RPC payload with a per-attempt timeout covering the whole exchange (body
 * included). 429 and 5xx are failures whatever the body says; a 4xx whose body is a
 * JSON-RPC response is an answer (some providers send invalid-params errors as 400), except
 * 401/403/408/413, which are about the endpoint or the transport rather than the request.
 */
export async function postJsonRpc(
  target: HttpTarget,
  payload: JsonRpcRequest | JsonRpcRequest[],
  opts: { timeoutMs: number; fetchFn: typeof fetch; now?: () => number },
): Promise<HttpExchange> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  try {
    const res = await opts.fetchFn(target.href, {
      method: 'POST',
      headers: target.headers,
      body: JSON.stringify(payload),
      signal: controller.signal,
      // A redirect is a misconfigured endpoint; following it could send the request (and
      // credentials) elsewhere. The 3xx then fails as a response without a JSON-RPC body.
      redirect: 'manual',
    });
    const text = await res.text();
    const status = res.status;
    const fail = (failure: AttemptFailure): HttpExchange => ({
      ok: false,
      failure,
      statusLabel: String(status),
      durationMs: elapsed(),
    });
    if (status === 429 || status === 503) {
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), (opts.now ?? Date.now)());
      const suffix = retryAfterMs === undefined ? '' : ` (Retry-After ${Math.ceil(retryAfterMs / 1000)} s)`;
      return fail({
        kind: status === 429 ? 'http_429' : 'http_5xx',
        message: `HTTP ${status}${suffix}`,
        retryAfterMs,
        notDelivered: true,
      });
    }
    if (status >= 500) return fail({ kind: 'http_5xx', message: `HTTP ${status}`, notDelivered: false });
    // Refused credentials, a proxy timeout or an oversized payload say nothing about the request's
    // answer, even when the body looks like JSON-RPC: another endpoint may serve it.
    if (status === 401 || status === 403 || status === 408 || status === 413) {
      return fail({ kind: 'http_4xx', message: `HTTP ${status}`, notDelivered: status !== 408 });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!isResponseBody(body)) {
      return status >= 400
        ? fail({ kind: 'http_4xx', message: `HTTP ${status}`, notDelivered: false })
        : fail({
            kind: 'bad_response',
            message: `HTTP ${status} without a JSON-RPC response body`,
            notDelivered: false,
          });
    }
    return { ok: true, status, body, durationMs: elapsed() };
  } catch (err) {
    if (controller.signal.aborted) {
      return {
        ok: false,
        failure: { kind: 'timeout', message: `timed out after ${opts.timeoutMs} ms`, notDelivered: false },
        statusLabel: 'timeout',
        durationMs: elapsed(),
      };
    }
    const code = networkCode(err);
    return {
      ok: false,
      failure: {
        kind: 'network',
        message: `network error${code ? ` (${code})` : ''}`,
        notDelivered: code !== undefined && NOT_DELIVERED_CODES.has(code),
      },
      statusLabel: 'network',
      durationMs: elapsed(),
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether a JSON-RPC error object means "this node cannot serve you now" (rate limit,
 * overload, node-internal failure) rather than an answer about the request itself. An
 * internal error (-32603) carrying `data` is an answer: some nodes report reverts that way.
 */
export function isRetryableRpcError(error: JsonRpcErrorObject): boolean {
  switch (error.code) {
    case -32005: // limit exceeded
    case -32007: // QuickNode's request-rate limit
    case 429: // rate limit reported inside an HTTP 200 body
      return true;
    case -32603:
      return error.data === undefined || error.data === null;
    default:
      return false;
  }
}

/**
 * One failed attempt on one endpoint, as an Error: the `cause` of Keel's `UpstreamError`
 * when every attempt failed. `endpoint` is the redacted URL.
 */
export class RpcAttemptError extends Error {
  readonly kind: RpcErrorKind;
  readonly endpoint: string;

  constructor(endpoint: string, failure: AttemptFailure) {
    super(`${endpoint}: ${failure.message}`);
    this.name = 'RpcAttemptError';
    this.kind = failure.kind;
    this.endpoint = endpoint;
  }
}
