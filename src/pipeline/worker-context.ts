import type { Kysely } from 'kysely';
import type { ChainHandle, ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { KeelError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { SignerRegistry } from '../signers/index.ts';
import type { Pipeline } from './service.ts';
import { WORK_COLUMNS, type TransactionsStore, type TxRow } from './store.ts';

/**
 * What the parts of one pipeline worker share: its identity, settings, collaborators and
 * counters. Signing (worker-sign.ts), sending (worker-send.ts), tracking (worker-track.ts) and
 * gap healing (worker-gaps.ts) take it as their first argument; worker.ts builds it once and
 * owns the claim loop.
 */
export interface WorkerContext {
  /** This worker's id: the lease holder written on the rows it claims. */
  readonly id: string;
  readonly cfg: Config['pipeline'];
  readonly log: Logger;
  readonly pipeline: Pipeline;
  readonly store: TransactionsStore;
  readonly db: Kysely<DB>;
  readonly chains: ChainRegistry;
  readonly signers: SignerRegistry;
  readonly stats: PipelineWorkerStats;
}

export interface PipelineWorkerStats {
  steps: number;
  signed: number;
  broadcast: number;
  confirmed: number;
  reverted: number;
  failed: number;
  feeBumps: number;
  rebroadcasts: number;
  reorgs: number;
  gapsHealed: number;
  errors: number;
  inFlight: number;
}

/** A step's result when its last write already ended this worker's lease (no `releaseLease` needed). */
export const RELEASED = Symbol('released');

/** When a row is due again: a time, never (null), or already released by the step's own write. */
export type StepResult = Date | null | typeof RELEASED;

/** Every message of an error and its causes, for matching node refusals. */
export function errorText(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 8 && cur && typeof cur === 'object'; i++) {
    const e = cur as { message?: unknown; details?: unknown; shortMessage?: unknown; cause?: unknown };
    for (const v of [e.message, e.details, e.shortMessage]) if (typeof v === 'string') parts.push(v);
    cur = e.cause;
  }
  return parts.join(' | ');
}

export function handleOf(ctx: WorkerContext, row: TxRow): ChainHandle {
  const h = ctx.chains.get(Number(row.chain_id));
  if (!h) throw new KeelError('chain_unavailable', `chain ${row.chain_id} is not configured in this worker`);
  return h;
}

/** The row's signer, which must still hold the row's `from` address. */
export function signerOf(ctx: WorkerContext, row: TxRow) {
  const s = ctx.signers.get(row.signer);
  if (!s || s.address.toLowerCase() !== row.from_address.toLowerCase())
    throw new KeelError(
      'signer_unavailable',
      `signer ${row.signer} (${row.from_address}) is not configured in this worker`,
    );
  return s;
}

export const soon = (ms: number) => new Date(Date.now() + ms);

/** When a submitted row is looked at again: the chain's poll interval. */
export const trackDelay = (ctx: WorkerContext, row: TxRow) => soon(handleOf(ctx, row).config.pollIntervalMs);

export const load = (ctx: WorkerContext, txId: string) =>
  ctx.db.selectFrom('transactions').select(WORK_COLUMNS).where('id', '=', txId).executeTakeFirstOrThrow();

/** The transactions of a batch still waiting to be signed, in batch order. */
export async function queuedOfBatch(ctx: WorkerContext, batchId: string): Promise<TxRow[]> {
  const rows = await ctx.db
    .selectFrom('transactions')
    .select(WORK_COLUMNS)
    .where('batch_id', '=', batchId)
    .orderBy('batch_index')
    .execute();
  return rows.filter((m) => m.status === 'queued');
}

/** Fails a transaction that has not been broadcast, with a reason. */
export async function failOne(
  ctx: WorkerContext,
  row: TxRow,
  reason: string,
  detail: Record<string, unknown>,
  patch: Record<string, unknown> = {},
): Promise<void> {
  await ctx.db.transaction().execute((trx) =>
    ctx.store.transition(trx, row.id, {
      from: [row.status],
      to: 'failed',
      reason,
      detail,
      patch: { next_run_at: null, ...patch },
    }),
  );
  ctx.stats.failed++;
}

/** Fails the transactions of a batch (or a lone one) before signing: `at` for `reason`, the others with it. */
export async function failAll(
  ctx: WorkerContext,
  members: TxRow[],
  at: number,
  reason: string,
  detail: Record<string, unknown>,
  patch: Record<string, unknown>,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    for (const [i, m] of members.entries()) {
      await ctx.store.transition(trx, m.id, {
        from: ['queued'],
        to: 'failed',
        reason: i === at ? reason : 'batch_failed',
        detail: i === at ? detail : { batch: m.batch_id, cause: members[at]!.id },
        patch: { next_run_at: null, ...(i === at ? patch : {}) },
      });
    }
  });
  ctx.stats.failed += members.length;
}
