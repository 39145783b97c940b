import { getAddress, type Address, type PublicClient } from 'viem';
import type { ChainConfig } from '../config/schema.ts';
import type { MandateDocument } from './mandate.ts';
import { assemblePosition, SEVEN_DAYS, THIRTY_DAYS, type Position, type VaultHistory } from './position.ts';
import { readPosition, type PositionReadOptions } from './position-reader.ts';
import type { SharePricesStore } from './prices-store.ts';
import type { Movement } from './yield-logic.ts';

/**
 * The position use case: reads the mandate's live position at one block, its vaults' recorded
 * history (nearest points to 7 and 30 days before that block, the recorded high, the newest
 * record) and assembles the resource. The caller (the mandates service) resolves the mandate,
 * its signer's address, the asset and the movements; this file does no SQL of its own.
 */

export interface LoadPositionDeps {
  client: PublicClient;
  chain: ChainConfig;
  prices: SharePricesStore;
  read?: PositionReadOptions;
}

export interface LoadPositionInput {
  mandateId?: string | null;
  mandate: MandateDocument;
  /** The mandate signer's address. */
  account: Address;
  asset: { symbol: string; address: Address; decimals: number };
  /** Movements per vault (any address case), oldest first. */
  movements?: ReadonlyMap<string, readonly Movement[]>;
}

/** Reads and assembles a mandate's position (see the file header). Throws only when the chain cannot be read. */
export async function loadPosition(deps: LoadPositionDeps, input: LoadPositionInput): Promise<Position> {
  const vaults = input.mandate.vaults.map((v) => getAddress(v.address));
  const [reading, summary] = await Promise.all([
    readPosition(deps.client, deps.chain, { account: input.account, asset: input.asset.address, vaults }, deps.read),
    deps.prices.summary(deps.chain.chainId, vaults),
  ]);
  const at = Number(reading.block.timestamp);
  const [d7, d30] = await Promise.all([
    deps.prices.nearest(deps.chain.chainId, vaults, at - SEVEN_DAYS),
    deps.prices.nearest(deps.chain.chainId, vaults, at - THIRTY_DAYS),
  ]);
  const history = new Map<Address, VaultHistory>(
    vaults.map((v) => [
      v,
      {
        d7: d7.get(v) ?? null,
        d30: d30.get(v) ?? null,
        high: summary.get(v)?.high ?? null,
        latest: summary.get(v)?.latest ?? null,
      },
    ]),
  );
  const movements = new Map<Address, readonly Movement[]>(
    [...(input.movements ?? new Map<string, readonly Movement[]>())].map(([k, m]) => [getAddress(k), m]),
  );
  return assemblePosition({
    mandateId: input.mandateId ?? null,
    mandate: input.mandate,
    asset: input.asset,
    reading,
    history,
    movements,
  });
}
