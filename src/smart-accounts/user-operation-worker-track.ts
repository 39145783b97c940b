import { sql } from 'kysely';
import { getAddress, type Hash, type Hex, parseEventLogs } from 'viem';
import { entryPoint08Abi } from 'viem/account-abstraction';
import { dbJson } from '../db/json.ts';
import { failpoint } from '../lib/failpoints.ts';
import { RetryableError } from '../lib/errors.ts';
import { markDeployed } from './account-store.ts';
import type { UserOperationRow } from './user-operation-resource.ts';
import {
  bundlerCall,
  handleOf,
  releaseSponsorshipOf,
  soon,
  type UserOpStepResult,
  type UserOpWorkerContext,
} from './user-operation-worker-context.ts';
import { parseStoredUserOp, rpcUserOp, stillWatched, weiToUsd8 } from './user-operation-worker-logic.ts';

/**
 * Sending and tracking of user operations:
 * - `signed`: `submitted` is committed first, then the stored operation is sent — a crash in
 *   between leaves a `submitted` operation the bundler never saw, which tracking sends again:
 *   the same signed operation (one userOpHash), so at most one inclusion.
 * - `submitted`: the bundler's receipt, checked against the chain (the bundle transaction's
 *   receipt in a canonical block, the EntryPoint's UserOperationEvent) → `included`; missing
 *   from the bundler → sent again; past a sponsored operation's validity and not mined → `expired`.
 * - `included`: the chain's confirmations → `confirmed` (or `failed` with success = false),
 *   sponsorship settled at the actual cost, the account marked deployed; its block reorganised
 *   away → `submitted` again (`reorged`).
 * - `confirmed` / mined `failed`: the block re-checked until `reorgWatchBlocks` deep; gone →
 *   `submitted` (`reorged_after_final`, the outcome hook hears `retracted`).
 */

const pollMs = (ctx: UserOpWorkerContext, row: UserOperationRow) => handleOf(ctx, row).config.pollIntervalMs;

/** `signed` → `submitted` (committed), then sent. */
export async function submitOperation(ctx: UserOpWorkerContext, row: UserOperationRow): Promise<UserOpStepResult> {
  const moved = await ctx.db.transaction().execute((trx) =>
    ctx.store.transition(trx, row.id, {
      from: 'signed',
      to: 'submitted',
      reason: 'sent',
      detail: { userOpHash: row.user_op_hash },
      patch: {
        submitted_at: sql<Date>`clock_timestamp()` as never,
        submissions: sql<number>`submissions + 1` as never,
      },
    }),
  );
  failpoint('user_operation.after_submitted');
  return send(ctx, moved, true);
}

/** Sends the stored signed operation to the bundler; a refusal of a first send fails it. */
async function send(ctx: UserOpWorkerContext, row: UserOperationRow, first: boolean): Promise<UserOpStepResult> {
  const op = parseStoredUserOp(dbJson<Record<string, unknown>>(row.user_op));
  const r = await bundlerCall<Hex>(ctx, row, 'eth_sendUserOperation', [rpcUserOp(op), getAddress(row.entry_point)]);
  if (r.ok || r.fault.kind === 'known') {
    failpoint('user_operation.after_send');
    return soon(pollMs(ctx, row));
  }
  if (r.fault.kind === 'unavailable') {
    // It stays `submitted`: tracking sends it again once the bundler answers.
    throw new RetryableError('bundler_unavailable', `bundler: ${r.fault.message}`);
  }
  // A re-send refused because its nonce was used: most likely it is already mined; tracking finds it.
  if (!first && r.fault.nonceUsed) return soon(pollMs(ctx, row));
  const mined = await chainInclusion(ctx, row);
  if (mined) return new Date();
  await ctx.db.transaction().execute(async (trx) => {
    const cur = await ctx.store.lock(trx, row.id);
    if (cur.status !== 'submitted') return;
    await releaseSponsorshipOf(ctx, trx, cur);
    await ctx.store.transition(trx, row.id, {
      from: 'submitted',
      to: 'failed',
      reason: 'bundler_rejected',
      detail: { bundlerCode: r.fault.kind === 'refused' ? r.fault.code : null, message: r.fault.message },
      patch: { next_run_at: null },
    });
  });
  ctx.metrics?.finished.inc({ status: 'failed' });
  return null;
}

