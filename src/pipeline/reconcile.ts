import { numberToHex, type Address, type Hash } from 'viem';
import { dbJson } from '../db/json.ts';
import type { ChainHandle } from '../chain/index.ts';
import { reopenLostNonce, settledNoncesFrom } from './nonces.ts';
import { nonceAccounts } from './nonces-store.ts';
import {
  blockEvidence,
  firstNotOnChain,
  lostNonces,
  verdict,
  type BlockEvidence,
  type RecordedBlock,
  type Verdict,
} from './reconcile-logic.ts';
import {
  finalBlocksFrom,
  finalTransactionsFromBlock,
  finalTransactionsFromNonce,
  newestFinalBlock,
  newestMinedNonce,
  type FinalRecord,
} from './reconcile-store.ts';
import { MINED_FINAL_STATUSES } from './states.ts';
import { TransactionStateError, type TxRow } from './store.ts';
import { errorText, soon, type WorkerContext } from './worker-context.ts';
import { send } from './worker-send.ts';

/**
 * Reconciliation: noticing that a chain contradicts what Keel recorded as final, and healing.
 *
 * A chain can lose blocks Keel already counted as final: a reorganisation deeper than the
 * configured confirmations, or a dev chain restored from a state file saved seconds before a
 * hard kill. Left alone, the records say `confirmed` for transactions the chain does not have,
 * their nonces are free again on chain while Keel believes them used, and every later
 * transaction of the signer waits behind them for good.
 *
 * One pass per chain, on a timer in every worker (`pipeline.reconcileIntervalSeconds`) and
 * once at start, cheap when nothing happened:
 * - **blocks**: the newest block holding a final transaction is read back (one call); while its
 *   hash is unchanged, every older recorded block is canonical too. When it changed, the first
 *   recorded block the chain no longer has (within `chains.<id>.reconcileHorizonBlocks`) is
 *   found by bisection, and every final transaction from that block up is affected;
 * - **nonces**: each signer's `latest` nonce on chain against the highest nonce Keel saw mined;
 *   when the chain is at or below it, the final transactions from the chain's nonce up are
 *   checked (this also catches a rollback older than the horizon).
 * A block the chain has with another hash proves the rollback; a chain head merely below
 * recorded blocks may be a node that is behind, so it counts when the next pass sees it again.
 *
 * Then, for each affected transaction, in one database transaction: `reorgedAfterFinal` is set
 * for good, it goes back to `submitted` (reason `reorged_after_final`, event
 * `transaction.reorged_after_final`), its receipt is cleared. The same signed bytes that were
 * mined are sent again when their nonce is still free on chain, and tracking takes it to
 * finality again — one signed transaction per nonce, so it is included at most once. If the
 * chain used that nonce for something else, tracking finds no receipt and ends it `failed`
 * (`lost_after_reorg`): it did not happen, and it is never re-signed behind the operator's back.
 * Nonces at or above the chain's that no one will send again (a gap filler's, a failed
 * transaction's) are reopened and filled, so later transactions are not stuck behind a hole.
 */

/** What one pass found and did on one chain. */
export interface ReconcileReport {
  chainId: number;
  verdict: Verdict;
  head: bigint;
  /** `changed`: a recorded block has another hash on chain; `missing`: the chain's head is below recorded blocks. */
  evidence: Exclude<BlockEvidence, 'same'> | null;
  /** The lowest recorded block found not on the chain. */
  from: bigint | null;
  /** Transactions sent back to `submitted` by this pass. */
  reopened: string[];
  /** Of those, re-sent at once (their nonce was free on chain). */
  rebroadcast: number;
  /** Nonces reopened because nobody would send them again. */
  noncesReopened: number;
}

export class Reconciler {
  /** Per chain: the newest recorded block the chain's head was below at the last pass (see `verdict`). */
  private readonly suspects = new Map<number, string>();
  private running: Promise<ReconcileReport[]> | null = null;

  constructor(
    private readonly ctx: WorkerContext,
    /** Fills nonces reopened by a pass (the worker's gap healer). */
    private readonly healGaps: () => Promise<void>,
  ) {}

  /** One pass over every chain; a call while a pass runs joins it. */
  run(): Promise<ReconcileReport[]> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves when no pass is running (a stopping worker waits for it). */
  async idle(): Promise<void> {
    await this.running?.catch(() => {});
  }

  private async pass(): Promise<ReconcileReport[]> {
    const reports: ReconcileReport[] = [];
    for (const h of this.ctx.chains.all()) {
      try {
        reports.push(await this.chain(h));
      } catch (err) {
        this.ctx.log.warn(
          { chainId: h.chainId, err: errorText(err).slice(0, 300) },
          'reconciliation pass failed; retrying next interval',
        );
      }
    }
    if (reports.some((r) => r.noncesReopened > 0)) {
      await this.healGaps().catch((err) =>
        this.ctx.log.warn(
          { err: errorText(err).slice(0, 300) },
          'nonce gap healing after reconciliation failed; it runs again on its timer',
        ),
      );
    }
    return reports;
  }

