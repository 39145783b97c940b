import type { ModuleContext, KeelModule } from '../runtime/module.ts';
import { registerReconcilingGauge, registerTransactionGauge } from './metrics.ts';
import { pipelineRoutes } from './routes.ts';

/**
 * The write path's own parts: its routes and its gauges. The pipeline itself and its worker are
 * core (the runtime builds them before any module: capabilities create transactions through it).
 */
export function pipelineModule(ctx: ModuleContext): KeelModule {
  return {
    name: 'pipeline',
    routes: [pipelineRoutes(ctx.pipeline)],
    metrics: (registry) => {
      registerTransactionGauge(registry, ctx.db);
      registerReconcilingGauge(registry, ctx.db);
    },
  };
}