interface Inclusion {
  txHash: Hash;
  blockNumber: bigint;
  blockHash: Hash;
  success: boolean;
  actualGasCost: bigint;
  actualGasUsed: bigint;
  revert: { description: string; data: Hex | null } | null;
}

/**
 * The operation's inclusion as the chain has it now: the bundler's receipt names the bundle
 * transaction; its receipt from the chain's RPCs (a canonical block) must hold the EntryPoint's
 * UserOperationEvent for this userOpHash.
 */
async function chainInclusion(ctx: UserOpWorkerContext, row: UserOperationRow): Promise<Inclusion | null> {
  const r = await bundlerCall<{ receipt?: { transactionHash?: Hash } } | null>(
    ctx,
    row,
    'eth_getUserOperationReceipt',
    [row.user_op_hash],
  );
  if (!r.ok && r.fault.kind === 'unavailable')
    throw new RetryableError('bundler_unavailable', `bundler: ${r.fault.message}`);
  const h = handleOf(ctx, row);
  // The bundler may have lost track of it (a reorganisation, a restart) while the chain has it:
  // without a receipt from the bundler, the EntryPoint's own log for this userOpHash is looked up.
  const txHash = (r.ok ? r.result?.receipt?.transactionHash : undefined) ?? (await loggedInclusion(ctx, row));
  if (!txHash) return null;
  const receipt = await h.client.getTransactionReceipt({ hash: txHash }).catch(() => null);
  if (!receipt) return null;
  const canonical = await h.client.getBlock({ blockNumber: receipt.blockNumber }).catch(() => null);
  if (!canonical || canonical.hash !== receipt.blockHash) return null;
  const logs = parseEventLogs({ abi: entryPoint08Abi, logs: receipt.logs });
  const hash = row.user_op_hash!.toLowerCase();
  const ev = logs.find(
    (l) =>
      l.eventName === 'UserOperationEvent' &&
      l.address.toLowerCase() === row.entry_point.toLowerCase() &&
      l.args.userOpHash.toLowerCase() === hash,
  );
  if (ev?.eventName !== 'UserOperationEvent') return null;
  const rev = logs.find((l) => l.eventName === 'UserOperationRevertReason' && l.args.userOpHash.toLowerCase() === hash);
  return {
    txHash,
    blockNumber: receipt.blockNumber,
    blockHash: receipt.blockHash,
    success: ev.args.success,
    actualGasCost: ev.args.actualGasCost,
    actualGasUsed: ev.args.actualGasUsed,
    revert:
      rev && rev.eventName === 'UserOperationRevertReason'
        ? { description: 'the account’s call reverted', data: rev.args.revertReason }
        : ev.args.success
          ? null
          : { description: 'the account’s call reverted', data: null },
  };
}

/**
 * The bundle transaction whose UserOperationEvent carries this userOpHash, from the chain's logs
 * over the last `reorgWatchBlocks` blocks (the newest if several), or null.
 */
async function loggedInclusion(ctx: UserOpWorkerContext, row: UserOperationRow): Promise<Hash | null> {
  const h = handleOf(ctx, row);
  const head = await h.client.getBlockNumber({ cacheTime: 0 });
  const window = BigInt(ctx.cfg.reorgWatchBlocks);
  const logs = await h.client.getLogs({
    address: getAddress(row.entry_point),
    event: USER_OPERATION_EVENT,
    args: { userOpHash: row.user_op_hash as Hash },
    fromBlock: head > window ? head - window : 0n,
    toBlock: head,
  });
  return logs.at(-1)?.transactionHash ?? null;
}

