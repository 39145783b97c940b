import type { Kysely, Transaction } from 'kysely';
import type { ChainHandle, ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { KeelError, PermanentError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { SignerRegistry } from '../signers/index.ts';
import type { PaymasterService } from './paymaster-service.ts';
import type { Sponsorship } from './sponsorship-service.ts';
import type { UserOperationMetrics } from './user-operation-metrics.ts';
import type { UserOperationRow } from './user-operation-resource.ts';
import { type BundlerFault, classifyBundlerError } from './user-operation-worker-logic.ts';
import type { UserOpWorkerStore } from './user-operation-worker-store.ts';

/**
 * What the steps of one user-operation worker share (build, send, track take it as their first
 * argument; user-operation-worker.ts builds it and owns the claim loop).
 */
export interface UserOpWorkerContext {
  readonly id: string;
  readonly cfg: Config['smartAccounts']['userOperationWorker'];
  readonly config: Config;
  readonly log: Logger;
  readonly db: Kysely<DB>;
  readonly store: UserOpWorkerStore;
  readonly chains: ChainRegistry;
  readonly signers: SignerRegistry;
  readonly paymaster: PaymasterService;
  readonly sponsorship: Sponsorship;
  /** The chain's native coin in USD base units (10^-8); null without a usable price. */
  readonly nativeUsd8: (chainId: number) => Promise<bigint | null>;
  readonly metrics?: UserOperationMetrics | undefined;
}

/** When the row is due again (null: nothing more to do). */
export type UserOpStepResult = Date | null;

export const soon = (ms: number) => new Date(Date.now() + ms);

export function handleOf(ctx: UserOpWorkerContext, row: Pick<UserOperationRow, 'chain_id'>): ChainHandle {
  const h = ctx.chains.get(Number(row.chain_id));
  if (!h) throw new KeelError('chain_unavailable', `chain ${row.chain_id} is not configured in this worker`);
  return h;
}

/** The chain's bundler; `bundler_not_configured` when the chain names none. */
export function bundlerOf(ctx: UserOpWorkerContext, row: Pick<UserOperationRow, 'chain_id'>) {
  const b = handleOf(ctx, row).bundler;
  if (!b) throw new PermanentError('bundler_not_configured', `chain ${row.chain_id} has no bundlerUrls`);
  return b;
}

/** A call to the bundler: its answer, or how it failed (an outage or a refusal of the operation). */
export async function bundlerCall<T>(
  ctx: UserOpWorkerContext,
  row: Pick<UserOperationRow, 'chain_id'>,
  method: string,
  params: unknown[],
): Promise<{ ok: true; result: T } | { ok: false; fault: BundlerFault }> {
  const b = bundlerOf(ctx, row);
  try {
    const result = (await b.client().request({ method: method as never, params: params as never })) as T;
    return { ok: true, result };
  } catch (err) {
    const fault = faultOf(err);
    ctx.metrics?.bundlerErrors.inc({ method, kind: fault.kind });
    return { ok: false, fault };
  }
}

/** The JSON-RPC code and message deepest in an error's cause chain. */
function faultOf(err: unknown): BundlerFault {
  let code: number | undefined;
  const messages: string[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 10 && cur && typeof cur === 'object'; i++) {
    const e = cur as { code?: unknown; details?: unknown; shortMessage?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === 'number' && e.code <= -32000 && e.code >= -32999) code = e.code;
    for (const m of [e.details, e.shortMessage, e.message]) if (typeof m === 'string') messages.push(m);
    cur = e.cause;
  }
  // A transport fault (timeouts, connection refused, 5xx) carries no JSON-RPC code of a refusal.
  return classifyBundlerError(code, messages.join(' | '));
}

/** Releases the operation's sponsorship reservation in `trx`, if it still holds one. */
export async function releaseSponsorshipOf(
  ctx: UserOpWorkerContext,
  trx: Transaction<DB>,
  row: Pick<UserOperationRow, 'sponsorship_decision_id'>,
): Promise<void> {
  if (!row.sponsorship_decision_id) return;
  await ctx.sponsorship.releaseSponsorship(row.sponsorship_decision_id, { trx }).catch((err: unknown) => {
    if (!(err instanceof KeelError && err.code === 'sponsorship_decision_final')) throw err;
  });
}
