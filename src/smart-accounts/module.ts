import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { sponsorshipModulePart } from './sponsorship-module-part.ts';
import { sponsorshipRoutes } from './sponsorship-routes.ts';

/**
 * Smart accounts (ERC-4337, issue #19). So far: sponsored gas policies and decisions
 * (docs/sponsorship.md, sponsorship-*.ts); the user-operation path calls
 * `sponsorship.decide` / `settleSponsorship` / `releaseSponsorship`.
 */
export function smartAccountsModule(ctx: ModuleContext): KeelModule {
  const sponsorship = sponsorshipModulePart(ctx);
  return {
    name: 'smart-accounts',
    routes: [sponsorshipRoutes({ sponsorship: sponsorship.sponsorship })],
    metrics: sponsorship.metrics,
  };
}
