import type { KeelModule } from '../runtime/module.ts';
import { dashboardRoutes } from './routes.ts';

/** The operator dashboard and the hosted checkout page (static files built from web/). */
export function dashboardModule(): KeelModule {
  return { name: 'dashboard', routes: [dashboardRoutes()] };
}
