import type { Address } from 'viem';
import type { Config } from '../config/schema.ts';
import type { FeedState } from '../lib/prices.ts';
import type { Pipeline } from '../pipeline/service.ts';
import { feeInAsset } from './accrual-logic.ts';

/** A feed's USD price × 10^8 when usable (ok, or stale: an estimate tolerates an old price). */
const usd8 = (f: FeedState | undefined) =>
  f && f.usd8 !== null && (f.status === 'ok' || f.status === 'stale') ? f.usd8 : null;

/**
 * The fee of paying one recipient of a batch on `chainId`, in `asset` base units: the batch
 * contract's gas per recipient (`payouts.gasPerRecipient`) × the network's current max fee
 * per gas (the write path's fee oracle), priced through the native coin's and the asset's USD
 * feeds. Null when either price is unavailable (balances are then paid at the maximum interval).
 */
export function pipelineFeeEstimator(config: Config, pipeline: Pipeline) {
  return async (chainId: number, asset: Address): Promise<bigint | null> => {
    const chain = config.chains.find((c) => c.chainId === chainId);
    const a = chain?.assets.find((x) => x.address.toLowerCase() === asset.toLowerCase());
    if (!chain || !a) return null;
    const [fees, prices] = await Promise.all([pipeline.fees.get(chainId), pipeline.facts.prices(chain)]);
    return feeInAsset({
      gasPerRecipient: BigInt(config.payouts.gasPerRecipient),
      gasPrice: fees.maxFeePerGas,
      nativeDecimals: chain.nativeDecimals,
      nativeUsd8: usd8(prices[chain.nativeSymbol]),
      assetUsd8: usd8(prices[a.symbol]),
      assetDecimals: a.decimals,
    });
  };
}
