import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { smartAccountRoutes } from './account-routes.ts';
import { SmartAccounts } from './accounts.ts';

/**
 * Account abstraction (docs/account-abstraction.md): smart accounts for end users (accounts.ts).
 * User operations, session keys and sponsorship plug in here as they land.
 */
export function smartAccountsModule(ctx: ModuleContext): KeelModule {
  const accounts = new SmartAccounts({ db: ctx.db, config: ctx.config, chains: ctx.chains, signers: ctx.signers });
  return { name: 'smart-accounts', routes: [smartAccountRoutes({ accounts })] };
}
