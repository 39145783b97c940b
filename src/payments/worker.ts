import type { Kysely } from 'kysely';
import type { Address } from 'viem';
import type { ChainRegistry } from '../chain/index.ts';
import type { TransferSink } from '../chain/transfer-watcher-types.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import { newId } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import { usdOf } from '../lib/prices.ts';
import { prepareRequest } from '../pipeline/intake.ts';
import type { Pipeline } from '../pipeline/service.ts';
import type { SignerRegistry } from '../signers/index.ts';
import { depositSalt } from './deposit-address.ts';
import { refundResource } from './resource.ts';
import type { PaymentsStore } from './store.ts';
import { dbJson } from '../db/json.ts';

/**
 * The payments side of the worker role: the sink the per-chain transfer watcher feeds, and a
 * tick that expires intents, sweeps confirmed deposits to the treasury through the write path,
 * and settles sweeps and refunds once their transactions are final.
 */

/** The watcher's sink: deposits to intent addresses, confirmations, reorganisations. */
export function paymentsSink(store: PaymentsStore): TransferSink {
  return {
    watched: (db, _chainId, addresses) => store.watched(db, addresses),
    // Classification is by when the payment was made (its block's time), not when Keel saw it.
    apply: (trx, chainId, transfers) => store.recordTransfers(trx, chainId, transfers.map((t) => ({ ...t, blockTime: new Date(Number(t.blockTimestamp) * 1000) }))),
    rewind: (trx, chainId, ancestor) => store.rewind(trx, chainId, ancestor),
    onHead: (_db, chainId, head) => store.confirmThrough(chainId, head.finalThrough),
  };
}

export interface PaymentsWorkerDeps {
  db: Kysely<DB>;
  config: Config;
  chains: ChainRegistry;
  signers: SignerRegistry;
  pipeline: Pipeline;
  store: PaymentsStore;
  logger: Logger;
}

const FINAL_TX = ['confirmed', 'reverted', 'failed', 'rejected', 'expired', 'cancelled'] as const;

/** Sweeps and settlement. Safe in several workers at once (row locks and conditional updates). */
export class PaymentsWorker {
  constructor(private readonly deps: PaymentsWorkerDeps) {}

  /**
   * Sweeps confirmed, unswept deposits of each chain: one `sweepMany` call of the deposit
   * factory per chain (up to `payments.sweep.maxAddresses` addresses), sent by
   * `payments.sweeper` through the write path. The deposits are claimed by the sweep in the
   * same database transaction that records its transaction. Returns the sweeps created.
   */
  async sweep(): Promise<string[]> {
    const { db, config } = this.deps;
    const factory = config.payments.depositFactory as Address | undefined;
    if (!factory) return [];
    const created: string[] = [];
    for (const chain of config.chains) {
      const due = await db
        .selectFrom('payment_deposits')
        .innerJoin('payment_intents', 'payment_intents.id', 'payment_deposits.intent_id')
        .select(['payment_deposits.id', 'payment_deposits.intent_id', 'payment_deposits.token'])
        .where('payment_deposits.chain_id', '=', chain.chainId)
        .where('payment_deposits.status', '=', 'confirmed')
        .where('payment_deposits.sweep_id', 'is', null)
        .orderBy('payment_deposits.id')
        .limit(config.payments.sweep.maxAddresses * 4)
        .execute();
      if (due.length === 0) continue;
      const intents = [...new Set(due.map((d) => d.intent_id))].slice(0, config.payments.sweep.maxAddresses);
      const deposits = due.filter((d) => intents.includes(d.intent_id));
      const tokens = [...new Set(deposits.map((d) => d.token))];
      const id = newId('sw');
      const body = {
        chainId: chain.chainId,
        signer: config.payments.sweeper,
        kind: 'contract_call' as const,
        to: factory,
        call: { function: 'sweepMany(bytes32[],address[])', args: [intents.map((i) => depositSalt(i)), tokens] },
        userId: 'keel:payments',
        metadata: { sweepId: id },
      };
      try {
        const req = prepareRequest(config, this.deps.signers, body, 'system', 'sweep');
        await this.deps.pipeline.createBatch([{ req, body }], 'system', async (trx, [tx]) => {
          const claimed = await trx.updateTable('payment_deposits').set({ sweep_id: id }).where('id', 'in', deposits.map((d) => d.id)).where('sweep_id', 'is', null).executeTakeFirst();
          // Another worker claimed some of them first: this sweep is not recorded at all.
          if (Number(claimed.numUpdatedRows) !== deposits.length) throw new Error('deposits claimed by a concurrent sweep');
          await trx.insertInto('payment_sweeps').values({ id, chain_id: chain.chainId, tx_id: tx!.id, addresses: intents.length }).execute();
        });
        created.push(id);
      } catch (err) {
        this.deps.logger.warn({ chainId: chain.chainId, err: (err as Error).message.split('\n')[0] }, 'sweep not sent; retrying next interval');
      }
    }
    return created;
  }

