import { hexToBigInt, numberToHex, type Hex } from 'viem';
import { RetryableError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { ChainHandle } from './registry.ts';
import {
  chainOrder,
  decodeTransferLog,
  defaultLeaseMs,
  findCommonAncestor,
  finalThrough,
  nextRange,
  nextSpan,
  pruneBelow,
  rangeInconsistency,
  TRANSFER_TOPIC,
  type BlockHeader,
  type BlockRef,
  type RpcLog,
} from './transfer-watcher-logic.ts';
import type { ChainWatchStatus, TransferWatchersOptions } from './transfer-watcher.ts';
import type { LoggedTransfer } from './transfer-watcher-types.ts';
import { LeaseLostError, type WatcherState, type WatcherStore } from './watcher-store.ts';

/** One chain's watcher loop (lease, heartbeat, rounds); `startTransferWatchers` runs one per chain. */

/** Rounds redone at once after a read the chain moved under, before waiting a poll interval. */
const QUICK_RETRIES = 3;
/** Stored blocks compared with the chain per batched request during a reorg walk-back. */
const WALK_BATCH = 50;

/** `read`: a range applied, now at the head; `behind`: a range applied, more to read; `idle`: nothing to read; `retry`: read again at once. */
type Outcome = 'idle' | 'read' | 'behind' | 'retry';

export interface LoopDeps extends TransferWatchersOptions {
  workerId: string;
  log: Logger;
  store: WatcherStore;
}

/** One chain's loop: lease, rounds, heartbeat. */
export class ChainLoop {
  readonly chainId: number;
  holding = false;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  /** Blocks per `eth_getLogs`: `logRange`, halved after a failed read (providers cap results), doubled back after good ones. */
  private span: number;
  private readonly label: { chain_id: string };
  private readonly log: Logger;
  private stopping = false;
  private warnedNoFinalized = false;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  /** The sink's `onHead` running beside the rounds (at most one per chain), and the newest head waiting for it. */
  private headPass: Promise<void> | undefined;
  private nextHead: { number: bigint; finalThrough: bigint; checkpoint: bigint } | null = null;
  /** The last block reported final to the sink (null before the first report of this process). */
  private lastFinal: bigint | null = null;
  private readonly st: Omit<ChainWatchStatus, 'chainId' | 'holding'> = {
    checkpoint: null,
    head: null,
    rounds: 0,
    ranges: 0,
    reorgs: 0,
    retries: 0,
    errors: 0,
    lastError: null,
  };

  constructor(
    private readonly h: ChainHandle,
    private readonly d: LoopDeps,
  ) {
    this.chainId = h.chainId;
    this.pollMs = h.config.pollIntervalMs;
    this.leaseMs = d.leaseMs ?? defaultLeaseMs(this.pollMs);
    this.span = h.config.logRange;
    this.label = { chain_id: String(h.chainId) };
    this.log = d.log.child({ chainId: h.chainId });
  }

  start(): void {
    this.schedule(0);
  }

  status(): ChainWatchStatus {
    return { chainId: this.chainId, holding: this.holding, ...this.st };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    await this.current;
    // A claim that was in flight may have started a heartbeat after the first clear.
    clearInterval(this.heartbeat);
    await this.headPass;
  }

  private schedule(ms: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.current = this.tick().finally(() => {
        this.current = undefined;
      });
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      if (!this.holding && !(await this.claim())) return;
      let quick = 0;
      while (!this.stopping && this.holding) {
        this.st.rounds++;
        const outcome = await this.round();
        this.d.metrics?.rounds.inc({
          ...this.label,
          result: outcome === 'retry' ? 'reorg_retry' : outcome === 'idle' ? 'idle' : 'read',
        });
        if (outcome === 'idle' || outcome === 'read' || (outcome === 'retry' && ++quick > QUICK_RETRIES)) break;
      }
    } catch (err) {
      this.st.errors++;
      this.st.lastError = errText(err);
      this.d.metrics?.rounds.inc({ ...this.label, result: 'error' });
      if (err instanceof LeaseLostError) this.lose(err.message);
      else
        this.log.warn(
          { err: this.st.lastError },
          'transfer watcher round failed; retrying from the checkpoint next round',
        );
    } finally {
      this.schedule(this.pollMs);
    }
  }

  /** Tries to take the chain's lease; starts the heartbeat when it does. */
  private async claim(): Promise<boolean> {
    const state = await this.d.store.claim(this.chainId, this.d.workerId, this.leaseMs);
    if (!state) return false;
    this.holding = true;
    this.st.checkpoint = state.checkpoint?.number ?? null;
    this.d.metrics?.leader.set(this.label, 1);
    this.log.info(
      { checkpoint: state.checkpoint?.number.toString() ?? null, leaseMs: this.leaseMs },
      'holding the chain watcher lease',
    );
    // Renewed apart from the rounds, so a slow round (RPC retries) never lets the lease lapse
    // under a live holder.
    if (this.stopping) return true;
    this.heartbeat = setInterval(
      () => {
        this.d.store
          .renew(this.chainId, this.d.workerId, this.leaseMs)
          .then((ok) => {
            if (!ok && this.holding) this.lose('another process holds the lease now');
          })
          .catch((err) => this.log.warn({ err: errText(err) }, 'cannot renew the watcher lease'));
      },
      Math.max(100, Math.floor(this.leaseMs / 3)),
    );
    this.heartbeat.unref();
    return true;
  }

  private lose(why: string): void {
    if (!this.holding) return;
    this.holding = false;
    clearInterval(this.heartbeat);
    this.d.metrics?.leader.set(this.label, 0);
    this.d.metrics?.lag.remove(this.label);
    this.log.warn({ why }, 'lost the chain watcher lease; trying to take it again each poll interval');
  }

  // ------------------------------------------------------------------ one round

  private async round(): Promise<Outcome> {
    const cfg = this.h.config;
    const state = await this.d.store.load(this.chainId);
    const cp = state?.checkpoint ?? null;
    const [head, finalized, atCheckpoint] = await Promise.all([
      this.rpcHead(),
      cfg.finality === 'finalized' ? this.header('finalized') : Promise.resolve(null),
      cp ? this.header(cp.number) : Promise.resolve(null),
    ]);
    this.st.head = head;
    if (!cp) return this.initialise(head);
    this.st.checkpoint = cp.number;
    if (!atCheckpoint) {
      // The node has no block there yet: a lagging endpoint, or a chain cut back (a rollback, a
      // reorganisation to a shorter fork). Only a different hash proves a reorg: compare the
      // node's head block with the one stored at that height. A lagging node shows the same
      // block; a cut-back chain another one, and Keel rewinds now rather than once it regrows.
      if (await this.headDiverges(head)) {
        await this.rewind(cp);
        return 'retry';
      }
      this.log.debug(
        { head: head.toString(), checkpoint: cp.number.toString() },
        'head is below the checkpoint; waiting',
      );
      return 'idle';
    }
    if (atCheckpoint.hash !== cp.hash.toLowerCase()) {
      await this.rewind(cp);
      return 'retry';
    }
    this.d.metrics?.lag.set(this.label, Number(head - cp.number));
    const range = nextRange(cp.number, head, this.span);
    if (!range) {
      await this.tellHead(head, finalized, cp.number);
      return 'idle';
    }
    const last = await this.header(range.toBlock);
    if (!last) return 'retry';
    let logs: RpcLog[];
    try {
      logs = (await this.h.client.request({
        method: 'eth_getLogs',
        params: [
          {
            address: cfg.assets.map((a) => a.address),
            topics: [TRANSFER_TOPIC],
            fromBlock: numberToHex(range.fromBlock),
            toBlock: numberToHex(range.toBlock),
          },
        ],
      })) as unknown as RpcLog[];
    } catch (err) {
      // Providers refuse ranges with too many logs (or too many blocks): try a smaller one next.
      this.span = nextSpan(this.span, cfg.logRange, false);
      throw err;
    }
    this.span = nextSpan(this.span, cfg.logRange, true);
    const decoded = logs.map((l) => decodeTransferLog(this.chainId, l)).filter((t): t is LoggedTransfer => t !== null);
    decoded.sort(chainOrder);
    const recipients = [...new Set(decoded.map((t) => t.to.toLowerCase()))];
    const watched = recipients.length
      ? new Set([...(await this.d.sink.watched(this.d.db, this.chainId, recipients))].map((a) => a.toLowerCase()))
      : new Set<string>();
    const candidates = decoded.filter((t) => watched.has(t.to.toLowerCase()));
    const numbers = new Set([range.fromBlock, range.toBlock, ...candidates.map((t) => t.blockNumber)]);
    const headers = await this.headers([...numbers]);
    const why = rangeInconsistency({
      checkpointHash: cp.hash,
      ...range,
      toHashBefore: last.hash,
      headers,
      transfers: candidates,
    });
    if (why) {
      this.st.retries++;
      this.log.info({ ...rangeLog(range), why }, 'the chain moved during a read; reading again');
      return 'retry';
    }
    // The headers were read anyway: the sink gets each transfer's block time without another call.
    const transfers = candidates.map((t) => ({ ...t, blockTimestamp: headers.get(t.blockNumber)!.timestamp }));
    const blocks = transfers.map((t) => headers.get(t.blockNumber)!);
    await this.d.store.advance(this.chainId, this.d.workerId, this.leaseMs, cp, last, blocks, (trx) =>
      this.d.sink.apply(trx, this.chainId, transfers, range),
    );
    this.st.ranges++;
    this.st.checkpoint = range.toBlock;
    this.d.metrics?.lag.set(this.label, Number(head - range.toBlock));
    if (transfers.length) this.log.debug({ ...rangeLog(range), transfers: transfers.length }, 'transfers applied');
    const final = await this.tellHead(head, finalized, range.toBlock);
    // Without a finalized block (a chain that does not report one) the depth is kept below the checkpoint.
    await this.d.store.prune(
      this.chainId,
      pruneBelow(range.toBlock, cfg.finality === 'finalized' && !finalized ? range.toBlock : final),
    );
    return range.toBlock < head ? 'behind' : 'read';
  }

  /**
   * Whether the node's chain up to `head` differs from the one Keel read: compared at the newest
   * block Keel stored at or below `head + 1` (its parent hash when it is `head + 1`, else its own
   * hash against the node's block at that height, which the node holds). Stored blocks are sparse
   * (range ends and blocks with transfers), so the nearest one below the head is used: a block
   * that differs there proves the chain was cut back, whatever came after it. A lagging node
   * shows the same block. False when nothing is stored at or below the head (nothing proves it).
   */
  private async headDiverges(head: bigint): Promise<boolean> {
    const [stored] = await this.d.store.recentBlocks(this.chainId, head + 1n, 1);
    if (!stored) return false;
    const [at, known] = stored.number === head + 1n ? [head, stored.parentHash] : [stored.number, stored.hash];
    const now = await this.header(at);
    return now !== null && now.hash.toLowerCase() !== known.toLowerCase();
  }

  /** First round ever on this chain: the checkpoint starts at the head. */
  private async initialise(head: bigint): Promise<Outcome> {
    const block = await this.header(head);
    if (!block) return 'retry';
    await this.d.store.advance(this.chainId, this.d.workerId, this.leaseMs, null, block, [], async () => {});
    this.st.checkpoint = block.number;
    this.log.info({ block: block.number.toString() }, 'first start on this chain: watching from the current head');
    return 'idle';
  }

  /**
   * The checkpoint is no longer canonical: finds the newest stored block that is (comparing
   * stored hashes with the chain's, newest first, in batched requests), then rewinds the sink
   * and the checkpoint to it in one transaction.
   */
  private async rewind(cp: NonNullable<WatcherState['checkpoint']>): Promise<void> {
    const stored = await this.d.store.recentBlocks(this.chainId, cp.number);
    let ancestor: BlockRef | undefined;
    for (let i = 0; i < stored.length && !ancestor; i += WALK_BATCH) {
      const slice = stored.slice(i, i + WALK_BATCH);
      const canonical = await this.headers(slice.map((b) => b.number));
      ancestor = findCommonAncestor(slice, new Map([...canonical].map(([n, b]) => [n, b?.hash ?? null])));
    }
    if (!ancestor) {
      // Deeper than every stored block: rewind to just below the oldest one, so whatever was
      // recorded from it on is undone; anything recorded below it on the dropped fork stays.
      const below = (stored.at(-1)?.number ?? cp.number) - 1n;
      const h = below >= 0n ? await this.header(below) : null;
      if (!h)
        throw new RetryableError('watcher_reorg_unresolved', `chain ${this.chainId}: no block ${below} to rewind to`);
      ancestor = h;
      this.log.error(
        {
          checkpoint: cp.number.toString(),
          oldestStored: stored.at(-1)?.number.toString() ?? null,
          rewoundTo: below.toString(),
        },
        'REORG DEEPER THAN THE STORED BLOCK HISTORY: rewound below the oldest stored block; transfers recorded from older blocks of the dropped fork could not be checked',
      );
    }
    const target = ancestor;
    // What the sink was told is final, or (before this process told it anything) what the
    // confirmations made final at the checkpoint.
    const final = this.lastFinal ?? cp.number - BigInt(this.h.config.confirmations) + 1n;
    await this.d.store.rewind(this.chainId, this.d.workerId, this.leaseMs, cp, target, (trx) =>
      this.d.sink.rewind(trx, this.chainId, target.number),
    );
    this.st.reorgs++;
    this.st.checkpoint = target.number;
    if (final > target.number) this.lastFinal = target.number;
    this.d.metrics?.reorgs.inc(this.label);
    const depth = {
      checkpoint: cp.number.toString(),
      ancestor: target.number.toString(),
      depth: (cp.number - target.number).toString(),
    };
    if (target.number < final) {
      // Deposits final in the dropped blocks were rewound too: the sink flags them (payments:
      // `reorgedAfterFinal`), and `/ready` counts them until they are seen again or known lost.
      this.log.error(
        { ...depth, finalThrough: final.toString() },
        'REORG BELOW THE FINAL DEPTH: blocks already final were reorganised away (a rollback, or a reorganisation deeper than the confirmations); what they recorded was undone',
      );
    } else this.log.warn(depth, 'chain reorganisation: rewound to the common ancestor');
  }

  /** Tells the sink the head and the final block (errors are logged: it is told again next round). */
  private async tellHead(head: bigint, finalized: BlockRef | null, checkpoint: bigint): Promise<bigint> {
    const cfg = this.h.config;
    if (cfg.finality === 'finalized' && !finalized && !this.warnedNoFinalized) {
      this.warnedNoFinalized = true;
      this.log.warn(
        'the chain reports no finalized block: nothing counts as final until it does (or configure finality: confirmations)',
      );
    }
    const final = finalThrough({
      finality: cfg.finality,
      confirmations: cfg.confirmations,
      head,
      finalized: finalized?.number ?? null,
      checkpoint,
    });
    this.lastFinal = final;
    this.nextHead = { number: head, finalThrough: final, checkpoint };
    this.headPass ??= this.drainHeads();
    return final;
  }

  /**
   * Runs the sink's `onHead` beside the rounds rather than inside them: promoting a large batch
   * to final (thousands of deposits reaching their confirmations together) must not hold back
   * the next round, which detects new payments. One pass at a time; heads reported meanwhile
   * coalesce to the newest (every call is idempotent and the next round reports again).
   */
  private async drainHeads(): Promise<void> {
    try {
      while (this.nextHead) {
        const head = this.nextHead;
        this.nextHead = null;
        try {
          await this.d.sink.onHead(this.d.db, this.chainId, head);
        } catch (err) {
          this.log.warn({ err: errText(err) }, 'transfer sink onHead failed; it runs again next round');
        }
      }
    } finally {
      this.headPass = undefined;
    }
  }

  // ------------------------------------------------------------------ RPC

  private async rpcHead(): Promise<bigint> {
    return hexToBigInt(await this.h.client.request({ method: 'eth_blockNumber' }));
  }

  /** One header (null when the node has no such block). */
  private async header(at: bigint | 'finalized'): Promise<BlockHeader | null> {
    const b = await this.h.client.request({
      method: 'eth_getBlockByNumber',
      params: [typeof at === 'bigint' ? numberToHex(at) : at, false],
    });
    if (!b?.hash || b.number === null) return null;
    return {
      number: hexToBigInt(b.number),
      hash: b.hash.toLowerCase() as Hex,
      parentHash: b.parentHash.toLowerCase() as Hex,
      timestamp: hexToBigInt(b.timestamp),
    };
  }

  /** Several headers, requested together (the transport sends same-tick calls as one batch). */
  private async headers(numbers: readonly bigint[]): Promise<Map<bigint, BlockHeader | null>> {
    const got = await Promise.all(numbers.map((n) => this.header(n)));
    return new Map(numbers.map((n, i) => [n, got[i] ?? null]));
  }
}

function rangeLog(r: { fromBlock: bigint; toBlock: bigint }): { fromBlock: string; toBlock: string } {
  return { fromBlock: r.fromBlock.toString(), toBlock: r.toBlock.toString() };
}

/** The first line of an error's message, bounded (for logs and status). */
export function errText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);
}