const USER_OPERATION_EVENT = entryPoint08Abi.find(
  (x): x is Extract<(typeof entryPoint08Abi)[number], { type: 'event'; name: 'UserOperationEvent' }> =>
    x.type === 'event' && x.name === 'UserOperationEvent',
)!;

/** `submitted`: included (→ `included`), lost (sent again), or past its validity (→ `expired`). */
export async function trackSubmitted(ctx: UserOpWorkerContext, row: UserOperationRow): Promise<UserOpStepResult> {
  const inc = await chainInclusion(ctx, row);
  if (inc) {
    await ctx.db.transaction().execute((trx) =>
      ctx.store.transition(trx, row.id, {
        from: 'submitted',
        to: 'included',
        reason: 'included',
        detail: { txHash: inc.txHash, blockNumber: inc.blockNumber.toString(), blockHash: inc.blockHash },
        patch: {
          tx_hash: inc.txHash,
          block_number: inc.blockNumber,
          block_hash: inc.blockHash,
          success: inc.success,
          actual_gas_cost: inc.actualGasCost,
          actual_gas_used: inc.actualGasUsed,
          revert: inc.revert ? JSON.stringify(inc.revert) : null,
          included_at: sql<Date>`clock_timestamp()` as never,
        },
      }),
    );
    return new Date();
  }
  const h = handleOf(ctx, row);
  // Sponsored: the EntryPoint refuses it after the paymaster's validUntil (the chain's clock).
  if (row.sponsorship_decision_id && row.signature_deadline) {
    const head = await h.client.getBlock({ blockTag: 'latest' });
    if (Number(head.timestamp) * 1000 > new Date(row.signature_deadline).getTime()) {
      await ctx.db.transaction().execute(async (trx) => {
        const cur = await ctx.store.lock(trx, row.id);
        if (cur.status !== 'submitted') return;
        await releaseSponsorshipOf(ctx, trx, cur);
        await ctx.store.transition(trx, row.id, {
          from: 'submitted',
          to: 'expired',
          reason: 'validity_expired',
          detail: { validUntil: new Date(row.signature_deadline!).toISOString() },
          patch: { next_run_at: null },
        });
      });
      ctx.metrics?.finished.inc({ status: 'expired' });
      return null;
    }
  }
  const known = await bundlerCall<unknown>(ctx, row, 'eth_getUserOperationByHash', [row.user_op_hash]);
  if (!known.ok && known.fault.kind === 'unavailable')
    throw new RetryableError('bundler_unavailable', `bundler: ${known.fault.message}`);
  if (known.ok && known.result) return soon(h.config.pollIntervalMs);
  // Some bundlers answer only for mined operations: give a fresh submission time to be bundled.
  const since = row.submitted_at ? Date.now() - new Date(row.submitted_at).getTime() : Number.POSITIVE_INFINITY;
  if (since < ctx.cfg.resendAfterSeconds * 1000) return soon(h.config.pollIntervalMs);
  // The bundler does not have it (dropped, restarted, a crash before the first send, a reorg):
  // send the same signed operation again.
  const again = await ctx.db.transaction().execute((trx) =>
    ctx.store.transition(trx, row.id, {
      from: 'submitted',
      to: 'submitted',
      reason: 'resent',
      detail: { submissions: row.submissions + 1 },
      patch: {
        submissions: sql<number>`submissions + 1` as never,
        submitted_at: sql<Date>`clock_timestamp()` as never,
      },
    }),
  );
  return send(ctx, again, false);
}

