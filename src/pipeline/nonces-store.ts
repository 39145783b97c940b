import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Address } from 'viem';
import type { DB } from '../db/schema.ts';
import type { NonceStatus } from './tables.ts';

/**
 * The SQL of durable nonces (`nonce_accounts`, `nonce_allocations`): each function is one
 * statement, run on what the caller passes (its transaction, for everything that must hold the
 * account's lock). The allocation rules — what to lock, take, rewind or skip, and when — are in
 * nonces.ts. Addresses are given checksummed (nonces.ts normalises them).
 */

/** One account's rows: its chain and checksummed address. */
export interface NonceAccountKey {
  chainId: number;
  address: Address;
}

/** An allocation row's state, as the reconciler reads it with the transaction holding it. */
export interface SettledNonce {
  nonce: number;
  status: 'broadcast' | 'skipped';
  ref: string | null;
  txHash: string | null;
  txStatus: string | null;
  txNonce: number | null;
  txMined: boolean;
}

/** The where-clause of one account's rows, in either table. */
const key = (k: NonceAccountKey) => (eb: ExpressionBuilder<DB, 'nonce_accounts' | 'nonce_allocations'>) =>
  eb.and([eb('chain_id', '=', k.chainId), eb('address', '=', k.address)]);

/** The account's next nonce, its row locked (`for update`) until the transaction ends; undefined when it has no row. */
export async function lockNonceAccountRow(trx: Kysely<DB>, k: NonceAccountKey): Promise<number | undefined> {
  const row = await trx.selectFrom('nonce_accounts').select('next_nonce').where(key(k)).forUpdate().executeTakeFirst();
  return row ? Number(row.next_nonce) : undefined;
}

/** The account's next nonce without a lock; undefined when it has no row. */
export async function nonceAccountNext(db: Kysely<DB>, k: NonceAccountKey): Promise<number | undefined> {
  const row = await db.selectFrom('nonce_accounts').select('next_nonce').where(key(k)).executeTakeFirst();
  return row ? Number(row.next_nonce) : undefined;
}

/** The accounts Keel has allocated nonces for (on `chainId` only, when given), with their next nonce. */
export async function nonceAccounts(
  db: Kysely<DB>,
  chainId?: number,
): Promise<Array<{ chainId: number; address: Address; next: number }>> {
  let q = db.selectFrom('nonce_accounts').select(['chain_id', 'address', 'next_nonce']);
  if (chainId !== undefined) q = q.where('chain_id', '=', chainId);
  return (await q.execute()).map((r) => ({
    chainId: Number(r.chain_id),
    address: r.address as Address,
    next: Number(r.next_nonce),
  }));
}

/** Creates the account's row at `next` unless it exists (a concurrent creator wins harmlessly). */
export async function createNonceAccount(trx: Kysely<DB>, k: NonceAccountKey, next: number): Promise<void> {
  await trx
    .insertInto('nonce_accounts')
    .values({ chain_id: k.chainId, address: k.address, next_nonce: next })
    .onConflict((oc) => oc.columns(['chain_id', 'address']).doNothing())
    .execute();
}

/** Sets the account's next nonce. */
export async function setNextNonce(trx: Kysely<DB>, k: NonceAccountKey, next: number): Promise<void> {
  await trx
    .updateTable('nonce_accounts')
    .set({ next_nonce: next, updated_at: sql<Date>`now()` })
    .where(key(k))
    .execute();
}

/** Marks the rows in [from, to) with one of `statuses` as skipped; returns their nonces, ascending. */
export async function skipNonceRange(
  trx: Kysely<DB>,
  k: NonceAccountKey,
  from: number,
  to: number,
  statuses: NonceStatus[],
): Promise<number[]> {
  const rows = await trx
    .updateTable('nonce_allocations')
    .set({ status: 'skipped', updated_at: sql<Date>`now()` })
    .where(key(k))
    .where('nonce', '>=', from)
    .where('nonce', '<', to)
    .where('status', 'in', statuses)
    .returning('nonce')
    .execute();
  return rows.map((r) => Number(r.nonce)).sort((a, b) => a - b);
}

/** The lowest released (pooled) nonce of the account, if any. */
export async function lowestReleasedNonce(trx: Kysely<DB>, k: NonceAccountKey): Promise<number | undefined> {
  const row = await trx
    .selectFrom('nonce_allocations')
    .select('nonce')
    .where(key(k))
    .where('status', '=', 'released')
    .orderBy('nonce')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.nonce) : undefined;
}

