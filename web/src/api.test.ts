import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/** What the dashboard's client sent, answered by `answer` (no server: the global fetch is stubbed). */
const sent: Request[] = [];
let answer: (r: Request) => Response | Promise<Response> = () => Response.json({});
const store = new Map<string, string>();

// api.ts reads the page's origin and sessionStorage when loaded: stand in for the browser's.
beforeAll(() => {
  vi.stubGlobal('location', { origin: 'http://192.168.1.20:8080' });
  vi.stubGlobal('sessionStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
  vi.stubGlobal('fetch', async (r: Request) => {
    sent.push(r);
    return answer(r);
  });
});
afterEach(() => {
  sent.length = 0;
  store.clear();
  answer = () => Response.json({});
});

const load = () => import('./api.ts');
const problem = (status: number, code: string, userMessage: string) =>
  Response.json({ type: 'about:blank', title: code, status, code, detail: code, userMessage }, { status });

describe("the dashboard's API client", () => {
  it('builds URLs on the page’s origin, leaves blank filters out and sends the session key', async () => {
    const { keel, filters, session, unwrap } = await load();
    session.set('keel_sk_one');
    await unwrap(
      keel.GET('/v1/transactions', { params: { query: filters({ status: '', signer: 'treasury', limit: 25 }) } }),
    );
    await unwrap(keel.GET('/v1/breakers'));
    await unwrap(
      keel.POST('/v1/breakers/{key}/trip', { params: { path: { key: 'chain:1/x' } }, body: { reason: 'r' } }),
    );
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET http://192.168.1.20:8080/v1/transactions?signer=treasury&limit=25',
      'GET http://192.168.1.20:8080/v1/breakers',
      'POST http://192.168.1.20:8080/v1/breakers/chain%3A1%2Fx/trip',
    ]);
    expect(sent.every((r) => r.headers.get('authorization') === 'Bearer keel_sk_one')).toBe(true);
    expect(sent[2]?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('signs out when the session key is refused, not when a key being tried is', async () => {
    const { clientWithKey, keel, KeelApiError, session, unwrap, whenUnauthenticated } = await load();
    const told = vi.fn();
    const stop = whenUnauthenticated(told);
    answer = () => problem(401, 'unauthenticated', 'This request could not be authenticated.');
    session.set('keel_sk_revoked');
    const e = await unwrap(keel.GET('/v1/me')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KeelApiError);
    expect(e).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(told).toHaveBeenCalledTimes(1);
    await expect(unwrap(clientWithKey('keel_sk_typo').GET('/v1/me'))).rejects.toMatchObject({
      userMessage: 'This request could not be authenticated.',
    });
    expect(sent.at(-1)?.headers.get('authorization')).toBe('Bearer keel_sk_typo');
    expect(told).toHaveBeenCalledTimes(1);
    stop();
  });

  it('says Keel cannot be reached when no answer arrives, after the client’s own retries', async () => {
    const { keel, unwrap } = await load();
    answer = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(unwrap(keel.GET('/v1/breakers'))).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
      userMessage: 'Keel cannot be reached. Check your connection; the page retries by itself.',
    });
    expect(sent).toHaveLength(3);
  });
});
