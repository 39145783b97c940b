import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { Config } from '../config/schema.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../lib/logger.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import { toEvent, WEBHOOK_NOTIFY_CHANNEL } from '../events/store.ts';
import { DeliveriesStore, type AttemptResult, type ClaimedDelivery } from './deliveries-store.ts';
import { countAttempts, type WebhookMetrics } from './metrics.ts';
import { keptResponseBody } from './response-excerpt.ts';
import { activeSecrets } from './secrets.ts';
import { sendWebhook } from './sender.ts';
import { signedHeaders } from './signing.ts';

/** Bytes of a response read beyond the excerpt limit, so redaction sees what straddles the cut. */
const EXCERPT_CONTEXT_BYTES = 1_024;

/** Longest wait for more sends to finish before their results are recorded together. */
const FLUSH_LINGER_MS = 2;

export interface WebhookWorkerOptions {
  database: Database;
  /** Only `webhooks` is read. */
  config: Pick<Config, 'webhooks'>;
  logger: Logger;
  /** Opens the endpoints' sealed signing secrets. */
  box: SecretBox;
  /** Name in leases and the attempt log; default `<host>:<pid>:<random>`. */
  workerId?: string;
  /** Lease of a claimed delivery; must exceed `timeoutMs`. Default `timeoutMs + 5 s`. */
  leaseMs?: number;
  /** How long `stop()` waits for sends in flight before aborting them. Default `timeoutMs`. */
  stopTimeoutMs?: number;
  /** Random source for retry jitter (tests). */
  rng?: () => number;
  /** Where recorded attempts are counted (`keel_webhook_attempts_total`, `…_attempt_failures_total`). */
  metrics?: WebhookMetrics | undefined;
}

/** Counters of one worker since it started. */
export interface WebhookWorkerStats {
  claimed: number;
  sent: number;
  succeeded: number;
  retrying: number;
  failed: number;
  stale: number;
  inFlight: number;
}

export interface WebhookWorker {
  readonly id: string;
  stats(): WebhookWorkerStats;
  /** Resolves once nothing is in flight or waiting to be recorded and no due delivery was found. */
  drain(): Promise<void>;
  /** Stops claiming, waits for sends in flight (bounded), records their results, unlistens. */
  stop(): Promise<void>;
}

/**
 * Starts a webhook delivery worker in this process. It wakes on the NOTIFY that
 * `publishEvent` sends and also polls every `pollIntervalMs` (a missed notification only
 * costs latency), claims due deliveries in batches, sends at most `workerConcurrency` at a
 * time, and records results in batches: whatever finished while the previous database
 * round trip ran is flushed by the next one, so the batch size adapts to the load.
 * Each body is the event exactly as `GET /v1/events/:id` shows it, serialised once and
 * signed as those bytes; `webhook-id` is the event id (stable across retries and replays),
 * the timestamp is the attempt's, and every active secret signs it (rotation overlap).
 */
