import { describe, expect, it } from 'vitest';
import { createKeelClient, isRetryableResponse, retryDelayMs, retryingFetch } from './client.ts';
import { KeelApiError, unwrap } from './errors.ts';

/** A fake fetch answering from a script, recording every request it saw (with its body read). */
function fakeFetch(script: Array<Response | Error | (() => Response)>) {
  const seen: Array<{ method: string; url: string; headers: Headers; body: string }> = [];
  const fetch = async (request: Request): Promise<Response> => {
    seen.push({ method: request.method, url: request.url, headers: request.headers, body: await request.text() });
    const next = script[Math.min(seen.length - 1, script.length - 1)]!;
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next() : next.clone();
  };
  return { fetch, seen };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ status, code, detail: code, userMessage: 'Try later.' }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

/** A sleep that records the waits instead of waiting. */
function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('retryDelayMs', () => {
  it('doubles the backoff per attempt with jitter in [ceiling/2, ceiling], capped at 10 s', () => {
    expect(retryDelayMs(1, 200, null, () => 0)).toBe(100);
    expect(retryDelayMs(1, 200, null, () => 0.999999)).toBeCloseTo(200, 3);
    expect(retryDelayMs(3, 200, null, () => 0.5)).toBe(600); // ceiling 800
    expect(retryDelayMs(20, 200, null, () => 1)).toBe(10_000);
    expect(retryDelayMs(20, 200, null, () => 0)).toBe(5_000);
  });

  it('follows Retry-After (seconds or an HTTP date), capped at a minute', () => {
    expect(retryDelayMs(1, 200, '3', () => 0)).toBe(3_000);
    expect(retryDelayMs(1, 200, '0', () => 0)).toBe(0);
    expect(retryDelayMs(1, 200, '86400', () => 0)).toBe(60_000);
    const inFive = new Date(Date.now() + 5_000).toUTCString();
    const d = retryDelayMs(1, 200, inFive, () => 0);
    expect(d).toBeGreaterThan(3_000);
    expect(d).toBeLessThanOrEqual(5_000);
    // garbage and empty values fall back to the backoff
    expect(retryDelayMs(2, 200, 'soon', () => 0)).toBe(200);
    expect(retryDelayMs(2, 200, '', () => 0)).toBe(200);
  });
});

describe('isRetryableResponse', () => {
  it('judges Keel answers by the catalogue and foreign ones by status', async () => {
    expect(await isRetryableResponse(problem(503, 'rpc_unavailable'))).toBe(true);
    expect(await isRetryableResponse(problem(409, 'idempotency_in_progress'))).toBe(true);
    expect(await isRetryableResponse(problem(502, 'signer_mismatch'))).toBe(false);
    expect(await isRetryableResponse(problem(500, 'internal_error'))).toBe(false);
    expect(await isRetryableResponse(problem(422, 'validation_failed'))).toBe(false);
    expect(await isRetryableResponse(new Response('<html>bad gateway</html>', { status: 502 }))).toBe(true);
    expect(await isRetryableResponse(new Response('oops', { status: 500 }))).toBe(false);
    expect(
      await isRetryableResponse(
        new Response('{"x":', { status: 504, headers: { 'content-type': 'application/json' } }),
      ),
    ).toBe(true);
    expect(await isRetryableResponse(json(200, {}))).toBe(false);
  });
});

describe('retryingFetch', () => {
  const get = () => new Request('http://keel.test/v1/me');

  it('retries a network error, then returns the success', async () => {
    const { fetch, seen } = fakeFetch([new TypeError('fetch failed'), json(200, { ok: true })]);
    const r = recorder();
    const res = await retryingFetch(fetch, { retries: 2, backoffMs: 100, sleep: r.sleep, random: () => 0 })(get());
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(r.waits).toEqual([50]);
  });

  it('retries 503 and 429, waiting what Retry-After says', async () => {
    const { fetch, seen } = fakeFetch([
      problem(503, 'rpc_unavailable'),
      problem(429, 'rate_limited', { 'retry-after': '7' }),
      json(200, { ok: true }),
    ]);
    const r = recorder();
    const res = await retryingFetch(fetch, { retries: 3, backoffMs: 100, sleep: r.sleep, random: () => 0 })(get());
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(r.waits).toEqual([50, 7_000]);
  });

  it('gives up after `retries` and returns the last answer (or throws the last network error)', async () => {
    const a = fakeFetch([problem(503, 'rpc_unavailable')]);
    const r = recorder();
    const res = await retryingFetch(a.fetch, { retries: 2, backoffMs: 100, sleep: r.sleep, random: () => 0 })(get());
    expect(res.status).toBe(503);
    expect(a.seen).toHaveLength(3);
    expect(r.waits).toEqual([50, 100]);

    const b = fakeFetch([new TypeError('fetch failed')]);
    await expect(retryingFetch(b.fetch, { retries: 1, backoffMs: 1, sleep: r.sleep })(get())).rejects.toThrow(
      'fetch failed',
    );
    expect(b.seen).toHaveLength(2);

    const c = fakeFetch([new TypeError('fetch failed')]);
    await expect(retryingFetch(c.fetch, { retries: 0, backoffMs: 1, sleep: r.sleep })(get())).rejects.toThrow();
    expect(c.seen).toHaveLength(1);
  });

  it('does not retry a permanent answer', async () => {
    const { fetch, seen } = fakeFetch([problem(502, 'signer_mismatch'), json(200, {})]);
    const res = await retryingFetch(fetch, { retries: 3, backoffMs: 1, sleep: recorder().sleep })(get());
    expect(res.status).toBe(502);
    expect(seen).toHaveLength(1);
  });

  it('does not retry a request its caller aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { fetch, seen } = fakeFetch([new DOMException('aborted', 'AbortError')]);
    const request = new Request('http://keel.test/v1/me', { signal: controller.signal });
    await expect(
      retryingFetch(fetch, { retries: 3, backoffMs: 1, sleep: recorder().sleep })(request),
    ).rejects.toThrow();
    expect(seen).toHaveLength(1);
  });
});

