import type { FastifyInstance } from 'fastify';
import { buildApi } from '../api/app.ts';
import { buildOpsApp } from '../api/ops-app.ts';
import { pruneIdempotencyKeys } from '../api/idempotency.ts';
import { systemRoutes, type ChainReadiness } from '../api/system-routes.ts';
import { KeysStore } from '../auth/keys-store.ts';
import { PrincipalsStore } from '../auth/principals-store.ts';
import { keyRoutes, meRoutes } from '../auth/routes.ts';
import { pruneRateLimitCounters } from '../auth/rate-limit-store.ts';
import { createChainRegistry, createTransferWatcherMetrics, startTransferWatchers, type ChainRegistry, type TransferSink, type TransferWatchers } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import type { Logger } from '../lib/logger.ts';
import { createMetricsRegistry, type Registry } from '../lib/metrics.ts';
import { portfolioRoutes } from '../portfolio/routes.ts';
import { SecretBox } from '../lib/secret-box.ts';
import { DeliveryLog } from '../webhooks/delivery-log.ts';
import { EndpointsStore } from '../webhooks/endpoints-store.ts';
import { webhookRoutes } from '../webhooks/routes.ts';
import { startWebhookWorker } from '../webhooks/worker.ts';
import { eventRoutes } from '../events/routes.ts';
import { EventsStore } from '../events/store.ts';
import { AuditStore } from '../audit/log.ts';
import { auditRoutes } from '../audit/routes.ts';
import { createSignerRegistry, type SignerRegistry } from '../signers/index.ts';
import { accountRoutes } from '../signers/routes.ts';
import { configuredPolicy, ensureInitialPolicy } from '../policy/loader.ts';
import { policyRoutes } from '../policy/routes.ts';
import { activePolicy, PolicyCache } from '../policy/loader.ts';
import { pruneUsage } from '../policy/windows.ts';
import { Pipeline } from '../pipeline/service.ts';
import { pipelineRoutes } from '../pipeline/routes.ts';
import { swapRoutes } from '../swaps/routes.ts';
import { SwapQuotes } from '../swaps/service.ts';
import { SwapExecutions } from '../swaps/execute.ts';
import { startPeriodic, type Periodic } from '../lib/periodic.ts';
import { paymentRoutes } from '../payments/routes.ts';
import { checkoutRoutes } from '../payments/checkout-routes.ts';
import { PaymentIntents } from '../payments/service.ts';
import { PaymentsStore } from '../payments/store.ts';
import { paymentsOutcomeHandlers, paymentsSink, PaymentsWorker } from '../payments/worker.ts';
import { BreakersStore } from '../breakers/store.ts';
import { breakerRoutes } from '../breakers/routes.ts';
import { startPipelineWorker, type PipelineWorker } from '../pipeline/worker.ts';
import { createPipelineMetrics, registerReconcilingGauge, registerTransactionGauge } from '../pipeline/metrics.ts';
import { assertNoFailpointsIn } from '../lib/failpoints.ts';
import { statsRoutes } from '../stats/routes.ts';
import { receiptRoutes } from '../receipts/routes.ts';
import { dashboardRoutes } from '../dashboard/routes.ts';
import { chainReconciliation } from './reconciliation.ts';

export type Role = 'api' | 'worker' | 'all';

export interface KeelInstance {
  config: Config;
  database: Database;
  chains: ChainRegistry;
  keys: KeysStore;
  /** Principals and access requests (approval of privileged keys and new principals). */
  principals: PrincipalsStore;
  metrics: Registry;
  /** The accounts Keel signs for, built from `config.signers` at start. */
  signers: SignerRegistry;
  /** The write path (intake, review, cancellation); its worker runs in worker roles. */
  pipeline: Pipeline;
  /** The pipeline worker of this process (worker and all roles). */
  pipelineWorker?: PipelineWorker;
  /** The per-chain transfer watchers of this process (worker and all roles, when a `transferSink` was given). */
  transferWatchers?: TransferWatchers;
  api?: FastifyInstance;
  /** Base URL of the API when this instance serves it. */
  url?: string;
  /** The ops listener (`/health`, `/ready`, `/metrics`) when `server.opsPort` is set, in every role. */
  ops?: FastifyInstance;
  /** Base URL of the ops listener. */
  opsUrl?: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  role: Role;
  logger: Logger;
  /** Listen on config.server.port (default true); tests may use port 0. */
  listen?: boolean;
  /** Apply pending migrations at start (default true; advisory-locked, safe with many processes). */
  migrate?: boolean;
  /** Use an already open database (tests); it is then not closed by `stop()`. */
  database?: Database;
  /**
   * Where the per-chain transfer watchers deliver the ERC-20 transfers they see (payments).
   * With it, worker roles run `startTransferWatchers` (one reader per chain across all
   * processes, by lease); without it, no chain is watched.
   */
  transferSink?: TransferSink;
  /**
   * Runs in worker roles after the database and chains are ready and before any worker starts
   * (`keel dev` checks there whether its chains rolled back behind the database).
   */
  beforeWorkers?: (instance: KeelInstance) => Promise<void>;
}

