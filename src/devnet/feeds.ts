import { encodeFunctionData, type Address } from 'viem';
import { keelPriceFeedAbi } from '../contracts/abis.ts';
import { deployer } from './accounts.ts';
import { devClient, sendDevTx } from './client.ts';
import type { DemoWorld } from './world.ts';

/**
 * Driving the demo price feeds from tests and the dev stack. Only the deployer (the feeds'
 * owner, an unlocked anvil account) can publish, so these work on dev chains only.
 */

/** Publishes `answer` (8 decimals) on a demo feed as a fresh round. */
export async function setFeedAnswer(rpcUrl: string, feed: Address, answer: bigint): Promise<void> {
  await sendDevTx(devClient(rpcUrl), {
    label: `set answer of feed ${feed}`,
    from: deployer.address,
    to: feed,
    data: encodeFunctionData({ abi: keelPriceFeedAbi, functionName: 'setAnswer', args: [answer] }),
  });
}

/**
 * Publishes a round with a chosen `updatedAt` (unix seconds), e.g. an old timestamp to make
 * the feed stale, or a zero/negative answer to test oracle sanity checks.
 */
export async function setFeedRoundData(
  rpcUrl: string,
  feed: Address,
  answer: bigint,
  updatedAt: bigint,
): Promise<void> {
  await sendDevTx(devClient(rpcUrl), {
    label: `set round data of feed ${feed}`,
    from: deployer.address,
    to: feed,
    data: encodeFunctionData({ abi: keelPriceFeedAbi, functionName: 'setRoundData', args: [answer, updatedAt] }),
  });
}

/**
 * Re-publishes, with a fresh timestamp, the current answer of every demo feed older than
 * `maxAgeSeconds` (against the later of the wall clock and the latest block). Used when a dev chain is restored from its
 * state file days later, so the demo prices do not all read as stale. Returns the feeds
 * refreshed.
 */
export async function refreshStaleFeeds(rpcUrl: string, world: DemoWorld, maxAgeSeconds: number): Promise<Address[]> {
  const client = devClient(rpcUrl);
  const block = await client.getBlock({ blockTag: 'latest' });
  const wallClock = BigInt(Math.floor(Date.now() / 1000));
  const now = block.timestamp > wallClock ? block.timestamp : wallClock;
  const refreshed: Address[] = [];
  for (const feed of Object.values(world.contracts.priceFeeds)) {
    const [, answer, , updatedAt] = await client.readContract({
      address: feed,
      abi: keelPriceFeedAbi,
      functionName: 'latestRoundData',
    });
    if (now - updatedAt > BigInt(maxAgeSeconds)) {
      await setFeedAnswer(rpcUrl, feed, answer);
      refreshed.push(feed);
    }
  }
  return refreshed;
}
