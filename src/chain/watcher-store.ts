import { sql, type Kysely, type Transaction } from 'kysely';
import type { Hex } from 'viem';
import type { DB } from '../db/schema.ts';
import { RetryableError } from '../lib/errors.ts';
import type { BlockRef } from './transfer-watcher-logic.ts';

/**
 * The transfer watcher's store: the only writer of `chain_watchers` and `chain_blocks`.
 *
 * Leases follow the pipeline's style: a claim sets `locked_by`/`locked_until` when the row is
 * free, already ours, or its lease lapsed (database clock, so processes never compare their own
 * clocks); the holder renews it on a heartbeat. Every write that moves the checkpoint is
 * fenced: it locks the row and proceeds only if this worker still holds the lease *and* the
 * checkpoint is still the one the round started from, so a process that stalled past its lease
 * (and was replaced) can never apply a range a second time.
 */

/** The row of one chain, as the watcher needs it. */
export interface WatcherState {
  checkpoint: { number: bigint; hash: Hex } | null;
}

/** This worker no longer holds the chain's lease, or the checkpoint moved under it: the round's writes were rolled back. */
export class LeaseLostError extends RetryableError {
  constructor(chainId: number, detail: string) {
    super('watcher_lease_lost', `chain ${chainId}: ${detail}`);
  }
}

const secs = (ms: number) => ms / 1000;

