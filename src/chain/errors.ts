import { UpstreamError } from '../lib/errors.ts';

/**
 * Finds Keel's `UpstreamError` in an error's cause chain. viem actions wrap transport
 * errors (e.g. `readContract` in `ContractFunctionExecutionError`), so callers that need
 * to tell "no RPC answered" from a revert look here.
 */
export function findUpstreamError(err: unknown): UpstreamError | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 10 && cur; depth++) {
    if (cur instanceof UpstreamError) return cur;
    cur = typeof cur === 'object' && 'cause' in cur ? (cur as { cause?: unknown }).cause : undefined;
  }
  return undefined;
}
