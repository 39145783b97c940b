import type { ModuleContext, KeelModule } from '../runtime/module.ts';
import { DeliveryLog } from './delivery-log-store.ts';
import { EndpointsStore } from './endpoints-store.ts';
import { createWebhookMetrics, type WebhookMetrics } from './metrics.ts';
import { webhookRoutes } from './routes.ts';
import { startWebhookWorker } from './worker.ts';

/** Webhooks: endpoints and deliveries (API), the delivery worker (workers), delivery metrics (every role). */
export function webhooksModule(ctx: ModuleContext): KeelModule {
  // Registered before any worker starts (the runtime applies `metrics` first, in every role).
  let metrics: WebhookMetrics | undefined;
  return {
    name: 'webhooks',
    routes: [
      webhookRoutes({
        endpoints: new EndpointsStore(ctx.db, ctx.box, ctx.config.webhooks),
        deliveries: new DeliveryLog(ctx.db),
      }),
    ],
    workers: [
      {
        name: 'webhook-delivery',
        start: () =>
          startWebhookWorker({
            database: ctx.database,
            config: ctx.config,
            logger: ctx.logger,
            box: ctx.box,
            metrics,
          }),
      },
    ],
    metrics: (registry) => {
      metrics = createWebhookMetrics(registry, ctx.db);
    },
  };
}
