/**
 * The routes of the load benchmark's mix (`bench/load.ts`): each one's scope and how its i-th
 * request is built. Bodies are the documented shapes (each module's routes.ts, the demo): small tUSD
 * amounts, a few addresses per portfolio read, a fresh Idempotency-Key for each write.
 */
import type { Address } from 'viem';
import type { Scope } from '../src/auth/scopes.ts';
import type { DemoWorld } from '../src/devnet/world.ts';

export const ROUTE_NAMES = ['portfolio', 'intents', 'quotes', 'transfers', 'list'] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

/** What the builders need: the chain, the demo world, transfer recipients, a per-run tag. */
export interface RouteContext {
  chainId: number;
  world: DemoWorld;
  recipients: Address[];
  run: string;
}

export interface BuiltRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Carries a unique Idempotency-Key. */
  idempotent: boolean;
}

export const ROUTES: Record<
  RouteName,
  { scope: Scope; label: string; build(i: number, c: RouteContext): BuiltRequest }
> = {
  portfolio: {
    scope: 'portfolio:read',
    label: 'GET /v1/portfolio (3 of 6 demo addresses)',
    build(i, c) {
      const a = c.world.accounts;
      const pool = [a.treasury, a.operations, ...a.users.slice(0, 4)];
      const pick = [0, 1, 2].map((k) => pool[(i + k) % pool.length]!);
      return {
        method: 'GET',
        path: `/v1/portfolio?addresses=${pick.join(',')}&chains=${c.chainId}`,
        idempotent: false,
      };
    },
  },
  intents: {
    scope: 'payments:write',
    label: 'POST /v1/payment-intents',
    build: (i, c) => ({
      method: 'POST',
      path: '/v1/payment-intents',
      body: {
        amount: `${10 + (i % 90)}.50`,
        asset: 'tUSD',
        customerReference: `load_${c.run}_${i % 100}`,
        description: 'load test',
      },
      idempotent: true,
    }),
  },
  quotes: {
    scope: 'swaps:write',
    label: 'POST /v1/swaps/quotes (tUSD → WETH)',
    build: (i, c) => ({
      method: 'POST',
      path: '/v1/swaps/quotes',
      body: {
        chainId: c.chainId,
        account: 'treasury',
        tokenIn: 'tUSD',
        tokenOut: 'WETH',
        amountIn: String(5 + (i % 50)),
        userId: `load-user-${i % 20}`,
        slippageBps: 100,
      },
      idempotent: false,
    }),
  },
  transfers: {
    scope: 'transactions:write',
    label: 'POST /v1/transactions (tUSD transfer from treasury)',
    build: (i, c) => ({
      method: 'POST',
      path: '/v1/transactions',
      body: {
        chainId: c.chainId,
        signer: 'treasury',
        kind: 'transfer',
        to: c.recipients[i % c.recipients.length],
        asset: 'tUSD',
        amount: (0.01 + (i % 99) / 100).toFixed(2),
        userId: `load-user-${i % 20}`,
      },
      idempotent: true,
    }),
  },
  list: {
    scope: 'transactions:read',
    label: 'GET /v1/transactions?limit=20',
    build: () => ({ method: 'GET', path: '/v1/transactions?limit=20', idempotent: false }),
  },
};
