import type { Overview } from './types.ts';

/**
 * RPC endpoint latency over time, sampled from the overview's polls while the page is open
 * (Keel keeps only each endpoint's current health, so the history lives in the browser).
 * Pure: each poll makes a new history from the old one.
 */

export interface RpcHistory {
  /** Sample times (ISO), oldest first. */
  at: string[];
  /** Per chain, per endpoint URL: latency in ms at each sample (null: unknown or not healthy). */
  chains: Array<{ chainId: number; name: string; endpoints: Array<{ url: string; latency: Array<number | null> }> }>;
}

export const EMPTY_HISTORY: RpcHistory = { at: [], chains: [] };

/**
 * Appends one sample (at most `max` kept). An endpoint seen for the first time gets nulls for
 * the earlier samples; one that disappears keeps its past and gets null from now on. A
 * sample at the same time as the last one (the same poll seen twice) is ignored.
 */
export function appendSample(h: RpcHistory, rpc: Overview['rpc'], at: string, max = 60): RpcHistory {
  if (h.at[h.at.length - 1] === at) return h;
  const n = h.at.length;
  const drop = n + 1 > max ? n + 1 - max : 0;
  const chains = new Map(
    h.chains.map((c) => [c.chainId, { ...c, endpoints: new Map(c.endpoints.map((e) => [e.url, e.latency])) }]),
  );
  for (const c of rpc)
    if (!chains.has(c.chainId)) chains.set(c.chainId, { chainId: c.chainId, name: c.name, endpoints: new Map() });
  const out: RpcHistory['chains'] = [];
  for (const c of chains.values()) {
    const now = rpc.find((x) => x.chainId === c.chainId);
    for (const e of now?.endpoints ?? []) if (!c.endpoints.has(e.url)) c.endpoints.set(e.url, Array(n).fill(null));
    out.push({
      chainId: c.chainId,
      name: now?.name ?? c.name,
      endpoints: [...c.endpoints.entries()].map(([url, latency]) => {
        const e = now?.endpoints.find((x) => x.url === url);
        const v = e && e.status === 'healthy' ? e.latencyMs : null;
        return { url, latency: [...latency, v].slice(drop) };
      }),
    });
  }
  return { at: [...h.at, at].slice(drop), chains: out.sort((a, b) => a.chainId - b.chainId) };
}