  /** Settles sweeps and refunds whose transactions are final. */
  async settle(): Promise<void> {
    const { db } = this.deps;
    const sweeps = await db
      .selectFrom('payment_sweeps')
      .innerJoin('transactions', 'transactions.id', 'payment_sweeps.tx_id')
      .select(['payment_sweeps.id', 'payment_sweeps.chain_id', 'payment_sweeps.tx_id', 'transactions.status as tx_status', 'transactions.receipt'])
      .where('payment_sweeps.status', '=', 'pending')
      .where('transactions.status', 'in', [...FINAL_TX])
      .execute();
    for (const s of sweeps) {
      const chain = this.deps.config.chains.find((c) => c.chainId === Number(s.chain_id));
      const ok = s.tx_status === 'confirmed';
      const receipt = dbJson<{ gasUsed: string; effectiveGasPrice: string } | null>(s.receipt);
      const wei = receipt ? BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice) : null;
      const prices = chain ? await this.deps.pipeline.facts.prices(chain).catch(() => ({}) as Record<string, never>) : {};
      const feed = chain ? (prices as Record<string, Parameters<typeof usdOf>[2]>)[chain.nativeSymbol] : undefined;
      const usd8 = wei !== null && chain && feed ? usdOf(wei, chain.nativeDecimals, feed) : null;
      await db.transaction().execute(async (trx) => {
        const u = await trx
          .updateTable('payment_sweeps')
          .set({ status: ok ? 'confirmed' : 'failed', finished_at: new Date(), gas_used: receipt?.gasUsed ?? null, gas_cost_wei: wei?.toString() ?? null, gas_cost_usd8: usd8?.toString() ?? null })
          .where('id', '=', s.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(u.numUpdatedRows) !== 1) return;
        if (!ok) {
          // Not swept: the deposits go back to the next sweep.
          await trx.updateTable('payment_deposits').set({ sweep_id: null }).where('sweep_id', '=', s.id).execute();
          return;
        }
        const swept = await trx.updateTable('payment_deposits').set({ swept_at: new Date() }).where('sweep_id', '=', s.id).returning('intent_id').execute();
        const ids = [...new Set(swept.map((d) => d.intent_id))];
        // An intent is swept once nothing final of it is left at its address.
        if (ids.length) {
          await trx
            .updateTable('payment_intents')
            .set({ swept_at: new Date() })
            .where('id', 'in', ids)
            .where('swept_at', 'is', null)
            .where(({ not, exists, selectFrom }) =>
              not(exists(selectFrom('payment_deposits as d').select('d.id').whereRef('d.intent_id', '=', 'payment_intents.id').where('d.status', '=', 'confirmed').where('d.swept_at', 'is', null))),
            )
            .execute();
        }
      });
    }

    const refunds = await db
      .selectFrom('payment_refunds')
      .innerJoin('transactions', 'transactions.id', 'payment_refunds.tx_id')
      .innerJoin('payment_intents', 'payment_intents.id', 'payment_refunds.intent_id')
      .selectAll('payment_refunds')
      .select(['transactions.status as tx_status', 'payment_intents.asset as asset', 'payment_intents.decimals as decimals'])
      .where('payment_refunds.status', '=', 'pending')
      .where('transactions.status', 'in', [...FINAL_TX])
      .execute();
    for (const r of refunds) {
      const ok = r.tx_status === 'confirmed';
      await db.transaction().execute(async (trx) => {
        const u = await trx
          .updateTable('payment_refunds')
          .set({ status: ok ? 'succeeded' : 'failed', finished_at: new Date() })
          .where('id', '=', r.id)
          .where('status', '=', 'pending')
          .returningAll()
          .executeTakeFirst();
        if (!u) return;
        if (!ok) {
          // The amount is refundable again.
          const row = await trx.selectFrom('payment_intents').select('amount_refunded').where('id', '=', r.intent_id).forUpdate().executeTakeFirstOrThrow();
          await trx.updateTable('payment_intents').set({ amount_refunded: (BigInt(row.amount_refunded) - BigInt(r.amount)).toString(), updated_at: new Date() }).where('id', '=', r.intent_id).execute();
        }
        await publishEvent(trx, ok ? 'refund.succeeded' : 'refund.failed', refundResource(u, r.asset, r.decimals));
      });
    }
  }
}

