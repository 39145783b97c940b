import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SwapQuotesTable, SwapsTable } from './tables.ts';

/**
 * The swaps module's SQL: quotes (`swap_quotes`) and executed swaps (`swaps`). What a
 * swap's transactions became is read through the pipeline (`pipeline.store`), never by joining
 * its tables; settlement runs in the pipeline's database transaction (the swap's outcome
 * handler, execute.ts).
 */

type Db = Kysely<DB> | Transaction<DB>;
export type SwapRow = Selectable<SwapsTable>;
export type SwapQuoteRow = Selectable<SwapQuotesTable>;

export class SwapsStore {
  constructor(private readonly db: Kysely<DB>) {}

  /** Keeps a quote until it expires, in the caller's transaction (with the request's recorded answer). */
  async insertQuote(trx: Transaction<DB>, row: Insertable<SwapQuotesTable>): Promise<void> {
    await trx.insertInto('swap_quotes').values(row).execute();
  }

  /** A stored quote, whoever's it is (the caller checks the owner). */
  async quote(id: string): Promise<SwapQuoteRow | undefined> {
    return this.db.selectFrom('swap_quotes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The swap that executed quote `quoteId`, if any. */
  async executedAs(quoteId: string): Promise<string | undefined> {
    return (await this.db.selectFrom('swaps').select('id').where('quote_id', '=', quoteId).executeTakeFirst())?.id;
  }

  /** Records a swap and marks its quote executed (a second swap of the quote violates the unique key). */
  async insert(trx: Transaction<DB>, row: Insertable<SwapsTable>): Promise<void> {
    await trx.insertInto('swaps').values(row).execute();
    await trx.updateTable('swap_quotes').set({ executed_by: row.id }).where('id', '=', row.quote_id).execute();
  }

  async get(db: Db, id: string): Promise<SwapRow | undefined> {
    return db.selectFrom('swaps').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A key's swaps, newest first (one more than `limit`: the caller tells whether there are more). */
  async list(apiKeyId: string, filter: { userId?: string; limit: number; startingAfter?: string }): Promise<SwapRow[]> {
    let q = this.db
      .selectFrom('swaps')
      .selectAll()
      .where('api_key_id', '=', apiKeyId)
      .orderBy('id', 'desc')
      .limit(filter.limit + 1);
    if (filter.userId) q = q.where('user_id', '=', filter.userId);
    if (filter.startingAfter) q = q.where('id', '<', filter.startingAfter);
    return q.execute();
  }

  /** The swap transactions of swaps not settled yet (for `TransactionsStore.redeliverFinal` at start). */
  async unsettledTxIds(): Promise<string[]> {
    return (await this.db.selectFrom('swaps').select('swap_tx_id').where('settled_at', 'is', null).execute()).map(
      (r) => r.swap_tx_id,
    );
  }

  /** Settles a swap once (true) with its final status and result; false when it was settled already. */
  async settle(trx: Transaction<DB>, id: string, status: string, result: unknown): Promise<boolean> {
    const u = await trx
      .updateTable('swaps')
      .set({ settled_at: new Date(), status, result: result ? JSON.stringify(result) : null })
      .where('id', '=', id)
      .where('settled_at', 'is', null)
      .executeTakeFirst();
    return Number(u.numUpdatedRows) === 1;
  }

  /** Unsettles a swap whose swap transaction is no longer final: processing again, no result. */
  async unsettle(trx: Transaction<DB>, id: string, swapTxId: string): Promise<void> {
    await trx
      .updateTable('swaps')
      .set({ settled_at: null, status: 'processing', result: null })
      .where('id', '=', id)
      .where('swap_tx_id', '=', swapTxId)
      .where('settled_at', 'is not', null)
      .execute();
  }
}
