import type { RpcPolicy } from '../config/schema.ts';
import type { EndpointStatus } from './types.ts';

/**
 * Health bookkeeping for RPC endpoints: plain data in, plain data out, no clocks or I/O
 * (callers pass `now`), so ranking and backoff are unit-tested deterministically.
 */

/** `active` endpoints are ranked; `wrong_chain` and `disabled` ones never are. */
export type EndpointLifecycle = 'active' | 'wrong_chain' | 'disabled';

export interface EndpointState {
  /** Position in the configured URL list: the operator's preference, used to break ties. */
  readonly index: number;
  readonly lifecycle: EndpointLifecycle;
  /** Exponentially weighted moving average of successful request latency; undefined until measured. */
  readonly latencyMs: number | undefined;
  readonly consecutiveFailures: number;
  /** Ranked behind healthy endpoints until this time (epoch ms); 0 when not cooling down. */
  readonly cooldownUntil: number;
  /** The endpoint asked (Retry-After) not to be called before this time (epoch ms); 0 when not. */
  readonly retryAfterUntil: number;
  readonly lastError: string | undefined;
  readonly lastErrorAt: number | undefined;
}

/** Weight of the newest sample in the latency average. */
export const LATENCY_EWMA_ALPHA = 0.3;
/** Score added per consecutive failure, so an endpoint on probation ranks behind clean ones. */
export const FAILURE_PENALTY_MS = 1_000;
/**
 * Scores are compared in buckets of this width, so endpoints of similar latency keep the
 * configured order instead of swapping on every sample: switching nodes needlessly shows
 * callers blocks from nodes at slightly different heights.
 */
export const SCORE_BUCKET_MS = 25;

/** A fresh endpoint: active, unmeasured, no failures. */
export function initialEndpointState(index: number, lifecycle: EndpointLifecycle = 'active'): EndpointState {
  return {
    index,
    lifecycle,
    latencyMs: undefined,
    consecutiveFailures: 0,
    cooldownUntil: 0,
    retryAfterUntil: 0,
    lastError: undefined,
    lastErrorAt: undefined,
  };
}

/** A request succeeded: fold its latency into the average and clear failures and cooldown. */
export function recordSuccess(state: EndpointState, latencyMs: number): EndpointState {
  const latency =
    state.latencyMs === undefined ? latencyMs : state.latencyMs + LATENCY_EWMA_ALPHA * (latencyMs - state.latencyMs);
  return { ...state, latencyMs: latency, consecutiveFailures: 0, cooldownUntil: 0, retryAfterUntil: 0 };
}

export interface FailureInput {
  now: number;
  error: string;
  /** Delay the endpoint asked for (429/503 `Retry-After`), in ms. */
  retryAfterMs?: number | undefined;
}

/**
 * A request failed in a way that says something about the endpoint (network, timeout,
 * overload). It is ranked last for `cooldownMs`, or for as long as its Retry-After asks
 * when that is longer; a Retry-After also forbids calling it before the time it names.
 */
export function recordFailure(
  state: EndpointState,
  failure: FailureInput,
  policy: Pick<RpcPolicy, 'cooldownMs'>,
): EndpointState {
  const retryAfterUntil =
    failure.retryAfterMs === undefined
      ? state.retryAfterUntil
      : Math.max(state.retryAfterUntil, failure.now + failure.retryAfterMs);
  return {
    ...state,
    consecutiveFailures: state.consecutiveFailures + 1,
    cooldownUntil: Math.max(state.cooldownUntil, failure.now + policy.cooldownMs, retryAfterUntil),
    retryAfterUntil,
    lastError: failure.error,
    lastErrorAt: failure.now,
  };
}

/** The endpoint serves another chain: it is excluded from ranking for the life of the process. */
export function markWrongChain(state: EndpointState, error: string, now: number): EndpointState {
  return { ...state, lifecycle: 'wrong_chain', lastError: error, lastErrorAt: now };
}

/** Whether the endpoint may be ranked at all. */
export function isUsable(state: EndpointState): boolean {
  return state.lifecycle === 'active';
}

/** Whether the endpoint is usable and not cooling down at `now`. */
export function isHealthy(state: EndpointState, now: number): boolean {
  return isUsable(state) && state.cooldownUntil <= now;
}

