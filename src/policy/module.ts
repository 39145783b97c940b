import type { ModuleContext, KeelModule } from '../runtime/module.ts';
import { activePolicy } from './loader.ts';
import { policyRoutes } from './routes.ts';
import { pruneUsage } from './windows-store.ts';

/**
 * Policy: versions, proposals and the dry run (API); workers prune window usage no rolling window
 * can reach any more (kept at least a day for inspection).
 */
export function policyModule(ctx: ModuleContext): KeelModule {
  const { db, config, pipeline } = ctx;
  return {
    name: 'policy',
    routes: [policyRoutes({ db, config, cache: ctx.policyCache, gatherFacts: (p, i) => pipeline.gatherFacts(p, i) })],
    tasks: [
      {
        name: 'policy-usage-prune',
        everyMs: 3_600_000,
        run: async () => {
          const p = await activePolicy(db);
          return pruneUsage(db, new Date(Date.now() - Math.max(p.maxWindowSeconds, 86_400) * 1000));
        },
      },
    ],
  };
}
