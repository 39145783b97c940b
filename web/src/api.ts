/**
 * The dashboard's only door to Keel: one typed client (@keel/client, clients/typescript) with
 * the operator's API key. Paths, parameters, bodies and answers are checked against Keel's
 * OpenAPI document; a failed call throws the client's `KeelApiError`, whose `userMessage` the
 * pages show as is. Call sites read `unwrap(keel.GET('/v1/…', { params: { path, query } }))`.
 */
import { createKeelClient, type KeelClient, KeelApiError } from '@keel/client';

export { KeelApiError, unwrap } from '@keel/client';

/** An openapi-fetch middleware (`keel.use(…)`). */
type Middleware = Parameters<KeelClient['use']>[number];

const KEY_STORAGE = 'keel.dashboard.apiKey';

/** The key of this browser session (sessionStorage: gone when the tab or browser closes). */
export const session = {
  get: (): string | null => sessionStorage.getItem(KEY_STORAGE),
  set: (key: string) => sessionStorage.setItem(KEY_STORAGE, key),
  clear: () => sessionStorage.removeItem(KEY_STORAGE),
};

/** Listeners told when the key stops working (revoked while signed in). */
const onUnauthenticated = new Set<() => void>();

/** Calls `fn` whenever Keel refuses the session's key (401); returns the unsubscribe function. */
export function whenUnauthenticated(fn: () => void): () => void {
  onUnauthenticated.add(fn);
  return () => onUnauthenticated.delete(fn);
}

/** The dashboard's wording for "no answer at all": the pages poll, so they retry by themselves. */
const networkMessage: Middleware = {
  onError: ({ error }) =>
    KeelApiError.network(error, 'Keel cannot be reached. Check your connection; the page retries by itself.'),
};

/**
 * A 401 to a request made with the session's key means the key was revoked or removed while
 * signed in: every listener (the auth provider, which signs out) is told.
 */
const signOutOn401: Middleware = {
  onResponse({ request, response }) {
    const key = session.get();
    if (response.status === 401 && key && request.headers.get('authorization') === `Bearer ${key}`)
      for (const fn of onUnauthenticated) fn();
  },
};

/*
 * Retries: the client's own (network errors and the answers Keel's error catalogue calls
 * retryable, or a proxy's 429/502/503/504; POSTs resent with the same Idempotency-Key, so an
 * approval or a refund is never done twice). React
 * Query's retry is off (main.tsx): one retry policy, the one that knows Keel's catalogue.
 */
const origin = () => globalThis.location.origin;

/** The typed client with the session's key: every page's queries and actions go through it. */
export const keel: KeelClient = createKeelClient({ baseUrl: origin(), apiKey: () => session.get() });
keel.use(networkMessage, signOutOn401);

/**
 * A client for one given key (sign-in, and the check of a stored key at page load): its 401
 * is the answer being waited for, not a session that ended.
 */
export function clientWithKey(key: string): KeelClient {
  const client = createKeelClient({ baseUrl: origin(), apiKey: key });
  client.use(networkMessage);
  return client;
}

/**
 * Query parameters without the empty strings of blank filter fields (an empty `status` means
 * "any", not `status=`); the types follow, so an enum-typed filter accepts its select's value.
 */
export function filters<T extends Record<string, unknown>>(params: T): { [K in keyof T]?: Exclude<T[K], ''> } {
  const out: { [K in keyof T]?: Exclude<T[K], ''> } = {};
  for (const k of Object.keys(params) as Array<keyof T>) {
    const v = params[k];
    if (v !== '' && v !== undefined && v !== null) out[k] = v as Exclude<T[typeof k], ''>;
  }
  return out;
}