/** Lower is better. Unmeasured endpoints score Infinity: they are tried after measured healthy ones, in configured order. */
export function endpointScore(state: EndpointState): number {
  if (state.latencyMs === undefined) return Number.POSITIVE_INFINITY;
  return state.latencyMs + state.consecutiveFailures * FAILURE_PENALTY_MS;
}

function bucket(score: number): number {
  return Number.isFinite(score) ? Math.floor(score / SCORE_BUCKET_MS) : Number.POSITIVE_INFINITY;
}

/**
 * The order in which to try endpoints at `now`: healthy endpoints by score (latency plus a
 * failure penalty, ties in configured order), then endpoints cooling down by when their
 * cooldown ends. Wrong-chain and disabled endpoints are never returned. Returns the states
 * themselves (callers find their endpoint by `index`).
 */
export function rankEndpoints<S extends EndpointState>(states: readonly S[], now: number): S[] {
  const healthy = states.filter((s) => isHealthy(s, now));
  const cooling = states.filter((s) => isUsable(s) && s.cooldownUntil > now);
  healthy.sort((a, b) => {
    const ba = bucket(endpointScore(a));
    const bb = bucket(endpointScore(b));
    if (ba !== bb) return ba < bb ? -1 : 1;
    return a.index - b.index;
  });
  cooling.sort((a, b) => a.cooldownUntil - b.cooldownUntil || a.index - b.index);
  return [...healthy, ...cooling];
}

/**
 * The operator's view of endpoints at `now` (health endpoint, dashboard): in try order,
 * with never-tried (wrong-chain, disabled) endpoints last and `rank` null.
 */
export function describeEndpoints(
  entries: ReadonlyArray<{ label: string; verified: boolean; state: EndpointState }>,
  now: number,
): EndpointStatus[] {
  const ranked = rankEndpoints(
    entries.map((e) => e.state),
    now,
  ).map((s) => s.index);
  const order = [...ranked, ...entries.map((e) => e.state.index).filter((i) => !ranked.includes(i))];
  const iso = (t: number | undefined) => (t ? new Date(t).toISOString() : null);
  return order.map((i) => {
    const { label, verified, state: s } = entries.find((e) => e.state.index === i)!;
    const rank = ranked.indexOf(i);
    return {
      url: label,
      rank: rank >= 0 ? rank : null,
      status: s.lifecycle !== 'active' ? s.lifecycle : isHealthy(s, now) ? 'healthy' : 'cooling',
      chainVerified: verified,
      latencyMs: s.latencyMs === undefined ? null : Math.round(s.latencyMs * 10) / 10,
      consecutiveFailures: s.consecutiveFailures,
      cooldownUntil: s.cooldownUntil > now ? iso(s.cooldownUntil) : null,
      lastError: s.lastError ?? null,
      lastErrorAt: iso(s.lastErrorAt),
    };
  });
}

/** A source of uniform numbers in [0, 1); `Math.random` in production, seeded in tests. */
export type Rng = () => number;

/**
 * Delay before retry round `attempt` (0-based): exponential (`backoffBaseMs * 2^attempt`)
 * capped at `backoffMaxMs`, with full jitter (uniform between 0 and that cap) so many
 * clients failing together do not retry in lockstep.
 */
export function backoffDelay(
  attempt: number,
  policy: Pick<RpcPolicy, 'backoffBaseMs' | 'backoffMaxMs'>,
  rng: Rng = Math.random,
): number {
  const exp = policy.backoffBaseMs * 2 ** Math.max(0, attempt);
  const cap = Math.min(policy.backoffMaxMs, exp);
  return Math.floor(rng() * cap);
}

/**
 * Parses an HTTP `Retry-After` header (RFC 9110 §10.2.3): delta-seconds (`120`) or an
 * HTTP-date. Returns the delay in ms from `now` (0 for a date in the past), or undefined
 * when the header is absent or malformed.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only the date form may contain letters; bare numbers like "1.5" or "-3" are malformed.
  if (!/[A-Za-z]/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * A deterministic Rng (Marsaglia's xorshift32) for tests and simulations that must be
 * reproducible from a logged seed.
 */
export function seededRng(seed: number): Rng {
  // xorshift has a fixed point at 0, so a zero seed is moved off it.
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4_294_967_296;
  };
}
