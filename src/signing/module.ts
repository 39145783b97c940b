import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { signingRoutes } from './routes.ts';
import { SigningPreviews } from './service.ts';

/**
 * Signing previews (docs/signing-previews.md): every signature an end user is asked for —
 * permits, Permit2, orders, personal messages — decoded and explained before they sign.
 */
export function signingModule(ctx: ModuleContext): KeelModule {
  const previews = new SigningPreviews({
    config: ctx.config,
    signers: () => ctx.signers.all().map((s) => ({ name: s.name, address: s.address, role: s.role })),
  });
  return { name: 'signing', routes: [signingRoutes({ previews })] };
}
