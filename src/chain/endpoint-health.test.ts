import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  describeEndpoints,
  FAILURE_PENALTY_MS,
  initialEndpointState,
  markWrongChain,
  parseRetryAfter,
  rankEndpoints,
  recordFailure,
  recordSuccess,
  seededRng,
  type EndpointState,
} from './endpoint-health.ts';

const policy = { cooldownMs: 30_000, backoffBaseMs: 200, backoffMaxMs: 5_000 };
const NOW = 1_700_000_000_000;

const order = (states: EndpointState[], now = NOW) => rankEndpoints(states, now).map((s) => s.index);
const measured = (index: number, latencyMs: number) => recordSuccess(initialEndpointState(index), latencyMs);

describe('rankEndpoints', () => {
  it('keeps the configured order while nothing is measured', () => {
    expect(order([0, 1, 2].map((i) => initialEndpointState(i)))).toEqual([0, 1, 2]);
  });

  it('puts the faster endpoint first, measured ones before unmeasured ones', () => {
    expect(order([measured(0, 300), measured(1, 40), initialEndpointState(2)])).toEqual([1, 0, 2]);
  });

  it('keeps the configured order between endpoints of similar latency', () => {
    // 41 ms vs 38 ms: not worth moving reads to another node.
    expect(order([measured(0, 41), measured(1, 38)])).toEqual([0, 1]);
  });

  it('ranks an endpoint in cooldown after every healthy one, however fast it was', () => {
    const failed = recordFailure(measured(0, 5), { now: NOW, error: 'timeout' }, policy);
    expect(order([failed, measured(1, 400), initialEndpointState(2)])).toEqual([1, 2, 0]);
  });

  it('orders endpoints in cooldown by when their cooldown ends', () => {
    const a = recordFailure(initialEndpointState(0), { now: NOW, error: 'x' }, policy);
    const b = recordFailure(initialEndpointState(1), { now: NOW - 10_000, error: 'x' }, policy);
    expect(order([a, b])).toEqual([1, 0]);
  });

  it('lets a cooled-down endpoint back in, behind clean ones, with a failure penalty', () => {
    const failed = recordFailure(measured(0, 10), { now: NOW, error: 'x' }, { cooldownMs: 1_000 });
    const later = NOW + 1_001;
    expect(order([failed, measured(1, 10 + FAILURE_PENALTY_MS / 2)], later)).toEqual([1, 0]);
    // A success clears the penalty and the cooldown.
    expect(order([recordSuccess(failed, 10), measured(1, 500)], later)).toEqual([0, 1]);
  });

  it('never returns wrong-chain or disabled endpoints', () => {
    const wrong = markWrongChain(measured(0, 1), 'serves chain 1, expected 31337', NOW);
    const disabled = initialEndpointState(1, 'disabled');
    expect(order([wrong, disabled, initialEndpointState(2)])).toEqual([2]);
    expect(order([wrong, disabled])).toEqual([]);
  });

  it('keeps a wrong-chain endpoint out even after a later success', () => {
    const wrong = recordSuccess(markWrongChain(initialEndpointState(0), 'x', NOW), 1);
    expect(order([wrong])).toEqual([]);
  });
});

describe('recordFailure / recordSuccess', () => {
  it('uses the longer of cooldown and Retry-After, and remembers the Retry-After time', () => {
    const s = recordFailure(initialEndpointState(0), { now: NOW, error: 'HTTP 429', retryAfterMs: 60_000 }, policy);
    expect(s.cooldownUntil).toBe(NOW + 60_000);
    expect(s.retryAfterUntil).toBe(NOW + 60_000);
    expect(s.consecutiveFailures).toBe(1);
    expect(s.lastError).toBe('HTTP 429');
    const short = recordFailure(initialEndpointState(0), { now: NOW, error: 'HTTP 429', retryAfterMs: 1_000 }, policy);
    expect(short.cooldownUntil).toBe(NOW + 30_000);
    expect(short.retryAfterUntil).toBe(NOW + 1_000);
  });

  it('averages latency (EWMA) and resets failures on success', () => {
    let s = recordFailure(initialEndpointState(0), { now: NOW, error: 'x' }, policy);
    s = recordSuccess(s, 100);
    expect(s.latencyMs).toBe(100);
    expect(s.consecutiveFailures).toBe(0);
    expect(s.cooldownUntil).toBe(0);
    s = recordSuccess(s, 200);
    expect(s.latencyMs).toBeCloseTo(130, 6);
  });
});

describe('describeEndpoints', () => {
  it('lists endpoints in try order with never-tried ones last', () => {
    const states = [
      markWrongChain(initialEndpointState(0), 'serves chain 1', NOW),
      recordFailure(measured(1, 3), { now: NOW, error: 'network error' }, policy),
      measured(2, 20),
    ];
    const out = describeEndpoints(
      states.map((state, i) => ({ label: `http://h${i}`, verified: i !== 1, state })),
      NOW,
    );
    expect(out.map((e) => [e.url, e.rank, e.status])).toEqual([
      ['http://h2', 0, 'healthy'],
      ['http://h1', 1, 'cooling'],
      ['http://h0', null, 'wrong_chain'],
    ]);
    expect(out[1]?.cooldownUntil).toBe(new Date(NOW + 30_000).toISOString());
    expect(out[1]?.lastError).toBe('network error');
  });
});

describe('backoffDelay', () => {
  it('stays within [0, min(max, base * 2^attempt)) with a seeded rng', () => {
    const seed = 0x5eed;
    const rng = seededRng(seed);
    const samples: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const cap = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** attempt);
      for (let i = 0; i < 200; i++) {
        const d = backoffDelay(attempt, policy, rng);
        expect(d, `seed ${seed} attempt ${attempt}`).toBeGreaterThanOrEqual(0);
        expect(d, `seed ${seed} attempt ${attempt}`).toBeLessThan(cap);
        expect(Number.isInteger(d)).toBe(true);
        samples.push(d);
      }
    }
    // Full jitter really spreads: late attempts use most of the capped range.
    expect(Math.max(...samples)).toBeGreaterThan(policy.backoffMaxMs * 0.9);
  });

  it('is exactly the cap at the top of the rng range and 0 at the bottom', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.999_999)).toBe(1_599);
    expect(backoffDelay(30, policy, () => 0.999_999)).toBe(4_999);
  });

  it('is reproducible from a seed', () => {
    const a = seededRng(42);
    const b = seededRng(42);
    const xs = Array.from({ length: 20 }, (_, i) => backoffDelay(i % 6, policy, a));
    const ys = Array.from({ length: 20 }, (_, i) => backoffDelay(i % 6, policy, b));
    expect(xs).toEqual(ys);
    expect(new Set(xs).size).toBeGreaterThan(5);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('1', NOW)).toBe(1_000);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
    expect(parseRetryAfter('0', NOW)).toBe(0);
  });

  it('reads an HTTP-date relative to now', () => {
    const at = new Date(NOW + 7_000).toUTCString();
    // HTTP-dates have whole seconds.
    expect(parseRetryAfter(at, NOW)).toBe(Math.floor((NOW + 7_000) / 1000) * 1000 - NOW);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW)).toBe(0);
  });

  it('rejects missing and malformed values', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
    expect(parseRetryAfter('1.5', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });
});
