import { getAddress, type Address } from 'viem';
import { isAcceptedAddress } from '../lib/address.ts';
import { z } from 'zod';

/** Request and response schemas of the portfolio API (they also generate its OpenAPI). */

const splitList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

export function portfolioQuerySchema(opts: { maxAddresses: number; chainIds: readonly number[] }) {
  return z.object({
    addresses: z
      .string()
      .describe(`Comma-separated 0x addresses (EIP-55 checksummed or single-case), 1 to ${opts.maxAddresses}`)
      .transform(splitList)
      .pipe(
        z
          .array(
            z.string().refine(isAcceptedAddress, {
              message:
                'not a valid address (0x + 40 hex characters, all one case or with a correct EIP-55 checksum when mixed-case)',
            }),
          )
          .min(1, 'at least one address is required')
          .max(opts.maxAddresses, `at most ${opts.maxAddresses} addresses per request`),
      )
      .transform((list) => [...new Set(list.map((a) => getAddress(a) as Address))]),
    chains: z
      .string()
      .describe(`Comma-separated chain ids; default every configured chain (${opts.chainIds.join(', ')})`)
      .optional()
      .transform((s) => (s === undefined ? opts.chainIds.map(String) : splitList(s)))
      .pipe(
        z
          .array(
            z
              .string()
              .refine((x) => /^\d+$/.test(x) && opts.chainIds.includes(Number(x)), {
                message: `unknown chain; configured chains are ${opts.chainIds.join(', ')}`,
              })
              .transform((x) => Number(x)),
          )
          .min(1, 'at least one chain is required'),
      )
      .transform((list) => [...new Set(list)]),
  });
}

const amount = z.object({
  amount: z.string().describe('Decimal amount in whole units'),
  baseUnits: z.string().describe('Integer amount in base units'),
});
const priceStatus = z
  .enum(['ok', 'stale', 'invalid', 'unavailable'])
  .describe(
    'ok; stale (older than the feed heartbeat: value shown but flagged); invalid (non-positive answer); unavailable (no feed or unreadable)',
  );
const assetRef = z.object({ symbol: z.string(), address: z.string(), decimals: z.number() });
const usd = { usd: z.string().nullable().describe('USD value (8 decimals) or null when no usable price'), priceStatus };

const account = z.object({
  address: z.string(),
  native: z.object({ symbol: z.string(), decimals: z.number(), balance: amount.nullable(), ...usd }),
  assets: z.array(z.object({ asset: assetRef, balance: amount.nullable(), ...usd })),
  allowances: z
    .array(
      z.object({
        asset: assetRef,
        spender: z.object({ name: z.string(), address: z.string(), kind: z.string() }),
        allowance: amount,
        unlimited: z.boolean().describe('max uint256 or ≥ 2^128: the spender can move any amount'),
      }),
    )
    .describe('Non-zero allowances to every configured spender'),
  vaultPositions: z.array(
    z.object({
      vault: z.object({ name: z.string(), address: z.string() }),
      asset: assetRef,
      shares: amount,
      underlying: amount.nullable(),
      ...usd,
    }),
  ),
  totalUsd: z.string(),
  totalStale: z.boolean(),
  totalComplete: z.boolean(),
  readErrors: z.array(z.string()),
});

const chainOk = z.object({
  chainId: z.number(),
  name: z.string(),
  status: z.literal('ok'),
  blockNumber: z.string().describe('Every value of this chain was read at this block'),
  blockTimestamp: z.string(),
  prices: z.array(
    z.object({
      symbol: z.string(),
      feed: z.string().nullable(),
      usd: z.string().nullable(),
      status: priceStatus,
      updatedAt: z.string().nullable(),
    }),
  ),
  accounts: z.array(account),
});

const chainUnavailable = z.object({
  chainId: z.number(),
  name: z.string(),
  status: z.literal('unavailable'),
  reason: z.object({ code: z.string(), message: z.string() }),
});

export const portfolioResponseSchema = z.object({
  object: z.literal('portfolio'),
  addresses: z.array(z.string()),
  chains: z.array(z.discriminatedUnion('status', [chainOk, chainUnavailable])),
});

export type PortfolioResponse = z.infer<typeof portfolioResponseSchema>;
