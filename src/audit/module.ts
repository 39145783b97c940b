import type { ModuleContext, KeelModule } from '../runtime/module.ts';
import { AuditStore } from './store.ts';
import { auditRoutes } from './routes.ts';

/** Audit: the hash-chained log's read routes (every module appends in its own transactions). */
export function auditModule(ctx: ModuleContext): KeelModule {
  return { name: 'audit', routes: [auditRoutes(new AuditStore(ctx.db))] };
}
