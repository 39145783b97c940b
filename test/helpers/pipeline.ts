import type { TestChain } from './devchain.ts';

/** A policy for write-path tests: the demo assets on the test chain, router approvals (allowances up to 50,000 USD), USD limits, a sanctions list. */
export function pipelinePolicy(chain: TestChain, extraRules: Record<string, unknown>[] = []): Record<string, unknown> {
  const c = chain.world.contracts;
  return {
    version: 1,
    description: 'write-path tests',
    rules: [
      { id: 'chains', kind: 'chain', effect: 'allow', chainIds: [chain.chainId] },
      { id: 'assets', kind: 'asset', effect: 'allow', assets: ['tUSD', 'tEUR', 'native'] },
      {
        id: 'tusd-approve',
        kind: 'contract',
        effect: 'allow',
        contracts: [c.tUSD],
        functions: [{ selector: 'approve(address,uint256)', spenders: [c.uniswapV2Router] }],
      },
      {
        id: 'router-allowance',
        kind: 'allowance',
        effect: 'allow',
        spenders: [c.uniswapV2Router],
        limit: { usd: '50000' },
      },
      {
        id: 'tusd-transfer-call',
        kind: 'contract',
        effect: 'allow',
        contracts: [c.tUSD],
        functions: [{ selector: 'transfer(address,uint256)' }],
      },
      { id: 'max-tx', kind: 'amount', effect: 'deny', limit: { usd: '50000' } },
      { id: 'big', kind: 'amount', effect: 'review', limit: { usd: '10000' } },
      {
        id: 'sanctions',
        kind: 'destination',
        effect: 'deny',
        addresses: ['0x000000000000000000000000000000000000dEaD'],
      },
      ...extraRules,
    ],
  };
}

/** JSON over HTTP with a bearer token; returns status and parsed body. */
export async function api(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Polls GET /v1/transactions/:id until `until` holds (or throws with the last state after `timeoutMs`). */
export async function waitForTx(
  base: string,
  token: string,
  id: string,
  until: (tx: any) => boolean,
  timeoutMs = 60_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = (await api(base, token, 'GET', `/v1/transactions/${id}`)).body;
    if (until(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `transaction ${id} did not reach the expected state; last: ${last?.status} ${JSON.stringify(last?.history?.map((h: any) => `${h.status}:${h.reason}`))} ${last?.statusReason}`,
  );
}

export const statusIs =
  (...s: string[]) =>
  (tx: any) =>
    s.includes(tx?.status);
