import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config/schema.ts';
import type { SignerRegistry } from '../signers/index.ts';
import type { PortfolioResponse } from './schemas.ts';
import { readPortfolio, type PortfolioChain } from './service.ts';

/** `GET /v1/accounts`: the accounts Keel signs for, with their balances on every configured chain. */

const amount = z.object({
  amount: z.string().describe('Decimal amount in whole units'),
  baseUnits: z.string().describe('Integer amount in base units'),
});
const priceStatus = z.enum(['ok', 'stale', 'invalid', 'unavailable']);
const balanceRow = {
  balance: amount.nullable().describe('null when this value could not be read'),
  usd: z.string().nullable(),
  priceStatus,
};

const chainBalances = z.discriminatedUnion('status', [
  z.object({
    chainId: z.number(),
    name: z.string(),
    status: z.literal('ok'),
    blockNumber: z.string().describe('Every balance of this chain was read at this block'),
    native: z.object({ symbol: z.string(), decimals: z.number(), ...balanceRow }),
    assets: z.array(
      z.object({ asset: z.object({ symbol: z.string(), address: z.string(), decimals: z.number() }), ...balanceRow }),
    ),
  }),
  z.object({
    chainId: z.number(),
    name: z.string(),
    status: z.literal('unavailable'),
    reason: z.object({ code: z.string(), message: z.string() }),
  }),
]);

/** The response of `GET /v1/accounts` (also its OpenAPI). Public fields only: never key material. */
export const accountsResponseSchema = z.object({
  object: z.literal('list'),
  data: z.array(
    z.object({
      object: z.literal('account'),
      name: z.string().describe('Configured signer name, used to choose the account of a transaction'),
      address: z.string(),
      role: z.string().describe('What the account is for: treasury, operations, …'),
      signerType: z
        .enum(['local', 'local_dev', 'remote'])
        .describe('local: encrypted keystore; local_dev: plaintext development key; remote: JSON-RPC signer'),
      chains: z.array(chainBalances),
    }),
  ),
});

export type AccountsResponse = z.infer<typeof accountsResponseSchema>;

export interface AccountRoutesDeps {
  config: Config;
  signers: SignerRegistry;
  chainOf: (chainId: number) => PortfolioChain | undefined;
}

/**
 * Shapes a portfolio read into per-account balances (pure). The order of accounts is the
 * configured order of signers; the order of chains that of `portfolio.chains`.
 */
export function accountsFromPortfolio(signers: SignerRegistry, portfolio: PortfolioResponse): AccountsResponse {
  return {
    object: 'list',
    data: signers.all().map((s) => ({
      object: 'account' as const,
      name: s.name,
      address: s.address,
      role: s.role,
      signerType: s.type,
      chains: portfolio.chains.map((c) => {
        if (c.status === 'unavailable') return c;
        const acct = c.accounts.find((a) => a.address.toLowerCase() === s.address.toLowerCase());
        if (!acct)
          return {
            chainId: c.chainId,
            name: c.name,
            status: 'unavailable' as const,
            reason: { code: 'chain_read_failed', message: `chain ${c.chainId} could not be read` },
          };
        return {
          chainId: c.chainId,
          name: c.name,
          status: 'ok' as const,
          blockNumber: c.blockNumber,
          native: {
            symbol: acct.native.symbol,
            decimals: acct.native.decimals,
            balance: acct.native.balance,
            usd: acct.native.usd,
            priceStatus: acct.native.priceStatus,
          },
          assets: acct.assets.map((a) => ({
            asset: a.asset,
            balance: a.balance,
            usd: a.usd,
            priceStatus: a.priceStatus,
          })),
        };
      }),
    })),
  };
}

/**
 * Registers `GET /v1/accounts` (scope `transactions:read`). Balances come from one
 * portfolio read of every signer address per configured chain; a chain that cannot be
 * reached is marked `unavailable` for every account while the others are complete, and the
 * answer stays 200 (the list of accounts is known without any chain).
 */
export function accountRoutes(deps: AccountRoutesDeps) {
  return (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/v1/accounts',
      {
        config: { scope: 'transactions:read' },
        schema: {
          tags: ['transactions'],
          summary: 'Accounts Keel signs for, with balances per chain',
          description:
            'Every configured signer account: name, address, role and signer type (never key material), with its native and configured asset balances on each configured chain, read at one block per chain. A chain that cannot be reached is returned with status `unavailable`.',
          response: { 200: accountsResponseSchema },
        },
      },
      async (req) => {
        const signers = deps.signers.all();
        if (signers.length === 0) return { object: 'list' as const, data: [] };
        const chains = deps.config.chains
          .map((c) => deps.chainOf(c.chainId))
          .filter((c): c is PortfolioChain => c !== undefined);
        const portfolio = await readPortfolio(
          chains,
          signers.map((s) => s.address),
          { batchSize: deps.config.portfolio.multicallBatchSize, logger: req.log },
        );
        return accountsFromPortfolio(deps.signers, portfolio);
      },
    );
  };
}
