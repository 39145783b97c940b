import { BreakersStore } from '../breakers/store.ts';
import type { ModuleContext, KeelModule } from '../runtime/module.ts';
import { SwapExecutions } from './execute.ts';
import { swapRoutes } from './routes.ts';
import { SwapQuotes } from './service.ts';

/** Swaps: quotes and executions (API); workers settle executions whose transactions finished. */
export function swapsModule(ctx: ModuleContext): KeelModule {
  const { db, config, chains, signers, pipeline } = ctx;
  const breakers = new BreakersStore(db, config.swaps.breaker);
  const quotes = new SwapQuotes({ db, config, chains, signers, pipeline, breakers });
  const executions = new SwapExecutions({ db, config, chains, signers, pipeline, quotes, breakers });
  return {
    name: 'swaps',
    routes: [swapRoutes({ quotes, executions })],
    tasks: [{ name: 'swap-settle', everyMs: config.swaps.settleIntervalMs, run: () => executions.settle() }],
  };
}
