import { watcherCheckpoints } from '../chain/index.ts';
import type { ModuleContext, KeelModule } from '../runtime/module.ts';
import { checkoutRoutes } from './checkout-routes.ts';
import { createPaymentsMetrics, type PaymentsMetrics } from './metrics.ts';
import { paymentRoutes } from './routes.ts';
import { PaymentIntents } from './service.ts';
import { PaymentsStore } from './store.ts';
import { paymentsOutcomeHandlers, paymentsSink, PaymentsWorker } from './worker.ts';

/**
 * Payments, the fullest module and the example of docs/architecture.md ("Module skeleton"):
 * - API: payment intents, refunds and the report (`routes.ts`), the hosted checkout's public
 *   read (`checkout-routes.ts`);
 * - workers: the transfer watchers' sink (deposits, confirmations, reorganisations), a tick that
 *   expires intents, and the periodic sweep;
 * - outcome handlers: sweeps and refunds settle when their transactions become final (or are
 *   taken back by a rollback);
 * - every role: deposit addresses are Keel's accounts and payers known addresses, for the
 *   pipeline's valuation and look-alike checks; `/ready` counts final deposits a rewind took away;
 *   its series: intents by status, detection lag, sweep backlog (`metrics.ts`).
 */
export function paymentsModule(ctx: ModuleContext): KeelModule {
  const { db, config, chains, signers, pipeline } = ctx;
  const store = new PaymentsStore(db, config);
  const intents = new PaymentIntents({ db, config, chains, signers, pipeline, store });
  const worker = new PaymentsWorker({
    config,
    chains,
    signers,
    pipeline,
    store,
    logger: ctx.logger.child({ module: 'payments' }),
  });
  // Registered before any watcher starts (the runtime applies `metrics` first, in every role).
  let metrics: PaymentsMetrics | undefined;
  return {
    name: 'payments',
    routes: [
      paymentRoutes({ intents, store, db, config, pipeline }),
      checkoutRoutes({ store, config, checkpoints: (chainIds) => watcherCheckpoints(db, chainIds) }),
    ],
    tasks: [
      { name: 'payments-expire', everyMs: config.payments.tickMs, run: () => store.expireDue() },
      { name: 'payments-sweep', everyMs: config.payments.sweep.intervalSeconds * 1000, run: () => worker.sweep() },
    ],
    // Sweeps and refunds settle in the database transaction that makes theirs final.
    outcomes: paymentsOutcomeHandlers(store, config),
    awaitingOutcomes: () => store.pendingTxIds(),
    transferSink: paymentsSink(store, (deposits) => metrics?.recorded(deposits)),
    addressSources: [store.addressSource()],
    readiness: { reorgedFinalDeposits: () => store.reorgedFinalDeposits() },
    metrics: (registry) => {
      metrics = createPaymentsMetrics(registry, db, config);
    },
  };
}
