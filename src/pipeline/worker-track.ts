import type { Transaction } from 'kysely';
import { hexToBigInt, keccak256, type Address, type Hash, type Hex } from 'viem';
import type { ChainHandle } from '../chain/index.ts';
import { blockAt, headNumber } from '../chain/latest-block.ts';
import type { DB } from '../db/schema.ts';
import { bumpFees, type Fees } from './fees.ts';
import { markNonceBroadcast } from './nonces.ts';
import { decodeRevert, describeRevert } from './revert.ts';
import { revertJson } from './service.ts';
import { simulateCalls } from './simulate.ts';
import { TransactionStateError, type AttemptRow, type TxRow } from './store.ts';
import { handleOf, RELEASED, signerOf, trackDelay, type StepResult, type WorkerContext } from './worker-context.ts';
import { send } from './worker-send.ts';
import { dbJson } from '../db/json.ts';

type RawLog = { address: string; topics: string[]; data: string; logIndex: Hex };
type RawReceipt = {
  blockNumber: Hex;
  blockHash: Hash;
  status: Hex;
  gasUsed: Hex;
  effectiveGasPrice: Hex;
  transactionHash: Hash;
  logs?: RawLog[];
};

/**
 * submitted → final: receipts of every attempt; inclusion, confirmations, reorgs (back to
 * `submitted`), re-broadcast when dropped, a fee bump when stuck, the cancellation
 * replacement when asked. `claimedAttempts`: the row's attempts as the claim read them.
 */
