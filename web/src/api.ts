/**
 * The dashboard's only door to Keel: JSON over fetch with the operator's API key, and
 * problem+json answers turned into ApiError (with the API's `userMessage`, shown as is).
 */

const KEY_STORAGE = 'keel.dashboard.apiKey';

/** The key of this browser session (sessionStorage: gone when the tab or browser closes). */
export const session = {
  get: (): string | null => sessionStorage.getItem(KEY_STORAGE),
  set: (key: string) => sessionStorage.setItem(KEY_STORAGE, key),
  clear: () => sessionStorage.removeItem(KEY_STORAGE),
};

export interface Problem {
  status: number;
  code: string;
  detail?: string;
  userMessage?: string;
  instance?: string;
  errors?: Array<{ field: string; code: string; message: string }>;
  [k: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.userMessage ?? problem.detail ?? `request failed (${problem.status})`);
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code;
  }
}

/** Listeners told when the key stops working (revoked while signed in). */
const onUnauthenticated = new Set<() => void>();
export function whenUnauthenticated(fn: () => void): () => void {
  onUnauthenticated.add(fn);
  return () => onUnauthenticated.delete(fn);
}

/** Calls the API with the session key (or `key`). Throws ApiError on any non-2xx answer. */
export async function api<T>(path: string, opts: { method?: string; body?: unknown; key?: string } = {}): Promise<T> {
  const key = opts.key ?? session.get();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      userMessage: 'Keel cannot be reached. Check your connection; the page retries by itself.',
    });
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const p = (body && typeof body === 'object' ? body : {}) as Partial<Problem>;
    const problem: Problem = {
      ...p,
      status: res.status,
      code: p.code ?? 'http_error',
      userMessage: p.userMessage ?? `The request failed (HTTP ${res.status}).`,
    };
    if (res.status === 401 && !opts.key) for (const fn of onUnauthenticated) fn();
    throw new ApiError(problem);
  }
  return body as T;
}

/** A query string from defined, non-empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
