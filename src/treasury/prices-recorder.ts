import type { Address, PublicClient } from 'viem';
import type { ChainConfig } from '../config/schema.ts';
import { readSharePrices, type PositionReadOptions, type ReadFailure } from './position-reader.ts';
import type { SharePriceRow, SharePricesStore } from './prices-store.ts';

/**
 * The share-price recorder: the periodic task that builds the history APY, drawdown and
 * staleness are read from. Each round reads every vault of a chain at one block (Multicall3)
 * and records what it read; a vault whose read failed is reported and skipped, the others are
 * recorded. The treasury module registers it as a task (`everyMs` from config) with the vaults
 * of the active mandates; running it twice at the same block records nothing twice.
 */

/** A vault to record. */
export interface RecordTarget {
  chainId: number;
  vault: Address;
}

/** What the recorder needs: the store and a way to reach each chain (the registry's handles fit). */
export interface RecorderDeps {
  store: SharePricesStore;
  chains: { get(chainId: number): { client: PublicClient; config: ChainConfig } | undefined };
  read?: PositionReadOptions;
}

/** One chain's round. */
export interface RecordedRound {
  chainId: number;
  blockNumber: bigint;
  /** Rows written (0 when that block was already recorded). */
  recorded: number;
  /** Vaults not recorded, with the calls that failed. */
  failed: Array<{ vault: Address; failures: ReadFailure[] }>;
}

/** Thrown after the other chains were recorded, when some chain could not be read at all. */
export class SharePriceRecordError extends Error {
  override name = 'SharePriceRecordError';
  constructor(
    readonly rounds: RecordedRound[],
    readonly errors: Array<{ chainId: number; error: unknown }>,
  ) {
    super(`share prices not recorded on chain(s) ${errors.map((e) => e.chainId).join(', ')}`);
  }
}

/**
 * Reads and records the share prices of `vaults` (grouped by chain, each chain at one block).
 * Returns one round per chain; throws {@link SharePriceRecordError} when a chain is not
 * configured or unreachable (after recording the others), so the task runner logs it.
 */
export async function recordSharePrices(deps: RecorderDeps, vaults: readonly RecordTarget[]): Promise<RecordedRound[]> {
  const byChain = new Map<number, Address[]>();
  for (const t of vaults) {
    const list = byChain.get(t.chainId) ?? [];
    if (!list.some((a) => a.toLowerCase() === t.vault.toLowerCase())) list.push(t.vault);
    byChain.set(t.chainId, list);
  }
  const rounds: RecordedRound[] = [];
  const errors: Array<{ chainId: number; error: unknown }> = [];
  await Promise.all(
    [...byChain].map(async ([chainId, list]) => {
      const handle = deps.chains.get(chainId);
      if (!handle) {
        errors.push({ chainId, error: new Error(`chain ${chainId} is not configured`) });
        return;
      }
      try {
        const { block, vaults: read } = await readSharePrices(handle.client, handle.config, list, deps.read);
        const rows: SharePriceRow[] = [];
        const failed: RecordedRound['failed'] = [];
        for (const v of read) {
          if (v.assetsPerShare === null || v.decimals === null || v.totalAssets === null || v.totalSupply === null)
            failed.push({ vault: v.address, failures: v.failures });
          else
            rows.push({
              chainId,
              vault: v.address,
              blockNumber: block.number,
              blockTime: Number(block.timestamp),
              assetsPerShare: v.assetsPerShare,
              shareDecimals: v.decimals,
              totalAssets: v.totalAssets,
              totalSupply: v.totalSupply,
            });
        }
        const recorded = await deps.store.record(rows);
        rounds.push({ chainId, blockNumber: block.number, recorded, failed });
      } catch (error) {
        errors.push({ chainId, error });
      }
    }),
  );
  rounds.sort((a, b) => a.chainId - b.chainId);
  if (errors.length) throw new SharePriceRecordError(rounds, errors);
  return rounds;
}