export class WatcherStore {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Takes the chain's lease if it is free, ours, or lapsed (creating the row on the very first
   * claim); returns the state when this worker holds it now, else null.
   */
  async claim(chainId: number, workerId: string, leaseMs: number): Promise<WatcherState | null> {
    const r = await sql<{ checkpoint_block: number | string | null; checkpoint_hash: string | null }>`
      insert into chain_watchers (chain_id, locked_by, locked_until, updated_at)
      values (${chainId}, ${workerId}, clock_timestamp() + make_interval(secs => ${secs(leaseMs)}), clock_timestamp())
      on conflict (chain_id) do update
        set locked_by = excluded.locked_by, locked_until = excluded.locked_until, updated_at = excluded.updated_at
        where chain_watchers.locked_by is null or chain_watchers.locked_by = excluded.locked_by
           or chain_watchers.locked_until is null or chain_watchers.locked_until < clock_timestamp()
      returning checkpoint_block, checkpoint_hash`.execute(this.db);
    const row = r.rows[0];
    return row ? toState(row) : null;
  }

  /** Extends this worker's lease; false when it is no longer ours (another process took it over). */
  async renew(chainId: number, workerId: string, leaseMs: number): Promise<boolean> {
    const r =
      await sql`update chain_watchers set locked_until = clock_timestamp() + make_interval(secs => ${secs(leaseMs)})
      where chain_id = ${chainId} and locked_by = ${workerId}`.execute(this.db);
    return Number(r.numAffectedRows ?? 0) > 0;
  }

  /** Gives the lease up at once (a clean stop), so another process need not wait for it to lapse. */
  async release(chainIds: readonly number[], workerId: string): Promise<void> {
    if (chainIds.length === 0) return;
    await sql`update chain_watchers set locked_by = null, locked_until = null, updated_at = clock_timestamp()
      where chain_id = any(${[...chainIds]}::bigint[]) and locked_by = ${workerId}`.execute(this.db);
  }

  /** The current state of a chain this worker holds (the database is the truth, not memory). */
  async load(chainId: number): Promise<WatcherState | null> {
    const row = await this.db
      .selectFrom('chain_watchers')
      .select(['checkpoint_block', 'checkpoint_hash'])
      .where('chain_id', '=', chainId)
      .executeTakeFirst();
    return row ? toState(row) : null;
  }

  /** Stored blocks at or below `atOrBelow`, newest first (the newest `limit` when given). */
  async recentBlocks(chainId: number, atOrBelow: bigint, limit?: number): Promise<BlockRef[]> {
    let q = this.db
      .selectFrom('chain_blocks')
      .select(['number', 'hash', 'parent_hash'])
      .where('chain_id', '=', chainId)
      .where('number', '<=', Number(atOrBelow))
      .orderBy('number', 'desc');
    if (limit !== undefined) q = q.limit(limit);
    const rows = await q.execute();
    return rows.map((r) => ({ number: BigInt(r.number), hash: r.hash as Hex, parentHash: r.parent_hash as Hex }));
  }

  /**
   * Runs `fn` in one transaction that first checks the fence (lease ours, checkpoint as
   * expected), then moves the checkpoint to `to`, stores `blocks` and renews the lease.
   * `expected` null: the chain has no checkpoint yet (the first round ever).
   */
  async advance(
    chainId: number,
    workerId: string,
    leaseMs: number,
    expected: WatcherState['checkpoint'],
    to: BlockRef,
    blocks: readonly BlockRef[],
    fn: (trx: Transaction<DB>) => Promise<void>,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.fence(trx, chainId, workerId, expected);
      await fn(trx);
      await this.storeBlocks(trx, chainId, [...blocks, to]);
      await sql`update chain_watchers set checkpoint_block = ${Number(to.number)}, checkpoint_hash = ${to.hash.toLowerCase()},
          locked_until = clock_timestamp() + make_interval(secs => ${secs(leaseMs)}), updated_at = clock_timestamp()
        where chain_id = ${chainId}`.execute(trx);
    });
  }

  /**
   * Rewinds the checkpoint to `ancestor` after a reorg: `fn` (the sink's undo) runs in the same
   * transaction, which also forgets every stored block above the ancestor and stores the
   * ancestor itself (it may not have been stored when the walk passed the oldest stored block).
   */
  async rewind(
    chainId: number,
    workerId: string,
    leaseMs: number,
    expected: NonNullable<WatcherState['checkpoint']>,
    ancestor: BlockRef,
    fn: (trx: Transaction<DB>) => Promise<void>,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.fence(trx, chainId, workerId, expected);
      await fn(trx);
      await trx
        .deleteFrom('chain_blocks')
        .where('chain_id', '=', chainId)
        .where('number', '>', Number(ancestor.number))
        .execute();
      await this.storeBlocks(trx, chainId, [ancestor]);
      await sql`update chain_watchers set checkpoint_block = ${Number(ancestor.number)}, checkpoint_hash = ${ancestor.hash.toLowerCase()},
          locked_until = clock_timestamp() + make_interval(secs => ${secs(leaseMs)}), updated_at = clock_timestamp()
        where chain_id = ${chainId}`.execute(trx);
    });
  }

  /** Deletes stored blocks below `below` (never the checkpoint: callers keep `below` under it). */
  async prune(chainId: number, below: bigint): Promise<void> {
    if (below <= 0n) return;
    await this.db
      .deleteFrom('chain_blocks')
      .where('chain_id', '=', chainId)
      .where('number', '<', Number(below))
      .execute();
  }

  private async fence(
    trx: Transaction<DB>,
    chainId: number,
    workerId: string,
    expected: WatcherState['checkpoint'],
  ): Promise<void> {
    const row = await trx
      .selectFrom('chain_watchers')
      .select(['locked_by', 'checkpoint_block', 'checkpoint_hash'])
      .where('chain_id', '=', chainId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.locked_by !== workerId)
      throw new LeaseLostError(chainId, `the watcher lease is held by ${row?.locked_by ?? 'nobody'}, not ${workerId}`);
    const current = toState(row).checkpoint;
    if (current?.number !== expected?.number || current?.hash.toLowerCase() !== expected?.hash.toLowerCase()) {
      throw new LeaseLostError(
        chainId,
        `the checkpoint is ${current?.number ?? 'unset'}, expected ${expected?.number ?? 'unset'}`,
      );
    }
  }

  private async storeBlocks(trx: Transaction<DB>, chainId: number, blocks: readonly BlockRef[]): Promise<void> {
    const unique = new Map(blocks.map((b) => [b.number, b]));
    if (unique.size === 0) return;
    await trx
      .insertInto('chain_blocks')
      .values(
        [...unique.values()].map((b) => ({
          chain_id: chainId,
          number: Number(b.number),
          hash: b.hash.toLowerCase(),
          parent_hash: b.parentHash.toLowerCase(),
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['chain_id', 'number'])
          .doUpdateSet((eb) => ({ hash: eb.ref('excluded.hash'), parent_hash: eb.ref('excluded.parent_hash') })),
      )
      .execute();
  }
}

function toState(row: { checkpoint_block: number | string | null; checkpoint_hash: string | null }): WatcherState {
  if (row.checkpoint_block === null || row.checkpoint_hash === null) return { checkpoint: null };
  return { checkpoint: { number: BigInt(row.checkpoint_block), hash: row.checkpoint_hash as Hex } };
}

/**
 * The block up to which each chain's transfer watcher has applied transfers (its checkpoint), for
 * the given chains; a chain never read is absent. The read other modules use (the checkout page's
 * confirmations, `/ready`), so they need not know the watcher's tables.
 */
export async function watcherCheckpoints(db: Kysely<DB>, chainIds: readonly number[]): Promise<Map<number, bigint>> {
  const store = new WatcherStore(db);
  const out = new Map<number, bigint>();
  for (const chainId of chainIds) {
    const s = await store.load(chainId);
    if (s?.checkpoint) out.set(chainId, s.checkpoint.number);
  }
  return out;
}
