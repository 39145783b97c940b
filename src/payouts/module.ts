import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { accrualRoutes } from './accrual-routes.ts';
import { accrualsModulePart } from './accruals-module-part.ts';
import { payoutPlanRoutes } from './plan-routes.ts';
import { InterimPayables } from './run-interim-payables.ts';
import { payoutRunRoutes } from './run-routes.ts';
import { runsModulePart } from './runs-module-part.ts';

/**
 * Payouts (docs/payouts.md). On this branch payout runs and accruals: accruals' settlements run
 * through `PayoutRuns.runLines` and settle in its line-settled handlers, in each line's
 * final-state transaction. The merger folds the payee book in and wires `Payees` as the runs'
 * PayableResolver in place of InterimPayables (and as accruals' `payees`).
 */
export function payoutsModule(ctx: ModuleContext): KeelModule {
  const { runs, part } = runsModulePart(ctx, new InterimPayables(ctx.db));
  const accruals = accrualsModulePart(ctx, { runner: runs });
  runs.onLineSettled(accruals.lineSettled);
  return {
    name: 'payouts',
    ...part,
    routes: [
      payoutPlanRoutes({ runs }),
      payoutRunRoutes({ runs, db: ctx.db }),
      accrualRoutes({ accruals: accruals.accruals }),
    ],
    tasks: [...part.tasks, ...accruals.tasks],
  };
}
