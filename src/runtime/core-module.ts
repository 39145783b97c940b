import { pruneIdempotencyKeys } from '../api/idempotency.ts';
import type { KeelModule, ModuleContext } from './module.ts';

/**
 * The runtime's own periodic work: RPC endpoint re-verification (a dead endpoint that comes back
 * is ranked again; one that answered another chain id stays refused until restart, since an
 * endpoint that flips between chains is never safe) and pruning of expired idempotency keys.
 */
export function coreModule(ctx: ModuleContext): KeelModule {
  return {
    name: 'core',
    tasks: [
      { name: 'rpc-verify', everyMs: 30_000, run: () => ctx.chains.verifyAll() },
      { name: 'idempotency-prune', everyMs: 3_600_000, run: () => pruneIdempotencyKeys(ctx.db) },
    ],
  };
}
