import type { KeelModule, ModuleContext } from '../runtime/module.ts';
import { attestationRoutes } from './routes.ts';
import { Attestations } from './service.ts';

/**
 * Proof of reserves and liabilities (docs/proof-of-reserves.md): liability snapshots and
 * proofs, attestations drafted, signed and published, the registry record settled by the
 * outcome hook, and the public read.
 */
export function attestationsModule(ctx: ModuleContext): KeelModule {
  const { db, config, chains, signers, pipeline } = ctx;
  const attestations = new Attestations({
    db,
    config,
    chains,
    signers,
    pipeline,
    logger: ctx.logger.child({ module: 'attestations' }),
  });
  return {
    name: 'attestations',
    routes: [attestationRoutes({ attestations, config })],
    // The registry record settles in the database transaction that makes its transaction final.
    outcomes: attestations.outcomeHandlers(),
    awaitingOutcomes: () => attestations.awaitingTxIds(),
  };
}
