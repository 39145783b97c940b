import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { mandateRoutes } from './mandate-routes.ts';
import { Mandates } from './mandates.ts';

/**
 * Treasury: ERC-4626 deployment under mandates (docs/treasury.md). So far the mandates —
 * proposals, approvals, activation (API). The position, plans and watching add their routes,
 * tasks and outcome handlers here, built on the same `Mandates`.
 */
export function treasuryModule(ctx: ModuleContext): KeelModule {
  const { db, config, chains, signers } = ctx;
  // Mandate versions are approved by the approvers of policy changes, with the same quorum.
  const mandates = new Mandates({ db, config, chains, signers, approvalsRequired: config.policy.approvalsRequired });
  return {
    name: 'treasury',
    routes: [mandateRoutes({ mandates })],
  };
}
