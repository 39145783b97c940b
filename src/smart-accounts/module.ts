import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { smartAccountRoutes } from './account-routes.ts';
import { SmartAccounts } from './accounts.ts';
import { sponsorshipModulePart } from './sponsorship-module-part.ts';
import { sponsorshipRoutes } from './sponsorship-routes.ts';

/**
 * Account abstraction (ERC-4337, docs/account-abstraction.md): smart accounts for end users
 * (accounts.ts) and sponsored-gas policies and decisions (docs/sponsorship.md, sponsorship-*.ts).
 * The user-operation path, when it lands, calls `sponsorship.decide` / `settleSponsorship` /
 * `releaseSponsorship`, always with the caller's actor.
 */
export function smartAccountsModule(ctx: ModuleContext): KeelModule {
  const accounts = new SmartAccounts({ db: ctx.db, config: ctx.config, chains: ctx.chains, signers: ctx.signers });
  const sponsorship = sponsorshipModulePart(ctx);
  return {
    name: 'smart-accounts',
    routes: [smartAccountRoutes({ accounts }), sponsorshipRoutes({ sponsorship: sponsorship.sponsorship })],
    metrics: sponsorship.metrics,
  };
}
