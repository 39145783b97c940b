import type { Kysely } from 'kysely';
import { getAddress, keccak256, type Address, type Hash, type Hex } from 'viem';
import type { DB } from '../db/schema.ts';
import { PermanentError, RetryableError } from '../lib/errors.ts';
import type { Signer } from '../signers/signer.ts';
import {
  createNonceAccount,
  deleteAllocations,
  hasReleasedNonce,
  insertAllocations,
  lockNonceAccountRow,
  lowestReleasedNonce,
  markAllocationBroadcast,
  markAllocationsBroadcast,
  nonceAccountNext,
  nonceAllocation,
  openAllocations,
  pruneSettledAllocations,
  reallocateNonce,
  releaseAllocation,
  releasedNoncesDescending,
  reopenAllocation,
  setNextNonce,
  settledAllocationsFrom,
  skipNonceRange,
  takeOverAllocation,
  unmarkAllocationBroadcast,
  type SettledNonce,
} from './nonces-store.ts';

/**
 * Durable nonces per (chain, signer address), shared by every worker process through the
 * database.
 *
 * - Allocation runs inside the caller's transaction and locks the account row
 *   (`SELECT … FOR UPDATE`): allocations for one account are serialised across processes,
 *   and a caller whose transaction rolls back gives its nonce back with everything else.
 * - A nonce whose transaction will never be broadcast is released: at the top of the range it
 *   is simply rewound; below it, it is pooled and the next allocation takes the lowest
 *   released nonce first, so a release never leaves a hole while allocations continue.
 * - What still becomes a hole (a worker died between allocation and broadcast, or nobody
 *   allocated after a release) is found by `findNonceGaps` and healed by `fillNonceGap`
 *   with a 0-value self-transfer at that nonce, which unblocks the transactions above it.
 * - When the chain is ahead of the database (someone else used the key), allocation and
 *   `resyncNonce` move forward to the chain's nonce.
 *
 * The rules live here; the SQL they run is nonces-store.ts.
 */

/** The account a nonce belongs to. */
export interface NonceKey {
  chainId: number;
  address: Address;
}

export interface AllocateNonceInput extends NonceKey {
  /** The chain's `pending` transaction count, read just before: seeds a new account and moves a stale one forward. */
  chainPendingNonce: number;
  /** What will use the nonce (e.g. its `tx_…` id); `markNonceBroadcast` checks it. */
  ref: string;
}

export interface NonceAllocation {
  nonce: number;
  /** A released nonce was handed out again (it sits below nonces already in use). */
  reused: boolean;
  /** Set when the chain was ahead of the database: the account moved forward (the key is used outside Keel). */
  resynced?: { from: number; to: number };
}

/** A nonce that blocks or was lost: see `findNonceGaps`. */
export interface NonceGap {
  nonce: number;
  /** `gap`: not mined and not broadcast, so every higher nonce waits. `passed`: the chain used it, but not through Keel. */
  kind: 'gap' | 'passed';
  /** `missing`: no allocation row at all (rows removed by hand). */
  status: 'allocated' | 'released' | 'missing';
  ref: string | null;
  allocatedAt: Date | null;
}

export interface ResyncResult {
  previous: number;
  next: number;
  changed: boolean;
  /** Pooled or unbroadcast nonces below the new position (forward) or above it (backward), now `skipped`. */
  skipped: number[];
}

/** Allocation state that breaks an invariant (a nonce held twice, released after broadcast). */
export class NonceStateError extends RetryableError {
  constructor(code: 'nonce_not_held' | 'nonce_state_corrupt' | 'nonce_not_gap', detail: string) {
    super(code, detail);
  }
}

/** The ref `fillNonceGap` records on a nonce it takes over. */
export const GAP_FILL_REF = 'gap_fill';

const norm = (k: NonceKey) => ({ chainId: k.chainId, address: getAddress(k.address) });

function requireTransaction(db: Kysely<DB>, fn: string): void {
  if (!db.isTransaction)
    throw new PermanentError('nonce_needs_transaction', `${fn} must run inside the caller's database transaction`);
}

