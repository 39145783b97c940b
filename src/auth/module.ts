import type { ModuleContext, KeelModule } from '../runtime/module.ts';
import { pruneRateLimitCounters } from './rate-limit-store.ts';
import { keyRoutes, meRoutes } from './routes.ts';

/**
 * Auth: principals and their API keys (`/v1/keys`, access requests, `/v1/me`). The keys and
 * principals stores are core (the API's auth hook needs them); workers prune rate-limit windows
 * older than an hour.
 */
export function authModule(ctx: ModuleContext): KeelModule {
  return {
    name: 'auth',
    routes: [keyRoutes(ctx.keys, ctx.principals), meRoutes()],
    tasks: [
      {
        name: 'rate-limit-prune',
        everyMs: 60_000,
        run: () => pruneRateLimitCounters(ctx.db, new Date(Date.now() - 3_600_000)),
      },
    ],
  };
}