export function startWebhookWorker(opts: WebhookWorkerOptions): WebhookWorker {
  const cfg = opts.config.webhooks;
  const id = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const log = opts.logger.child({ module: 'webhook-worker', worker: id });
  const store = new DeliveriesStore(opts.database.db, cfg, opts.rng);
  const leaseMs = opts.leaseMs ?? cfg.timeoutMs + 5_000;
  const stopTimeoutMs = opts.stopTimeoutMs ?? cfg.timeoutMs;
  const abort = new AbortController();
  // Every send in flight listens for the abort.
  setMaxListeners(0, abort.signal);
  const stats: WebhookWorkerStats = {
    claimed: 0,
    sent: 0,
    succeeded: 0,
    retrying: 0,
    failed: 0,
    stale: 0,
    inFlight: 0,
  };
  const inFlight = new Set<Promise<void>>();
  let results: AttemptResult[] = [];
  let stopping = false;
  let backoffUntil = 0;
  let flushFailures = 0;
  const idleWaiters: Array<() => void> = [];

  const deliver = async (d: ClaimedDelivery) => {
    const startedAt = new Date();
    let result: AttemptResult;
    try {
      const body = JSON.stringify(toEvent(d.event));
      const headers = signedHeaders(
        activeSecrets(opts.box, d.endpoint, startedAt),
        d.eventId,
        Math.floor(startedAt.getTime() / 1000),
        body,
      );
      const r = await sendWebhook({
        url: d.endpoint.url,
        headers,
        body,
        timeoutMs: cfg.timeoutMs,
        allowPrivateNetworks: cfg.allowPrivateNetworks,
        // More than the excerpt: redaction needs the context around a cut.
        bodyLimit: cfg.responseBodyLimitBytes + EXCERPT_CONTEXT_BYTES,
        signal: abort.signal,
      });
      const { responseBody: raw, remoteAddress, ...rest } = r;
      // Only public receivers get an excerpt of their answer in the log; everyone gets the size.
      const responseBody = keptResponseBody({ responseBody: raw, remoteAddress }, cfg.responseBodyLimitBytes);
      result = {
        deliveryId: d.id,
        endpointId: d.endpointId,
        attempt: d.attempt,
        startedAt,
        ...rest,
        responseBody,
        aborted: r.errorCode === 'KEEL_ABORTED',
      };
    } catch (err) {
      // Only signing can throw here (an unreadable secret); record it as a failed attempt.
      result = {
        deliveryId: d.id,
        endpointId: d.endpointId,
        attempt: d.attempt,
        startedAt,
        durationMs: 0,
        error: `KEEL_SIGN_FAILED: ${(err as Error).message}`,
      };
    }
    stats.sent++;
    if (result.statusCode === undefined || result.statusCode < 200 || result.statusCode >= 300) {
      log.warn(
        {
          deliveryId: d.id,
          endpointId: d.endpointId,
          eventId: d.eventId,
          attempt: d.attempt,
          statusCode: result.statusCode,
          error: result.error,
          durationMs: result.durationMs,
        },
        'webhook attempt failed',
      );
    }
    results.push(result);
  };

  const dispatch = (d: ClaimedDelivery) => {
    stats.claimed++;
    stats.inFlight++;
    const p = deliver(d).finally(() => {
      stats.inFlight--;
      inFlight.delete(p);
      recorder.sent();
    });
    inFlight.add(p);
  };

  // Two loops run side by side (on a server, on two connections): the recorder writes
  // results as they come, the claimer claims as slots free up. Each coalesces wake-ups that
  // arrive while it runs into one more pass, so batch sizes follow the load.
  const claimer = loop('claim', async () => {
    const wait = backoffUntil - Date.now();
    if (wait > 0) {
      setTimeout(() => claimer.wake(), wait).unref();
      return false;
    }
    const free = cfg.workerConcurrency - stats.inFlight;
    if (stopping || free <= 0) return false;
    const want = Math.min(free, cfg.claimBatchSize);
    let claimed: ClaimedDelivery[];
    try {
      claimed = await store.claim(id, want, leaseMs);
    } catch (err) {
      log.warn({ err }, 'claiming webhook deliveries failed');
      backoffUntil = Date.now() + 1_000;
      return false;
    }
    for (const d of claimed) dispatch(d);
    if (claimed.length === 0) settleIdle();
    // A full batch suggests more is due right now.
    return claimed.length === want;
  });

  const recorder = Object.assign(
    loop('record', async () => {
      if (results.length === 0) return false;
      const batch = results;
      results = [];
      try {
        const s = await store.complete(id, batch);
        flushFailures = 0;
        if (opts.metrics) countAttempts(opts.metrics, batch, s);
        stats.succeeded += s.succeeded;
        stats.retrying += s.retrying;
        stats.failed += s.failed;
        stats.stale += s.stale.length;
        if (s.stale.length)
          log.warn({ deliveries: s.stale }, 'results not applied: the lease was taken over by another claim');
        for (const d of s.disabled) log.warn(d, 'webhook endpoint disabled');
      } catch (err) {
        flushFailures++;
        if (flushFailures >= 5) {
          // Their leases expire and the deliveries are sent again: at least once still holds.
          log.error({ err, dropped: batch.length }, 'cannot record webhook attempt results; dropping them');
          flushFailures = 0;
        } else {
          log.warn({ err, pending: batch.length }, 'cannot record webhook attempt results yet');
          results = batch.concat(results);
          await sleep(Math.min(5_000, 100 * 2 ** flushFailures));
          return true;
        }
      }
      // Slots were freed: claim again.
      claimer.wake();
      settleIdle();
      return results.length > 0;
    }),
    {
      /**
       * A send finished. Sends claimed together usually finish within a few milliseconds
       * of each other: waiting that long lets one statement record them all.
       */
      sent(): void {
        if (stats.inFlight === 0 || stopping) return recorder.wake();
        linger ??= setTimeout(() => {
          linger = null;
          recorder.wake();
        }, FLUSH_LINGER_MS);
      },
    },
  );
  let linger: NodeJS.Timeout | null = null;

  function settleIdle(): void {
    if (stats.inFlight === 0 && results.length === 0 && !recorder.running() && idleWaiters.length) {
      for (const w of idleWaiters.splice(0)) w();
    }
  }

  /** A single-flight loop: `pass` runs again while it asks to or while woken meanwhile. */
  function loop(name: string, pass: () => Promise<boolean>) {
    let running: Promise<void> | null = null;
    let again = false;
    const self = {
      wake(): void {
        if (running) {
          again = true;
          return;
        }
        running = (async () => {
          do {
            again = false;
            if (await pass()) again = true;
          } while (again);
        })()
          .catch((err) => log.error({ err, loop: name }, 'webhook worker loop failed'))
          .finally(() => {
            running = null;
          });
      },
      running: () => running !== null,
      idle: async () => {
        while (running) await running;
      },
    };
    return self;
  }

  const poll = setInterval(() => claimer.wake(), cfg.pollIntervalMs);
  poll.unref();
  const unlisten = opts.database
    .listen(WEBHOOK_NOTIFY_CHANNEL, () => claimer.wake())
    .catch((err) => {
      log.warn({ err }, 'cannot listen for webhook notifications; polling only');
      return async () => {};
    });
  claimer.wake();
  log.info(
    { concurrency: cfg.workerConcurrency, claimBatchSize: cfg.claimBatchSize, leaseMs },
    'webhook worker started',
  );

  return {
    id,
    stats: () => ({ ...stats }),
    drain() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        claimer.wake();
      });
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(poll);
      await (await unlisten)();
      await claimer.idle();
      if (inFlight.size) {
        const bound = new Promise<void>((r) => setTimeout(r, stopTimeoutMs).unref());
        await Promise.race([Promise.allSettled([...inFlight]), bound]);
        abort.abort();
        await Promise.allSettled([...inFlight]);
      }
      clearTimeout(linger ?? undefined);
      recorder.wake();
      await recorder.idle();
      for (const w of idleWaiters.splice(0)) w();
      log.info(stats, 'webhook worker stopped');
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());
