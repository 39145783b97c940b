import type { PublicClient } from 'viem';

/**
 * One `eth_getBlockByNumber("latest")` shared by every caller that asks while it is in flight.
 *
 * Intake simulates every request on the latest block (its number and timestamp), and under load
 * dozens of requests ask for it at the same moment: each used to send its own request for the
 * same header. Callers that arrive while a request is out now share its answer. Nothing is kept
 * once it has answered — the next caller asks again — so no caller ever gets a block older than
 * one that was the latest while it waited; a moving head is seen as soon as it moves.
 */
export type LatestHeader = Awaited<ReturnType<PublicClient['getBlock']>>;

const inFlight = new WeakMap<object, Promise<LatestHeader>>();

/** The latest block of `client`'s chain, sharing a request already in flight (see the file header). */
export function latestBlock(client: Pick<PublicClient, 'getBlock'>): Promise<LatestHeader> {
  const pending = inFlight.get(client);
  if (pending) return pending;
  const p = client.getBlock({ blockTag: 'latest' }).finally(() => {
    if (inFlight.get(client) === p) inFlight.delete(client);
  });
  inFlight.set(client, p);
  return p;
}
