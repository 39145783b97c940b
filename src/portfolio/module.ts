import type { ModuleContext, KeelModule } from '../runtime/module.ts';
import { accountRoutes } from './accounts-routes.ts';
import { addressBookRoutes } from './address-book-routes.ts';
import { portfolioRoutes } from './routes.ts';

/** Portfolio: read-only balances of any addresses, and of the accounts Keel signs for. */
export function portfolioModule(ctx: ModuleContext): KeelModule {
  const { config, chains, signers } = ctx;
  return {
    name: 'portfolio',
    routes: [
      portfolioRoutes(config, (id) => chains.get(id)),
      accountRoutes({ config, signers, chainOf: (id) => chains.get(id) }),
      addressBookRoutes({ config, signers }),
    ],
  };
}