/** Whether the account has any released (pooled) nonce. */
export async function hasReleasedNonce(trx: Kysely<DB>, k: NonceAccountKey): Promise<boolean> {
  const row = await trx
    .selectFrom('nonce_allocations')
    .select('nonce')
    .where(key(k))
    .where('status', '=', 'released')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The account's released nonces, highest first. */
export async function releasedNoncesDescending(trx: Kysely<DB>, k: NonceAccountKey): Promise<number[]> {
  const rows = await trx
    .selectFrom('nonce_allocations')
    .select('nonce')
    .where(key(k))
    .where('status', '=', 'released')
    .orderBy('nonce', 'desc')
    .execute();
  return rows.map((r) => Number(r.nonce));
}

/** Hands the row of `nonce` (a released one) to `ref`, allocated now. */
export async function reallocateNonce(trx: Kysely<DB>, k: NonceAccountKey, nonce: number, ref: string): Promise<void> {
  await trx
    .updateTable('nonce_allocations')
    .set({ status: 'allocated', ref, tx_hash: null, allocated_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where(key(k))
    .where('nonce', '=', nonce)
    .execute();
}

/**
 * Inserts allocated rows, one per `{ nonce, ref }`; a `skipped` row at one of those nonces (after
 * a backward resync) is taken over, any other existing row is left alone. Returns how many rows
 * were taken: fewer than given means some nonces are held already.
 */
export async function insertAllocations(
  trx: Kysely<DB>,
  k: NonceAccountKey,
  allocations: ReadonlyArray<{ nonce: number; ref: string }>,
): Promise<number> {
  const rows = allocations.map((a) => ({
    chain_id: k.chainId,
    address: k.address,
    nonce: a.nonce,
    status: 'allocated' as const,
    ref: a.ref,
  }));
  const taken = await trx
    .insertInto('nonce_allocations')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['chain_id', 'address', 'nonce'])
        .doUpdateSet((eb) => ({
          status: 'allocated',
          ref: eb.ref('excluded.ref'),
          tx_hash: null,
          allocated_at: sql<Date>`now()`,
          updated_at: sql<Date>`now()`,
        }))
        .where('nonce_allocations.status', '=', 'skipped'),
    )
    .returning('nonce')
    .execute();
  return taken.length;
}

/** The row of `nonce`, if any; `forUpdate` locks it until the transaction ends. */
export async function nonceAllocation(
  trx: Kysely<DB>,
  k: NonceAccountKey,
  nonce: number,
  opts: { forUpdate?: boolean } = {},
) {
  const q = trx.selectFrom('nonce_allocations').select(['status', 'ref']).where(key(k)).where('nonce', '=', nonce);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/** Pools the row of `nonce`: released, held by nobody. */
export async function releaseAllocation(trx: Kysely<DB>, k: NonceAccountKey, nonce: number): Promise<void> {
  await trx
    .updateTable('nonce_allocations')
    .set({ status: 'released', ref: null, updated_at: sql<Date>`now()` })
    .where(key(k))
    .where('nonce', '=', nonce)
    .execute();
}

/** Deletes the account's rows in [from, to) (a rewind). */
export async function deleteAllocations(trx: Kysely<DB>, k: NonceAccountKey, from: number, to: number): Promise<void> {
  await trx.deleteFrom('nonce_allocations').where(key(k)).where('nonce', '>=', from).where('nonce', '<', to).execute();
}

/** Marks `nonce` broadcast with `txHash` if `ref` holds it (allocated or broadcast); returns whether it did. */
export async function markAllocationBroadcast(
  trx: Kysely<DB>,
  k: NonceAccountKey,
  nonce: number,
  ref: string,
  txHash: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('nonce_allocations')
    .set({ status: 'broadcast', tx_hash: txHash, updated_at: sql<Date>`now()` })
    .where(key(k))
    .where('nonce', '=', nonce)
    .where('ref', '=', ref)
    .where('status', 'in', ['allocated', 'broadcast'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * `markAllocationBroadcast` for several nonces of one account in one statement; returns the
 * refs whose row it marked (a ref missing from the answer does not hold its nonce any more).
 */
export async function markAllocationsBroadcast(
  trx: Kysely<DB>,
  k: NonceAccountKey,
  items: ReadonlyArray<{ nonce: number; ref: string; txHash: string }>,
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const r = await sql<{ ref: string }>`
    update nonce_allocations n set status = 'broadcast', tx_hash = x.tx_hash, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(items.map((i) => ({ nonce: i.nonce, ref: i.ref, tx_hash: i.txHash })))}::jsonb)
      as x(nonce bigint, ref text, tx_hash text)
    where n.chain_id = ${k.chainId} and n.address = ${k.address} and n.nonce = x.nonce and n.ref = x.ref
      and n.status in ('allocated', 'broadcast')
    returning n.ref`.execute(trx);
  return new Set(r.rows.map((x) => x.ref));
}

/** Turns `ref`'s broadcast row of `nonce` back to allocated (no node holds it); returns whether it did. */
export async function unmarkAllocationBroadcast(
  trx: Kysely<DB>,
  k: NonceAccountKey,
  nonce: number,
  ref: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('nonce_allocations')
    .set({ status: 'allocated', tx_hash: null, updated_at: sql<Date>`now()` })
    .where(key(k))
    .where('nonce', '=', nonce)
    .where('ref', '=', ref)
    .where('status', '=', 'broadcast')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records `nonce` as broadcast by `ref` with `txHash`, whatever its row held before (the gap healer's takeover). */
export async function takeOverAllocation(
  trx: Kysely<DB>,
  k: NonceAccountKey,
  nonce: number,
  ref: string,
  txHash: string,
): Promise<void> {
  await trx
    .insertInto('nonce_allocations')
    .values({ chain_id: k.chainId, address: k.address, nonce, status: 'broadcast', ref, tx_hash: txHash })
    .onConflict((oc) =>
      oc
        .columns(['chain_id', 'address', 'nonce'])
        .doUpdateSet({ status: 'broadcast', ref, tx_hash: txHash, updated_at: sql<Date>`now()` }),
    )
    .execute();
}

/**
 * The account's open rows (allocated or released) and every row at or above `from`, ascending,
 * each with whether it was allocated at least `minAgeMs` ago (by the database clock).
 */
export async function openAllocations(db: Kysely<DB>, k: NonceAccountKey, from: number, minAgeMs: number) {
  const cutoff = sql<boolean>`allocated_at <= now() - make_interval(secs => ${minAgeMs / 1000})`;
  return db
    .selectFrom('nonce_allocations')
    .select(['nonce', 'status', 'ref', 'allocated_at'])
    .select(cutoff.as('old_enough'))
    .where(key(k))
    .where((eb) => eb.or([eb('status', 'in', ['allocated', 'released']), eb('nonce', '>=', from)]))
    .orderBy('nonce')
    .execute();
}

/** Deletes settled rows (`broadcast`, `skipped`) below `belowNonce`; returns how many. */
export async function pruneSettledAllocations(db: Kysely<DB>, k: NonceAccountKey, belowNonce: number): Promise<number> {
  const r = await db
    .deleteFrom('nonce_allocations')
    .where(key(k))
    .where('nonce', '<', belowNonce)
    .where('status', 'in', ['broadcast', 'skipped'])
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The `broadcast` and `skipped` rows at or above `from`, ascending, with the transaction holding each. */
export async function settledAllocationsFrom(
  db: Kysely<DB>,
  k: NonceAccountKey,
  from: number,
): Promise<SettledNonce[]> {
  const rows = await db
    .selectFrom('nonce_allocations as n')
    .leftJoin('transactions as t', 't.id', 'n.ref')
    .select([
      'n.nonce',
      'n.status',
      'n.ref',
      'n.tx_hash',
      't.status as tx_status',
      't.nonce as tx_nonce',
      sql<boolean>`t.receipt is not null`.as('tx_mined'),
    ])
    .where('n.chain_id', '=', k.chainId)
    .where('n.address', '=', k.address)
    .where('n.nonce', '>=', from)
    .where('n.status', 'in', ['broadcast', 'skipped'])
    .orderBy('n.nonce')
    .execute();
  return rows.map((r) => ({
    nonce: Number(r.nonce),
    status: r.status as 'broadcast' | 'skipped',
    ref: r.ref,
    txHash: r.tx_hash,
    txStatus: r.tx_status ?? null,
    txNonce: r.tx_nonce === null || r.tx_nonce === undefined ? null : Number(r.tx_nonce),
    txMined: Boolean(r.tx_mined),
  }));
}

/** Releases the row of `nonce` if it is still `status` held by `ref` (null: by nobody); returns whether it did. */
export async function reopenAllocation(
  trx: Kysely<DB>,
  k: NonceAccountKey,
  nonce: number,
  status: 'broadcast' | 'skipped',
  ref: string | null,
): Promise<boolean> {
  const r = await trx
    .updateTable('nonce_allocations')
    .set({ status: 'released', ref: null, tx_hash: null, updated_at: sql<Date>`now()` })
    .where(key(k))
    .where('nonce', '=', nonce)
    .where('status', '=', status)
    .where((eb) => (ref === null ? eb('ref', 'is', null) : eb('ref', '=', ref)))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
