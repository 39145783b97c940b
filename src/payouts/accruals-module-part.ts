import type { Kysely } from 'kysely';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../lib/logger.ts';
import type { Pipeline } from '../pipeline/service.ts';
import { pipelineFeeEstimator } from './accrual-fees.ts';
import { Accruals, type FeeEstimator } from './accruals.ts';
import type { LineRunner, LineSettledHandler, PayableResolver } from './ports.ts';

/**
 * What accruals add to the payouts module (module.ts folds it in). Its routes are
 * `accrualRoutes({ accruals })` from accrual-routes.ts, built in module.ts (which must import
 * every routes file itself: src/runtime/module.test.ts).
 */
export interface AccrualsModulePart {
  /** The runtime's periodic tasks (`KeelModule.tasks`). */
  tasks: Array<{ name: string; everyMs: number; run: () => Promise<unknown> }>;
  accruals: Accruals;
  /** To register with the payout runs: settles accrual lines in each line's final-state transaction. */
  lineSettled: LineSettledHandler;
}

/**
 * Accruals' parts of the payouts module (docs/payouts.md): the service behind the
 * routes under `/v1/accruals` and the periodic settlement (`accruals-settle`, every
 * `payouts.micro.checkIntervalSeconds`: streams, then balances due, through `runner`). The
 * caller registers `lineSettled` with the runs. `payees`, when given, refuses credits and streams
 * for payees the book does not know; `feeOf` replaces the fee estimate (tests).
 */
export function accrualsModulePart(
  ctx: { db: Kysely<DB>; config: Config; pipeline: Pipeline; logger: Logger },
  deps: { runner: LineRunner; payees?: PayableResolver; feeOf?: FeeEstimator },
): AccrualsModulePart {
  const { db, config, pipeline } = ctx;
  const accruals = new Accruals({
    db,
    config,
    runner: deps.runner,
    payees: deps.payees,
    feeOf: deps.feeOf ?? pipelineFeeEstimator(config, pipeline),
    logger: ctx.logger.child({ module: 'accruals' }),
  });
  return {
    accruals,
    lineSettled: accruals.lineSettled,
    tasks: [
      {
        name: 'accruals-settle',
        everyMs: config.payouts.micro.checkIntervalSeconds * 1000,
        run: () => accruals.settle(),
      },
    ],
  };
}
