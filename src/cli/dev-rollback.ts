import type { Kysely } from 'kysely';
import { WatcherStore } from '../chain/watcher-store.ts';
import type { DB } from '../db/schema.ts';
import { devClient } from '../devnet/client.ts';
import type { Logger } from '../lib/logger.ts';
import { blockEvidence, firstNotOnChain, type RecordedBlock } from '../pipeline/reconcile-logic.ts';
import { finalBlocksFrom, finalTransactionsFromBlock, newestFinalBlock } from '../pipeline/reconcile-store.ts';

/**
 * `keel dev`'s check at start: has a dev chain rolled back behind the database?
 *
 * anvil saves each dev chain's state every `devnet.stateIntervalSeconds`; a hard kill (`kill -9`
 * of the process group) loses the blocks mined since the last save, while the database kept
 * everything. Such a chain comes back shorter than Keel's records, or with other blocks at
 * their heights. This check compares the newest block holding a final transaction and the
 * transfer watcher's checkpoint with the chain, says in the log what it found, and then mines
 * empty blocks up past the newest record: the lost blocks then show as *replaced* (a proof the
 * reconciler acts on at once) rather than as a head that is merely behind (which it re-checks
 * one interval later), and the transfer watcher sees the reorganisation instead of waiting for
 * the chain to grow back. The pipeline worker's reconciliation pass at start (reconcile.ts)
 * then re-submits what was lost.
 */

/** What the check found on one dev chain (and whether it fast-forwarded it). */
export interface DevChainCheck {
  chainId: number;
  head: bigint;
  /** The chain lost blocks Keel had recorded. */
  behind: boolean;
  /** The newest block Keel's records name (final transactions, the transfer watcher). */
  recordedThrough: bigint | null;
  /** Final transactions recorded in blocks the chain no longer has. */
  lostTransactions: number;
  /** Empty blocks mined so the chain is past its records again. */
  fastForwarded: number;
}

/** Runs the check on every dev chain, logs what it found, and fast-forwards a chain behind the database. */
export async function checkDevChains(opts: {
  db: Kysely<DB>;
  chains: ReadonlyArray<{ chainId: number; rpcUrl: string }>;
  logger: Logger;
  horizonBlocks?: (chainId: number) => number;
}): Promise<DevChainCheck[]> {
  const log = opts.logger.child({ module: 'devnet' });
  const watchers = new WatcherStore(opts.db);
  const out: DevChainCheck[] = [];
  for (const c of opts.chains) {
    const client = devClient(c.rpcUrl);
    const head = await client.getBlockNumber({ cacheTime: 0 });
    const hashAt = async (n: bigint) =>
      n > head ? null : ((await client.getBlock({ blockNumber: n }).catch(() => null))?.hash ?? null);
    const newestTx = await newestFinalBlock(opts.db, c.chainId);
    const cp = (await watchers.load(c.chainId))?.checkpoint ?? null;
    const records: Array<{ what: string; block: RecordedBlock }> = [];
    if (newestTx) records.push({ what: 'final transaction', block: newestTx });
    if (cp) records.push({ what: 'transfer watcher checkpoint', block: { number: cp.number, hash: cp.hash } });
    const found: string[] = [];
    for (const r of records) {
      const e = blockEvidence(r.block, head, await hashAt(r.block.number));
      if (e === 'missing') found.push(`the ${r.what} at block ${r.block.number} is above the chain's head`);
      else if (e === 'changed')
        found.push(`the block of the ${r.what} (${r.block.number}) has another hash on the chain`);
    }
    const recordedThrough = records.reduce<bigint | null>(
      (m, r) => (m === null || r.block.number > m ? r.block.number : m),
      null,
    );
    const check: DevChainCheck = {
      chainId: c.chainId,
      head,
      behind: found.length > 0,
      recordedThrough,
      lostTransactions: 0,
      fastForwarded: 0,
    };
    if (check.behind && newestTx) {
      const horizon = BigInt(opts.horizonBlocks?.(c.chainId) ?? 10_000);
      const blocks = await finalBlocksFrom(
        opts.db,
        c.chainId,
        (newestTx.number > head ? newestTx.number : head) - horizon,
      );
      const first =
        blocks[await firstNotOnChain(blocks, async (b) => blockEvidence(b, head, await hashAt(b.number)) === 'same')];
      if (first) check.lostTransactions = (await finalTransactionsFromBlock(opts.db, c.chainId, first.number)).length;
    }
    if (check.behind && recordedThrough !== null && recordedThrough >= head) {
      check.fastForwarded = Number(recordedThrough - head + 1n);
      await client.mine({ blocks: check.fastForwarded });
    }
    if (check.behind) {
      log.warn(
        {
          chainId: c.chainId,
          head: head.toString(),
          recordedThrough: recordedThrough?.toString() ?? null,
          lostTransactions: check.lostTransactions,
          fastForwarded: check.fastForwarded,
        },
        `dev chain ${c.chainId} rolled back behind the database (anvil restored state saved before the last hard stop): ${found.join('; ')}; ` +
          `${check.lostTransactions} final transaction(s) are no longer on it` +
          (check.fastForwarded
            ? `; mined ${check.fastForwarded} empty block(s) past Keel's records so the lost blocks show as replaced`
            : '') +
          '; the pipeline re-submits them and the transfer watcher rewinds',
      );
    } else if (recordedThrough !== null) {
      log.info(
        { chainId: c.chainId, head: head.toString(), recordedThrough: recordedThrough.toString() },
        `dev chain ${c.chainId} is in step with the database`,
      );
    }
    out.push(check);
  }
  return out;
}
