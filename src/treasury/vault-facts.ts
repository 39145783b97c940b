import { getAddress, keccak256, parseAbi, type Address, type Hex, type PublicClient } from 'viem';
import { findUpstreamError } from '../chain/index.ts';
import { EIP1967_IMPLEMENTATION_SLOT, type VaultFacts } from './mandate-logic.ts';

const vaultAbi = parseAbi(['function asset() view returns (address)']);

/** `keccak256` of an account's code, or null for an account without code. */
const codeHash = (code: Hex | undefined): Hex | null => (code && code !== '0x' ? keccak256(code) : null);

/**
 * Reads what a mandate proposal needs to know about its vaults, all at one block (the chain
 * layer's client, so failover and retries apply): each vault's runtime code hash, its `asset()`,
 * its EIP-1967 implementation slot and, for a proxy, the code hash at the implementation. A
 * revert of `asset()` is an answer (not a vault); a chain that cannot be read throws the chain
 * layer's retryable error (503), never a 422.
 */
export async function readVaultFacts(
  client: PublicClient,
  vaults: readonly Address[],
): Promise<{ blockNumber: bigint; facts: VaultFacts[] }> {
  try {
    const blockNumber = await client.getBlockNumber({ cacheTime: 0 });
    const facts = await Promise.all(
      vaults.map(async (address): Promise<VaultFacts> => {
        const [code, slot] = await Promise.all([
          client.getCode({ address, blockNumber }),
          client.getStorageAt({ address, slot: EIP1967_IMPLEMENTATION_SLOT, blockNumber }),
        ]);
        const hash = codeHash(code);
        if (hash === null)
          return { address, codeHash: null, asset: null, implementation: null, implementationCodeHash: null };
        const asset = await client
          .readContract({ address, abi: vaultAbi, functionName: 'asset', blockNumber })
          .then((a) => getAddress(a))
          .catch((err: unknown) => {
            if (findUpstreamError(err)) throw err;
            return null;
          });
        const implementation = slot && BigInt(slot) !== 0n ? getAddress(`0x${slot.slice(-40)}`) : null;
        const implementationCodeHash = implementation
          ? codeHash(await client.getCode({ address: implementation, blockNumber }))
          : null;
        return { address, codeHash: hash, asset, implementation, implementationCodeHash };
      }),
    );
    return { blockNumber, facts };
  } catch (err) {
    throw findUpstreamError(err) ?? err;
  }
}
