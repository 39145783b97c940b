import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../lib/logger.ts';
import type { ChainRegistry } from './registry.ts';
import { ChainLoop, errText } from './transfer-watcher-loop.ts';
import type { TransferSink } from './transfer-watcher-types.ts';
import type { TransferWatcherMetrics } from './watcher-metrics.ts';
import { WatcherStore } from './watcher-store.ts';

/**
 * The per-chain transfer watcher: for every configured chain with assets, one process across
 * all workers (the holder of the chain's lease in `chain_watchers`) reads the ERC-20 `Transfer`
 * logs of the chain's assets, range by range from its checkpoint, and hands the transfers to
 * watched addresses to a `TransferSink` (payments) in the same database transaction that moves
 * the checkpoint. A round:
 *
 * 1. reads the head (and the `finalized` block when the chain's finality is `finalized`) and
 *    the chain's block at the checkpoint; a different hash there is a reorg: walk back through
 *    the stored block hashes to the newest common ancestor, have the sink undo what came after
 *    it, rewind the checkpoint, and read again from there;
 * 2. reads `checkpoint+1 .. min(head, checkpoint+logRange)`: the range's last header first,
 *    then one `eth_getLogs` over all asset addresses, then (batched) the headers of the first
 *    and last blocks and of every block a watched transfer came from; a read the chain moved
 *    under (the last block's hash changed, the first block does not follow the checkpoint, a
 *    log from another fork) is dropped and done again;
 * 3. applies the watched transfers, stores the headers and advances the checkpoint in one
 *    fenced transaction (see `WatcherStore`), then tells the sink the head and what is final.
 *
 * A chain that is behind is read range after range without pausing; at the head the watcher
 * polls every `pollIntervalMs`. RPC and database faults end the round (logged, counted) and the
 * next round starts again from the stored checkpoint: nothing past unread blocks is ever
 * committed. On the very first start of a chain, reading starts at the head: transfers from
 * before Keel first watched the chain are not looked for.
 */

export interface TransferWatchersOptions {
  db: Kysely<DB>;
  config: Config;
  /** Chain clients; every chain of `config.chains` that has `assets` is watched. */
  chains: ChainRegistry;
  sink: TransferSink;
  logger: Logger;
  /** Names this process in `chain_watchers.locked_by` (default: host, pid and a random suffix). */
  workerId?: string;
  /** `keel_chain_watcher_*` series (createTransferWatcherMetrics); none without it. */
  metrics?: TransferWatcherMetrics;
  /**
   * How long a lease lasts without renewal before another process may take the chain over.
   * Default per chain: three poll intervals, at least 5 s (`defaultLeaseMs`). The holder renews
   * it every third of this, and with every range it commits.
   */
  leaseMs?: number;
}

/** What one process knows about one chain it watches (for tests, logs and the dashboard). */
export interface ChainWatchStatus {
  chainId: number;
  /** This process holds the chain's lease. */
  holding: boolean;
  /** Checkpoint and head as of this process's last round (null before it held the chain). */
  checkpoint: bigint | null;
  head: bigint | null;
  /** Rounds run while holding the lease, ranges applied, reorgs rewound, reads redone because the chain moved under them, rounds that failed. */
  rounds: number;
  ranges: number;
  reorgs: number;
  retries: number;
  errors: number;
  lastError: string | null;
}

export interface TransferWatchers {
  readonly workerId: string;
  status(): ChainWatchStatus[];
  /**
   * Stops every chain's loop after its current round and, unless `release: false`, gives the
   * leases up so another process continues at once (`release: false` leaves them to lapse,
   * as when a process is killed).
   */
  stop(opts?: { release?: boolean }): Promise<void>;
}

/**
 * Starts one watcher loop per configured chain with assets (see the module comment) and
 * returns a handle to stop them. Each loop first competes for the chain's lease and keeps
 * trying at the chain's poll interval while another process holds it.
 */
export function startTransferWatchers(opts: TransferWatchersOptions): TransferWatchers {
  const workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const log = opts.logger.child({ module: 'transfer-watcher', workerId });
  const store = new WatcherStore(opts.db);
  const loops: ChainLoop[] = [];
  for (const chainConfig of opts.config.chains) {
    const handle = opts.chains.get(chainConfig.chainId);
    if (!handle) {
      log.warn({ chainId: chainConfig.chainId }, 'chain has no client: not watched');
      continue;
    }
    if (handle.config.assets.length === 0) {
      log.info({ chainId: handle.chainId }, 'chain has no configured assets: no transfers to watch');
      continue;
    }
    loops.push(new ChainLoop(handle, { ...opts, workerId, log, store }));
  }
  for (const l of loops) l.start();
  log.info({ chains: loops.map((l) => l.chainId) }, 'transfer watchers started');
  let stopped: Promise<void> | undefined;
  return {
    workerId,
    status: () => loops.map((l) => l.status()),
    stop(stopOpts = {}) {
      stopped ??= (async () => {
        await Promise.all(loops.map((l) => l.stop()));
        if (stopOpts.release !== false) {
          await store
            .release(
              loops.filter((l) => l.holding).map((l) => l.chainId),
              workerId,
            )
            .catch((err) => log.warn({ err: errText(err) }, 'cannot release watcher leases (they will lapse)'));
        }
        for (const l of loops) opts.metrics?.leader.set({ chain_id: l.chainId }, 0);
        log.info('transfer watchers stopped');
      })();
      return stopped;
    },
  };
}
