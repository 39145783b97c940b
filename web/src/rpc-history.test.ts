import { describe, expect, it } from 'vitest';
import { appendSample, EMPTY_HISTORY } from './rpc-history.ts';
import type { EndpointHealth } from './types.ts';

const ep = (url: string, latencyMs: number | null, status: EndpointHealth['status'] = 'healthy'): EndpointHealth => ({
  url,
  rank: 0,
  status,
  chainVerified: true,
  latencyMs,
  consecutiveFailures: 0,
  cooldownUntil: null,
  lastError: null,
  lastErrorAt: null,
});

describe('RPC latency history', () => {
  it('appends per endpoint, null when not healthy, ignores a repeated sample, keeps at most max', () => {
    let h = appendSample(
      EMPTY_HISTORY,
      [
        { chainId: 2, name: 'B', endpoints: [ep('b1', 5)] },
        { chainId: 1, name: 'A', endpoints: [ep('a1', 3)] },
      ],
      't1',
      3,
    );
    h = appendSample(
      h,
      [
        { chainId: 1, name: 'A', endpoints: [ep('a1', 4, 'cooling'), ep('a2', 9)] },
        { chainId: 2, name: 'B', endpoints: [ep('b1', 6)] },
      ],
      't2',
      3,
    );
    expect(appendSample(h, [], 't2', 3)).toBe(h);
    expect(h.at).toEqual(['t1', 't2']);
    expect(h.chains.map((c) => c.chainId)).toEqual([1, 2]);
    expect(h.chains[0]!.endpoints).toEqual([
      { url: 'a1', latency: [3, null] },
      { url: 'a2', latency: [null, 9] },
    ]);
    h = appendSample(h, [{ chainId: 1, name: 'A', endpoints: [ep('a1', 2)] }], 't3', 3);
    h = appendSample(h, [{ chainId: 1, name: 'A', endpoints: [ep('a1', 1)] }], 't4', 3);
    expect(h.at).toEqual(['t2', 't3', 't4']);
    expect(h.chains[0]!.endpoints[0]).toEqual({ url: 'a1', latency: [null, 2, 1] });
    expect(h.chains[1]!.endpoints[0]).toEqual({ url: 'b1', latency: [6, null, null] });
    for (const c of h.chains) for (const e of c.endpoints) expect(e.latency).toHaveLength(h.at.length);
  });
});
