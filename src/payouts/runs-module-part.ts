import { PaymentsStore } from '../payments/store.ts';
import type { Kysely } from 'kysely';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../lib/logger.ts';
import type { Pipeline } from '../pipeline/service.ts';
import type { SignerRegistry } from '../signers/index.ts';
import type { PayableResolver } from './ports.ts';
import { PayoutRuns } from './runs.ts';

/**
 * Payout runs' parts of the payouts module (module.ts folds them in; it also registers the routes,
 * `payoutPlanRoutes({ runs })` and `payoutRunRoutes({ runs, db })`, which the runtime's module test
 * wants imported by module.ts itself): the dispatch backstop (runs whose lines were left unsent by a stopped process), the
 * outcome handlers that settle lines in their transaction's final state, and the catch-up at
 * start. `runs` is the `LineRunner` accruals call and where `onLineSettled` handlers register.
 */
export function runsModulePart(
  ctx: { db: Kysely<DB>; config: Config; signers: SignerRegistry; pipeline: Pipeline; logger: Logger },
  payables: PayableResolver,
) {
  const { db, config, signers, pipeline } = ctx;
  const runs = new PayoutRuns({
    db,
    config,
    signers,
    pipeline,
    payables,
    revenue: new PaymentsStore(db, config),
    logger: ctx.logger.child({ module: 'payouts' }),
  });
  return {
    runs,
    part: {
      tasks: [{ name: 'payouts-dispatch', everyMs: config.payouts.dispatchIntervalMs, run: () => runs.dispatchDue() }],
      outcomes: runs.outcomeHandlers(),
      awaitingOutcomes: () => runs.awaitingTxIds(),
    },
  };
}
