import type { ModuleContext, KeelModule } from '../runtime/module.ts';
import { receiptRoutes } from './routes.ts';

/** Receipts: what a mined transaction actually moved, beside what was simulated. */
export function receiptsModule(ctx: ModuleContext): KeelModule {
  return {
    name: 'receipts',
    routes: [receiptRoutes({ getTransaction: (id) => ctx.pipeline.store.get(id), chains: ctx.chains })],
  };
}
