import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { payeeRoutes } from './payee-routes.ts';
import { Payees } from './payees.ts';

/**
 * Payouts (docs/payouts.md): the payee book (payees.ts: payees, payout addresses held for a
 * cool-off and a second principal's approval, the `PayableResolver` runs ask), payout runs and
 * accruals, wired through the seams of ports.ts.
 */
export function payoutsModule(ctx: ModuleContext): KeelModule {
  const { db, config, chains, pipeline } = ctx;
  const payees = new Payees({ db, config, chains, facts: pipeline.facts });
  return {
    name: 'payouts',
    routes: [payeeRoutes({ payees })],
    // Payees' addresses are known addresses for the policy's lookalike rule.
    addressSources: [payees.addressSource()],
  };
}
