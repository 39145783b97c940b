import { describe, expect, it } from 'vitest';
import { createMetricsRegistry, repeatsSegment } from './metrics.ts';

describe('metrics registry', () => {
  it('names the default series as every Prometheus client does: process_* and nodejs_*, no prefix twice', async () => {
    const names = (await createMetricsRegistry({ defaults: true }).getMetricsAsJSON()).map((m) => m.name);
    expect(names).toContain('process_cpu_seconds_total');
    expect(names).toContain('process_resident_memory_bytes');
    expect(names).toContain('nodejs_eventloop_lag_seconds');
    for (const n of names) {
      expect(n).toMatch(/^(process|nodejs)_/);
      expect(repeatsSegment(n), n).toBe(false);
    }
  });

  it('registers nothing by default', async () => {
    expect(await createMetricsRegistry().getMetricsAsJSON()).toEqual([]);
  });

  it('spots a segment repeated', () => {
    expect(repeatsSegment('keel_process_process_cpu_seconds_total')).toBe(true);
    expect(repeatsSegment('keel_keel_http_requests_total')).toBe(true);
    expect(repeatsSegment('keel_process_cpu_seconds_total')).toBe(false);
    expect(repeatsSegment('keel_http_request_duration_seconds')).toBe(false);
  });
});
