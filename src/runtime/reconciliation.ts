import type { Kysely } from 'kysely';
import type { ChainReconciliation } from '../api/system-routes.ts';
import { WatcherStore } from '../chain/watcher-store.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { reconcilingTransactions } from '../pipeline/reconcile-store.ts';

/**
 * What `/ready` reports about chains that contradicted Keel's final records, read from the
 * database (so every API replica says the same, whichever worker reconciles):
 * - transactions that were final, lost their block and are not final again yet (the pipeline
 *   re-submits them): the chain is `reconciling` and `/ready` degraded until they are;
 * - deposits that were final when the transfer watcher rewound their block, not recorded final
 *   again since: `reconciling` while the watcher has not yet read the new chain past the final
 *   depth at their block (they may be seen again), then `attention` — reported, not degrading:
 *   those payments are gone from the chain and their intents moved back (`payment_intent.reorged`).
 */
export async function chainReconciliation(deps: {
  db: Kysely<DB>;
  config: Config;
  /** Final deposits a watcher rewind took away and not seen again (the payments module's). */
  reorgedFinalDeposits: () => Promise<Array<{ chainId: number; blockNumber: bigint; count: number }>>;
}): Promise<ChainReconciliation[]> {
  const { db, config } = deps;
  const [txs, deposits] = await Promise.all([reconcilingTransactions(db), deps.reorgedFinalDeposits()]);
  const chainIds = [...new Set([...txs.map((t) => t.chainId), ...deposits.map((d) => d.chainId)])].sort(
    (a, b) => a - b,
  );
  const watchers = new WatcherStore(db);
  const out: ChainReconciliation[] = [];
  for (const chainId of chainIds) {
    const chain = config.chains.find((c) => c.chainId === chainId);
    const name = chain?.name ?? String(chainId);
    const t = txs.find((x) => x.chainId === chainId);
    const checkpoint = deposits.some((d) => d.chainId === chainId)
      ? ((await watchers.load(chainId))?.checkpoint?.number ?? null)
      : null;
    // The last block the watcher has read to the final depth on the new chain.
    const finalRead = checkpoint === null ? -1n : checkpoint - BigInt(chain?.confirmations ?? 0) + 1n;
    let awaiting = 0;
    let lost = 0;
    for (const d of deposits.filter((x) => x.chainId === chainId)) {
      if (d.blockNumber > finalRead) awaiting += d.count;
      else lost += d.count;
    }
    const transactions = t?.transactions ?? 0;
    const signers = t?.signers ?? [];
    out.push({
      chainId,
      name,
      status: transactions > 0 || awaiting > 0 ? 'reconciling' : 'attention',
      reason: reconcilingReason({
        chainId,
        name,
        transactions,
        signers,
        depositsAwaiting: awaiting,
        depositsLost: lost,
      }),
      transactions,
      signers,
      deposits: { awaiting, lost },
    });
  }
  return out;
}

/** The `/ready` reason of one chain: which chain, and what is being reconciled. */
export function reconcilingReason(c: {
  chainId: number;
  name: string;
  transactions: number;
  signers: readonly string[];
  depositsAwaiting: number;
  depositsLost: number;
}): string {
  const s = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts: string[] = [];
  if (c.transactions > 0) {
    parts.push(
      `${s(c.transactions, 'transaction that was final is', 'transactions that were final are')} no longer on chain and being re-submitted (signers: ${c.signers.join(', ')})`,
    );
  }
  if (c.depositsAwaiting > 0)
    parts.push(
      `${s(c.depositsAwaiting, 'final deposit was', 'final deposits were')} reorganised away; waiting to see ${c.depositsAwaiting === 1 ? 'it' : 'them'} again`,
    );
  if (c.depositsLost > 0)
    parts.push(
      `${s(c.depositsLost, 'final deposit was', 'final deposits were')} reorganised away and not seen again: check their payment intents`,
    );
  return `chain ${c.chainId} (${c.name}) rolled back behind Keel's final records: ${parts.join('; ')}`;
}
