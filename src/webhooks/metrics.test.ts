import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { countAttempts, failureReason, type WebhookMetrics } from './metrics.ts';
import { Counter } from 'prom-client';
import type { AttemptResult } from './deliveries-store.ts';

const result = (over: Partial<AttemptResult>): AttemptResult => ({
  deliveryId: 'whd_1',
  endpointId: 'we_1',
  attempt: 1,
  startedAt: new Date(0),
  durationMs: 5,
  ...over,
});

describe('webhook attempt metrics', () => {
  it('names why an attempt failed with a small fixed set of reasons', () => {
    expect(failureReason({ statusCode: 200 })).toBeNull();
    expect(failureReason({ statusCode: 204 })).toBeNull();
    expect(failureReason({ statusCode: 302 })).toBe('http_3xx');
    expect(failureReason({ statusCode: 404 })).toBe('http_4xx');
    expect(failureReason({ statusCode: 410 })).toBe('http_410');
    expect(failureReason({ statusCode: 429 })).toBe('http_429');
    expect(failureReason({ statusCode: 503 })).toBe('http_5xx');
    expect(failureReason({ statusCode: 101 })).toBe('http_other');
    expect(failureReason({ errorCode: 'KEEL_TIMEOUT' })).toBe('timeout');
    expect(failureReason({ errorCode: 'KEEL_FORBIDDEN_ADDRESS' })).toBe('refused_address');
    expect(failureReason({ errorCode: 'ECONNREFUSED', error: 'ECONNREFUSED: connect' })).toBe('network');
    expect(failureReason({ error: 'KEEL_SIGN_FAILED: bad secret' })).toBe('signing');
    expect(failureReason({ aborted: true, errorCode: 'KEEL_ABORTED' })).toBe('aborted');
  });

  it('counts what the store applied, and each applied failure once with its reason', async () => {
    const registry = new Registry();
    const m: WebhookMetrics = {
      attempts: new Counter({ name: 'a_total', help: 'a', labelNames: ['outcome'], registers: [registry] }),
      failures: new Counter({ name: 'f_total', help: 'f', labelNames: ['reason'], registers: [registry] }),
    };
    countAttempts(
      m,
      [
        result({ deliveryId: 'whd_ok', statusCode: 200 }),
        result({ deliveryId: 'whd_retry', statusCode: 500 }),
        result({ deliveryId: 'whd_gone', statusCode: 410 }),
        result({ deliveryId: 'whd_stale', errorCode: 'KEEL_TIMEOUT' }),
      ],
      { succeeded: 1, retrying: 1, failed: 1, stale: ['whd_stale'], disabled: [] },
    );
    const values = async (name: string) =>
      Object.fromEntries(
        (await registry.getSingleMetric(name)!.get()).values.map((v) => [Object.values(v.labels)[0], v.value]),
      );
    expect(await values('a_total')).toEqual({ delivered: 1, retried: 1, failed: 1 });
    expect(await values('f_total')).toEqual({ http_5xx: 1, http_410: 1 });
  });
});