function checkNonce(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer (got ${n})`);
}

/** Locks the account row (creating it at `seed` on first use, when given) and returns its next nonce. */
async function lockAccount(trx: Kysely<DB>, k: NonceKey, seed?: number): Promise<number> {
  let next = await lockNonceAccountRow(trx, k);
  if (next === undefined && seed !== undefined) {
    // First use of this account: create it (a concurrent creator wins harmlessly), then lock it.
    await createNonceAccount(trx, k, seed);
    next = await lockNonceAccountRow(trx, k);
  }
  if (next === undefined)
    throw new NonceStateError('nonce_not_held', `no nonce was ever allocated for ${k.address} on chain ${k.chainId}`);
  return next;
}

/**
 * Hands out the next nonce of (chain, address) inside the caller's transaction `trx`: the
 * lowest released nonce if there is one, else the next new one. The account row stays locked
 * until the caller commits, so keep the transaction short (allocate, sign, store, commit).
 * If the chain's pending nonce is ahead of the database, the account first moves forward.
 */
export async function allocateNonce(trx: Kysely<DB>, input: AllocateNonceInput): Promise<NonceAllocation> {
  requireTransaction(trx, 'allocateNonce');
  checkNonce(input.chainPendingNonce, 'chainPendingNonce');
  const k = norm(input);
  let next = await lockAccount(trx, k, input.chainPendingNonce);
  let resynced: NonceAllocation['resynced'];
  if (input.chainPendingNonce > next) {
    resynced = { from: next, to: input.chainPendingNonce };
    next = input.chainPendingNonce;
    await setNextNonce(trx, k, next);
  }
  let pooled = await lowestReleasedNonce(trx, k);
  if (pooled !== undefined && pooled < input.chainPendingNonce) {
    // The chain already holds a transaction at that nonce (sent outside Keel): never hand it out.
    await skipNonceRange(trx, k, 0, input.chainPendingNonce, ['released']);
    pooled = await lowestReleasedNonce(trx, k);
  }
  if (pooled !== undefined) {
    await reallocateNonce(trx, k, pooled, input.ref);
    return { nonce: pooled, reused: true, ...(resynced ? { resynced } : {}) };
  }
  // A `skipped` row at this nonce (after a backward resync) is taken over; any other row
  // means the account row and the allocations disagree, and nothing is handed out.
  const taken = await insertAllocations(trx, k, [{ nonce: next, ref: input.ref }]);
  if (taken !== 1)
    throw new NonceStateError(
      'nonce_state_corrupt',
      `nonce ${next} of ${k.address} on chain ${k.chainId} is already held; run resyncNonce`,
    );
  await setNextNonce(trx, k, next + 1);
  return { nonce: next, reused: false, ...(resynced ? { resynced } : {}) };
}

/**
 * `allocateNonce` for several transactions of one account at once (a signing batch), in the
 * caller's transaction: one lock, one insert, one update, whatever the batch size. Nonces are
 * handed out in the order of `refs`. When released nonces are pooled it falls back to one
 * `allocateNonce` per ref, so the pool is still drained lowest first.
 */
export async function allocateNonces(
  trx: Kysely<DB>,
  input: NonceKey & { chainPendingNonce: number; refs: readonly string[] },
): Promise<NonceAllocation[]> {
  requireTransaction(trx, 'allocateNonces');
  checkNonce(input.chainPendingNonce, 'chainPendingNonce');
  if (input.refs.length === 0) return [];
  const k = norm(input);
  let next = await lockAccount(trx, k, input.chainPendingNonce);
  if (await hasReleasedNonce(trx, k)) {
    const out: NonceAllocation[] = [];
    for (const ref of input.refs)
      out.push(
        await allocateNonce(trx, {
          chainId: k.chainId,
          address: k.address,
          chainPendingNonce: input.chainPendingNonce,
          ref,
        }),
      );
    return out;
  }
  let resynced: NonceAllocation['resynced'];
  if (input.chainPendingNonce > next) {
    resynced = { from: next, to: input.chainPendingNonce };
    next = input.chainPendingNonce;
  }
  const rows = input.refs.map((ref, i) => ({ nonce: next + i, ref }));
  const taken = await insertAllocations(trx, k, rows);
  if (taken !== rows.length)
    throw new NonceStateError(
      'nonce_state_corrupt',
      `nonces ${next}…${next + rows.length - 1} of ${k.address} on chain ${k.chainId} are partly held already; run resyncNonce`,
    );
  await setNextNonce(trx, k, next + rows.length);
  return rows.map((r, i) => ({ nonce: r.nonce, reused: false, ...(resynced && i === 0 ? { resynced } : {}) }));
}

/**
 * Gives back a nonce whose transaction will never be broadcast (rejected, cancelled before
 * broadcast). The top nonce is rewound (with any released ones under it); a lower one is
 * pooled for the next allocation. A nonce already committed to broadcast cannot be released:
 * its transaction may be mined, and only a replacement at that nonce can cancel it.
 */
export async function releaseNonce(
  trx: Kysely<DB>,
  input: NonceKey & { nonce: number; ref: string },
): Promise<'rewound' | 'pooled'> {
  requireTransaction(trx, 'releaseNonce');
  const k = norm(input);
  const next = await lockAccount(trx, k);
  const row = await nonceAllocation(trx, k, input.nonce);
  if (row?.status !== 'allocated' || row.ref !== input.ref) {
    throw new NonceStateError(
      'nonce_not_held',
      `nonce ${input.nonce} of ${k.address} on chain ${k.chainId} is not held by ${input.ref} (${row ? `${row.status} by ${row.ref}` : 'never allocated'})`,
    );
  }
  if (input.nonce !== next - 1) {
    await releaseAllocation(trx, k, input.nonce);
    return 'pooled';
  }
  // Rewind over this nonce and every released one directly below it.
  let top = input.nonce;
  for (const n of await releasedNoncesDescending(trx, k)) {
    if (n !== top - 1) break;
    top -= 1;
  }
  await deleteAllocations(trx, k, top, next);
  await setNextNonce(trx, k, top);
  return 'rewound';
}

/**
 * Records that the transaction using `nonce` is stored signed and about to be sent; call it
 * (and commit) before `eth_sendRawTransaction`. It fails with `nonce_not_held` when the nonce
 * no longer belongs to `ref` (the gap healer took it over): that transaction must not be sent.
 */
export async function markNonceBroadcast(
  trx: Kysely<DB>,
  input: NonceKey & { nonce: number; ref: string; txHash: Hash },
): Promise<void> {
  requireTransaction(trx, 'markNonceBroadcast');
  const k = norm(input);
  if (!(await markAllocationBroadcast(trx, k, input.nonce, input.ref, input.txHash))) {
    throw new NonceStateError(
      'nonce_not_held',
      `nonce ${input.nonce} of ${k.address} on chain ${k.chainId} is not held by ${input.ref}; do not broadcast`,
    );
  }
}

/**
 * `markNonceBroadcast` for several nonces of one account at once (one statement): the refs
 * that hold their nonce are marked; the others are returned, for the caller to handle as
 * `markNonceBroadcast`'s `NonceStateError` (prepare again at a new nonce).
 */
export async function markNoncesBroadcast(
  trx: Kysely<DB>,
  input: NonceKey & { items: ReadonlyArray<{ nonce: number; ref: string; txHash: Hash }> },
): Promise<{ lost: string[] }> {
  requireTransaction(trx, 'markNoncesBroadcast');
  const k = norm(input);
  const marked = await markAllocationsBroadcast(trx, k, input.items);
  return { lost: input.items.filter((i) => !marked.has(i.ref)).map((i) => i.ref) };
}

/**
 * Finds nonces that block or were lost, given the chain's `latest` transaction count (every
 * nonce below it is mined). `gap`: at or above it, released, or allocated longer than
 * `minAgeMs` ago and never committed to broadcast: the transactions above it cannot be mined
 * until it is filled. `passed`: below it yet never broadcast by Keel: the chain used that nonce
 * for a transaction Keel did not send (or a worker broadcast without recording it).
 */
export async function findNonceGaps(
  db: Kysely<DB>,
  chainId: number,
  address: Address,
  chainLatestNonce: number,
  opts: { minAgeMs?: number } = {},
): Promise<NonceGap[]> {
  checkNonce(chainLatestNonce, 'chainLatestNonce');
  const k = norm({ chainId, address });
  const next = await nonceAccountNext(db, k);
  if (next === undefined) return [];
  const rows = await openAllocations(db, k, chainLatestNonce, opts.minAgeMs ?? 0);
  const gaps: NonceGap[] = [];
  const seen = new Set<number>();
  for (const r of rows) {
    const nonce = Number(r.nonce);
    seen.add(nonce);
    if (r.status !== 'allocated' && r.status !== 'released') continue;
    if (r.status === 'allocated' && !r.old_enough) continue;
    gaps.push({
      nonce,
      kind: nonce < chainLatestNonce ? 'passed' : 'gap',
      status: r.status,
      ref: r.ref,
      allocatedAt: r.allocated_at,
    });
  }
  for (let n = chainLatestNonce; n < next; n++) {
    if (!seen.has(n)) gaps.push({ nonce: n, kind: 'gap', status: 'missing', ref: null, allocatedAt: null });
  }
  return gaps.sort((a, b) => a.nonce - b.nonce);
}

/**
 * Brings the account in line with the chain. Forward (the chain's pending nonce is ahead:
 * the key was used outside Keel): the next nonce jumps to the chain's and released nonces
 * below it are skipped. Backward (`allowBackward`, an operator's decision after a chain reset
 * or when every unmined transaction above is known to be dropped): the next nonce returns to
 * the chain's and every allocation at or above it is skipped, to be handed out again.
 */
export async function resyncNonce(
  trx: Kysely<DB>,
  input: NonceKey & { chainPendingNonce: number; allowBackward?: boolean },
): Promise<ResyncResult> {
  requireTransaction(trx, 'resyncNonce');
  checkNonce(input.chainPendingNonce, 'chainPendingNonce');
  const k = norm(input);
  const previous = await lockAccount(trx, k, input.chainPendingNonce);
  const target = input.chainPendingNonce;
  if (target > previous) {
    const skipped = await skipNonceRange(trx, k, 0, target, ['released']);
    await setNextNonce(trx, k, target);
    return { previous, next: target, changed: true, skipped };
  }
  if (target < previous && input.allowBackward) {
    const skipped = await skipNonceRange(trx, k, target, previous, ['allocated', 'released', 'broadcast']);
    await setNextNonce(trx, k, target);
    return { previous, next: target, changed: true, skipped };
  }
  return { previous, next: previous, changed: false, skipped: [] };
}

/**
 * Retires a `passed` nonce (the chain used it, not through Keel): its row becomes `skipped`
 * and its holder's `markNonceBroadcast` fails, so that transaction is re-prepared at a new nonce.
 */
export async function skipNonce(trx: Kysely<DB>, input: NonceKey & { nonce: number }): Promise<boolean> {
  requireTransaction(trx, 'skipNonce');
  const k = norm(input);
  const skipped = await skipNonceRange(trx, k, input.nonce, input.nonce + 1, ['allocated', 'released']);
  return skipped.length > 0;
}

export interface FillGapDeps {
  db: Kysely<DB>;
  /** The signer of the account (its address is the account's). */
  signer: Signer;
  chainId: number;
  /** Broadcasts a signed raw transaction (the chain layer's `eth_sendRawTransaction`). */
  sendRawTransaction: (raw: Hex) => Promise<Hash>;
  /** Fees of the filler; use at least the current fees so it is mined promptly. */
  fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
}

/**
 * Heals one `gap` found by `findNonceGaps`: takes the nonce over (only if it is still released, missing, or allocated and
 * unbroadcast), signs a 0-value self-transfer at it, records it as broadcast under
 * `GAP_FILL_REF` and sends it. The original holder's `markNonceBroadcast` then fails, so its
 * transaction is never sent at a nonce the filler used. Use only for nonces whose own signed
 * transaction is not stored: a stored one is re-broadcast instead.
 */
export async function fillNonceGap(deps: FillGapDeps, gap: Pick<NonceGap, 'nonce' | 'kind'>): Promise<Hash> {
  const { nonce } = gap;
  checkNonce(nonce, 'nonce');
  // A passed nonce is already used on chain: a filler would be refused ("nonce too low"); skip it instead.
  if (gap.kind !== 'gap')
    throw new NonceStateError('nonce_not_gap', `nonce ${nonce} is ${gap.kind}, not a gap; use skipNonce`);
  const k = norm({ chainId: deps.chainId, address: deps.signer.address });
  const raw = await deps.db.transaction().execute(async (trx) => {
    const next = await lockAccount(trx, k);
    if (nonce >= next)
      throw new NonceStateError(
        'nonce_not_gap',
        `nonce ${nonce} of ${k.address} was never allocated (next is ${next})`,
      );
    const row = await nonceAllocation(trx, k, nonce, { forUpdate: true });
    if (row && row.status !== 'allocated' && row.status !== 'released') {
      throw new NonceStateError('nonce_not_gap', `nonce ${nonce} of ${k.address} is ${row.status}; it is not a gap`);
    }
    const signed = await deps.signer.signTransaction({
      chainId: deps.chainId,
      type: 'eip1559',
      nonce,
      to: deps.signer.address,
      value: 0n,
      gas: 21_000n,
      ...deps.fees,
    });
    const txHash = keccak256(signed);
    await takeOverAllocation(trx, k, nonce, GAP_FILL_REF, txHash);
    return signed;
  });
  return deps.sendRawTransaction(raw);
}

/**
 * Deletes settled allocation rows (`broadcast`, `skipped`) below `belowNonce`; pass a nonce
 * known final on the chain. Open rows are kept: they are what gap detection reports.
 */
export async function pruneNonceAllocations(db: Kysely<DB>, account: NonceKey, belowNonce: number): Promise<number> {
  const k = norm(account);
  return pruneSettledAllocations(db, k, belowNonce);
}

/**
 * Gives back a nonce whose signed transaction every node refused outright (insufficient
 * funds, fee cap too low…): it was recorded `broadcast` before sending, but no node holds it,
 * so it is released like one never sent (rewound at the top, else pooled for the next allocation).
 */
export async function abandonBroadcast(
  trx: Kysely<DB>,
  input: NonceKey & { nonce: number; ref: string },
): Promise<'rewound' | 'pooled'> {
  requireTransaction(trx, 'abandonBroadcast');
  const k = norm(input);
  if (!(await unmarkAllocationBroadcast(trx, k, input.nonce, input.ref)))
    throw new NonceStateError(
      'nonce_not_held',
      `nonce ${input.nonce} of ${k.address} on chain ${k.chainId} is not broadcast by ${input.ref}`,
    );
  return releaseNonce(trx, input);
}

/**
 * The allocations of an account at or above `from` that are `broadcast` or `skipped`, with the
 * state of the transaction holding each (null when the ref is no transaction, e.g. a gap
 * filler) and whether that transaction has a receipt on record: what the reconciler needs to
 * find the nonces a rollback turned into holes (see `lostNonces` in reconcile-logic.ts).
 */
export async function settledNoncesFrom(db: Kysely<DB>, account: NonceKey, from: number): Promise<SettledNonce[]> {
  checkNonce(from, 'from');
  return settledAllocationsFrom(db, norm(account), from);
}

/**
 * Reopens a nonce the chain lost in a rollback and nobody will send again (a gap filler whose
 * bytes are not stored, a transaction that failed or moved to another nonce, a nonce skipped
 * because the chain had used it outside Keel): it becomes `released`, so the next allocation
 * takes it or the gap healer fills it, and the transactions above it can be mined. Only if the
 * row is still as the caller saw it (`status`, `ref`); returns whether it was reopened.
 */
export async function reopenLostNonce(
  trx: Kysely<DB>,
  input: NonceKey & { nonce: number; status: 'broadcast' | 'skipped'; ref: string | null },
): Promise<boolean> {
  requireTransaction(trx, 'reopenLostNonce');
  const k = norm(input);
  const next = await lockAccount(trx, k);
  if (input.nonce >= next) return false;
  return reopenAllocation(trx, k, input.nonce, input.status, input.ref);
}
