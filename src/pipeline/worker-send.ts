import type { Address, Hash, Hex } from 'viem';
import type { ChainHandle } from '../chain/index.ts';
import { findUpstreamError } from '../chain/index.ts';
import { failpoint } from '../lib/failpoints.ts';
import { abandonBroadcast, markNonceBroadcast, NonceStateError } from './nonces.ts';
import type { AttemptRow, TxRow } from './store.ts';
import { errorText, handleOf, RELEASED, trackDelay, type StepResult, type WorkerContext } from './worker-context.ts';

const ALREADY_KNOWN = /already known|known transaction|already imported|transaction already exists/i;
const NONCE_TOO_LOW = /nonce too low|nonce is too low|invalid nonce|oldnonce/i;

/**
 * signed → submitted: marks the nonce broadcast and the row `submitted` (committed, which ends
 * this worker's lease), then sends the stored bytes. A crash after the commit leaves a
 * `submitted` transaction no node has seen: tracking finds it missing and sends the same bytes
 * again — one signed transaction, so at most one inclusion, whatever happens.
 */
export async function broadcast(ctx: WorkerContext, row: TxRow, signedAttempt?: AttemptRow): Promise<StepResult> {
  const h = handleOf(ctx, row);
  const { store } = ctx;
  const attempt = signedAttempt ?? (await store.attempts(ctx.db, row.id)).at(-1)!;
  const moved = await ctx.db.transaction().execute(async (trx) => {
    const cur = await store.lock(trx, row.id);
    if (cur.status !== 'signed') return 'gone' as const;
    try {
      await markNonceBroadcast(trx, {
        chainId: h.chainId,
        address: row.from_address as Address,
        nonce: Number(attempt.nonce),
        ref: row.id,
        txHash: attempt.tx_hash as Hash,
      });
    } catch (err) {
      if (err instanceof NonceStateError) {
        // The nonce was taken over (gap healer) or passed by the chain: prepare again at a new one.
        await store.transition(trx, row.id, {
          from: ['signed'],
          to: 'queued',
          reason: 'nonce_lost',
          detail: { nonce: Number(attempt.nonce) },
          patch: { nonce: null, tx_hash: null, next_run_at: new Date() },
        });
        return 'requeued' as const;
      }
      throw err;
    }
    await store.markAttemptBroadcast(trx, row.id, attempt.seq);
    // Due for tracking a moment after the send below; the lease ends with this commit.
    await store.transition(trx, row.id, {
      from: ['signed'],
      to: 'submitted',
      reason: 'broadcast',
      detail: { hash: attempt.tx_hash },
      patch: { submitted_at: new Date(), next_run_at: trackDelay(ctx, row) },
      releaseLeaseOf: ctx.id,
    });
    return 'ok' as const;
  });
  // Moved on meanwhile (or re-queued): look again at once, from whatever state it is in now.
  if (moved === 'gone' || moved === 'requeued') return new Date();
  failpoint('pipeline.broadcast.before_send');
  const sent = await send(ctx, h, row, attempt);
  failpoint('pipeline.broadcast.after_send');
  if (sent !== 'refused') ctx.stats.broadcast++;
  return RELEASED;
}

/**
 * Sends a stored signed attempt. `ok`: a node has it (or has mined it). `unknown`: the
 * network could not say (tracking will find out and send again if needed). `refused`: the
 * node refused it outright; the transaction failed and its nonce was given back.
 */
export async function send(
  ctx: WorkerContext,
  h: ChainHandle,
  row: TxRow,
  attempt: AttemptRow,
): Promise<'ok' | 'unknown' | 'refused'> {
  const { log, store } = ctx;
  try {
    await h.client.sendRawTransaction({ serializedTransaction: attempt.raw as Hex });
    return 'ok';
  } catch (err) {
    const text = errorText(err);
    if (ALREADY_KNOWN.test(text) || NONCE_TOO_LOW.test(text)) return 'ok';
    if (findUpstreamError(err)) {
      log.warn(
        { txId: row.id, err: text.slice(0, 300) },
        'broadcast outcome unknown; tracking will check and send again',
      );
      return 'unknown';
    }
    if (attempt.kind !== 'original') {
      log.warn({ txId: row.id, kind: attempt.kind, err: text.slice(0, 300) }, 'replacement refused by the node');
      return 'unknown';
    }
    log.warn({ txId: row.id, err: text.slice(0, 300) }, 'broadcast refused by the node');
    await ctx.db.transaction().execute(async (trx) => {
      const cur = await store.lock(trx, row.id);
      if (cur.status !== 'submitted') return;
      await abandonBroadcast(trx, {
        chainId: h.chainId,
        address: row.from_address as Address,
        nonce: Number(attempt.nonce),
        ref: row.id,
      });
      await store.transition(trx, row.id, {
        from: ['submitted'],
        to: 'failed',
        reason: 'broadcast_refused',
        detail: { error: text.split('\n')[0]!.slice(0, 300) },
        patch: { next_run_at: null },
      });
    });
    ctx.stats.failed++;
    return 'refused';
  }
}