/**
 * Starts one Keel process: database (migrated), chain clients with the wrong-network guard,
 * and, by role, the HTTP API and/or the workers. Every piece of shared state lives in the
 * database, so any number of API and worker processes can run against one Postgres.
 */
export async function startKeel(opts: StartOptions): Promise<KeelInstance> {
  const { config, logger } = opts;
  assertNoFailpointsIn(config.env);
  const log = logger.child({ module: 'runtime' });
  const database = opts.database ?? (await openDatabase({ url: config.database.url, pglitePath: config.database.pglitePath, poolSize: config.database.poolSize, warn: (m) => log.warn(m) }));
  const stops: Array<() => Promise<void>> = opts.database ? [] : [() => database.close()];
  try {
    if (opts.migrate !== false) {
      const m = await migrate(database.db);
      if (m.applied.length) log.info({ applied: m.applied }, 'database migrated');
    }
    await ensureInitialPolicy(database.db, configuredPolicy(config));
    // Built first among the chain-facing parts: a bad keystore or password fails the start.
    const signers = await createSignerRegistry(config, { logger });
    const metrics = createMetricsRegistry({ defaults: true });
    const chains = createChainRegistry(config.chains, { registry: metrics, logger });
    stops.unshift(async () => chains.close());
    const reports = await chains.verifyAll();
    for (const r of reports) {
      const bad = r.endpoints.filter((e) => e.status !== 'ok');
      if (!r.ok) log.error({ chainId: r.chainId, endpoints: r.endpoints }, 'chain has no verified RPC endpoint: it is unavailable until one answers with the right chain id');
      else if (bad.length) log.warn({ chainId: r.chainId, endpoints: bad }, 'some RPC endpoints were refused or unreachable');
    }
    const keys = new KeysStore(database.db);
    const principals = new PrincipalsStore(database.db, config.auth.approvalsRequired);
    const box = new SecretBox(config.secrets.encryptionKey);
    const policyCache = new PolicyCache();
    const pipeline = new Pipeline({ db: database.db, config, chains, signers, policyCache });
    registerTransactionGauge(metrics, database.db);
    registerReconcilingGauge(metrics, database.db);
    const breakers = new BreakersStore(database.db, config.swaps.breaker);
    const quotes = new SwapQuotes({ db: database.db, config, chains, signers, pipeline, breakers });
    const swaps = new SwapExecutions({ db: database.db, config, chains, signers, pipeline, quotes, breakers });
    const paymentsStore = new PaymentsStore(database.db, config);
    // Sweeps, refunds and swaps settle in the database transaction that makes theirs final.
    for (const [origin, handler] of Object.entries({ ...paymentsOutcomeHandlers(paymentsStore, config), ...swaps.outcomeHandlers() })) pipeline.outcomes.on(origin, handler);
    // Deposit addresses are Keel's accounts (valuation); payers are known addresses (lookalikes).
    pipeline.facts.addSource(paymentsStore.addressSource());
    const instance: KeelInstance = { config, database, chains, keys, principals, metrics, signers, pipeline, stop: async () => {} };
    const system = { database, metrics, probeChains: () => probeChains(chains), reconciliation: () => chainReconciliation({ db: database.db, config, payments: paymentsStore }) };
    // With an ops listener the API port keeps only /health (docs/operations.md).
    const opsPort = config.server.opsPort;

    if (opts.role !== 'worker') {
      const api = await buildApi({ config, database, keys, logger, metrics, box }, [
        systemRoutes(system, { ops: opsPort === undefined }),
        portfolioRoutes(config, (id) => chains.get(id)),
        webhookRoutes({ endpoints: new EndpointsStore(database.db, box, config.webhooks), deliveries: new DeliveryLog(database.db) }),
        eventRoutes(new EventsStore(database.db)),
        keyRoutes(keys, principals),
        auditRoutes(new AuditStore(database.db)),
        accountRoutes({ config, signers, chainOf: (id) => chains.get(id) }),
        policyRoutes({ db: database.db, config, cache: policyCache, gatherFacts: (p, i) => pipeline.gatherFacts(p, i) }),
        pipelineRoutes(pipeline),
        swapRoutes({ quotes, executions: swaps }),
        breakerRoutes(breakers),
        paymentRoutes({ intents: new PaymentIntents({ db: database.db, config, chains, signers, pipeline, store: paymentsStore }), store: paymentsStore, db: database.db, config, pipeline }),
        checkoutRoutes({ store: paymentsStore, db: database.db, config }),
        meRoutes(),
        statsRoutes({ db: database.db, rpcHealth: () => chains.all().map((c) => ({ chainId: c.chainId, name: c.config.name, endpoints: c.transport.endpoints() })) }),
        receiptRoutes({ getTransaction: (id) => pipeline.store.get(id), chains }),
        dashboardRoutes(),
      ]);
      stops.unshift(() => api.close());
      if (opts.listen !== false) {
        instance.url = await api.listen({ host: config.server.host, port: config.server.port });
        log.info({ url: instance.url }, 'API listening');
      } else {
        await api.ready();
      }
      instance.api = api;
    }

    if (opts.role !== 'api') {
      await opts.beforeWorkers?.(instance);
      // Records an earlier version's polling settlers left pending though their transaction is final.
      await pipeline.store.redeliverFinal([...(await paymentsStore.pendingTxIds()), ...(await swaps.unsettledTxIds())]);
      const stopWorkers = startWorkers({ config, database, chains, logger, box });
      stops.unshift(stopWorkers);
      const pw = startPipelineWorker({ database, config, chains, signers, pipeline, logger, metrics: createPipelineMetrics(metrics) });
      instance.pipelineWorker = pw;
      stops.unshift(() => pw.stop());
      // Payment expiry and sweeps (settlement runs in the pipeline: outcome handlers above).
      const paymentsWorker = new PaymentsWorker({ db: database.db, config, chains, signers, pipeline, store: paymentsStore, logger: log });
      const periodic = [
        startPeriodic(config.payments.tickMs, 'payments-expire', () => paymentsStore.expireDue(), log),
        startPeriodic(config.payments.sweep.intervalSeconds * 1000, 'payments-sweep', () => paymentsWorker.sweep(), log),
      ];
      stops.unshift(async () => void (await Promise.all(periodic.map((t) => t.stop()))));
      // The transfer watchers feed payments; tests may pass a sink of their own.
      const watchers = startTransferWatchers({ db: database.db, config, chains, sink: opts.transferSink ?? paymentsSink(paymentsStore), logger, metrics: createTransferWatcherMetrics(metrics) });
      instance.transferWatchers = watchers;
      stops.unshift(() => watchers.stop());
    }

    if (opsPort !== undefined) {
      const ops = await buildOpsApp({ logger }, [systemRoutes(system)]);
      stops.unshift(() => ops.close());
      if (opts.listen !== false) {
        instance.opsUrl = await ops.listen({ host: config.server.opsHost, port: opsPort });
        log.info({ url: instance.opsUrl }, 'ops listener (/health, /ready, /metrics) listening');
      } else {
        await ops.ready();
      }
      instance.ops = ops;
    } else if (config.env === 'production' && opts.role !== 'worker') {
      log.warn('server.opsPort is not set: /metrics and /ready are served on the API port; set it to keep them off the public listener');
    }

    instance.stop = async () => {
      for (const s of stops.splice(0)) {
        await s().catch((err) => log.warn({ err }, 'error while stopping'));
      }
    };
    return instance;
  } catch (err) {
    for (const s of stops) await s().catch(() => {});
    throw err;
  }
}

