import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config/schema.ts';
import type { SignerRegistry } from '../signers/index.ts';
import { ADDRESS_KINDS, addressBook } from './address-book.ts';

/** The response of `GET /v1/address-book` (also its OpenAPI). */
export const addressBookResponseSchema = z.object({
  object: z.literal('list'),
  data: z.array(
    z.object({
      address: z.string(),
      name: z.string(),
      kind: z.enum(ADDRESS_KINDS),
      chainId: z.number().int().nullable().describe("The chain the name holds on; null: every chain (Keel's accounts)"),
      detail: z
        .string()
        .nullable()
        .describe(
          'account: its role; asset: its symbol; vault: its asset; spender: its kind; demo_user: what the wallet shows',
        ),
    }),
  ),
});

/**
 * Registers `GET /v1/address-book`: the names Keel knows for addresses (its accounts and the
 * configured contracts), read from the configuration only — no chain call. Any valid key may
 * read it: every entry is a public address the configuration names, never key material.
 */
export function addressBookRoutes(deps: { config: Config; signers: SignerRegistry }) {
  const book = () => ({
    object: 'list' as const,
    data: addressBook(
      deps.config,
      deps.signers.all().map((s) => ({ name: s.name, address: s.address, role: s.role })),
    ),
  });
  return (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/v1/address-book',
      {
        config: { anyKey: true },
        schema: {
          tags: ['transactions'],
          summary: 'Names Keel knows for addresses: its own accounts and the configured contracts',
          description:
            "Keel's accounts (signer name and role, on every chain) and, per chain, the configured assets, vaults, spenders, DEX router and pools, price feeds, the payments deposit factory and Multicall3; on a dev or test chain whose configuration lists them (`demoUsers`), the demo world's end-user wallets (kind `demo_user`). From the configuration only; any valid key may read it.",
          response: { 200: addressBookResponseSchema },
        },
      },
      async () => book(),
    );
  };
}
