import type { Address, PublicClient } from 'viem';
import type { ChainConfig } from '../config/schema.ts';
import { findUpstreamError } from '../chain/index.ts';
import { UpstreamError } from '../lib/errors.ts';
import { assembleChain, type ChainSnapshot, type ReadResult } from './assemble.ts';
import { chunk, planReads, planVaultValuations, type PlannedRead } from './plan.ts';

export interface ReadOptions {
  /** Calls per aggregate3 request. */
  batchSize: number;
}

/**
 * Runs planned reads as Multicall3 `aggregate3` batches pinned to one block. A call that
 * reverts is reported per call; a transport failure (every RPC endpoint down) throws, so the
 * whole chain is reported unavailable rather than a half-read snapshot.
 */
export async function runReads(
  client: PublicClient,
  chain: ChainConfig,
  reads: readonly PlannedRead[],
  blockNumber: bigint,
  opts: ReadOptions,
): Promise<ReadResult[]> {
  const groups = chunk(reads, opts.batchSize);
  const answers = await Promise.all(
    groups.map((group) =>
      client.multicall({
        contracts: group.map((r) => ({
          address: r.address,
          abi: r.abi,
          functionName: r.functionName,
          args: r.args,
        })) as never,
        allowFailure: true,
        blockNumber,
        batchSize: 0,
        multicallAddress: chain.multicall3,
      }),
    ),
  );
  const out: ReadResult[] = [];
  for (const group of answers) {
    for (const a of group as Array<{ status: 'success'; result: unknown } | { status: 'failure'; error: Error }>) {
      if (a.status === 'success') {
        out.push({ ok: true, value: a.result });
        continue;
      }
      const up = findUpstreamError(a.error);
      if (up) throw up;
      out.push({
        ok: false,
        error: (a.error as { shortMessage?: string }).shortMessage ?? a.error.message.split('\n')[0] ?? 'read failed',
      });
    }
  }
  return out;
}

/** Reads one chain's snapshot for `owners`, all at one block. */
export async function readChainPortfolio(
  client: PublicClient,
  chain: ChainConfig,
  owners: readonly Address[],
  opts: ReadOptions,
): Promise<ChainSnapshot> {
  let block: { number: bigint; timestamp: bigint };
  try {
    const b = await client.getBlock({ blockTag: 'latest' });
    block = { number: b.number, timestamp: b.timestamp };
  } catch (err) {
    throw (
      findUpstreamError(err) ??
      new UpstreamError('rpc_unavailable', `chain ${chain.chainId}: could not read the latest block`, { cause: err })
    );
  }
  const reads = planReads(chain, owners);
  const results = await runReads(client, chain, reads, block.number, opts);

  const positions: Array<{ owner: Address; vault: Address; shares: bigint }> = [];
  reads.forEach((r, i) => {
    const res = results[i];
    if (r.tag.kind === 'vaultShares' && res?.ok)
      positions.push({ owner: r.tag.owner, vault: r.tag.vault, shares: res.value as bigint });
  });
  const valuations = planVaultValuations(positions);
  const valued = valuations.length ? await runReads(client, chain, valuations, block.number, opts) : [];
  const underlying = new Map<string, ReadResult>();
  valuations.forEach((v, i) => {
    if (v.tag.kind === 'vaultShares') underlying.set(`${v.tag.owner}:${v.tag.vault}`, valued[i]!);
  });
  return assembleChain(chain, owners, reads, results, underlying, block);
}
