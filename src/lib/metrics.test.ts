import { Counter, Gauge } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetricsRegistry, repeatsSegment, scrapeGuard } from './metrics.ts';

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

describe('scrapeGuard', () => {
  it('keeps the scrape answering when a database read fails, with the last values and an error count', async () => {
    const registry = createMetricsRegistry();
    const guard = scrapeGuard(registry);
    let fail = false;
    new Gauge({
      name: 'keel_test_rows',
      help: 'rows',
      registers: [registry],
      async collect() {
        await guard('keel_test_rows', async () => {
          if (fail) throw new Error('connection terminated');
          this.set(7);
        });
      },
    });
    new Counter({ name: 'keel_test_in_process_total', help: 'in-process', registers: [registry] }).inc(3);
    expect(await registry.metrics()).toMatch(/^keel_test_rows 7$/m);
    fail = true;
    const text = await registry.metrics();
    expect(text).toMatch(/^keel_test_rows 7$/m);
    expect(text).toMatch(/^keel_test_in_process_total 3$/m);
    // prom-client renders every series at once, so a failure shows from the next scrape on.
    expect(await registry.metrics()).toMatch(/^keel_metrics_scrape_errors_total\{metric="keel_test_rows"\} 1$/m);
    expect(await registry.metrics()).toMatch(/^keel_metrics_scrape_errors_total\{metric="keel_test_rows"\} 2$/m);
  });
});
