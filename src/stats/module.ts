import type { ModuleContext, KeelModule } from '../runtime/module.ts';
import { statsRoutes } from './routes.ts';

/** Stats: the dashboard's overview figures, with each chain's RPC endpoint health. */
export function statsModule(ctx: ModuleContext): KeelModule {
  const { db, chains } = ctx;
  const rpcHealth = () =>
    chains.all().map((c) => ({ chainId: c.chainId, name: c.config.name, endpoints: c.transport.endpoints() }));
  return { name: 'stats', routes: [statsRoutes({ db, rpcHealth })] };
}