export async function track(ctx: WorkerContext, row: TxRow, claimedAttempts?: AttemptRow[]): Promise<StepResult> {
  const { store, stats, db, cfg } = ctx;
  const h = handleOf(ctx, row);
  // Read with the claim when the worker has them (`ClaimedRow`); else here.
  const attempts = claimedAttempts ?? (await store.attempts(db, row.id));
  // Shared with concurrent tracking steps (src/chain/latest-block.ts): never older than this step.
  const latest = await headNumber(h.client);
  let found: { attempt: AttemptRow; receipt: RawReceipt } | null = null;
  for (const a of [...attempts].reverse()) {
    const r = (await h.client.request({
      method: 'eth_getTransactionReceipt',
      params: [a.tx_hash as Hash],
    })) as RawReceipt | null;
    if (r?.blockHash) {
      found = { attempt: a, receipt: r };
      break;
    }
  }
  const inclusion = dbJson<{ blockNumber: string; blockHash: string; hash: string } | null>(row.inclusion);

  if (found) {
    const { attempt, receipt } = found;
    const blockNumber = hexToBigInt(receipt.blockNumber);
    const newInclusion = !inclusion || inclusion.blockHash !== receipt.blockHash;
    const inclusionJson = { blockNumber: blockNumber.toString(), blockHash: receipt.blockHash, hash: attempt.tx_hash };
    /** Records the block holding it (in the caller's transaction, row locked). */
    const recordInclusion = async (trx: Transaction<DB>) => {
      await store.patch(trx, row.id, { inclusion: JSON.stringify(inclusionJson), tx_hash: attempt.tx_hash });
      await store.note(trx, row.id, 'submitted', 'included', inclusionJson);
    };
    const depth = Number(latest - blockNumber + 1n);
    const needed = Math.max(h.config.confirmations, 1);
    let final = depth >= needed;
    if (final && h.config.finality === 'finalized') {
      const fin = await h.client.getBlock({ blockTag: 'finalized' }).catch(() => null);
      final = !!fin && fin.number !== null && fin.number >= blockNumber;
    }
    // The receipt may come from a node still on a dropped fork: check the canonical block.
    if (final) final = (await blockAt(h.client, blockNumber)).hash === receipt.blockHash;
    if (!final) {
      if (newInclusion) {
        await db.transaction().execute(async (trx) => {
          const cur = await store.lock(trx, row.id);
          if (cur.status === 'submitted') await recordInclusion(trx);
        });
      }
      return trackDelay(ctx, row);
    }
    const ok = receipt.status === '0x1';
    let revert: string | null = null;
    if (!ok && attempt.kind !== 'cancel')
      revert = JSON.stringify(await minedRevert(h, row, attempt.tx_hash as Hash, blockNumber));
    const gas = {
      gasUsed: hexToBigInt(receipt.gasUsed).toString(),
      effectiveGasPrice: hexToBigInt(receipt.effectiveGasPrice).toString(),
    };
    const receiptJson = JSON.stringify({
      blockNumber: blockNumber.toString(),
      blockHash: receipt.blockHash,
      hash: attempt.tx_hash,
      status: ok ? 'success' : 'reverted',
      ...gas,
      confirmations: depth,
    });
    // The capability's outcome handler gets what it needs from the receipt here: it does no I/O.
    const outcome = {
      receipt: { ...gas, blockNumber: blockNumber.toString() },
      logs: (receipt.logs ?? []).map((l) => ({
        address: l.address,
        topics: l.topics,
        data: l.data,
        logIndex: Number(hexToBigInt(l.logIndex)),
      })),
    };
    const moved = await db.transaction().execute(async (trx) => {
      const to = attempt.kind === 'cancel' ? 'cancelled' : ok ? 'confirmed' : 'reverted';
      const reason =
        attempt.kind === 'cancel'
          ? ok
            ? 'replaced_by_cancellation'
            : 'cancellation_reverted'
          : ok
            ? 'confirmed'
            : 'reverted_on_chain';
      try {
        await store.transition(trx, row.id, {
          from: ['submitted'],
          to,
          reason,
          detail: {
            hash: attempt.tx_hash,
            blockNumber: blockNumber.toString(),
            confirmations: depth,
            ...(row.cancel_requested_at && attempt.kind !== 'cancel'
              ? { cancellation: 'too late: the original was mined first' }
              : {}),
          },
          ...(newInclusion
            ? { notes: [{ status: 'submitted' as const, reason: 'included', detail: inclusionJson }] }
            : {}),
          patch: {
            receipt: receiptJson,
            tx_hash: attempt.tx_hash,
            inclusion: JSON.stringify(inclusionJson),
            next_run_at: null,
            ...(revert ? { revert } : {}),
          },
          releaseLeaseOf: ctx.id,
          outcome,
          // Counted once: a transaction confirmed again after a rollback paid nobody new.
          ...(to === 'confirmed' && row.kind === 'transfer' && row.recipient && !row.reorged_after_final
            ? { paidDestination: { chainId: h.chainId, address: row.recipient } }
            : {}),
        });
      } catch (err) {
        if (err instanceof TransactionStateError) return false; // moved on meanwhile (e.g. by another worker)
        throw err;
      }
      return true;
    });
    if (!moved) return new Date();
    if (attempt.kind !== 'cancel') ok ? stats.confirmed++ : stats.reverted++;
    return RELEASED;
  }

  // No attempt has a receipt.
  if (inclusion) {
    await db.transaction().execute(async (trx) => {
      const cur = await store.lock(trx, row.id);
      if (cur.status !== 'submitted') return;
      await store.transition(trx, row.id, {
        from: ['submitted'],
        to: 'submitted',
        reason: 'reorged',
        detail: { blockNumber: inclusion.blockNumber, blockHash: inclusion.blockHash },
        patch: { inclusion: null },
      });
    });
    stats.reorgs++;
  }
  const nonce = Number(row.nonce);
  const mined = await h.client.getTransactionCount({ address: row.from_address as Address, blockTag: 'latest' });
  if (mined > nonce) {
    // Our nonce is used on chain but by none of our attempts (receipt lag is ruled out by a second look next round).
    // After a rollback (`reorged_after_final`) that means the chain that replaced the lost blocks
    // used the nonce for another transaction: this one did not happen, and it is not re-signed.
    if (row.last_error === 'nonce_used_elsewhere') {
      const reason = row.reorged_after_final ? 'lost_after_reorg' : 'nonce_used_elsewhere';
      await db.transaction().execute((trx) =>
        store.transition(trx, row.id, {
          from: ['submitted'],
          to: 'failed',
          reason,
          detail: { nonce },
          patch: { next_run_at: null },
        }),
      );
      stats.failed++;
      return null;
    }
    // The mark is the lease's last error, released here: the claim loop's release would clear it.
    await store.releaseLease(row.id, ctx.id, trackDelay(ctx, row), 'nonce_used_elsewhere');
    return RELEASED;
  }
  const last = attempts.at(-1)!;
  // After a rollback, the attempt that was mined is the one sent again (the records said it
  // happened; a later replacement or cancellation at the same nonce lost to it back then).
  const resend = (row.reorged_after_final && attempts.find((a) => a.tx_hash === row.tx_hash)) || last;
  const pending = await h.client.request({ method: 'eth_getTransactionByHash', params: [resend.tx_hash as Hash] });
  if (!pending) {
    // Dropped from the mempool, reorged out, or never sent (a crash between commit and send): send the same bytes again.
    await send(ctx, h, row, resend);
    await db
      .transaction()
      .execute((trx) => store.note(trx, row.id, 'submitted', 'rebroadcast', { hash: resend.tx_hash }));
    stats.rebroadcasts++;
    return trackDelay(ctx, row);
  }
  const cancelSent = attempts.some((a) => a.kind === 'cancel');
  // A cancellation asked for before the transaction was final came too late then; a rollback does not revive it.
  if (row.cancel_requested_at && !cancelSent && !row.reorged_after_final) {
    await replace(ctx, h, row, last, 'cancel');
    return trackDelay(ctx, row);
  }
  const bumps = attempts.filter((a) => a.kind === 'fee_bump').length;
  const age = Date.now() - new Date(last.created_at).getTime();
  if (age >= cfg.stuckAfterSeconds * 1000 && bumps < cfg.maxFeeBumps && !cancelSent) {
    await replace(ctx, h, row, resend, 'fee_bump');
  }
  return trackDelay(ctx, row);
}