describe('createKeelClient', () => {
  const body = { amount: '10.00', asset: 'tUSD' };

  it('sends the API key and one Idempotency-Key per POST, the same on every retry with the same body', async () => {
    const { fetch, seen } = fakeFetch([
      new TypeError('socket hang up'),
      problem(409, 'idempotency_in_progress'),
      problem(503, 'chains_unavailable'),
      json(201, { id: 'pi_1' }),
    ]);
    const r = recorder();
    const keel = createKeelClient({
      baseUrl: 'http://keel.test/',
      apiKey: 'keel_sk_x',
      fetch,
      retries: 3,
      sleep: r.sleep,
    });
    const created = await unwrap(keel.POST('/v1/payment-intents', { body }));
    expect(created).toEqual({ id: 'pi_1' });
    expect(seen).toHaveLength(4);
    const keys = new Set(seen.map((s) => s.headers.get('idempotency-key')));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(seen.map((s) => s.body))).toEqual(new Set([JSON.stringify(body)]));
    expect(seen.every((s) => s.headers.get('authorization') === 'Bearer keel_sk_x')).toBe(true);
    expect(seen[0]!.url).toBe('http://keel.test/v1/payment-intents');
    expect(r.waits).toHaveLength(3);

    // A second POST is another operation: another key.
    await unwrap(keel.POST('/v1/payment-intents', { body }));
    expect(seen.at(-1)!.headers.get('idempotency-key')).not.toBe([...keys][0]);
  });

  it('keeps an explicit Idempotency-Key', async () => {
    const { fetch, seen } = fakeFetch([json(201, { id: 'pi_1' })]);
    const keel = createKeelClient({ baseUrl: 'http://keel.test', fetch });
    await keel.POST('/v1/payment-intents', { body, params: { header: { 'Idempotency-Key': 'order-42' } } });
    expect(seen[0]!.headers.get('idempotency-key')).toBe('order-42');
  });

  it('does not retry a POST that carries no Idempotency-Key', async () => {
    const { fetch, seen } = fakeFetch([new TypeError('socket hang up'), json(201, {})]);
    const inner = retryingFetch(fetch, { retries: 3, backoffMs: 1, sleep: recorder().sleep });
    await expect(
      inner(new Request('http://keel.test/v1/transactions', { method: 'POST', body: '{}' })),
    ).rejects.toThrow();
    expect(seen).toHaveLength(1);
  });

  it('reads a key given as a function before every request', async () => {
    const { fetch, seen } = fakeFetch([json(200, {})]);
    let key: string | null = 'keel_sk_a';
    const keel = createKeelClient({ baseUrl: 'http://keel.test', apiKey: () => key, fetch });
    await keel.GET('/v1/me');
    key = null;
    await keel.GET('/v1/me');
    expect(seen.map((s) => s.headers.get('authorization'))).toEqual(['Bearer keel_sk_a', null]);
  });

  it('turns a network failure after the retries into KeelApiError network_error', async () => {
    const { fetch } = fakeFetch([new TypeError('connect ECONNREFUSED')]);
    const keel = createKeelClient({ baseUrl: 'http://keel.test', fetch, retries: 1, sleep: recorder().sleep });
    const err = await unwrap(keel.GET('/v1/me')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeelApiError);
    expect(err).toMatchObject({ code: 'network_error', status: 0, retryable: true });
    expect((err as KeelApiError).message).toMatch(/ECONNREFUSED/);
  });
});
