import type { FastifyInstance } from 'fastify';
import { buildApi } from '../api/app.ts';
import { buildOpsApp } from '../api/ops-app.ts';
import { systemRoutes, type ChainReadiness } from '../api/system-routes.ts';
import { auditModule } from '../audit/module.ts';
import { KeysStore } from '../auth/keys-store.ts';
import { authModule } from '../auth/module.ts';
import { PrincipalsStore } from '../auth/principals-store.ts';
import { breakersModule } from '../breakers/module.ts';
import {
  createChainRegistry,
  createTransferWatcherMetrics,
  startTransferWatchers,
  type ChainRegistry,
  type TransferSink,
  type TransferWatchers,
} from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import { dashboardModule } from '../dashboard/module.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { eventsModule } from '../events/module.ts';
import { assertNoFailpointsIn } from '../lib/failpoints.ts';
import type { Logger } from '../lib/logger.ts';
import { Counter } from 'prom-client';
import { createMetricsRegistry, type Registry } from '../lib/metrics.ts';
import { startPeriodic } from '../lib/periodic.ts';
import { SecretBox } from '../lib/secret-box.ts';
import { paymentsModule } from '../payments/module.ts';
import { payoutsModule } from '../payouts/module.ts';
import { smartAccountsModule } from '../smart-accounts/module.ts';
import { createPipelineMetrics } from '../pipeline/metrics.ts';
import { pipelineModule } from '../pipeline/module.ts';
import { Pipeline } from '../pipeline/service.ts';
import { startPipelineWorker, type PipelineWorker } from '../pipeline/worker.ts';
import { configuredPolicy, ensureInitialPolicy, PolicyCache } from '../policy/loader.ts';
import { policyModule } from '../policy/module.ts';
import { portfolioModule } from '../portfolio/module.ts';
import { signingModule } from '../signing/module.ts';
import { receiptsModule } from '../receipts/module.ts';
import { createSignerRegistry, type SignerRegistry } from '../signers/index.ts';
import { statsModule } from '../stats/module.ts';
import { swapsModule } from '../swaps/module.ts';
import { treasuryModule } from '../treasury/module.ts';
import { attestationsModule } from '../attestations/module.ts';
import { webhooksModule } from '../webhooks/module.ts';
import { coreModule } from './core-module.ts';
import { checkModules, type KeelModule, type ModuleContext, type ModuleFactory } from './module.ts';
import { chainReconciliation } from './reconciliation.ts';

/**
 * The capabilities of a Keel process, in order: API routes are registered and worker pieces
 * started in this order (and stopped in reverse). A new capability is one line here.
 */