/** `included`: confirmations, or back to `submitted` when its block was reorganised away. */
export async function trackIncluded(ctx: UserOpWorkerContext, row: UserOperationRow): Promise<UserOpStepResult> {
  const h = handleOf(ctx, row);
  const blockNumber = BigInt(row.block_number!);
  const [head, block] = await Promise.all([
    h.client.getBlockNumber({ cacheTime: 0 }),
    h.client.getBlock({ blockNumber }).catch(() => null),
  ]);
  if (!block || block.hash !== row.block_hash) return reorged(ctx, row, 'included');
  const depth = Number(head - blockNumber + 1n);
  let final = depth >= Math.max(h.config.confirmations, 1);
  if (final && h.config.finality === 'finalized') {
    const fin = await h.client.getBlock({ blockTag: 'finalized' }).catch(() => null);
    final = !!fin && fin.number !== null && fin.number >= blockNumber;
  }
  if (!final) return soon(h.config.pollIntervalMs);
  const cost = BigInt(row.actual_gas_cost ?? 0);
  let costUsd8: bigint | null = null;
  if (row.sponsorship_decision_id) {
    const price = await ctx.nativeUsd8(row.chain_id);
    if (price === null)
      throw new RetryableError(
        'paymaster_price_unavailable',
        `chain ${row.chain_id}: no native USD price to settle sponsorship ${row.sponsorship_decision_id}`,
      );
    costUsd8 = weiToUsd8(cost, price);
  }
  const userOp = dbJson<Record<string, unknown>>(row.user_op);
  const to = row.success ? 'confirmed' : 'failed';
  await ctx.db.transaction().execute(async (trx) => {
    const cur = await ctx.store.lock(trx, row.id);
    if (cur.status !== 'included' || cur.block_hash !== row.block_hash) return;
    if (cur.sponsorship_decision_id && costUsd8 !== null)
      await ctx.sponsorship.settleSponsorship(cur.sponsorship_decision_id, costUsd8, { trx }).catch((err: unknown) => {
        // Settled before a reorg took the block back: that first settlement stands.
        if ((err as { code?: string }).code !== 'sponsorship_decision_final') throw err;
      });
    // The account exists once its first operation is mined, whether or not its calls succeeded.
    if (userOp.factory) await markDeployed(trx, row.account_id, new Date(Number(block.timestamp) * 1000));
    await ctx.store.transition(trx, row.id, {
      from: 'included',
      to,
      reason: row.success ? 'confirmed' : 'call_reverted',
      mined: true,
      detail: {
        confirmations: depth,
        actualGasCost: cost.toString(),
        ...(costUsd8 !== null ? { actualCostUsd8: costUsd8.toString() } : {}),
      },
      patch: { next_run_at: soon(h.config.pollIntervalMs) },
    });
  });
  ctx.metrics?.finished.inc({ status: to });
  return soon(h.config.pollIntervalMs);
}

/** A `confirmed` or mined `failed` operation: its block re-checked while it is recent. */
export async function watchMined(ctx: UserOpWorkerContext, row: UserOperationRow): Promise<UserOpStepResult> {
  if (row.block_number === null || row.block_hash === null) return null;
  const h = handleOf(ctx, row);
  const blockNumber = BigInt(row.block_number);
  const [head, block] = await Promise.all([
    h.client.getBlockNumber({ cacheTime: 0 }),
    h.client.getBlock({ blockNumber }).catch(() => null),
  ]);
  if (!block || block.hash !== row.block_hash) return reorged(ctx, row, row.status as 'confirmed' | 'failed');
  if (!stillWatched(blockNumber, head, ctx.cfg.reorgWatchBlocks)) return null;
  return soon(h.config.pollIntervalMs * 5);
}

/** Its block is gone: back to `submitted`, the same signed operation tracked (and sent) again. */
async function reorged(
  ctx: UserOpWorkerContext,
  row: UserOperationRow,
  from: 'included' | 'confirmed' | 'failed',
): Promise<UserOpStepResult> {
  await ctx.db.transaction().execute((trx) =>
    ctx.store.transition(trx, row.id, {
      from,
      to: 'submitted',
      reason: from === 'included' ? 'reorged' : 'reorged_after_final',
      detail: { txHash: row.tx_hash, blockNumber: String(row.block_number), blockHash: row.block_hash },
      patch: {
        reorgs: sql<number>`reorgs + 1` as never,
        tx_hash: null,
        block_number: null,
        block_hash: null,
        success: null,
        actual_gas_cost: null,
        actual_gas_used: null,
        revert: null,
        included_at: null,
      },
    }),
  );
  return new Date();
}
