import { checksumAddress, getAddress, hexToBigInt, type Address, type Hex } from 'viem';
import type { LoggedTransfer } from './transfer-watcher-types.ts';

/**
 * The pure half of the transfer watcher: range planning, log decoding, the consistency checks
 * of a range read, the common-ancestor search after a reorg and the finality arithmetic. Plain
 * data in, plain data out, so each rule is tested without a chain or a database.
 */

/** topic0 of `Transfer(address indexed from, address indexed to, uint256 value)`. */
export const TRANSFER_TOPIC: Hex = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

/** Blocks kept in `chain_blocks` below the lower of the checkpoint and the final block. */
export const KEPT_BLOCK_DEPTH = 256n;

/** A log as `eth_getLogs` returns it (quantities in hex). */
export interface RpcLog {
  address: Hex;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex | null;
  blockHash: Hex | null;
  transactionHash: Hex | null;
  logIndex: Hex | null;
  removed?: boolean;
}

/** What the watcher keeps of a block header. */
export interface BlockRef {
  number: bigint;
  hash: Hex;
  parentHash: Hex;
}

/** A header as read from the chain (stored blocks carry no timestamp). */
export interface BlockHeader extends BlockRef {
  /** Seconds since the epoch. */
  timestamp: bigint;
}

/**
 * An ERC-20 `Transfer` log decoded, or null when the log is something else that shares the
 * topic (ERC-721 transfers index the token id: four topics, no data), is pending, or was
 * removed. Amounts stay `bigint`.
 */
export function decodeTransferLog(chainId: number, log: RpcLog): LoggedTransfer | null {
  if (log.removed) return null;
  if (log.topics.length !== 3 || log.topics[0]?.toLowerCase() !== TRANSFER_TOPIC) return null;
  if (!log.blockNumber || !log.blockHash || !log.transactionHash || log.logIndex === null) return null;
  if (!/^0x[0-9a-fA-F]{64}$/.test(log.data)) return null;
  const from = topicAddress(log.topics[1]!);
  const to = topicAddress(log.topics[2]!);
  if (!from || !to) return null;
  return {
    chainId,
    blockNumber: hexToBigInt(log.blockNumber),
    blockHash: log.blockHash.toLowerCase() as Hex,
    txHash: log.transactionHash.toLowerCase() as Hex,
    logIndex: Number(hexToBigInt(log.logIndex)),
    token: getAddress(log.address),
    from,
    to,
    value: hexToBigInt(log.data),
  };
}

/** An address-typed topic (12 zero bytes, then 20 address bytes); null when it is not one. */
function topicAddress(topic: Hex): LoggedTransfer['to'] | null {
  if (!/^0x0{24}[0-9a-fA-F]{40}$/.test(topic)) return null;
  // A topic is hex by construction: checksum it without validating it again.
  return checksumAddress(`0x${topic.slice(26).toLowerCase()}` as Address);
}

/** Chain order: by block, then by position in the block. */
export function chainOrder(a: LoggedTransfer, b: LoggedTransfer): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber < b.blockNumber ? -1 : 1;
  return a.logIndex - b.logIndex;
}

/** The next range to read: `checkpoint+1 .. min(head, checkpoint+logRange)`, or null when at head. */
export function nextRange(
  checkpoint: bigint,
  head: bigint,
  logRange: number,
): { fromBlock: bigint; toBlock: bigint } | null {
  if (head <= checkpoint) return null;
  const fromBlock = checkpoint + 1n;
  const last = checkpoint + BigInt(Math.max(1, logRange));
  return { fromBlock, toBlock: head < last ? head : last };
}

/**
 * The blocks per `eth_getLogs` after a read: halved after a failure (a provider's cap on
 * results or on the range), doubled back after a success, within `1..max`.
 */
export function nextSpan(current: number, max: number, ok: boolean): number {
  const next = ok ? current * 2 : Math.floor(current / 2);
  return Math.min(Math.max(next, 1), Math.max(max, 1));
}

/**
 * The last block that counts as final: `head - confirmations + 1` (a block with `confirmations`
 * blocks on top of it, itself included), or the chain's `finalized` block; never above the
 * checkpoint (what was not read yet cannot be final for the sink) and never below 0.
 */
export function finalThrough(opts: {
  finality: 'confirmations' | 'finalized';
  confirmations: number;
  head: bigint;
  finalized: bigint | null;
  checkpoint: bigint;
}): bigint {
  let final: bigint;
  if (opts.finality === 'finalized') final = opts.finalized ?? 0n;
  else final = opts.head - BigInt(opts.confirmations) + 1n;
  if (final > opts.checkpoint) final = opts.checkpoint;
  return final < 0n ? 0n : final;
}

/** Stored blocks numbered below this can be deleted. */
export function pruneBelow(checkpoint: bigint, final: bigint, depth = KEPT_BLOCK_DEPTH): bigint {
  return (final < checkpoint ? final : checkpoint) - depth;
}

/**
 * After a reorg: the newest stored block that is still canonical (its hash equals the chain's
 * block at that number), or undefined when none of `stored` is. `stored` is newest first;
 * `canonical` maps numbers to the chain's hash there (null or missing: no block, or unknown).
 * Every block at or below a canonical block is canonical too (each hash commits to its
 * parent), so the first match is the common ancestor.
 */
export function findCommonAncestor<T extends { number: bigint; hash: string }>(
  stored: readonly T[],
  canonical: ReadonlyMap<bigint, string | null>,
): T | undefined {
  for (const b of stored) {
    const c = canonical.get(b.number);
    if (c && c.toLowerCase() === b.hash.toLowerCase()) return b;
  }
  return undefined;
}

/**
 * Why the read of `fromBlock..toBlock` cannot be trusted (a reorg happened while it ran), or
 * null when it is consistent:
 * - the range's last block must have the same hash after the logs were read as before (its
 *   hash commits to every block below it, so the logs came from that one chain);
 * - the range's first block must sit on the checkpoint (its parent is the checkpoint's hash);
 * - every applied transfer's block hash must be the header's at its number.
 * `headers` holds the headers fetched after `eth_getLogs` (null: the node had no such block).
 */
export function rangeInconsistency(opts: {
  checkpointHash: string;
  fromBlock: bigint;
  toBlock: bigint;
  toHashBefore: string;
  headers: ReadonlyMap<bigint, BlockRef | null>;
  transfers: readonly LoggedTransfer[];
}): string | null {
  const last = opts.headers.get(opts.toBlock);
  if (!last) return `block ${opts.toBlock} is missing`;
  if (last.hash.toLowerCase() !== opts.toHashBefore.toLowerCase())
    return `block ${opts.toBlock} changed while its logs were read`;
  const first = opts.headers.get(opts.fromBlock);
  if (!first) return `block ${opts.fromBlock} is missing`;
  if (first.parentHash.toLowerCase() !== opts.checkpointHash.toLowerCase())
    return `block ${opts.fromBlock} does not follow the checkpoint`;
  for (const t of opts.transfers) {
    const h = opts.headers.get(t.blockNumber);
    if (!h) return `block ${t.blockNumber} is missing`;
    if (h.hash.toLowerCase() !== t.blockHash.toLowerCase())
      return `a log of block ${t.blockNumber} came from another fork`;
  }
  return null;
}

/** The lease when none is configured: three poll intervals, at least five seconds. */
export function defaultLeaseMs(pollIntervalMs: number): number {
  return Math.max(3 * pollIntervalMs, 5_000);
}