export const KEEL_MODULES: readonly ModuleFactory[] = [
  coreModule,
  portfolioModule,
  webhooksModule,
  eventsModule,
  authModule,
  auditModule,
  policyModule,
  pipelineModule,
  swapsModule,
  breakersModule,
  paymentsModule,
  treasuryModule,
  payoutsModule,
  attestationsModule,
  smartAccountsModule,
  statsModule,
  receiptsModule,
  signingModule,
  dashboardModule,
];

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
  /** The per-chain transfer watchers of this process (worker and all roles, when some module or the caller gives a sink). */
  transferWatchers?: TransferWatchers;
  /** The modules of this process, as built from `KEEL_MODULES`. */
  modules: readonly KeelModule[];
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
   * Where the per-chain transfer watchers deliver the ERC-20 transfers they see, in place of
   * the sink a module declares (payments'): tests watch chains with a sink of their own. With a
   * sink, worker roles run `startTransferWatchers` (one reader per chain across all processes,
   * by lease); without any, no chain is watched.
   */
  transferSink?: TransferSink;
  /**
   * Runs in worker roles after the database and chains are ready and before any worker starts
   * (`keel dev` checks there whether its chains rolled back behind the database).
   */
  beforeWorkers?: (instance: KeelInstance) => Promise<void>;
  /** The capabilities to build, in place of `KEEL_MODULES` (tests swap one factory for a variant). */
  modules?: readonly ModuleFactory[];
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
  const database =
    opts.database ??
    (await openDatabase({
      url: config.database.url,
      pglitePath: config.database.pglitePath,
      poolSize: config.database.poolSize,
      warn: (m) => log.warn(m),
    }));
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
    new Counter({
      name: 'keel_db_statements_total',
      help: 'SQL statements this process ran (transaction begin and commit included).',
      registers: [metrics],
      collect() {
        this.reset();
        this.inc(database.statements());
      },
    });
    const chains = createChainRegistry(config.chains, { registry: metrics, logger });
    stops.unshift(async () => chains.close());
    const reports = await chains.verifyAll();
    for (const r of reports) {
      const bad = r.endpoints.filter((e) => e.status !== 'ok');
      if (!r.ok)
        log.error(
          { chainId: r.chainId, endpoints: r.endpoints },
          'chain has no verified RPC endpoint: it is unavailable until one answers with the right chain id',
        );
      else if (bad.length)
        log.warn({ chainId: r.chainId, endpoints: bad }, 'some RPC endpoints were refused or unreachable');
    }
    const keys = new KeysStore(database.db);
    const principals = new PrincipalsStore(database.db, config.auth.approvalsRequired);
    const box = new SecretBox(config.secrets.encryptionKey);
    const policyCache = new PolicyCache();
    const pipeline = new Pipeline({ db: database.db, config, chains, signers, policyCache });
    const ctx: ModuleContext = {
      config,
      logger,
      database,
      db: database.db,
      chains,
      signers,
      pipeline,
      metrics,
      box,
      keys,
      principals,
      policyCache,
    };
    const modules = (opts.modules ?? KEEL_MODULES).map((make) => make(ctx));
    checkModules(modules);
    // Parts every role needs: series, the facts the write path resolves, outcome handlers, intake guards.
    for (const m of modules) {
      m.metrics?.(metrics);
      for (const source of m.addressSources ?? []) pipeline.facts.addSource(source);
      for (const [origin, handler] of Object.entries(m.outcomes ?? {})) pipeline.outcomes.on(origin, handler);
      for (const guard of m.intakeGuards ?? []) pipeline.addGuard(guard);
    }
    const instance: KeelInstance = {
      config,
      database,
      chains,
      keys,
      principals,
      metrics,
      signers,
      pipeline,
      modules,
      stop: async () => {},
    };
    const readiness = modules.flatMap((m) =>
      m.readiness?.reorgedFinalDeposits ? [m.readiness.reorgedFinalDeposits] : [],
    );
    const reorgedFinalDeposits = async () => (await Promise.all(readiness.map((f) => f()))).flat();
    const moduleChecks = modules.flatMap((m) => (m.readiness?.checks ? [m.readiness.checks] : []));
    const system = {
      database,
      metrics,
      probeChains: () => probeChains(chains),
      // One module's failing check must not hide the others'.
      checks: async () => (await Promise.all(moduleChecks.map((f) => f().catch(() => [])))).flat(),
      reconciliation: () => chainReconciliation({ db: database.db, config, reorgedFinalDeposits }),
    };
    // With an ops listener the API port keeps only /health (docs/operations.md).
    const opsPort = config.server.opsPort;

    if (opts.role !== 'worker') {
      const api = await buildApi({ config, database, keys, logger, metrics, box }, [
        systemRoutes(system, { ops: opsPort === undefined }),
        ...modules.flatMap((m) => m.routes ?? []),
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
      const awaiting = await Promise.all(modules.map((m) => m.awaitingOutcomes?.() ?? Promise.resolve([])));
      await pipeline.store.redeliverFinal(awaiting.flat());
      const pw = startPipelineWorker({
        database,
        config,
        chains,
        signers,
        pipeline,
        logger,
        metrics: createPipelineMetrics(metrics),
      });
      instance.pipelineWorker = pw;
      stops.unshift(() => pw.stop());
      startModuleWorkers(modules, logger, stops);
      // The transfer watchers feed a module's sink (payments); tests may pass a sink of their own.
      const sink = opts.transferSink ?? modules.find((m) => m.transferSink)?.transferSink;
      if (sink) {
        const watchers = startTransferWatchers({
          db: database.db,
          config,
          chains,
          sink,
          logger,
          metrics: createTransferWatcherMetrics(metrics),
        });
        instance.transferWatchers = watchers;
        stops.unshift(() => watchers.stop());
      }
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
      log.warn(
        'server.opsPort is not set: /metrics and /ready are served on the API port; set it to keep them off the public listener',
      );
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
      const endpoints = c.transport
        .endpoints()
        .map((e) => ({ url: e.url, status: e.status, latencyMs: e.latencyMs ?? null, lastError: e.lastError ?? null }));
      try {
        const n = await Promise.race([
          c.client.getBlockNumber({ cacheTime: 0 }),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
          ),
        ]);
        return { chainId: c.chainId, name: c.config.name, status: 'ok' as const, blockNumber: n.toString(), endpoints };
      } catch (err) {
        return {
          chainId: c.chainId,
          name: c.config.name,
          status: 'unavailable' as const,
          reason: (err as Error).message.split('\n')[0] ?? 'unreachable',
          endpoints,
        };
      }
    }),
  );
}

/**
 * Starts the worker pieces of every module (periodic tasks, then long-running pieces) in module
 * order, putting one stop per module at the front of `stops` as it starts: a later module stops
 * first, and a start that fails still leaves the pieces already running to be stopped.
 */
function startModuleWorkers(modules: readonly KeelModule[], logger: Logger, stops: Array<() => Promise<void>>): void {
  const log = logger.child({ module: 'worker' });
  for (const m of modules) {
    const tasks = (m.tasks ?? []).map((t) => startPeriodic(t.everyMs, t.name, t.run, log));
    const workers = (m.workers ?? []).map((w) => w.start());
    if (tasks.length + workers.length === 0) continue;
    stops.unshift(async () => {
      await Promise.all(tasks.map((t) => t.stop()));
      for (const w of workers) await w.stop();
    });
  }
  log.info('workers started');
}
