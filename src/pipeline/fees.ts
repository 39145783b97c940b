import type { ChainRegistry } from '../chain/index.ts';
import { UpstreamError } from '../lib/errors.ts';

/** EIP-1559 fees of one signed transaction. */
export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** How long a fee estimate is reused (a block or so): hundreds of transactions a second need not each ask. */
const FEE_CACHE_MS = 1_000;

/** Current network fees per chain (viem's `estimateFeesPerGas`: twice the base fee plus the tip), briefly cached. */
export class FeeOracle {
  readonly #cache = new Map<number, { at: number; fees: Promise<Fees> }>();
  constructor(private readonly chains: ChainRegistry) {}

  get(chainId: number): Promise<Fees> {
    const hit = this.#cache.get(chainId);
    const now = Date.now();
    if (hit && now - hit.at < FEE_CACHE_MS) return hit.fees;
    const h = this.chains.get(chainId);
    if (!h) return Promise.reject(new UpstreamError('chain_unavailable', `chain ${chainId} is not configured`));
    const fees = h.client
      .estimateFeesPerGas({ type: 'eip1559' })
      .then((f) => ({ maxFeePerGas: f.maxFeePerGas, maxPriorityFeePerGas: f.maxPriorityFeePerGas }));
    this.#cache.set(chainId, { at: now, fees });
    fees.catch(() => this.#cache.delete(chainId));
    return fees;
  }
}

/** `v` raised by `percent` (may be fractional, e.g. 12.5), rounded up. */
export function raise(v: bigint, percent: number): bigint {
  const bp = BigInt(Math.round(percent * 100));
  return (v * (10_000n + bp) + 9_999n) / 10_000n;
}

/**
 * Fees of a replacement at the same nonce: both fields at least `percent` above the previous
 * attempt's (nodes refuse a replacement below +10%), and never below what the network asks now.
 */
export function bumpFees(previous: Fees, network: Fees, percent: number): Fees {
  const max = (a: bigint, b: bigint) => (a > b ? a : b);
  const maxPriorityFeePerGas = max(raise(previous.maxPriorityFeePerGas, percent), network.maxPriorityFeePerGas);
  const maxFeePerGas = max(max(raise(previous.maxFeePerGas, percent), network.maxFeePerGas), maxPriorityFeePerGas);
  return { maxFeePerGas, maxPriorityFeePerGas };
}

/** The gas limit to sign: the simulated use plus a margin; a plain 21,000-gas transfer needs no margin. */
export function gasLimitFor(gasUsed: bigint, marginPercent: number): bigint {
  if (gasUsed <= 21_000n) return 21_000n;
  return raise(gasUsed, marginPercent);
}
