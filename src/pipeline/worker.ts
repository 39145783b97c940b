import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { hexToBigInt, keccak256, type Address, type Hash, type Hex } from 'viem';
import type { ChainHandle, ChainRegistry } from '../chain/index.ts';
import { findUpstreamError } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { Transaction } from 'kysely';
import { failpoint } from '../lib/failpoints.ts';
import { KeelError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { SignerRegistry } from '../signers/index.ts';
import { bumpFees, gasLimitFor, type Fees } from './fees.ts';
import { abandonBroadcast, allocateNonces, fillNonceGap, findNonceGaps, markNonceBroadcast, NonceStateError, skipNonce } from './nonces.ts';
import { reasonForRevert, revertJson, simulationJson, type Pipeline } from './service.ts';
import { simulateCalls } from './simulate.ts';
import type { PipelineMetrics } from './metrics.ts';
import { decodeRevert, describeRevert } from './revert.ts';
import { PIPELINE_NOTIFY_CHANNEL, TransactionStateError, WORK_COLUMNS, type AttemptRow, type TxRow } from './store.ts';

/**
 * The asynchronous half of the write path. Each transaction row is its own durable job: a
 * worker claims due rows under a lease (FOR UPDATE SKIP LOCKED), does the next step for the
 * row's state, records the result, and sets when the row is due again. A worker that dies
 * loses only its lease; whoever claims the row next resumes from the stored state:
 *
 * - `queued`: re-simulate at the latest block, take a durable nonce, sign, store the signed
 *   bytes → `signed` (one database transaction: a crash before commit gives the nonce back).
 * - `signed`: mark the nonce broadcast → `submitted` (committed), then send the stored bytes.
 *   A crash after the commit leaves a `submitted` transaction no node has seen: tracking
 *   finds it missing and sends the same bytes again — one signed transaction, so at most one
 *   inclusion, whatever happens.
 * - `submitted`: receipts of every attempt; inclusion, confirmations, reorgs (back to
 *   `submitted`), re-broadcast when dropped, a fee bump when stuck, the cancellation
 *   replacement when asked.
 * - `pending_review`: expiry.
 * Beside the rows, a periodic pass checks each signer's nonces for gaps and heals them.
 */

export interface PipelineWorkerOptions {
  database: Database;
  config: Config;
  chains: ChainRegistry;
  signers: SignerRegistry;
  pipeline: Pipeline;
  logger: Logger;
  workerId?: string;
  /** Step counters and durations (`keel_pipeline_*`); none without it. */
  metrics?: PipelineMetrics;
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

export interface PipelineWorker {
  readonly id: string;
  stats(): PipelineWorkerStats;
  /** Runs the nonce gap check and healing once now (it also runs every `nonceCheckSeconds`). */
  checkNonces(): Promise<void>;
  stop(): Promise<void>;
}

/** A step's result when its last write already ended this worker's lease (no `releaseLease` needed). */
const RELEASED = Symbol('released');

const ALREADY_KNOWN = /already known|known transaction|already imported|transaction already exists/i;
const NONCE_TOO_LOW = /nonce too low|nonce is too low|invalid nonce|oldnonce/i;

/** Every message of an error and its causes, for matching node refusals. */
function errorText(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 8 && cur && typeof cur === 'object'; i++) {
    const e = cur as { message?: unknown; details?: unknown; shortMessage?: unknown; cause?: unknown };
    for (const v of [e.message, e.details, e.shortMessage]) if (typeof v === 'string') parts.push(v);
    cur = e.cause;
  }
  return parts.join(' | ');
}


export function startPipelineWorker(opts: PipelineWorkerOptions): PipelineWorker {
  const cfg = opts.config.pipeline;
  const id = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const log = opts.logger.child({ module: 'pipeline-worker', worker: id });
  const { pipeline } = opts;
  const store = pipeline.store;
  const db = opts.database.db;
  const stats: PipelineWorkerStats = { steps: 0, signed: 0, broadcast: 0, confirmed: 0, reverted: 0, failed: 0, feeBumps: 0, rebroadcasts: 0, reorgs: 0, gapsHealed: 0, errors: 0, inFlight: 0 };
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  const handleOf = (row: TxRow): ChainHandle => {
    const h = opts.chains.get(Number(row.chain_id));
    if (!h) throw new KeelError('chain_unavailable', `chain ${row.chain_id} is not configured in this worker`, { status: 503 });
    return h;
  };
  const signerOf = (row: TxRow) => {
    const s = opts.signers.get(row.signer);
    if (!s || s.address.toLowerCase() !== row.from_address.toLowerCase()) throw new KeelError('signer_unavailable', `signer ${row.signer} (${row.from_address}) is not configured in this worker`, { status: 503 });
    return s;
  };
  const trackDelay = (row: TxRow) => handleOf(row).config.pollIntervalMs;
  const soon = (ms: number) => new Date(Date.now() + ms);
  const json = <T>(v: unknown): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : ((v ?? null) as T | null));

  /** The transactions of a batch still waiting to be signed, in batch order. */
  const queuedOfBatch = async (batchId: string) =>
    (await db.selectFrom('transactions').select(WORK_COLUMNS).where('batch_id', '=', batchId).orderBy('batch_index').execute()).filter((m) => m.status === 'queued');
  const load = (txId: string) => db.selectFrom('transactions').select(WORK_COLUMNS).where('id', '=', txId).executeTakeFirstOrThrow();

  /** Fails a transaction that has not been broadcast, with a reason. */
  async function fail(row: TxRow, reason: string, detail: Record<string, unknown>, patch: Record<string, unknown> = {}) {
    await db.transaction().execute((trx) => store.transition(trx, row.id, { from: [row.status], to: 'failed', reason, detail, patch: { next_run_at: null, ...patch } }));
    stats.failed++;
  }

  // ---------------------------------------------------------------- queued → signed
  /**
   * Signs a queued transaction — with the rest of its batch, at consecutive nonces, when it
   * leads one; `moved` when it is no longer queued (cancelled, or another worker took it on).
   */
  async function sign(row: TxRow): Promise<{ row: TxRow; attempt: AttemptRow } | 'moved' | null> {
    const h = handleOf(row);
    const signer = signerOf(row);
    const members = row.batch_id ? await queuedOfBatch(row.batch_id) : [row];
    if (members[0]?.id !== row.id) return 'moved';
    const calls = members.map((m) => ({ to: m.to_address as Address, data: m.data as Hex, value: BigInt(m.value) }));
    // Intake simulated it moments ago: sign on that. Anything older (a transaction that waited
    // for review, or for a worker) is simulated again on the latest block first — a batch as a
    // whole, each call on top of the ones before it.
    const fresh = members.every((m) => m.gas_limit !== null) && Date.now() - new Date(row.created_at).getTime() < cfg.resimulateAfterSeconds * 1000;
    let gas: bigint[];
    let simulations: Array<string | undefined> = members.map(() => undefined);
    if (fresh) gas = members.map((m) => BigInt(m.gas_limit!));
    else {
      const sim = await simulateCalls(h.client, { chainId: h.chainId, from: signer.address, calls });
      if (!sim.ok && sim.revert) {
        const at = sim.revert.index;
        const reason = reasonForRevert(json(members[at]!.revert_codes), sim.revert.description) ?? 'simulation_reverted';
        await failAll(members, at, reason, { description: sim.revert.description, at: 'before_signing' }, { simulation: JSON.stringify(simulationJson(sim, at)), revert: JSON.stringify(revertJson(sim.revert, 'simulation')) });
        return null;
      }
      gas = sim.gasUsed.map((g) => gasLimitFor(g, cfg.gasMarginPercent));
      simulations = members.map((_, i) => JSON.stringify(simulationJson(sim, i)));
    }
    const fees = await pipeline.fees.get(h.chainId);
    const done = await Promise.all(members.map((m, i) => enqueueSigning({ row: m, call: calls[i]!, gas: gas[i]!, fees, ...(simulations[i] ? { simulation: simulations[i] } : {}) })));
    const lead = done[0]!;
    if (lead === 'moved') return 'moved';
    stats.signed += done.filter((d) => d !== 'moved').length;
    failpoint('pipeline.signed');
    return lead;
  }

  /** Fails the transactions of a batch (or a lone one) before signing: `at` for `reason`, the others with it. */
  async function failAll(members: TxRow[], at: number, reason: string, detail: Record<string, unknown>, patch: Record<string, unknown>) {
    await db.transaction().execute(async (trx) => {
      for (const [i, m] of members.entries()) {
        await store.transition(trx, m.id, {
          from: ['queued'],
          to: 'failed',
          reason: i === at ? reason : 'batch_failed',
          detail: i === at ? detail : { batch: m.batch_id, cause: members[at]!.id },
          patch: { next_run_at: null, ...(i === at ? patch : {}) },
        });
      }
    });
    stats.failed += members.length;
  }

  interface SignItem {
    row: TxRow;
    call: { to: Address; data: Hex; value: bigint };
    gas: bigint;
    fees: Fees;
    /** A new simulation to store (when the transaction was simulated again before signing). */
    simulation?: string;
    resolve: (r: { row: TxRow; attempt: AttemptRow } | 'moved') => void;
    reject: (err: unknown) => void;
  }
  /** Signing queues per (chain, signer): one database transaction signs everything waiting. */
  const signQueues = new Map<string, { items: SignItem[]; busy: boolean }>();

  /**
   * Queues a prepared transaction for signing. Nonces of one signer are handed out under one
   * row lock, so signings of one signer are serial by nature; instead of each waiting for that
   * lock in its own database transaction, whatever queued up while one batch was being signed
   * is signed together in the next (one lock, one commit).
   */
  function enqueueSigning(item: Omit<SignItem, 'resolve' | 'reject'>): Promise<{ row: TxRow; attempt: AttemptRow } | 'moved'> {
    const key = `${item.row.chain_id}:${item.row.from_address}`;
    const q = signQueues.get(key) ?? { items: [], busy: false };
    signQueues.set(key, q);
    const p = new Promise<{ row: TxRow; attempt: AttemptRow } | 'moved'>((resolve, reject) => q.items.push({ ...item, resolve, reject }));
    if (!q.busy) void drainSigning(q);
    return p;
  }

  async function drainSigning(q: { items: SignItem[]; busy: boolean }): Promise<void> {
    q.busy = true;
    try {
      while (q.items.length) {
        // The members of a batch sort together, in batch order (a batch's id is its first member's).
        const key = (r: TxRow) => `${r.batch_id ?? r.id}:${String(r.batch_index ?? 0).padStart(4, '0')}`;
        const batch = q.items.splice(0, 64).sort((a, b) => (key(a.row) < key(b.row) ? -1 : 1));
        try {
          const results = await signBatch(batch);
          batch.forEach((it, i) => it.resolve(results[i]!));
        } catch (err) {
          for (const it of batch) it.reject(err);
        }
      }
    } finally {
      q.busy = false;
    }
  }

  async function signBatch(batch: SignItem[]): Promise<Array<{ row: TxRow; attempt: AttemptRow } | 'moved'>> {
    const first = batch[0]!.row;
    const chainId = Number(first.chain_id);
    const h = handleOf(first);
    const signer = signerOf(first);
    const pending = await h.client.getTransactionCount({ address: signer.address, blockTag: 'pending' });
    return db.transaction().execute(async (trx) => {
      const locked = new Map((await trx.selectFrom('transactions').select(WORK_COLUMNS).where('id', 'in', batch.map((b) => b.row.id)).orderBy('id').forUpdate().execute()).map((r) => [r.id, r]));
      // Cancelled, or moved on by a worker that took the lease over: not signed here.
      const live = batch.filter((it) => locked.get(it.row.id)?.status === 'queued');
      const allocs = await allocateNonces(trx, { chainId, address: signer.address, chainPendingNonce: pending, refs: live.map((it) => it.row.id) });
      const signed = await Promise.all(
        live.map(async (it, i) => {
          const alloc = allocs[i]!;
          const raw = await signer.signTransaction({ chainId, type: 'eip1559', nonce: alloc.nonce, to: it.call.to, data: it.call.data, value: it.call.value, gas: it.gas, ...it.fees });
          return { it, alloc, raw, hash: keccak256(raw) };
        }),
      );
      const attempts = await store.addOriginalAttempts(
        trx,
        signed.map((x) => ({ tx_id: x.it.row.id, tx_hash: x.hash, raw: x.raw, nonce: x.alloc.nonce, max_fee_per_gas: x.it.fees.maxFeePerGas.toString(), max_priority_fee_per_gas: x.it.fees.maxPriorityFeePerGas.toString(), gas_limit: x.it.gas.toString() })),
      );
      const rows = await store.markSigned(
        trx,
        signed.map((x) => ({
          id: x.it.row.id,
          nonce: x.alloc.nonce,
          tx_hash: x.hash,
          gas_limit: x.it.gas.toString(),
          simulation: x.it.simulation ? JSON.parse(x.it.simulation) : null,
          detail: { nonce: x.alloc.nonce, hash: x.hash, ...(x.alloc.reused ? { reusedNonce: true } : {}), ...(x.alloc.resynced ? { resynced: x.alloc.resynced } : {}) },
        })),
      );
      failpoint('pipeline.sign.before_commit');
      const byId = new Map(rows.map((r) => [r.id, r]));
      const attemptById = new Map(attempts.map((a) => [a.tx_id, a]));
      return batch.map((it) => {
        const row = byId.get(it.row.id);
        const attempt = attemptById.get(it.row.id);
        return row && attempt ? { row, attempt } : ('moved' as const);
      });
    });
  }

  // ---------------------------------------------------------------- signed → submitted
  async function broadcast(row: TxRow, signedAttempt?: AttemptRow): Promise<Date | null | typeof RELEASED> {
    const h = handleOf(row);
    const attempt = signedAttempt ?? (await store.attempts(db, row.id)).at(-1)!;
    const moved = await db.transaction().execute(async (trx) => {
      const cur = await store.lock(trx, row.id);
      if (cur.status !== 'signed') return 'gone' as const;
      try {
        await markNonceBroadcast(trx, { chainId: h.chainId, address: row.from_address as Address, nonce: Number(attempt.nonce), ref: row.id, txHash: attempt.tx_hash as Hash });
      } catch (err) {
        if (err instanceof NonceStateError) {
          // The nonce was taken over (gap healer) or passed by the chain: prepare again at a new one.
          await store.transition(trx, row.id, { from: ['signed'], to: 'queued', reason: 'nonce_lost', detail: { nonce: Number(attempt.nonce) }, patch: { nonce: null, tx_hash: null, next_run_at: new Date() } });
          return 'requeued' as const;
        }
        throw err;
      }
      await trx.updateTable('transaction_attempts').set({ broadcast_at: new Date() }).where('tx_id', '=', row.id).where('seq', '=', attempt.seq).execute();
      // Due for tracking a moment after the send below; the lease ends with this commit.
      await store.transition(trx, row.id, {
        from: ['signed'],
        to: 'submitted',
        reason: 'broadcast',
        detail: { hash: attempt.tx_hash },
        patch: { submitted_at: new Date(), next_run_at: soon(trackDelay(row)) },
        releaseLeaseOf: id,
      });
      return 'ok' as const;
    });
    // Moved on meanwhile: look again at once, from whatever state it is in now.
    if (moved === 'gone') return new Date();
    if (moved === 'requeued') return new Date();
    failpoint('pipeline.broadcast.before_send');
    const sent = await send(h, row, attempt);
    failpoint('pipeline.broadcast.after_send');
    if (sent !== 'refused') stats.broadcast++;
    return RELEASED;
  }

  /**
   * Sends a stored signed attempt. `ok`: a node has it (or has mined it). `unknown`: the
   * network could not say (tracking will find out and send again if needed). `refused`: the
   * node refused it outright; the transaction failed and its nonce was given back.
   */
  async function send(h: ChainHandle, row: TxRow, attempt: AttemptRow): Promise<'ok' | 'unknown' | 'refused'> {
    try {
      await h.client.sendRawTransaction({ serializedTransaction: attempt.raw as Hex });
      return 'ok';
    } catch (err) {
      const text = errorText(err);
      if (ALREADY_KNOWN.test(text) || NONCE_TOO_LOW.test(text)) return 'ok';
      if (findUpstreamError(err)) {
        log.warn({ txId: row.id, err: text.slice(0, 300) }, 'broadcast outcome unknown; tracking will check and send again');
        return 'unknown';
      }
      if (attempt.kind !== 'original') {
        log.warn({ txId: row.id, kind: attempt.kind, err: text.slice(0, 300) }, 'replacement refused by the node');
        return 'unknown';
      }
      log.warn({ txId: row.id, err: text.slice(0, 300) }, 'broadcast refused by the node');
      await db.transaction().execute(async (trx) => {
        const cur = await store.lock(trx, row.id);
        if (cur.status !== 'submitted') return;
        await abandonBroadcast(trx, { chainId: h.chainId, address: row.from_address as Address, nonce: Number(attempt.nonce), ref: row.id });
        await store.transition(trx, row.id, { from: ['submitted'], to: 'failed', reason: 'broadcast_refused', detail: { error: text.split('\n')[0]!.slice(0, 300) }, patch: { next_run_at: null } });
      });
      stats.failed++;
      return 'refused';
    }
  }

  type RawReceipt = { blockNumber: Hex; blockHash: Hash; status: Hex; gasUsed: Hex; effectiveGasPrice: Hex; transactionHash: Hash };

  // ---------------------------------------------------------------- tracking
  async function track(row: TxRow): Promise<Date | null | typeof RELEASED> {
    const h = handleOf(row);
    const attempts = await store.attempts(db, row.id);
    const latest = await h.client.getBlockNumber({ cacheTime: 0 });
    let found: { attempt: AttemptRow; receipt: RawReceipt } | null = null;
    for (const a of [...attempts].reverse()) {
      const r = (await h.client.request({ method: 'eth_getTransactionReceipt', params: [a.tx_hash as Hash] })) as RawReceipt | null;
      if (r && r.blockHash) {
        found = { attempt: a, receipt: r };
        break;
      }
    }
    const inclusion = (typeof row.inclusion === 'string' ? JSON.parse(row.inclusion) : row.inclusion) as { blockNumber: string; blockHash: string; hash: string } | null;

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
      if (final) final = (await h.client.getBlock({ blockNumber })).hash === receipt.blockHash;
      if (!final) {
        if (newInclusion) {
          await db.transaction().execute(async (trx) => {
            const cur = await store.lock(trx, row.id);
            if (cur.status === 'submitted') await recordInclusion(trx);
          });
        }
        return soon(trackDelay(row));
      }
      const ok = receipt.status === '0x1';
      let revert: string | null = null;
      if (!ok && attempt.kind !== 'cancel') revert = JSON.stringify(await minedRevert(h, row, attempt.tx_hash as Hash, blockNumber));
      const receiptJson = JSON.stringify({
        blockNumber: blockNumber.toString(),
        blockHash: receipt.blockHash,
        hash: attempt.tx_hash,
        status: ok ? 'success' : 'reverted',
        gasUsed: hexToBigInt(receipt.gasUsed).toString(),
        effectiveGasPrice: hexToBigInt(receipt.effectiveGasPrice).toString(),
        confirmations: depth,
      });
      const moved = await db.transaction().execute(async (trx) => {
        const to = attempt.kind === 'cancel' ? 'cancelled' : ok ? 'confirmed' : 'reverted';
        const reason = attempt.kind === 'cancel' ? (ok ? 'replaced_by_cancellation' : 'cancellation_reverted') : ok ? 'confirmed' : 'reverted_on_chain';
        try {
          await store.transition(trx, row.id, {
            from: ['submitted'],
            to,
            reason,
            detail: { hash: attempt.tx_hash, blockNumber: blockNumber.toString(), confirmations: depth, ...(row.cancel_requested_at && attempt.kind !== 'cancel' ? { cancellation: 'too late: the original was mined first' } : {}) },
            ...(newInclusion ? { notes: [{ status: 'submitted' as const, reason: 'included', detail: inclusionJson }] } : {}),
            patch: { receipt: receiptJson, tx_hash: attempt.tx_hash, inclusion: JSON.stringify(inclusionJson), next_run_at: null, ...(revert ? { revert } : {}) },
            releaseLeaseOf: id,
          });
        } catch (err) {
          if (err instanceof TransactionStateError) return false; // moved on meanwhile (e.g. by another worker)
          throw err;
        }
        if (to === 'confirmed' && row.kind === 'transfer' && row.recipient) await store.recordDestination(trx, h.chainId, row.recipient, true);
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
        await store.transition(trx, row.id, { from: ['submitted'], to: 'submitted', reason: 'reorged', detail: { blockNumber: inclusion.blockNumber, blockHash: inclusion.blockHash }, patch: { inclusion: null } });
      });
      stats.reorgs++;
    }
    const nonce = Number(row.nonce);
    const mined = await h.client.getTransactionCount({ address: row.from_address as Address, blockTag: 'latest' });
    if (mined > nonce) {
      // Our nonce is used on chain but by none of our attempts (receipt lag is ruled out by a second look next round).
      if (row.last_error === 'nonce_used_elsewhere') {
        await db.transaction().execute((trx) =>
          store.transition(trx, row.id, { from: ['submitted'], to: 'failed', reason: 'nonce_used_elsewhere', detail: { nonce }, patch: { next_run_at: null } }),
        );
        stats.failed++;
        return null;
      }
      await store.patch(db, row.id, { last_error: 'nonce_used_elsewhere' });
      return soon(trackDelay(row));
    }
    const last = attempts.at(-1)!;
    const pending = await h.client.request({ method: 'eth_getTransactionByHash', params: [last.tx_hash as Hash] });
    if (!pending) {
      // Dropped from the mempool, reorged out, or never sent (a crash between commit and send): send the same bytes again.
      await send(h, row, last);
      await db.transaction().execute((trx) => store.note(trx, row.id, 'submitted', 'rebroadcast', { hash: last.tx_hash }));
      stats.rebroadcasts++;
      return soon(trackDelay(row));
    }
    const cancelSent = attempts.some((a) => a.kind === 'cancel');
    if (row.cancel_requested_at && !cancelSent) {
      await replace(h, row, last, 'cancel');
      return soon(trackDelay(row));
    }
    const bumps = attempts.filter((a) => a.kind === 'fee_bump').length;
    const age = Date.now() - new Date(last.created_at).getTime();
    if (age >= cfg.stuckAfterSeconds * 1000 && bumps < cfg.maxFeeBumps && !cancelSent) {
      await replace(h, row, last, 'fee_bump');
    }
    return soon(trackDelay(row));
  }

  /** Re-signs at the same nonce with fees raised by `feeBumpPercent`: the same call (fee bump) or a 0-value self-transfer (cancel). */
  async function replace(h: ChainHandle, row: TxRow, last: AttemptRow, kind: 'fee_bump' | 'cancel'): Promise<void> {
    const signer = signerOf(row);
    const network = await pipeline.fees.get(h.chainId);
    const prev: Fees = { maxFeePerGas: BigInt(last.max_fee_per_gas), maxPriorityFeePerGas: BigInt(last.max_priority_fee_per_gas) };
    const fees = bumpFees(prev, network, cfg.feeBumpPercent);
    const nonce = Number(last.nonce);
    const body =
      kind === 'cancel'
        ? { to: signer.address, data: '0x' as Hex, value: 0n, gas: 21_000n }
        : { to: row.to_address as Address, data: row.data as Hex, value: BigInt(row.value), gas: BigInt(last.gas_limit) };
    const raw = await signer.signTransaction({ chainId: h.chainId, type: 'eip1559', nonce, ...body, ...fees });
    const hash = keccak256(raw);
    const attempt = await db.transaction().execute(async (trx) => {
      const cur = await store.lock(trx, row.id);
      if (cur.status !== 'submitted') return null;
      await markNonceBroadcast(trx, { chainId: h.chainId, address: signer.address, nonce, ref: row.id, txHash: hash });
      const added = await store.addAttempt(trx, { tx_id: row.id, kind, tx_hash: hash, raw, nonce, max_fee_per_gas: fees.maxFeePerGas.toString(), max_priority_fee_per_gas: fees.maxPriorityFeePerGas.toString(), gas_limit: body.gas.toString(), broadcast_at: new Date() });
      const detail = { hash, replaces: last.tx_hash, maxFeePerGas: fees.maxFeePerGas.toString(), maxPriorityFeePerGas: fees.maxPriorityFeePerGas.toString() };
      if (kind === 'fee_bump') await store.transition(trx, row.id, { from: ['submitted'], to: 'submitted', reason: 'fee_bumped', detail, patch: { tx_hash: hash } });
      else await store.note(trx, row.id, 'submitted', 'cancellation_sent', detail);
      return added;
    });
    if (!attempt) return;
    if (kind === 'fee_bump') stats.feeBumps++;
    await send(h, row, attempt);
  }

  /**
   * Why a mined transaction reverted: the revert data from a call trace of the transaction
   * itself (exact, with the block's earlier transactions applied), else a replay of the call
   * on the parent block (right unless an earlier transaction of the same block changed the
   * outcome), else "could not be determined".
   */
  async function minedRevert(h: ChainHandle, row: TxRow, hash: Hash, blockNumber: bigint) {
    const trace = (await h.client.request({ method: 'debug_traceTransaction' as 'eth_chainId', params: [hash, { tracer: 'callTracer' }] as never }).catch(() => null)) as { output?: Hex; error?: string } | null;
    if (trace && trace.error) {
      const decoded = decodeRevert(trace.output);
      return { description: describeRevert(decoded), decoded: JSON.parse(JSON.stringify(decoded, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))), data: trace.output ?? null, source: 'receipt' as const };
    }
    const replay = await simulateCalls(h.client, {
      chainId: h.chainId,
      from: row.from_address as Address,
      calls: [{ to: row.to_address as Address, data: row.data as Hex, value: BigInt(row.value) }],
      blockTag: blockNumber - 1n,
    }).catch(() => null);
    if (replay?.revert) return revertJson(replay.revert, 'receipt');
    return { description: 'The transaction reverted on chain; Keel could not determine why.', decoded: { kind: 'empty' }, data: null, source: 'receipt' as const };
  }

  async function expire(row: TxRow): Promise<Date | null> {
    if (row.review_expires_at && row.review_expires_at.getTime() > Date.now()) return row.review_expires_at;
    await db.transaction().execute(async (trx) => {
      const { members } = await store.lockWithBatch(trx, row.id);
      for (const m of members.filter((x) => x.status === 'pending_review')) {
        await store.transition(trx, m.id, { from: ['pending_review'], to: 'expired', reason: 'review_expired', patch: { next_run_at: null } });
      }
    });
    return null;
  }

  /** One step of one claimed transaction; returns when it is due again. */
  async function step(row: TxRow): Promise<Date | null | typeof RELEASED> {
    switch (row.status) {
      case 'queued': {
        const signed = await sign(row);
        if (signed === 'moved') return new Date();
        return signed ? broadcast(signed.row, signed.attempt) : null;
      }
      case 'signed':
        return broadcast(row);
      case 'submitted':
        return track(row);
      case 'pending_review':
        return expire(row);
      default:
        return null;
    }
  }

  const running = new Set<string>();

  async function run(claimed: TxRow): Promise<void> {
    const txId = claimed.id;
    stats.inFlight++;
    stats.steps++;
    running.add(txId);
    // A step can outlast the lease (a slow RPC endpoint): keep renewing it while it runs, so no
    // other worker takes the row over from a worker that is alive.
    const heartbeat = setInterval(() => {
      store.renewLease(txId, id, cfg.leaseMs).catch(() => {});
    }, Math.max(200, Math.floor(cfg.leaseMs / 3)));
    heartbeat.unref();
    let next: Date | null | typeof RELEASED = null;
    let error: string | null = null;
    try {
      const t0 = performance.now();
      next = await step(claimed);
      const ms = performance.now() - t0;
      opts.metrics?.steps.inc({ step: claimed.status, result: 'ok' });
      opts.metrics?.stepDuration.observe({ step: claimed.status }, ms / 1000);
    } catch (err) {
      stats.errors++;
      opts.metrics?.steps.inc({ step: claimed.status, result: 'error' });
      error = errorText(err).split('\n')[0]!.slice(0, 500);
      if (err instanceof TransactionStateError) next = null;
      else {
        const permanent = err instanceof KeelError && !findUpstreamError(err) && err.status < 500 && !(err instanceof NonceStateError);
        log.warn({ txId, err: error }, permanent ? 'pipeline step failed permanently' : 'pipeline step failed; will retry');
        if (permanent) {
          const row = await load(txId).catch(() => null);
          if (row && (row.status === 'queued' || row.status === 'signed')) {
            const members = row.batch_id && row.status === 'queued' ? await queuedOfBatch(row.batch_id) : [];
            if (members.length > 1) await failAll(members, members.findIndex((m) => m.id === row.id), (err as KeelError).code, { error }, {}).catch(() => {});
            else await fail(row, (err as KeelError).code, { error }).catch(() => {});
          }
        } else next = soon(2_000);
      }
    } finally {
      clearInterval(heartbeat);
      stats.inFlight--;
    }
    if (next !== RELEASED) await store.releaseLease(txId, id, next, error).catch((err) => log.warn({ err, txId }, 'cannot release lease (it will expire)'));
    running.delete(txId);
  }

  let claiming = false;
  let again = false;
  async function claim(): Promise<void> {
    if (stopping) return;
    if (claiming) {
      again = true;
      return;
    }
    claiming = true;
    try {
      do {
        again = false;
        const free = cfg.workerConcurrency - stats.inFlight;
        if (free <= 0) break;
        const due = await store.claimDue(id, free, cfg.leaseMs, [...running]);
        for (const d of due) {
          const p = run(d).finally(() => {
            inFlight.delete(p);
            void claim();
          });
          inFlight.add(p);
        }
        if (due.length === free) again = true;
      } while (again && !stopping);
    } catch (err) {
      log.warn({ err: errorText(err).slice(0, 300) }, 'cannot claim pipeline work');
    } finally {
      claiming = false;
    }
  }

  // ---------------------------------------------------------------- nonce gaps
  async function healGaps(): Promise<void> {
    const accounts = await db.selectFrom('nonce_accounts').select(['chain_id', 'address']).execute();
    for (const acc of accounts) {
      const h = opts.chains.get(Number(acc.chain_id));
      const signer = opts.signers.byAddress(acc.address as Address);
      if (!h || !signer) continue;
      const mined = await h.client.getTransactionCount({ address: signer.address, blockTag: 'latest' });
      const gaps = await findNonceGaps(db, h.chainId, signer.address, mined, { minAgeMs: cfg.leaseMs * 2 });
      for (const gap of gaps) {
        const owner = gap.ref ? await db.selectFrom('transactions').select('status').where('id', '=', gap.ref).executeTakeFirst() : undefined;
        // A signed transaction still holds its nonce: its broadcast step sends it.
        if (owner?.status === 'signed') continue;
        if (gap.kind === 'passed') {
          await db.transaction().execute((trx) => skipNonce(trx, { chainId: h.chainId, address: signer.address, nonce: gap.nonce }));
          log.warn({ chainId: h.chainId, signer: signer.name, nonce: gap.nonce }, 'nonce used outside Keel: skipped');
          continue;
        }
        const fees = bumpFees(await pipeline.fees.get(h.chainId), { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }, 12.5);
        const hash = await fillNonceGap({ db, signer, chainId: h.chainId, fees, sendRawTransaction: (raw) => h.client.sendRawTransaction({ serializedTransaction: raw }) }, gap);
        stats.gapsHealed++;
        log.warn({ chainId: h.chainId, signer: signer.name, nonce: gap.nonce, hash, was: gap.status }, 'nonce gap healed with a 0-value self-transfer');
      }
    }
  }

  const poll = setInterval(() => void claim(), cfg.pollIntervalMs);
  poll.unref();
  let gapRunning = false;
  const gapTimer = setInterval(() => {
    if (gapRunning) return;
    gapRunning = true;
    healGaps()
      .catch((err) => log.warn({ err: errorText(err).slice(0, 300) }, 'nonce gap check failed'))
      .finally(() => {
        gapRunning = false;
      });
  }, cfg.nonceCheckSeconds * 1000);
  gapTimer.unref();
  const unlisten = opts.database.listen(PIPELINE_NOTIFY_CHANNEL, () => void claim()).catch((err) => {
    log.warn({ err }, 'cannot listen for pipeline notifications; polling only');
    return async () => {};
  });
  void claim();
  log.info({ concurrency: cfg.workerConcurrency, leaseMs: cfg.leaseMs }, 'pipeline worker started');

  return {
    id,
    stats: () => ({ ...stats }),
    checkNonces: healGaps,
    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(poll);
      clearInterval(gapTimer);
      await (await unlisten)();
      await Promise.allSettled([...inFlight]);
      log.info(stats, 'pipeline worker stopped');
    },
  };
}
