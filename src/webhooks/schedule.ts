/**
 * Pure delivery policy: when the next attempt of a webhook delivery happens, and what an
 * attempt's outcome means. No I/O, no clock of its own: callers pass `now` and `rng`.
 */

/** What the worker does after one attempt. */
export type AttemptOutcome = 'success' | 'retry' | 'gone';

export interface Classification {
  outcome: AttemptOutcome;
  /** A short human note for logs and the delivery log (why it was classified so). */
  note: string;
  /** True when a `Retry-After` of this response should replace the scheduled delay. */
  honoursRetryAfter: boolean;
}

/** A transport-level failure of an attempt (no HTTP status was received). */
export interface AttemptError {
  code?: string | undefined;
  message: string;
}

/**
 * Classifies one attempt by its HTTP status code, or by the error that prevented one.
 * Only 2xx is a success. 410 Gone means the receiver asks us to stop: the endpoint is
 * disabled. Everything else is retried on the schedule: 3xx too (redirects are never
 * followed, since a redirect could point a signed payload anywhere, including at internal
 * addresses), other 4xx (often a receiver bug that gets fixed), 5xx and transport errors
 * (timeouts, refused connections, addresses refused by the SSRF guard: DNS may change back).
 */
export function classifyResponse(result: number | AttemptError): Classification {
  if (typeof result !== 'number') {
    const note =
      result.code === 'KEEL_FORBIDDEN_ADDRESS'
        ? 'refused by the address guard'
        : result.code === 'KEEL_TIMEOUT'
          ? 'timed out'
          : 'transport error';
    return { outcome: 'retry', note, honoursRetryAfter: false };
  }
  const s = result;
  if (s >= 200 && s < 300) return { outcome: 'success', note: 'accepted', honoursRetryAfter: false };
  if (s === 410) return { outcome: 'gone', note: '410 Gone: the endpoint is disabled', honoursRetryAfter: false };
  if (s === 429 || s === 503) return { outcome: 'retry', note: `${s}: Retry-After honoured`, honoursRetryAfter: true };
  if (s >= 300 && s < 400)
    return { outcome: 'retry', note: `${s}: redirects are not followed; a failure`, honoursRetryAfter: false };
  if (s >= 400 && s < 500) return { outcome: 'retry', note: `${s}: client error, retried`, honoursRetryAfter: false };
  return { outcome: 'retry', note: `${s}: server error, retried`, honoursRetryAfter: false };
}

/**
 * Delay (ms) before the next attempt, after `attemptsMade` attempts, or null when the
 * schedule is exhausted (give up). `schedule[k]` is the delay in seconds before attempt k
 * (attempt 0 is the first), spread by ±`jitter` (a fraction) so retries of many deliveries
 * that failed together do not arrive together. A `Retry-After` (seconds, from a 429/503)
 * replaces the scheduled delay, capped at `maxRetryAfterSeconds`.
 */
export function retryDelayMs(
  attemptsMade: number,
  schedule: readonly number[],
  jitter: number,
  rng: () => number = Math.random,
  retryAfterSeconds?: number,
  maxRetryAfterSeconds = Number.POSITIVE_INFINITY,
): number | null {
  if (attemptsMade >= schedule.length) return null;
  if (retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0) {
    return Math.round(Math.min(retryAfterSeconds, maxRetryAfterSeconds) * 1000);
  }
  const base = schedule[Math.max(0, attemptsMade)]! * 1000;
  const spread = 1 + jitter * (2 * rng() - 1);
  return Math.max(0, Math.round(base * spread));
}

/**
 * When the next attempt is due, or null when attempts are exhausted; see `retryDelayMs`.
 * `attemptsMade` counts the attempts already made (1 after the first).
 */
export function nextAttemptAt(
  attemptsMade: number,
  schedule: readonly number[],
  jitter: number,
  now: Date,
  rng: () => number = Math.random,
  retryAfterSeconds?: number,
  maxRetryAfterSeconds?: number,
): Date | null {
  const delay = retryDelayMs(attemptsMade, schedule, jitter, rng, retryAfterSeconds, maxRetryAfterSeconds);
  return delay === null ? null : new Date(now.getTime() + delay);
}

/**
 * Parses a `Retry-After` header: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns seconds from `now` (never negative), or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  // An HTTP date always names its weekday/month; Date.parse alone would read "-5" as a year.
  const at = /[a-z]/i.test(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
