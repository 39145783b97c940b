import { describe, expect, it } from 'vitest';
import { classifyResponse, nextAttemptAt, parseRetryAfter, retryDelayMs } from './schedule.ts';

const SCHEDULE = [0, 5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];
const now = new Date('2025-01-01T00:00:00Z');
const mid = () => 0.5; // no jitter
const low = () => 0; // -jitter
const high = () => 0.999999; // ~+jitter

describe('nextAttemptAt', () => {
  it('follows the schedule: the delay before attempt k is schedule[k]', () => {
    expect(nextAttemptAt(1, SCHEDULE, 0.1, now, mid)).toEqual(new Date(now.getTime() + 5_000));
    expect(nextAttemptAt(2, SCHEDULE, 0.1, now, mid)).toEqual(new Date(now.getTime() + 300_000));
    expect(nextAttemptAt(7, SCHEDULE, 0.1, now, mid)).toEqual(new Date(now.getTime() + 36_000_000));
  });

  it('gives up once every scheduled attempt was made', () => {
    expect(nextAttemptAt(8, SCHEDULE, 0.1, now, mid)).toBeNull();
    expect(nextAttemptAt(1, [0], 0, now, mid)).toBeNull();
    // Retry-After does not extend the number of attempts.
    expect(nextAttemptAt(8, SCHEDULE, 0.1, now, mid, 1)).toBeNull();
  });

  it('spreads each delay by ±jitter and stays within it', () => {
    expect(retryDelayMs(2, SCHEDULE, 0.1, low)).toBe(270_000);
    expect(retryDelayMs(2, SCHEDULE, 0.1, high)).toBeCloseTo(330_000, -1);
    const seed = 12345;
    let x = seed;
    const rng = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 1_000; i++) {
      const d = retryDelayMs(3, SCHEDULE, 0.2, rng)!;
      expect(d, `seed ${seed}`).toBeGreaterThanOrEqual(1_440_000);
      expect(d, `seed ${seed}`).toBeLessThanOrEqual(2_160_000);
    }
    expect(retryDelayMs(1, SCHEDULE, 0, high)).toBe(5_000);
  });

  it('lets a Retry-After replace the scheduled delay, capped by the maximum', () => {
    expect(nextAttemptAt(1, SCHEDULE, 0.1, now, high, 120)).toEqual(new Date(now.getTime() + 120_000));
    // Shorter than the schedule: honoured as well (the receiver said when it is ready).
    expect(retryDelayMs(4, SCHEDULE, 0.1, mid, 2)).toBe(2_000);
    expect(retryDelayMs(1, SCHEDULE, 0.1, mid, 999_999, 3_600)).toBe(3_600_000);
    expect(retryDelayMs(1, SCHEDULE, 0.1, mid, 0)).toBe(0);
  });
});

describe('classifyResponse', () => {
  it('treats only 2xx as success', () => {
    for (const s of [200, 201, 202, 204, 299]) expect(classifyResponse(s).outcome).toBe('success');
    for (const s of [100, 199, 300, 400, 404, 500]) expect(classifyResponse(s).outcome).not.toBe('success');
  });

  it('disables on 410 only', () => {
    expect(classifyResponse(410)).toMatchObject({ outcome: 'gone' });
    expect(classifyResponse(404)).toMatchObject({ outcome: 'retry' });
  });

  it('retries 3xx as a failure without following it', () => {
    for (const s of [301, 302, 307, 308]) {
      const c = classifyResponse(s);
      expect(c.outcome).toBe('retry');
      expect(c.note).toMatch(/not followed/);
    }
  });

  it('honours Retry-After on 429 and 503 only', () => {
    expect(classifyResponse(429)).toMatchObject({ outcome: 'retry', honoursRetryAfter: true });
    expect(classifyResponse(503)).toMatchObject({ outcome: 'retry', honoursRetryAfter: true });
    expect(classifyResponse(500)).toMatchObject({ outcome: 'retry', honoursRetryAfter: false });
    expect(classifyResponse(502)).toMatchObject({ outcome: 'retry', honoursRetryAfter: false });
  });

  it('retries transport errors, naming timeouts and guard refusals', () => {
    expect(classifyResponse({ code: 'KEEL_TIMEOUT', message: 'timeout' })).toMatchObject({
      outcome: 'retry',
      note: 'timed out',
    });
    expect(classifyResponse({ code: 'KEEL_FORBIDDEN_ADDRESS', message: 'no' })).toMatchObject({
      outcome: 'retry',
      note: /guard/,
    });
    expect(classifyResponse({ code: 'ECONNREFUSED', message: 'refused' })).toMatchObject({
      outcome: 'retry',
      honoursRetryAfter: false,
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const t = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('120', t)).toBe(120);
    expect(parseRetryAfter(' 0 ', t)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:30 GMT', t)).toBe(90);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', t)).toBe(0);
    expect(parseRetryAfter('soon', t)).toBeUndefined();
    expect(parseRetryAfter('-5', t)).toBeUndefined();
    expect(parseRetryAfter(undefined, t)).toBeUndefined();
  });
});
