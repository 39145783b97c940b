import type { Address } from 'viem';
import type { ChainRegistry } from '../chain/index.ts';
import type { TransferSink } from '../chain/transfer-watcher-types.ts';
import type { Config } from '../config/schema.ts';
import { newId } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import { usdOf } from '../lib/prices.ts';
import { prepareRequest } from '../pipeline/intake.ts';
import type { OutcomeHandler } from '../pipeline/outcomes.ts';
import type { Pipeline } from '../pipeline/service.ts';
import type { SignerRegistry } from '../signers/index.ts';
import { depositSalt } from './deposit-address.ts';
import type { PaymentsStore, RecordedDeposit } from './store.ts';

/**
 * The payments side of the worker role: the sink the per-chain transfer watcher feeds, a tick
 * that sweeps confirmed deposits to the treasury through the write path, and the outcome
 * handlers that settle sweeps and refunds when their transactions are final (run by the
 * pipeline in the final state's own database transaction: nothing polls for them).
 */

/** The origins of the transactions payments creates (their outcome handlers' keys). */
export const SWEEP_ORIGIN = 'payments.sweep';
export const REFUND_ORIGIN = 'payments.refund';

/**
 * The watcher's sink: deposits to intent addresses, confirmations, reorganisations.
 * `recorded` hears the deposits each applied range recorded (the detection-lag metric).
 */
export function paymentsSink(store: PaymentsStore, recorded?: (deposits: RecordedDeposit[]) => void): TransferSink {
  return {
    watched: (db, _chainId, addresses) => store.watched(db, addresses),
    // Classification is by when the payment was made (its block's time), not when Keel saw it.
    apply: async (trx, chainId, transfers) => {
      const deposits = await store.recordTransfers(
        trx,
        chainId,
        transfers.map((t) => ({ ...t, blockTime: new Date(Number(t.blockTimestamp) * 1000) })),
      );
      if (deposits.length) recorded?.(deposits);
    },
    rewind: (trx, chainId, ancestor) => store.rewind(trx, chainId, ancestor),
    onHead: (_db, chainId, head) => store.confirmThrough(chainId, head.finalThrough),
  };
}

export interface PaymentsWorkerDeps {
  config: Config;
  chains: ChainRegistry;
  signers: SignerRegistry;
  pipeline: Pipeline;
  store: PaymentsStore;
  logger: Logger;
}

/** Sweeps. Safe in several workers at once (row locks and conditional updates). */
export class PaymentsWorker {
  constructor(private readonly deps: PaymentsWorkerDeps) {}

  /**
   * Sweeps confirmed, unswept deposits of each chain: one `sweepMany` call of the deposit
   * factory per chain (up to `payments.sweep.maxAddresses` addresses), sent by
   * `payments.sweeper` through the write path. The deposits are claimed by the sweep in the
   * same database transaction that records its transaction. Returns the sweeps created.
   */
  async sweep(): Promise<string[]> {
    const { config, store } = this.deps;
    const factory = config.payments.depositFactory as Address | undefined;
    if (!factory) return [];
    const created: string[] = [];
    for (const chain of config.chains) {
      const due = await store.dueForSweep(chain.chainId, config.payments.sweep.maxAddresses * 4);
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
        // The native coin's price now (cached: the sweep's preview reads the same): its gas is
        // priced from it when the sweep is final, with no price read while settling.
        const prices = await this.deps.pipeline.facts.prices(chain).catch(() => ({}) as Record<string, undefined>);
        const one = 10n ** BigInt(chain.nativeDecimals);
        const nativePriceUsd8 = usdOf(one, chain.nativeDecimals, prices[chain.nativeSymbol]);
        await this.deps.pipeline.createBatch([{ req, body, origin: SWEEP_ORIGIN }], 'system', async (trx, [tx]) => {
          // Another worker claimed some of the deposits first: this sweep is not recorded at all.
          await store.recordSweep(
            trx,
            { id, chainId: chain.chainId, txId: tx!.id, addresses: intents.length, nativePriceUsd8 },
            deposits.map((d) => d.id),
          );
        });
        created.push(id);
      } catch (err) {
        this.deps.logger.warn(
          { chainId: chain.chainId, err: (err as Error).message.split('\n')[0] },
          'sweep not sent; retrying next interval',
        );
      }
    }
    return created;
  }
}

/**
 * The outcome handlers of payments' transactions, by origin (registered with
 * `pipeline.outcomes`). A sweep or refund settles when its transaction is final and is
 * unsettled when that final state is taken back; each handler finds its record by the id the
 * transaction's metadata carries, and acts only on a record in the state it expects.
 */
export function paymentsOutcomeHandlers(store: PaymentsStore, config: Config): Record<string, OutcomeHandler> {
  return {
    [SWEEP_ORIGIN]: async (trx, o) => {
      const sweepId = o.metadata.sweepId;
      if (typeof sweepId !== 'string') return;
      if (o.kind === 'retracted') return store.unsettleSweep(trx, sweepId, o.txId);
      const gasUsed = o.receipt ? BigInt(o.receipt.gasUsed) : null;
      const gasWei = o.receipt && gasUsed !== null ? gasUsed * BigInt(o.receipt.effectiveGasPrice) : null;
      const nativeDecimals = config.chains.find((c) => c.chainId === o.chainId)?.nativeDecimals ?? null;
      await store.settleSweep(trx, {
        sweepId,
        txId: o.txId,
        ok: o.status === 'confirmed',
        gasUsed,
        gasWei,
        nativeDecimals,
      });
    },
    [REFUND_ORIGIN]: async (trx, o) => {
      const refundId = o.metadata.refundId;
      if (typeof refundId !== 'string') return;
      if (o.kind === 'retracted') return store.unsettleRefund(trx, refundId, o.txId);
      await store.settleRefund(trx, refundId, o.txId, o.status === 'confirmed');
    },
  };
}
