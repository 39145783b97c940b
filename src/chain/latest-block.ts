import type { PublicClient } from 'viem';

/**
 * Chain reads shared by every caller that asks for the same thing while a request for it is in
 * flight: the latest block, the head's number, a block by number.
 *
 * Intake simulates every request on the latest block (its number and timestamp), and tracking
 * reads the head and the block holding each receipt; under load dozens of callers ask for the
 * same thing at the same moment, and each used to send its own request. Callers that arrive
 * while a request is out now share its answer. Nothing is kept once it has answered — the next
 * caller asks again — so an answer is at most one round trip older than the call (as if the
 * caller had asked a moment earlier), and a moving head is seen by the next request (hand-written: viem's `cacheTime` keeps answers for
 * a time instead, which would hide a new head).
 */
export type Header = Awaited<ReturnType<PublicClient['getBlock']>>;

type Reader = Pick<PublicClient, 'getBlock' | 'getBlockNumber'>;
const inFlight = new WeakMap<object, Map<string, Promise<unknown>>>();

function shared<T>(client: object, key: string, read: () => Promise<T>): Promise<T> {
  let m = inFlight.get(client);
  if (!m) inFlight.set(client, (m = new Map()));
  const pending = m.get(key) as Promise<T> | undefined;
  if (pending) return pending;
  const map = m;
  const p = read().finally(() => {
    if (map.get(key) === p) map.delete(key);
  });
  map.set(key, p);
  return p;
}

/** The latest block of `client`'s chain, sharing a request already in flight (see the file header). */
export function latestBlock(client: Pick<Reader, 'getBlock'>): Promise<Header> {
  return shared(client, 'latest', () => client.getBlock({ blockTag: 'latest' }));
}

/** The head's number (never from viem's cache), sharing a request already in flight. */
export function headNumber(client: Pick<Reader, 'getBlockNumber'>): Promise<bigint> {
  return shared(client, 'number', () => client.getBlockNumber({ cacheTime: 0 }));
}

/** The canonical block at `n`, sharing a request already in flight for the same number. */
export function blockAt(client: Pick<Reader, 'getBlock'>, n: bigint): Promise<Header> {
  return shared(client, `block:${n}`, () => client.getBlock({ blockNumber: n }));
}
