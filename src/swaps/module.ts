import { BreakersStore } from '../breakers/store.ts';
import type { ModuleContext, KeelModule } from '../runtime/module.ts';
import { SwapExecutions } from './execute.ts';
import { swapRoutes } from './routes.ts';
import { SwapQuotes } from './service.ts';

/** Swaps: quotes and executions (API); executions settle through the pipeline's outcome hook. */
export function swapsModule(ctx: ModuleContext): KeelModule {
  const { db, config, chains, signers, pipeline } = ctx;
  const breakers = new BreakersStore(db, config.swaps.breaker);
  const quotes = new SwapQuotes({ db, config, chains, signers, pipeline, breakers });
  const executions = new SwapExecutions({ db, config, chains, signers, pipeline, quotes, breakers });
  return {
    name: 'swaps',
    routes: [swapRoutes({ quotes, executions })],
    // A swap settles in the database transaction that makes its swap transaction final.
    outcomes: executions.outcomeHandlers(),
    awaitingOutcomes: () => executions.unsettledTxIds(),
  };
}
