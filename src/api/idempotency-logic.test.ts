import { describe, expect, it } from 'vitest';
import { KeelError } from '../lib/errors.ts';
import {
  canonical,
  claimAction,
  decodeOutcome,
  encodeOutcome,
  requestHash,
  successStatus,
  type StoredKey,
} from './idempotency-logic.ts';
import { MAX_JSON_DEPTH } from './input-check.ts';

describe('canonical and requestHash', () => {
  it('ignores key order, not values, method or URL', () => {
    expect(canonical({ b: 1, a: [{ y: 2, x: null }] })).toBe('{"a":[{"x":null,"y":2}],"b":1}');
    const h = (body: unknown, url = '/v1/x', method = 'POST') => requestHash({ method, url, body });
    expect(h({ a: 1, b: 2 })).toBe(h({ b: 2, a: 1 }));
    expect(h({ a: 1 })).not.toBe(h({ a: 2 }));
    expect(h({ a: 1 })).not.toBe(h({ a: 1 }, '/v1/y'));
    expect(h(undefined)).toBe(h(null));
  });

  it('refuses nesting beyond the edge limit instead of recursing without bound', () => {
    let v: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) v = [v];
    expect(() => canonical(v)).not.toThrow();
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => canonical(deep)).toThrow(expect.objectContaining({ code: 'json_too_deep', status: 400 }));
  });
});

describe('claimAction', () => {
  const key = (s: Partial<StoredKey>): StoredKey => ({
    requestHash: 'h',
    status: 'in_progress',
    leaseLive: true,
    ...s,
  });
  it('decides from the stored key what a request with that key does', () => {
    expect(claimAction(key({ requestHash: 'other' }), 'h')).toBe('reused');
    expect(claimAction(key({ requestHash: 'other', status: 'done' }), 'h')).toBe('reused');
    expect(claimAction(key({ status: 'done' }), 'h')).toBe('replay');
    expect(claimAction(key({ status: 'committed', leaseLive: true }), 'h')).toBe('replay_committed');
    expect(claimAction(key({ status: 'committed', leaseLive: false }), 'h')).toBe('replay_committed');
    expect(claimAction(key({ leaseLive: true }), 'h')).toBe('in_progress');
    expect(claimAction(key({ leaseLive: false }), 'h')).toBe('take_over');
  });
});

describe('successStatus', () => {
  it('is the 2xx of the response schema', () => {
    expect(successStatus({ 201: {}, 422: {} })).toBe(201);
    expect(successStatus({ '202': {}, '404': {} })).toBe(202);
    expect(successStatus({ 200: {} })).toBe(200);
    expect(successStatus(undefined)).toBe(200);
  });
});

describe('encodeOutcome / decodeOutcome', () => {
  it('round-trips a body', () => {
    const body = { id: 'tx_1', nested: { list: [1, 'a', null] } };
    expect(decodeOutcome(encodeOutcome({ body }))).toEqual({ body });
  });

  it('keeps the success status of a route that answers more than one (201 active key, 202 pending behind a request)', () => {
    expect(decodeOutcome(encodeOutcome({ body: { id: 'key_1' }, status: 202 }))).toEqual({
      body: { id: 'key_1' },
      status: 202,
    });
    expect(decodeOutcome(encodeOutcome({ body: null }))).toEqual({ body: null });
  });

  it('round-trips an error as the same problem (code, status, messages, extra, field errors, headers)', () => {
    const err = new KeelError('policy_denied', 'denied: max-tx', {
      userMessage: 'Not allowed.',
      extra: { decision: { outcome: 'deny' } },
      errors: [{ field: 'body.to', code: 'x', message: 'm' }],
      headers: { 'retry-after': '1' },
    });
    const back = decodeOutcome(encodeOutcome({ error: err }));
    expect('error' in back).toBe(true);
    const e = (back as { error: KeelError }).error;
    expect(e).toBeInstanceOf(KeelError);
    expect({
      code: e.code,
      message: e.message,
      status: e.status,
      userMessage: e.userMessage,
      extra: e.extra,
      errors: e.errors,
      headers: e.headers,
    }).toEqual({
      code: 'policy_denied',
      message: 'denied: max-tx',
      status: 403,
      userMessage: 'Not allowed.',
      extra: { decision: { outcome: 'deny' } },
      errors: [{ field: 'body.to', code: 'x', message: 'm' }],
      headers: { 'retry-after': '1' },
    });
  });

  it('answers a recorded error whose code is no longer catalogued as internal_error', () => {
    const stored = {
      code: 'retired_code',
      message: 'm',
      status: 409,
      userMessage: 'u',
      errors: null,
      extra: null,
      headers: null,
    };
    const back = decodeOutcome(JSON.stringify({ error: stored })) as { error: KeelError };
    expect({ code: back.error.code, status: back.error.status }).toEqual({ code: 'internal_error', status: 500 });
  });
});