/** Readiness of every chain: a live block-number read with a short deadline, plus endpoint health. */
export async function probeChains(chains: ChainRegistry, timeoutMs = 3_000): Promise<ChainReadiness[]> {
  return Promise.all(
    chains.all().map(async (c) => {
      const endpoints = c.transport.endpoints().map((e) => ({ url: e.url, status: e.status, latencyMs: e.latencyMs ?? null, lastError: e.lastError ?? null }));
      try {
        const n = await Promise.race([
          c.client.getBlockNumber({ cacheTime: 0 }),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
        ]);
        return { chainId: c.chainId, name: c.config.name, status: 'ok' as const, blockNumber: n.toString(), endpoints };
      } catch (err) {
        return { chainId: c.chainId, name: c.config.name, status: 'unavailable' as const, reason: (err as Error).message.split('\n')[0] ?? 'unreachable', endpoints };
      }
    }),
  );
}

/**
 * The worker role. For now: periodic RPC endpoint re-verification (a dead endpoint that
 * comes back is ranked again; one that answered another chain id stays refused until
 * restart, since an endpoint that flips between chains is never safe), pruning of
 * expired rate-limit windows, and webhook delivery (src/webhooks/worker.ts).
 * Durable job queues arrive with the write path.
 */
function startWorkers(deps: { config: Config; database: Database; chains: ChainRegistry; logger: Logger; box: SecretBox }): () => Promise<void> {
  const log = deps.logger.child({ module: 'worker' });
  const tasks: Periodic[] = [];
  const every = (ms: number, name: string, fn: () => Promise<unknown>) => tasks.push(startPeriodic(ms, name, fn, log));
  every(30_000, 'rpc-verify', () => deps.chains.verifyAll());
  every(60_000, 'rate-limit-prune', () => pruneRateLimitCounters(deps.database.db, new Date(Date.now() - 3_600_000)));
  every(3_600_000, 'idempotency-prune', () => pruneIdempotencyKeys(deps.database.db));
  // Window usage no rolling window can reach any more (kept at least a day for inspection).
  every(3_600_000, 'policy-usage-prune', async () => {
    const p = await activePolicy(deps.database.db);
    return pruneUsage(deps.database.db, new Date(Date.now() - Math.max(p.maxWindowSeconds, 86_400) * 1000));
  });
  const webhooks = startWebhookWorker({ database: deps.database, config: deps.config, logger: deps.logger, box: deps.box });
  log.info('workers started');
  return async () => {
    await Promise.all(tasks.map((t) => t.stop()));
    await webhooks.stop();
  };
}