  private async chain(h: ChainHandle): Promise<ReconcileReport> {
    const { db, log } = this.ctx;
    const chainId = h.chainId;
    const head = await h.client.getBlockNumber({ cacheTime: 0 });
    const report: ReconcileReport = {
      chainId,
      verdict: 'consistent',
      head,
      evidence: null,
      from: null,
      reopened: [],
      rebroadcast: 0,
      noncesReopened: 0,
    };
    const hashes = new Map<bigint, Promise<string | null>>();
    const hashAt = (n: bigint): Promise<string | null> => {
      if (n > head) return Promise.resolve(null);
      let p = hashes.get(n);
      if (!p) {
        p = h.client
          .request({ method: 'eth_getBlockByNumber', params: [numberToHex(n), false] })
          .then((b) => (b?.hash as string | undefined) ?? null);
        hashes.set(n, p);
      }
      return p;
    };
    const evidenceOf = async (b: RecordedBlock) => blockEvidence(b, head, await hashAt(b.number));

    let changed = false;
    let missing: RecordedBlock | null = null;
    const note = (b: RecordedBlock, e: BlockEvidence) => {
      if (e === 'changed') changed = true;
      else if (e === 'missing' && (!missing || b.number > missing.number)) missing = b;
    };

    // Blocks: the newest recorded one, then (only when it is gone) the boundary by bisection.
    let fromBlock: bigint | null = null;
    const newest = await newestFinalBlock(db, chainId);
    if (newest) {
      const e = await evidenceOf(newest);
      note(newest, e);
      if (e !== 'same') {
        const top = newest.number > head ? newest.number : head;
        const floor = top - BigInt(h.config.reconcileHorizonBlocks);
        const blocks = await finalBlocksFrom(db, chainId, newest.number < floor ? newest.number : floor);
        const first = blocks[await firstNotOnChain(blocks, async (b) => (await evidenceOf(b)) === 'same')] ?? newest;
        note(first, await evidenceOf(first));
        fromBlock = first.number;
      }
    }

    // Nonces: each account's chain nonce against the highest nonce Keel saw mined.
    const accounts = await nonceAccounts(db, chainId);
    const latestOf = new Map<string, number>();
    const byNonce: FinalRecord[] = [];
    await Promise.all(
      accounts.map(async (acc) => {
        const address = acc.address;
        const [mined, latest] = await Promise.all([
          newestMinedNonce(db, chainId, address),
          h.client.getTransactionCount({ address, blockTag: 'latest' }),
        ]);
        latestOf.set(address, latest);
        if (mined === null || latest > mined) return;
        for (const rec of await finalTransactionsFromNonce(db, chainId, address, latest)) {
          const e = await evidenceOf({ number: rec.blockNumber, hash: rec.blockHash });
          // The block is there but the nonce says otherwise: two endpoints disagreeing for a moment, not proof.
          if (e === 'same') continue;
          note({ number: rec.blockNumber, hash: rec.blockHash }, e);
          byNonce.push(rec);
        }
      }),
    );

    const v = verdict({ changed, missing, suspectedBefore: this.suspects.get(chainId) ?? null });
    report.verdict = v.verdict;
    report.evidence = changed ? 'changed' : missing ? 'missing' : null;
    if (v.verdict === 'suspect' && v.suspicion) {
      this.suspects.set(chainId, v.suspicion);
      const m = missing as RecordedBlock | null;
      log.warn(
        { chainId, head: head.toString(), recordedBlock: m?.number.toString() },
        'the chain head is below blocks holding final transactions: a rollback, or an RPC node that is behind; checking again at the next reconciliation pass',
      );
      return report;
    }
    this.suspects.delete(chainId);
    if (v.verdict === 'consistent') return report;

    // Rolled back: everything recorded from the first lost block up, and what the nonces pointed at.
    const affected = new Map<string, FinalRecord>();
    if (fromBlock !== null)
      for (const r of await finalTransactionsFromBlock(db, chainId, fromBlock)) affected.set(r.id, r);
    for (const r of byNonce) affected.set(r.id, r);
    const ordered = [...affected.values()].sort((a, b) =>
      a.fromAddress === b.fromAddress ? a.nonce - b.nonce : a.fromAddress < b.fromAddress ? -1 : 1,
    );
    report.from = ordered.reduce<bigint | null>(
      (m, r) => (m === null || r.blockNumber < m ? r.blockNumber : m),
      fromBlock,
    );

    for (const rec of ordered) {
      const chainHash = await hashAt(rec.blockNumber);
      const e = blockEvidence({ number: rec.blockNumber, hash: rec.blockHash }, head, chainHash);
      // Never reopen a transaction whose block the chain still has, whatever the rest says.
      if (e === 'same') continue;
      const row = await this.reopen(h, rec, head, chainHash, e);
      if (!row) continue;
      report.reopened.push(rec.id);
      let latest = latestOf.get(rec.fromAddress);
      if (latest === undefined) {
        latest = await h.client.getTransactionCount({ address: rec.fromAddress, blockTag: 'latest' });
        latestOf.set(rec.fromAddress, latest);
      }
      // Its nonce is free again: the same signed bytes that were mined go out now. Otherwise the
      // chain used the nonce (for this very transaction in another block, or for another one):
      // tracking finds the receipt, or ends it `lost_after_reorg`.
      if (rec.nonce >= latest && (await this.resend(h, row, rec))) report.rebroadcast++;
    }

    for (const [address, latest] of latestOf)
      report.noncesReopened += await this.reopenHoles(h, address as Address, latest);

    // Another worker's pass may have reopened them first: then it said so.
    if (report.reopened.length === 0 && report.noncesReopened === 0) return report;
    log.error(
      {
        chainId,
        head: head.toString(),
        evidence: report.evidence,
        fromBlock: report.from?.toString() ?? null,
        reopened: report.reopened.length,
        rebroadcast: report.rebroadcast,
        noncesReopened: report.noncesReopened,
        signers: [...new Set(ordered.map((r) => r.signer))],
      },
      'the chain no longer has blocks holding final transactions (a rollback, or a reorganisation deeper than the confirmations): they are flagged reorgedAfterFinal, back to submitted and re-submitted',
    );
    return report;
  }

