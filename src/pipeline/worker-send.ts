import type { Address, Hash, Hex } from 'viem';
import type { ChainHandle } from '../chain/index.ts';
import { findUpstreamError } from '../chain/index.ts';
import { failpoint } from '../lib/failpoints.ts';
import { abandonBroadcast, markNonceBroadcast, markNoncesBroadcast, NonceStateError } from './nonces.ts';
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
  return sendSubmitted(ctx, row, attempt);
}

/** The send after a `submitted` commit (`broadcast`, or a group's `markGroupSubmitted`); the lease already ended. */
export async function sendSubmitted(ctx: WorkerContext, row: TxRow, attempt: AttemptRow): Promise<StepResult> {
  failpoint('pipeline.broadcast.before_send');
  const sent = await send(ctx, handleOf(ctx, row), row, attempt);
  failpoint('pipeline.broadcast.after_send');
  if (sent !== 'refused') ctx.stats.broadcast++;
  return RELEASED;
}

/**
 * `broadcast`'s database half for a whole signing group of one signer (worker-sign.ts), in one
 * database transaction instead of one per transaction: the rows locked, their nonces marked
 * broadcast, the rows `submitted` (committed, which ends this worker's leases on them). The
 * same guarantee as `broadcast`: each row is committed `submitted` with its nonce marked before
 * any of its bytes is sent, so a crash after this commit leaves transactions tracking finds
 * missing and sends again (the same bytes: at most one inclusion). Returns, per id, `ok` (send
 * it now), `gone` (no longer `signed`: look again) or `requeued` (its nonce was lost, as in
 * `broadcast`). The caller then sends the `ok` ones, in nonce order.
 */
export async function markGroupSubmitted(
  ctx: WorkerContext,
  items: ReadonlyArray<{ row: TxRow; attempt: AttemptRow }>,
): Promise<Map<string, 'ok' | 'gone' | 'requeued'>> {
  const out = new Map<string, 'ok' | 'gone' | 'requeued'>();
  if (items.length === 0) return out;
  const first = items[0]!.row;
  const h = handleOf(ctx, first);
  const { store } = ctx;
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('transactions')
      .select(['id', 'status'])
      .where(
        'id',
        'in',
        items.map((i) => i.row.id),
      )
      .orderBy('id')
      .forUpdate()
      .execute();
    const status = new Map(locked.map((r) => [r.id, r.status]));
    const live = items.filter((i) => status.get(i.row.id) === 'signed');
    for (const i of items) if (!live.includes(i)) out.set(i.row.id, 'gone');
    const { lost } = await markNoncesBroadcast(trx, {
      chainId: h.chainId,
      address: first.from_address as Address,
      items: live.map((i) => ({ nonce: Number(i.attempt.nonce), ref: i.row.id, txHash: i.attempt.tx_hash as Hash })),
    });
    for (const i of live.filter((x) => lost.includes(x.row.id))) {
      // The nonce was taken over (gap healer) or passed by the chain: prepare again at a new one.
      await store.transition(trx, i.row.id, {
        from: ['signed'],
        to: 'queued',
        reason: 'nonce_lost',
        detail: { nonce: Number(i.attempt.nonce) },
        patch: { nonce: null, tx_hash: null, next_run_at: new Date() },
      });
      out.set(i.row.id, 'requeued');
    }
    const rest = live.filter((x) => !lost.includes(x.row.id));
    const moved = await store.markSubmitted(
      trx,
      rest.map((i) => ({ id: i.row.id, seq: i.attempt.seq, hash: i.attempt.tx_hash })),
      trackDelay(ctx, first),
      ctx.id,
    );
    const done = new Set(moved.map((r) => r.id));
    for (const i of rest) out.set(i.row.id, done.has(i.row.id) ? 'ok' : 'gone');
  });
  return out;
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
