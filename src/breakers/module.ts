import type { ModuleContext, KeelModule } from '../runtime/module.ts';
import { breakerRoutes } from './routes.ts';
import { BreakersStore } from './store.ts';

/** Circuit breakers: the operator's routes (swaps trip and read them through their own store). */
export function breakersModule(ctx: ModuleContext): KeelModule {
  return { name: 'breakers', routes: [breakerRoutes(new BreakersStore(ctx.db, ctx.config.swaps.breaker))] };
}
