import type { ModuleContext, KeelModule } from '../runtime/module.ts';
import { eventRoutes } from './routes.ts';
import { EventsStore } from './store.ts';

/** Events: `GET /v1/events` over the outbox (producers publish in their own transactions). */
export function eventsModule(ctx: ModuleContext): KeelModule {
  return { name: 'events', routes: [eventRoutes(new EventsStore(ctx.db))] };
}
