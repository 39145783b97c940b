import http from 'node:http';
import https from 'node:https';
import { assertLiteralAddressAllowed, guardedLookup } from './url-guard.ts';
import { parseRetryAfter } from './schedule.ts';

/** One HTTP POST of a signed webhook body. */
export interface SendRequest {
  url: string;
  /** The signature headers (and any others); content type and user agent are added. */
  headers: Record<string, string>;
  /** The exact bytes that were signed. */
  body: string | Buffer;
  /** Deadline of the whole attempt: name resolution, connect, response and its body. */
  timeoutMs: number;
  /** Let the guard pass loopback/private addresses (development only). */
  allowPrivateNetworks: boolean;
  /** Longest response body kept (bytes); the rest is read and discarded. */
  bodyLimit: number;
  /** Aborts the attempt early (worker stopping). */
  signal?: AbortSignal;
}

/** What one attempt produced: a status code, or the error that prevented one. */
export interface SendResult {
  statusCode?: number;
  /** Why no status was received (`code: message`). */
  error?: string;
  /** Machine code of the error: `KEEL_TIMEOUT`, `KEEL_FORBIDDEN_ADDRESS`, `ECONNREFUSED`… */
  errorCode?: string;
  durationMs: number;
  /** At most `bodyLimit` bytes of the response, cut on a character boundary (raw: the caller decides what to keep). */
  responseBody: string;
  /**
   * Size of the response body in bytes, when known: read to its end within
   * `SIZE_COUNT_LIMIT` bytes, or else declared by `Content-Length`.
   */
  responseBytes?: number;
  /** The IP address the response came from (the address actually connected to). */
  remoteAddress?: string;
  /** From `Retry-After` (seconds), when the response carried a readable one. */
  retryAfterSeconds?: number;
}

// Keep-alive pools: a delivery usually goes to an endpoint that just received one, so
// reusing the connection saves a TCP (and TLS) handshake per delivery. One pool per guard
// setting so a socket opened under a permissive guard is never reused under a strict one.
const agents = new Map<string, http.Agent>();

function agentFor(protocol: 'http:' | 'https:', allowPrivateNetworks: boolean): http.Agent {
  const key = `${protocol}${allowPrivateNetworks}`;
  let agent = agents.get(key);
  if (!agent) {
    const opts: http.AgentOptions = { keepAlive: true, keepAliveMsecs: 1_000, maxFreeSockets: 256, scheduling: 'lifo' };
    agent = protocol === 'https:' ? new https.Agent(opts) : new http.Agent(opts);
    agents.set(key, agent);
  }
  return agent;
}

/** Closes idle pooled connections (process shutdown, tests). */
export function closeIdleConnections(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}

const BASE_HEADERS = { 'content-type': 'application/json', 'user-agent': 'Keel-Webhooks/1' };

/**
 * Bytes of a response body read (and counted, not kept) to learn its size before the attempt
 * is answered; a longer body is answered at this point and drained in the background.
 */
export const SIZE_COUNT_LIMIT = 65_536;

class SendError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sends one webhook attempt and never throws: every failure comes back as `error`. The
 * connection goes through the SSRF guard (at connect time, so a DNS answer that changed
 * since registration is judged again), redirects are never followed (a 3xx is just a
 * status), and one deadline bounds everything from lookup to the end of the kept body.
 */
export async function sendWebhook(req: SendRequest): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = new URL(req.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new SendError('KEEL_BAD_URL', `unsupported scheme ${url.protocol}`);
    // Node connects to IP literals without calling `lookup`: judge them here.
    assertLiteralAddressAllowed(url.hostname, { allowPrivateNetworks: req.allowPrivateNetworks });
  } catch (err) {
    return { ...errorFields(err), durationMs: elapsed(), responseBody: '' };
  }
  const body = typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
  const deadline = started + req.timeoutMs;
  try {
    let result: Omit<SendResult, 'durationMs'>;
    try {
      result = await attempt(url, req, body, deadline);
    } catch (err) {
      // A pooled connection the receiver closed while idle fails at once on reuse: the
      // request never reached it, so one fresh connection is tried within the same deadline.
      if (!(err instanceof StaleSocketError) || performance.now() >= deadline)
        throw err instanceof StaleSocketError ? err.cause : err;
      result = await attempt(url, req, body, deadline);
    }
    return { ...result, durationMs: elapsed() };
  } catch (err) {
    return { ...errorFields(err), durationMs: elapsed(), responseBody: '' };
  }
}

