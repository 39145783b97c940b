import { sql, type Kysely } from 'kysely';
import type { Address } from 'viem';
import type { DB } from '../db/schema.ts';
import type { RecordedBlock } from './reconcile-logic.ts';
import { MINED_FINAL_TX_STATUSES } from './states.ts';

/**
 * The reconciler's reads of the transactions table (reconcile.ts): the blocks that hold final
 * transactions, as their receipts recorded them, and the transactions still being reconciled.
 * Writes go through `TransactionsStore.transition`, like every other state change.
 */

/** A final transaction with a mined attempt: where Keel recorded it. */
export interface FinalRecord {
  id: string;
  signer: string;
  fromAddress: Address;
  nonce: number;
  status: 'confirmed' | 'reverted' | 'cancelled';
  /** The mined attempt's hash and its block, from the receipt. */
  hash: string;
  blockNumber: bigint;
  blockHash: string;
}

/** The receipt's block number, as indexed (transactions_receipt_block_idx). */
const receiptBlock = sql<string>`(receipt->>'blockNumber')::bigint`;
/** `status in (…)` of the mined final states. */
const minedFinal = sql.join(MINED_FINAL_TX_STATUSES.map((s) => sql.lit(s)));

/** The newest block holding a final transaction of the chain, or null when none is recorded. */
export async function newestFinalBlock(db: Kysely<DB>, chainId: number): Promise<RecordedBlock | null> {
  const r = await sql<{ n: string; h: string }>`
    select ${receiptBlock} as n, receipt->>'blockHash' as h from transactions
    where chain_id = ${chainId} and receipt is not null and status in (${minedFinal})
    order by ${receiptBlock} desc limit 1`.execute(db);
  const row = r.rows[0];
  return row ? { number: BigInt(row.n), hash: row.h } : null;
}

/** The distinct blocks holding final transactions of the chain from `fromBlock` up, ascending. */
export async function finalBlocksFrom(db: Kysely<DB>, chainId: number, fromBlock: bigint): Promise<RecordedBlock[]> {
  const from = fromBlock < 0n ? 0n : fromBlock;
  const r = await sql<{ n: string; h: string }>`
    select distinct ${receiptBlock} as n, receipt->>'blockHash' as h from transactions
    where chain_id = ${chainId} and receipt is not null and status in (${minedFinal}) and ${receiptBlock} >= ${from.toString()}::bigint
    order by n`.execute(db);
  return r.rows.map((x) => ({ number: BigInt(x.n), hash: x.h }));
}

const recordColumns = sql`id, signer, from_address, nonce, status, receipt->>'hash' as hash, ${receiptBlock} as block_number, receipt->>'blockHash' as block_hash`;
type RecordRow = {
  id: string;
  signer: string;
  from_address: string;
  nonce: string | number;
  status: FinalRecord['status'];
  hash: string;
  block_number: string;
  block_hash: string;
};
const toRecord = (r: RecordRow): FinalRecord => ({
  id: r.id,
  signer: r.signer,
  fromAddress: r.from_address as Address,
  nonce: Number(r.nonce),
  status: r.status,
  hash: r.hash,
  blockNumber: BigInt(r.block_number),
  blockHash: r.block_hash,
});

/** The final transactions of the chain recorded in blocks from `fromBlock` up. */
export async function finalTransactionsFromBlock(
  db: Kysely<DB>,
  chainId: number,
  fromBlock: bigint,
): Promise<FinalRecord[]> {
  const r = await sql<RecordRow>`
    select ${recordColumns} from transactions
    where chain_id = ${chainId} and receipt is not null and status in (${minedFinal}) and ${receiptBlock} >= ${fromBlock.toString()}::bigint
    order by from_address, nonce`.execute(db);
  return r.rows.map(toRecord);
}

/** The highest nonce of `address` on the chain that Keel saw mined in a final transaction, or null. */
export async function newestMinedNonce(db: Kysely<DB>, chainId: number, address: string): Promise<number | null> {
  const row = await db
    .selectFrom('transactions')
    .select('nonce')
    .where('chain_id', '=', chainId)
    .where('from_address', '=', address)
    .where('status', 'in', [...MINED_FINAL_TX_STATUSES])
    .where('receipt', 'is not', null)
    .where('nonce', 'is not', null)
    .orderBy('nonce', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.nonce === undefined || row.nonce === null ? null : Number(row.nonce);
}

/** The final, mined transactions of `address` on the chain at nonce `fromNonce` or above. */
export async function finalTransactionsFromNonce(
  db: Kysely<DB>,
  chainId: number,
  address: string,
  fromNonce: number,
): Promise<FinalRecord[]> {
  const r = await sql<RecordRow>`
    select ${recordColumns} from transactions
    where chain_id = ${chainId} and from_address = ${address} and nonce >= ${fromNonce} and receipt is not null and status in (${minedFinal})
    order by nonce`.execute(db);
  return r.rows.map(toRecord);
}

/** Per chain: transactions that were final, lost their block, and are not final again yet — with their signers. */
export async function reconcilingTransactions(
  db: Kysely<DB>,
): Promise<Array<{ chainId: number; transactions: number; signers: string[] }>> {
  const r = await sql<{ chain_id: string | number; n: string | number; signers: string[] }>`
    select chain_id, count(*) as n, array_agg(distinct signer order by signer) as signers from transactions
    where reorged_after_final and status in ('queued', 'signed', 'submitted')
    group by chain_id order by chain_id`.execute(db);
  return r.rows.map((x) => ({ chainId: Number(x.chain_id), transactions: Number(x.n), signers: x.signers }));
}
