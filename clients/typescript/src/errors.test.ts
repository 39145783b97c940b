import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './error-codes.ts';
import { isErrorCode, KeelApiError, unwrap } from './errors.ts';

const res = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });

describe('KeelApiError.fromResponse', () => {
  it('reads a catalogued problem: code, retryable from the catalogue, field errors, request id', () => {
    const body = {
      type: 'urn:keel:problem:validation_failed',
      status: 422,
      code: 'validation_failed',
      detail: 'body.amount: must be a decimal string',
      userMessage: 'Some details are not valid.',
      instance: 'req_01abc',
      errors: [{ field: 'body.amount', message: 'must be a decimal string' }],
    };
    const e = KeelApiError.fromResponse(res(422), body);
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({
      name: 'KeelApiError',
      status: 422,
      code: 'validation_failed',
      message: body.detail,
      userMessage: body.userMessage,
      retryable: false,
      requestId: 'req_01abc',
      fieldErrors: body.errors,
    });
    expect(e.problem).toEqual(body);
  });

  it('takes retryability from the catalogue, not from the status', () => {
    for (const code of [
      'rpc_unavailable',
      'idempotency_in_progress',
      'signer_mismatch',
      'watcher_lease_lost',
    ] as const) {
      const { status, retryable } = ERROR_CODES[code];
      const e = KeelApiError.fromResponse(res(status), { code, status, detail: 'x', userMessage: 'y' });
      expect(e.retryable, code).toBe(retryable);
      expect(e.code).toBe(code);
    }
    // the catalogue really does differ from a status rule: a retryable 409 and a permanent 502
    expect(ERROR_CODES.idempotency_in_progress.retryable).toBe(true);
    expect(ERROR_CODES.signer_mismatch.retryable).toBe(false);
  });

  it('falls back to the x-request-id header and a generic user message', () => {
    const e = KeelApiError.fromResponse(res(401, { 'x-request-id': 'req_h' }), { code: 'unauthenticated' });
    expect(e).toMatchObject({ requestId: 'req_h', code: 'unauthenticated', retryable: false, fieldErrors: [] });
    expect(e.userMessage).toMatch(/went wrong/);
    expect(e.message).toMatch(/unauthenticated.*401/);
  });

  it("judges an answer that is not Keel's by its status (a proxy's 502 is retryable)", () => {
    const bad = KeelApiError.fromResponse(res(502), '<html>Bad Gateway</html>');
    expect(bad).toMatchObject({ code: 'http_error', status: 502, retryable: true, fieldErrors: [] });
    expect(KeelApiError.fromResponse(res(504), undefined).retryable).toBe(true);
    expect(KeelApiError.fromResponse(res(500), { code: 'from_a_newer_keel' })).toMatchObject({
      code: 'http_error',
      retryable: false,
    });
    expect(KeelApiError.fromResponse(res(404), null).retryable).toBe(false);
  });
});

describe('isErrorCode', () => {
  it('knows the catalogue and nothing else (not Object.prototype members)', () => {
    expect(isErrorCode('validation_failed')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});

describe('unwrap', () => {
  it('returns the data of a 2xx answer', async () => {
    expect(await unwrap(Promise.resolve({ data: { id: 'pi_1' }, response: res(200) }))).toEqual({ id: 'pi_1' });
  });

  it('throws KeelApiError for a problem answer', async () => {
    const call = Promise.resolve({ error: { code: 'not_found', detail: 'no such intent' }, response: res(404) });
    await expect(unwrap(call)).rejects.toMatchObject({ code: 'not_found', status: 404, message: 'no such intent' });
  });

  it('turns a rejected call into network_error, keeping the cause', async () => {
    const cause = new TypeError('fetch failed');
    const e = (await unwrap(Promise.reject(cause)).catch((x: unknown) => x)) as KeelApiError;
    expect(e).toBeInstanceOf(KeelApiError);
    expect(e).toMatchObject({ code: 'network_error', status: 0, retryable: true });
    expect(e.cause).toBe(cause);
  });

  it('passes a KeelApiError thrown by the call through unchanged', async () => {
    const original = KeelApiError.network(new Error('x'));
    await expect(unwrap(Promise.reject(original))).rejects.toBe(original);
  });
});