class StaleSocketError extends Error {
  constructor(override readonly cause: unknown) {
    super('stale pooled connection');
  }
}

function attempt(url: URL, req: SendRequest, body: Buffer, deadline: number): Promise<Omit<SendResult, 'durationMs'>> {
  return new Promise((resolve, reject) => {
    const isHttps = url.protocol === 'https:';
    const options: http.RequestOptions = {
      method: 'POST',
      agent: agentFor(url.protocol as 'http:' | 'https:', req.allowPrivateNetworks),
      lookup: guardedLookup({ allowPrivateNetworks: req.allowPrivateNetworks }),
      headers: { ...req.headers, ...BASE_HEADERS, 'content-length': String(body.length) },
    };
    const r = (isHttps ? https : http).request(url, options);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    const remaining = Math.max(1, Math.ceil(deadline - performance.now()));
    const timer = setTimeout(
      () => r.destroy(new SendError('KEEL_TIMEOUT', `no complete response within ${req.timeoutMs} ms`)),
      remaining,
    );
    const onAbort = () => r.destroy(new SendError('KEEL_ABORTED', 'attempt aborted: worker stopping'));
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    };
    if (req.signal?.aborted) onAbort();

    let gotResponse = false;
    r.on('error', (err: NodeJS.ErrnoException) => {
      cleanup();
      const stale = r.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE') && !gotResponse;
      finish(() => reject(stale ? new StaleSocketError(err) : err));
    });
    r.on('response', (res) => {
      gotResponse = true;
      // Read now: a socket handed back to the pool or destroyed no longer tells.
      const remoteAddress = res.socket?.remoteAddress;
      const chunks: Buffer[] = [];
      let kept = 0;
      let total = 0;
      const countLimit = Math.max(req.bodyLimit, SIZE_COUNT_LIMIT);
      const done = (ended: boolean) => {
        const retryAfterSeconds = parseRetryAfter(headerValue(res.headers['retry-after']));
        const out: Omit<SendResult, 'durationMs'> = {
          statusCode: res.statusCode ?? 0,
          responseBody: decodeTruncated(Buffer.concat(chunks), req.bodyLimit),
        };
        const size = ended ? total : declaredLength(res.headers['content-length']);
        if (size !== undefined) out.responseBytes = size;
        if (remoteAddress) out.remoteAddress = remoteAddress;
        if (retryAfterSeconds !== undefined) out.retryAfterSeconds = retryAfterSeconds;
        finish(() => resolve(out));
      };
      res.on('data', (chunk: Buffer) => {
        if (total >= countLimit) return;
        total += chunk.length;
        if (kept < req.bodyLimit) {
          chunks.push(chunk);
          kept += chunk.length;
        }
        // Enough is read: answer now; the rest drains in the background (so the connection
        // can be reused) until the deadline, which destroys an endless body.
        if (total >= countLimit) done(false);
      });
      res.on('end', () => {
        cleanup();
        done(true);
      });
      res.on('error', (err) => {
        cleanup();
        finish(() => reject(err));
      });
    });
    r.end(body);
  });
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

function declaredLength(h: string | undefined): number | undefined {
  if (!h || !/^\d{1,15}$/.test(h.trim())) return undefined;
  return Number(h.trim());
}

function errorFields(err: unknown): { error: string; errorCode: string } {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : 'KEEL_SEND_FAILED';
  const message = typeof e?.message === 'string' && e.message ? e.message : String(err);
  return { errorCode: code, error: message.startsWith(code) ? message : `${code}: ${message}` };
}

/**
 * At most `limit` bytes of `buf` as UTF-8 text, cut before a partial character, without NUL
 * (which Postgres text cannot store).
 */
export function decodeTruncated(buf: Buffer, limit: number): string {
  let end = Math.min(buf.length, limit);
  if (end > 0 && end < buf.length) {
    // Find the first byte of the character holding the last kept byte; drop that
    // character when it does not fit entirely.
    let start = end - 1;
    while (start > 0 && (buf[start]! & 0xc0) === 0x80) start--;
    const lead = buf[start]!;
    const len = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (start + len > end) end = start;
  }
  return buf.subarray(0, end).toString('utf8').replaceAll('\u0000', '');
}
