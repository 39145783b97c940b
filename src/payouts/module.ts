import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { payoutPlanRoutes } from './plan-routes.ts';
import { InterimPayables } from './run-interim-payables.ts';
import { payoutRunRoutes } from './run-routes.ts';
import { runsModulePart } from './runs-module-part.ts';

/**
 * Payouts (docs/payouts.md). On this branch only payout runs: the merger folds the payee book
 * and accruals in, and wires `Payees` as the runs' PayableResolver in place of InterimPayables.
 */
export function payoutsModule(ctx: ModuleContext): KeelModule {
  const { runs, part } = runsModulePart(ctx, new InterimPayables(ctx.db));
  return {
    name: 'payouts',
    routes: [payoutPlanRoutes({ runs }), payoutRunRoutes({ runs, db: ctx.db })],
    ...part,
  };
}
