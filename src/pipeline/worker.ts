import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { findUpstreamError, type ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { Database } from '../db/database.ts';
import { KeelError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { SignerRegistry } from '../signers/index.ts';
import type { PipelineMetrics } from './metrics.ts';
import type { Pipeline } from './service.ts';
import { PIPELINE_NOTIFY_CHANNEL, TransactionStateError, type ClaimedRow } from './store.ts';
import {
  errorText,
  failAll,
  failOne,
  load,
  queuedOfBatch,
  RELEASED,
  soon,
  type PipelineWorkerStats,
  type StepResult,
  type WorkerContext,
} from './worker-context.ts';
import { Reconciler, type ReconcileReport } from './reconcile.ts';
import { healNonceGaps } from './worker-gaps.ts';
import { broadcast, sendSubmitted } from './worker-send.ts';
import { TransactionSigning } from './worker-sign.ts';
import { expireReview, track } from './worker-track.ts';

export type { PipelineWorkerStats } from './worker-context.ts';

/**
 * The asynchronous half of the write path. Each transaction row is its own durable job: a
 * worker claims due rows under a lease (FOR UPDATE SKIP LOCKED), does the next step for the
 * row's state, records the result, and sets when the row is due again. A worker that dies
 * loses only its lease; whoever claims the row next resumes from the stored state:
 *
 * - `queued`: re-simulate at the latest block, take a durable nonce, sign, store the signed
 *   bytes → `signed` (one database transaction: a crash before commit gives the nonce back).
 * - `signed`: mark the nonce broadcast → `submitted` (committed), then send the stored bytes.
 *   A crash after the commit leaves a `submitted` transaction no node has seen: tracking
 *   finds it missing and sends the same bytes again — one signed transaction, so at most one
 *   inclusion, whatever happens.
 * - `submitted`: receipts of every attempt; inclusion, confirmations, reorgs (back to
 *   `submitted`), re-broadcast when dropped, a fee bump when stuck, the cancellation
 *   replacement when asked.
 * - `pending_review`: expiry.
 * Beside the rows, a periodic pass checks each signer's nonces for gaps and heals them, and
 * another (also at start) compares the chains with what Keel recorded as final and re-submits
 * what a rollback or a deep reorganisation took away (reconcile.ts).
 *
 * This file is the claim loop; each step lives in its own file (worker-sign, worker-send,
 * worker-track, worker-gaps) and works on the shared WorkerContext.
 */

export interface PipelineWorkerOptions {
  database: Database;
  config: Config;
  chains: ChainRegistry;
  signers: SignerRegistry;
  pipeline: Pipeline;
  logger: Logger;
  workerId?: string;
  /** Step counters and durations (`keel_pipeline_*`); none without it. */
  metrics?: PipelineMetrics;
}

export interface PipelineWorker {
  readonly id: string;
  stats(): PipelineWorkerStats;
  /** Runs the nonce gap check and healing once now (it also runs every `nonceCheckSeconds`). */
  checkNonces(): Promise<void>;
  /** Runs a reconciliation pass now (it also runs at start and every `reconcileIntervalSeconds`). */
  reconcile(): Promise<ReconcileReport[]>;
  stop(): Promise<void>;
}

export function startPipelineWorker(opts: PipelineWorkerOptions): PipelineWorker {
  const cfg = opts.config.pipeline;
  const id = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const log = opts.logger.child({ module: 'pipeline-worker', worker: id });
  const { pipeline } = opts;
  const store = pipeline.store;
  const stats: PipelineWorkerStats = {
    steps: 0,
    signed: 0,
    broadcast: 0,
    confirmed: 0,
    reverted: 0,
    failed: 0,
    feeBumps: 0,
    rebroadcasts: 0,
    reorgs: 0,
    gapsHealed: 0,
    errors: 0,
    inFlight: 0,
  };
  const ctx: WorkerContext = {
    id,
    cfg,
    log,
    pipeline,
    store,
    db: opts.database.db,
    chains: opts.chains,
    signers: opts.signers,
    stats,
  };
  const signing = new TransactionSigning(ctx);
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  /** One step of one claimed transaction; returns when it is due again. */
  async function step(row: ClaimedRow): Promise<StepResult> {
    switch (row.status) {
      case 'queued': {
        const signed = await signing.sign(row);
        if (signed === 'moved') return new Date();
        if (!signed) return null;
        // Committed `submitted` with its signing group (worker-sign.ts): send it now.
        if (signed.submitted === 'ok') return sendSubmitted(ctx, signed.row, signed.attempt);
        if (signed.submitted) return new Date();
        return broadcast(ctx, signed.row, signed.attempt);
      }
      case 'signed':
        return broadcast(ctx, row, row.attempts?.at(-1));
      case 'submitted':
        return track(ctx, row, row.attempts ?? undefined);
      case 'pending_review':
        return expireReview(ctx, row);
      default:
        return null;
    }
  }

  const running = new Set<string>();

  async function run(claimed: ClaimedRow): Promise<void> {
    const txId = claimed.id;
    stats.inFlight++;
    stats.steps++;
    running.add(txId);
    // A step can outlast the lease (a slow RPC endpoint): keep renewing it while it runs, so no
    // other worker takes the row over from a worker that is alive.
    const heartbeat = setInterval(
      () => {
        store.renewLease(txId, id, cfg.leaseMs).catch(() => {});
      },
      Math.max(200, Math.floor(cfg.leaseMs / 3)),
    );
    heartbeat.unref();
    let next: StepResult = null;
    let error: string | null = null;
    try {
      const t0 = performance.now();
      next = await step(claimed);
      const ms = performance.now() - t0;
      opts.metrics?.steps.inc({ step: claimed.status, result: 'ok' });
      opts.metrics?.stepDuration.observe({ step: claimed.status }, ms / 1000);
    } catch (err) {
      stats.errors++;
      opts.metrics?.steps.inc({ step: claimed.status, result: 'error' });
      error = errorText(err).split('\n')[0]!.slice(0, 500);
      if (err instanceof TransactionStateError) next = null;
      else {
        const permanent = failsPermanently(err);
        log.warn(
          { txId, err: error },
          permanent ? 'pipeline step failed permanently' : 'pipeline step failed; will retry',
        );
        if (permanent) {
          const row = await load(ctx, txId).catch(() => null);
          if (row && (row.status === 'queued' || row.status === 'signed')) {
            const members = row.batch_id && row.status === 'queued' ? await queuedOfBatch(ctx, row.batch_id) : [];
            if (members.length > 1)
              await failAll(
                ctx,
                members,
                members.findIndex((m) => m.id === row.id),
                (err as KeelError).code,
                { error },
                {},
              ).catch(() => {});
            else await failOne(ctx, row, (err as KeelError).code, { error }).catch(() => {});
          }
        } else next = soon(2_000);
      }
    } finally {
      clearInterval(heartbeat);
      stats.inFlight--;
    }
    if (next !== RELEASED)
      await store
        .releaseLease(txId, id, next, error)
        .catch((err) => log.warn({ err, txId }, 'cannot release lease (it will expire)'));
    running.delete(txId);
  }

  let claiming = false;
  let again = false;
  async function claim(): Promise<void> {
    if (stopping) return;
    if (claiming) {
      again = true;
      return;
    }
    claiming = true;
    try {
      do {
        again = false;
        const free = cfg.workerConcurrency - stats.inFlight;
        if (free <= 0) break;
        const due = await store.claimDue(id, free, cfg.leaseMs, [...running]);
        for (const d of due) {
          const p = run(d).finally(() => {
            inFlight.delete(p);
            void claim();
          });
          inFlight.add(p);
        }
        if (due.length === free) again = true;
      } while (again && !stopping);
    } catch (err) {
      log.warn({ err: errorText(err).slice(0, 300) }, 'cannot claim pipeline work');
    } finally {
      claiming = false;
    }
  }

  const poll = setInterval(() => void claim(), cfg.pollIntervalMs);
  poll.unref();
  let gapRunning = false;
  const gapTimer = setInterval(() => {
    if (gapRunning) return;
    gapRunning = true;
    healNonceGaps(ctx)
      .catch((err) => log.warn({ err: errorText(err).slice(0, 300) }, 'nonce gap check failed'))
      .finally(() => {
        gapRunning = false;
      });
  }, cfg.nonceCheckSeconds * 1000);
  gapTimer.unref();
  const reconciler = new Reconciler(ctx, () => healNonceGaps(ctx));
  const reconcile = () =>
    reconciler.run().catch((err) => {
      log.warn({ err: errorText(err).slice(0, 300) }, 'reconciliation failed');
      return [] as ReconcileReport[];
    });
  const reconcileTimer = setInterval(() => void reconcile(), cfg.reconcileIntervalSeconds * 1000);
  reconcileTimer.unref();
  // At start too: a chain restored behind the database (or reorganised while Keel was down) is
  // reconciled before its signers' next transactions wait behind lost nonces.
  void reconcile();
  const unlisten = opts.database
    .listen(PIPELINE_NOTIFY_CHANNEL, () => void claim())
    .catch((err) => {
      log.warn({ err }, 'cannot listen for pipeline notifications; polling only');
      return async () => {};
    });
  void claim();
  log.info({ concurrency: cfg.workerConcurrency, leaseMs: cfg.leaseMs }, 'pipeline worker started');

  return {
    id,
    stats: () => ({ ...stats }),
    checkNonces: () => healNonceGaps(ctx),
    reconcile: () => reconciler.run(),
    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(poll);
      clearInterval(gapTimer);
      clearInterval(reconcileTimer);
      await reconciler.idle();
      await (await unlisten)();
      await Promise.allSettled([...inFlight]);
      log.info(stats, 'pipeline worker stopped');
    },
  };
}

/**
 * Whether a failed pipeline step fails its transaction (else the step is retried). Decided by
 * the error catalogue's retryability, never by HTTP status: a KeelError whose code is not
 * retryable fails, unless an upstream fault sits in its cause chain; anything that is not a
 * KeelError (a database hiccup, a bug) is retried.
 */
export function failsPermanently(err: unknown): boolean {
  return err instanceof KeelError && !err.retryable && !findUpstreamError(err);
}
