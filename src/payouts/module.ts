import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { accrualRoutes } from './accrual-routes.ts';
import { accrualsModulePart } from './accruals-module-part.ts';
import type { LineRunner } from './ports.ts';

/**
 * Payouts (docs/payouts.md). On this branch only accruals: the merger folds the payee book and
 * payout runs in, passes `PayoutRuns` as the runner and registers `lineSettled` with it.
 */
export function payoutsModule(ctx: ModuleContext): KeelModule {
  // Until runs are wired, a due batch stays pending (reserved) and is sent again at each check.
  const runner: LineRunner = { runLines: () => Promise.reject(new Error('payout runs are not wired in this build')) };
  const accruals = accrualsModulePart(ctx, { runner });
  return { name: 'payouts', routes: [accrualRoutes({ accruals: accruals.accruals })], tasks: accruals.tasks };
}
