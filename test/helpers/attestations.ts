import { pollUntil } from './keel-process.ts';
import { startTreasuryWorld, type TreasuryWorld } from './treasury.ts';

/**
 * Proof of reserves on the demo chain: the treasury world with the demo attestation registry
 * configured and the chain's own RPC URL as the public one (what the /proof page and the
 * verifier read the registry with).
 */
export function startAttestationWorld(): Promise<TreasuryWorld> {
  return startTreasuryWorld({
    extra: (chain) => ({
      attestations: {
        registry: { chainId: 31337, address: chain.world.contracts.attestationRegistry },
        publicRpcUrls: { '31337': chain.rpcUrl },
      },
    }),
  });
}

/** Waits until a published attestation's registry transaction is no longer pending; answers the attestation. */
export function untilRecorded(w: TreasuryWorld, token: string, id: string): Promise<any> {
  return pollUntil(
    async () => {
      const r = await w.call('GET', `/v1/attestations/${id}`, token);
      return r.body.registry?.status === 'pending' ? undefined : r.body;
    },
    60_000,
    () => `attestation ${id} was not recorded`,
  );
}