/** Re-signs at the same nonce with fees raised by `feeBumpPercent`: the same call (fee bump) or a 0-value self-transfer (cancel). */
async function replace(
  ctx: WorkerContext,
  h: ChainHandle,
  row: TxRow,
  last: AttemptRow,
  kind: 'fee_bump' | 'cancel',
): Promise<void> {
  const { store } = ctx;
  const signer = signerOf(ctx, row);
  const network = await ctx.pipeline.fees.get(h.chainId);
  const prev: Fees = {
    maxFeePerGas: BigInt(last.max_fee_per_gas),
    maxPriorityFeePerGas: BigInt(last.max_priority_fee_per_gas),
  };
  const fees = bumpFees(prev, network, ctx.cfg.feeBumpPercent);
  const nonce = Number(last.nonce);
  const body =
    kind === 'cancel'
      ? { to: signer.address, data: '0x' as Hex, value: 0n, gas: 21_000n }
      : { to: row.to_address as Address, data: row.data as Hex, value: BigInt(row.value), gas: BigInt(last.gas_limit) };
  const raw = await signer.signTransaction({ chainId: h.chainId, type: 'eip1559', nonce, ...body, ...fees });
  const hash = keccak256(raw);
  const attempt = await ctx.db.transaction().execute(async (trx) => {
    const cur = await store.lock(trx, row.id);
    if (cur.status !== 'submitted') return null;
    await markNonceBroadcast(trx, { chainId: h.chainId, address: signer.address, nonce, ref: row.id, txHash: hash });
    const added = await store.addAttempt(trx, {
      tx_id: row.id,
      kind,
      tx_hash: hash,
      raw,
      nonce,
      max_fee_per_gas: fees.maxFeePerGas.toString(),
      max_priority_fee_per_gas: fees.maxPriorityFeePerGas.toString(),
      gas_limit: body.gas.toString(),
      broadcast_at: new Date(),
    });
    const detail = {
      hash,
      replaces: last.tx_hash,
      maxFeePerGas: fees.maxFeePerGas.toString(),
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas.toString(),
    };
    if (kind === 'fee_bump')
      await store.transition(trx, row.id, {
        from: ['submitted'],
        to: 'submitted',
        reason: 'fee_bumped',
        detail,
        patch: { tx_hash: hash },
      });
    else await store.note(trx, row.id, 'submitted', 'cancellation_sent', detail);
    return added;
  });
  if (!attempt) return;
  if (kind === 'fee_bump') ctx.stats.feeBumps++;
  await send(ctx, h, row, attempt);
}

/**
 * Why a mined transaction reverted: the revert data from a call trace of the transaction
 * itself (exact, with the block's earlier transactions applied), else a replay of the call
 * on the parent block (right unless an earlier transaction of the same block changed the
 * outcome), else "could not be determined".
 */
async function minedRevert(h: ChainHandle, row: TxRow, hash: Hash, blockNumber: bigint) {
  const trace = (await h.client
    .request({ method: 'debug_traceTransaction' as 'eth_chainId', params: [hash, { tracer: 'callTracer' }] as never })
    .catch(() => null)) as { output?: Hex; error?: string } | null;
  if (trace?.error) {
    const decoded = decodeRevert(trace.output);
    return {
      description: describeRevert(decoded),
      decoded: JSON.parse(JSON.stringify(decoded, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))),
      data: trace.output ?? null,
      source: 'receipt' as const,
    };
  }
  const replay = await simulateCalls(h.client, {
    chainId: h.chainId,
    from: row.from_address as Address,
    calls: [{ to: row.to_address as Address, data: row.data as Hex, value: BigInt(row.value) }],
    blockTag: blockNumber - 1n,
  }).catch(() => null);
  if (replay?.revert) return revertJson(replay.revert, 'receipt');
  return {
    description: 'The transaction reverted on chain; Keel could not determine why.',
    decoded: { kind: 'empty' },
    data: null,
    source: 'receipt' as const,
  };
}

/** pending_review: due at the review's expiry, when the whole batch expires. */
export async function expireReview(ctx: WorkerContext, row: TxRow): Promise<Date | null> {
  if (row.review_expires_at && row.review_expires_at.getTime() > Date.now()) return row.review_expires_at;
  await ctx.db.transaction().execute(async (trx) => {
    const { members } = await ctx.store.lockWithBatch(trx, row.id);
    for (const m of members.filter((x) => x.status === 'pending_review')) {
      await ctx.store.transition(trx, m.id, {
        from: ['pending_review'],
        to: 'expired',
        reason: 'review_expired',
        patch: { next_run_at: null },
      });
    }
  });
  return null;
}