  /** Final → `submitted` with the flag, in one transaction, only if it is still as recorded. */
  private async reopen(
    h: ChainHandle,
    rec: FinalRecord,
    head: bigint,
    chainHash: string | null,
    evidence: 'changed' | 'missing',
  ): Promise<TxRow | null> {
    const { db, store } = this.ctx;
    return db.transaction().execute(async (trx) => {
      const cur = await trx
        .selectFrom('transactions')
        .select(['status', 'receipt'])
        .where('id', '=', rec.id)
        .forUpdate()
        .executeTakeFirst();
      const r = cur ? dbJson<{ hash?: string; blockHash?: string } | null>(cur.receipt) : null;
      if (!cur || !MINED_FINAL_STATUSES.has(cur.status) || r?.hash !== rec.hash || r?.blockHash !== rec.blockHash)
        return null;
      try {
        return await store.transition(trx, rec.id, {
          from: [rec.status],
          to: 'submitted',
          reason: 'reorged_after_final',
          detail: {
            was: rec.status,
            hash: rec.hash,
            blockNumber: rec.blockNumber.toString(),
            blockHash: rec.blockHash,
            evidence,
            chainHead: head.toString(),
            chainBlockHash: chainHash,
          },
          // Due a little later: the re-send below goes first, then tracking takes over.
          patch: {
            reorged_after_final: true,
            receipt: null,
            inclusion: null,
            revert: null,
            finished_at: null,
            last_error: null,
            tx_hash: rec.hash,
            next_run_at: soon(h.config.pollIntervalMs * 2),
          },
        });
      } catch (err) {
        if (err instanceof TransactionStateError) return null;
        throw err;
      }
    });
  }

  /** Sends the attempt that was mined again; true when a node took it. */
  private async resend(h: ChainHandle, row: TxRow, rec: FinalRecord): Promise<boolean> {
    const { db, store } = this.ctx;
    const attempt = (await store.attempts(db, row.id)).find((a) => a.tx_hash === rec.hash);
    if (!attempt) return false;
    const sent = await send(this.ctx, h, row, attempt);
    if (sent === 'refused') return false;
    await db
      .transaction()
      .execute((trx) =>
        store.note(trx, row.id, 'submitted', 'rebroadcast', { hash: attempt.tx_hash, after: 'reorged_after_final' }),
      );
    this.ctx.stats.rebroadcasts++;
    return true;
  }

  /** Reopens the nonces at or above the chain's that nobody will send again; returns how many. */
  private async reopenHoles(h: ChainHandle, address: Address, latest: number): Promise<number> {
    const { db, log } = this.ctx;
    const rows = await settledNoncesFrom(db, { chainId: h.chainId, address }, latest);
    const lost = new Set(lostNonces(rows));
    let n = 0;
    for (const row of rows.filter((r) => lost.has(r.nonce))) {
      // A node still holding its transaction will mine it: not a hole.
      if (
        row.txHash &&
        (await h.client.request({ method: 'eth_getTransactionByHash', params: [row.txHash as Hash] }).catch(() => null))
      )
        continue;
      const done = await db
        .transaction()
        .execute((trx) =>
          reopenLostNonce(trx, { chainId: h.chainId, address, nonce: row.nonce, status: row.status, ref: row.ref }),
        );
      if (!done) continue;
      n++;
      log.warn(
        { chainId: h.chainId, address, nonce: row.nonce, was: row.status, ref: row.ref },
        'nonce lost in a rollback and held by nothing that will be sent again: reopened for the gap healer',
      );
    }
    return n;
  }
}
