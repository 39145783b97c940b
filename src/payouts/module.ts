import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { accrualRoutes } from './accrual-routes.ts';
import { accrualsModulePart } from './accruals-module-part.ts';
import { payeeRoutes } from './payee-routes.ts';
import { Payees } from './payees.ts';
import { payoutPlanRoutes } from './plan-routes.ts';
import { payoutRunRoutes } from './run-routes.ts';
import { runsModulePart } from './runs-module-part.ts';

/**
 * Payouts (docs/payouts.md): the payee book (payees.ts: payees, payout addresses held for a
 * cool-off and a second principal's approval, the `PayableResolver` runs ask), split plans and
 * payout runs (runs.ts), and accruals (micro-payouts and streams, accruals.ts), wired through the
 * seams of ports.ts: accruals are paid through `PayoutRuns.runLines` and settle in its
 * line-settled handlers, in each line's final-state transaction.
 */
export function payoutsModule(ctx: ModuleContext): KeelModule {
  const { db, config, chains, pipeline } = ctx;
  const payees = new Payees({ db, config, chains, facts: pipeline.facts });
  const { runs, part } = runsModulePart(ctx, payees);
  const accruals = accrualsModulePart(ctx, { runner: runs, payees });
  runs.onLineSettled(accruals.lineSettled);
  return {
    name: 'payouts',
    ...part,
    routes: [
      payeeRoutes({ payees }),
      payoutPlanRoutes({ runs }),
      payoutRunRoutes({ runs, db }),
      accrualRoutes({ accruals: accruals.accruals }),
    ],
    tasks: [...part.tasks, ...accruals.tasks],
    // Payees' addresses are known addresses for the policy's lookalike rule.
    addressSources: [payees.addressSource()],
  };
}
