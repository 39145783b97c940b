import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../lib/logger.ts';
import type { SignerRegistry } from '../signers/index.ts';
import { failsPermanently } from '../pipeline/worker.ts';
import type { PaymasterService } from './paymaster-service.ts';
import type { Sponsorship } from './sponsorship-service.ts';
import type { UserOperationMetrics } from './user-operation-metrics.ts';
import type { UserOperationOutcomes } from './user-operation-outcomes.ts';
import type { UserOperationRow } from './user-operation-resource.ts';
import { buildOperation, expireOperation } from './user-operation-worker-build.ts';
import {
  releaseSponsorshipOf,
  type UserOpStepResult,
  type UserOpWorkerContext,
} from './user-operation-worker-context.ts';
import { submitOperation, trackIncluded, trackSubmitted, watchMined } from './user-operation-worker-track.ts';
import { USER_OP_NOTIFY_CHANNEL, UserOpStateError, UserOpWorkerStore } from './user-operation-worker-store.ts';

/**
 * The asynchronous half of user operations (docs/account-abstraction.md#tracking-user-operations).
 * Each `user_operations` row is its own durable job: a worker claims due rows (`next_run_at <=
 * now`) under a lease (FOR UPDATE SKIP LOCKED), does the step of the row's state, and sets when
 * it is due again. A worker that dies loses only its lease; whoever claims the row next resumes
 * from the stored state. Steps: user-operation-worker-build.ts (`queued`, expiries) and
 * user-operation-worker-track.ts (`signed`, `submitted`, `included`, mined re-checks). A failed
 * step is retried with backoff unless its error is permanent by the error catalogue; a permanent
 * error of an operation that never ran fails it (sponsorship and windows released).
 */

export interface UserOperationWorkerOptions {
  database: Database;
  config: Config;
  chains: ChainRegistry;
  signers: SignerRegistry;
  paymaster: PaymasterService;
  sponsorship: Sponsorship;
  outcomes: UserOperationOutcomes;
  nativeUsd8: (chainId: number) => Promise<bigint | null>;
  logger: Logger;
  metrics?: UserOperationMetrics | undefined;
  workerId?: string;
}

export interface UserOperationWorker {
  readonly id: string;
  /** Claims due operations now (besides the poll and notifications). */
  wake(): void;
  stop(): Promise<void>;
}

/** Backoff of a retried step: 1 s doubling per consecutive failure, at most 60 s. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.min(Math.max(attempts - 1, 0), 6));
}

export function startUserOperationWorker(opts: UserOperationWorkerOptions): UserOperationWorker {
  const cfg = opts.config.smartAccounts.userOperationWorker;
  const id = opts.workerId ?? `${hostname()}:${process.pid}:uop:${randomBytes(3).toString('hex')}`;
  const log = opts.logger.child({ module: 'user-operation-worker', worker: id });
  const store = new UserOpWorkerStore(opts.database.db, opts.outcomes);
  const ctx: UserOpWorkerContext = {
    id,
    cfg,
    config: opts.config,
    log,
    db: opts.database.db,
    store,
    chains: opts.chains,
    signers: opts.signers,
    paymaster: opts.paymaster,
    sponsorship: opts.sponsorship,
    nativeUsd8: opts.nativeUsd8,
    metrics: opts.metrics,
  };
  const running = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  // Consecutive failures per row in this process (the backoff); `attempts` counts claims.
  const failures = new Map<string, number>();

  function step(row: UserOperationRow): Promise<UserOpStepResult> {
    switch (row.status) {
      case 'pending_review':
      case 'awaiting_signature':
        return expireOperation(ctx, row);
      case 'queued':
        return buildOperation(ctx, row);
      case 'signed':
        return submitOperation(ctx, row);
      case 'submitted':
        return trackSubmitted(ctx, row);
      case 'included':
        return trackIncluded(ctx, row);
      case 'confirmed':
      case 'failed':
        return watchMined(ctx, row);
      default:
        return Promise.resolve(null);
    }
  }

  async function run(claimed: UserOperationRow): Promise<void> {
    running.add(claimed.id);
    const heartbeat = setInterval(
      () => void store.renewLease(claimed.id, id, cfg.leaseMs).catch(() => {}),
      Math.max(200, Math.floor(cfg.leaseMs / 3)),
    );
    heartbeat.unref();
    let next: UserOpStepResult = null;
    let error: string | null = null;
    const t0 = performance.now();
    try {
      next = await step(claimed);
      failures.delete(claimed.id);
      opts.metrics?.steps.inc({ step: claimed.status, result: 'ok' });
    } catch (err) {
      opts.metrics?.steps.inc({ step: claimed.status, result: 'error' });
      error = String((err as Error)?.message ?? err)
        .split('\n')[0]!
        .slice(0, 500);
      if (err instanceof UserOpStateError) {
        // Someone else moved it (a cancellation, a signature): look again at once.
        next = new Date();
      } else if (failsPermanently(err) && (claimed.status === 'queued' || claimed.status === 'signed')) {
        log.warn({ uop: claimed.id, err: error }, 'user operation step failed permanently');
        await failNeverRan(claimed, (err as { code: string }).code, error).catch((e: unknown) =>
          log.warn({ uop: claimed.id, err: String(e) }, 'cannot record the failure; will retry'),
        );
        next = new Date();
      } else {
        const n = (failures.get(claimed.id) ?? 0) + 1;
        failures.set(claimed.id, n);
        log.warn({ uop: claimed.id, err: error, attempt: n }, 'user operation step failed; will retry');
        next = new Date(Date.now() + retryDelayMs(n));
      }
    } finally {
      clearInterval(heartbeat);
      opts.metrics?.stepDuration.observe({ step: claimed.status }, (performance.now() - t0) / 1000);
    }
    await store
      .releaseLease(claimed.id, id, next, error)
      .catch((err: unknown) => log.warn({ uop: claimed.id, err: String(err) }, 'cannot release lease (it expires)'));
    running.delete(claimed.id);
  }

  /** A permanent fault of an operation that never reached the bundler: `failed`, everything given back. */
  async function failNeverRan(row: UserOperationRow, code: string, message: string): Promise<void> {
    await ctx.db.transaction().execute(async (trx) => {
      const cur = await store.lock(trx, row.id);
      if (cur.status !== 'queued' && cur.status !== 'signed') return;
      await releaseSponsorshipOf(ctx, trx, cur);
      await store.transition(trx, row.id, {
        from: cur.status,
        to: 'failed',
        reason: code,
        detail: { error: message },
        patch: { next_run_at: null },
      });
    });
    opts.metrics?.finished.inc({ status: 'failed' });
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
        const free = cfg.concurrency - running.size;
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
      log.warn({ err: String(err).slice(0, 300) }, 'cannot claim user operations');
    } finally {
      claiming = false;
    }
  }

  const poll = setInterval(() => void claim(), cfg.pollIntervalMs);
  poll.unref();
  const unlisten = opts.database
    .listen(USER_OP_NOTIFY_CHANNEL, () => void claim())
    .catch((err: unknown) => {
      log.warn({ err: String(err) }, 'cannot listen for user operation notifications; polling only');
      return async () => {};
    });
  void claim();
  log.info({ concurrency: cfg.concurrency, leaseMs: cfg.leaseMs }, 'user operation worker started');
  return {
    id,
    wake: () => void claim(),
    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(poll);
      await (await unlisten)();
      await Promise.allSettled([...inFlight]);
    },
  };
}
