import type { Kysely, Transaction } from 'kysely';
import type { Address, Hex } from 'viem';
import type { DB } from '../db/schema.ts';

/**
 * The contract between the per-chain transfer watcher (transfer-watcher.ts) and the
 * capability that consumes what it sees (payments: deposits to payment-intent addresses).
 *
 * The watcher follows one chain at a time per chain across all worker processes (a lease),
 * reads ERC-20 `Transfer` logs of the chain's configured assets in block ranges, keeps the
 * hashes of recent blocks linked by parent hash, and on a reorganisation walks back to the
 * common ancestor, has the sink undo what the dropped blocks recorded, and reads again. Each
 * range is applied in the same database transaction as the checkpoint that moves past it, so a
 * restarted watcher resumes with nothing missed and nothing counted twice.
 */

/** One ERC-20 `Transfer` log, as read from a canonical block. */
export interface ObservedTransfer {
  chainId: number;
  blockNumber: bigint;
  blockHash: Hex;
  txHash: Hex;
  logIndex: number;
  /** The token contract (EIP-55). */
  token: Address;
  from: Address;
  to: Address;
  value: bigint;
  /** The block's timestamp (seconds), from the header the watcher reads anyway. */
  blockTimestamp: bigint;
}

/** A `Transfer` log as decoded, before its block's header is read. */
export type LoggedTransfer = Omit<ObservedTransfer, 'blockTimestamp'>;

/**
 * What the watcher calls, in this order each round, from the one process holding the chain:
 * `watched` (outside any transaction), then `apply` (or, after a reorg, `rewind`) inside the
 * transaction that moves the checkpoint, then `onHead` (which runs on beside the next rounds). If `watched`, `apply` or `rewind`
 * throws, the round fails: its transaction rolls back and the range is read again next round.
 */
export interface TransferSink {
  /**
   * Which of `addresses` (lower-case recipients seen in a range) the sink watches. Only
   * transfers to these are passed to `apply`. Called before the range's transaction: an address
   * must be watched before a transfer to it can be mined (true of an address handed out by a
   * committed payment intent).
   */
  watched(db: Kysely<DB>, chainId: number, addresses: readonly string[]): Promise<Set<string>>;
  /**
   * Records the transfers to watched addresses of blocks `fromBlock..toBlock` (inclusive), in
   * the transaction that advances the checkpoint to `toBlock`. `transfers` are in chain order.
   * Called for every range read, also with no transfers. A block is applied at most once until
   * a `rewind` below it (the transaction is fenced on the lease and the checkpoint), so the sink
   * need not de-duplicate (a unique key on chain, tx hash and log index is still a cheap guard).
   */
  apply(
    trx: Transaction<DB>,
    chainId: number,
    transfers: readonly ObservedTransfer[],
    range: { fromBlock: bigint; toBlock: bigint },
  ): Promise<void>;
  /**
   * Blocks after `ancestor` were reorganised away: undo what was recorded from them (same
   * transaction as the checkpoint's rewind). They are read again from `ancestor + 1` and
   * whatever the new chain holds there is applied again. After a reorg deeper than the stored
   * block history, `ancestor` is the block below the oldest stored one (logged as an error).
   */
  rewind(trx: Transaction<DB>, chainId: number, ancestor: bigint): Promise<void>;
  /**
   * Each round, after reading: the chain head and the last block that counts as final
   * (`head - confirmations + 1`, or the `finalized` block), so the sink can promote what is
   * now final. Never called with a `finalThrough` above the checkpoint it was computed with
   * (nor below 0). May repeat the same values; a failure is logged and the call comes again
   * next round. It runs beside the following rounds, not inside them (so a slow promotion
   * never delays detection): never two at once for a chain, and heads reported while one runs
   * coalesce to the newest. It must therefore be idempotent and safe beside `apply`/`rewind`
   * (lock rows in the same order as they do).
   */
  onHead(
    db: Kysely<DB>,
    chainId: number,
    head: { number: bigint; finalThrough: bigint; checkpoint: bigint },
  ): Promise<void>;
}
