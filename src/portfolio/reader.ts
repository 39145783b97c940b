import {
  decodeErrorResult,
  decodeFunctionResult,
  toFunctionSelector,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import type { ChainConfig } from '../config/schema.ts';
import { findUpstreamError } from '../chain/index.ts';
import {
  Aggregate3DecodeError,
  decodeAggregate3,
  encodeAggregate3,
  firstUint,
  staticCall,
  type Aggregate3Result,
} from './aggregate3.ts';
import { assembleChain, type ChainSnapshot, type ReadResult } from './assemble.ts';
import { chunk, planReads, planVaultValuations, type PlannedRead } from './plan.ts';

export interface ReadOptions {
  /** Calls per `aggregate3` eth_call; a chain's chunks are sent at once. */
  batchSize: number;
}

/** The block a chunk was executed at, as Multicall3 itself reports it. */
export interface BlockRef {
  number: bigint;
  timestamp: bigint;
}

type ChunkAnswer = { ok: true; block: BlockRef | undefined; results: ReadResult[] } | { ok: false; error: unknown };

// Multicall3's own views: every chunk read at `latest` says which block it saw.
const META = [
  staticCall(toFunctionSelector('function getBlockNumber()')),
  staticCall(toFunctionSelector('function getCurrentBlockTimestamp()')),
];

const messageOf = (err: unknown): string =>
  (err as { shortMessage?: string }).shortMessage ?? (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

/** One call's answer as a read result: the hot uint256 reads by slicing, the rest through viem. */
function toResult(read: PlannedRead<unknown>, r: Aggregate3Result): ReadResult {
  if (!r.success) {
    let reason = 'execution reverted';
    try {
      const e = decodeErrorResult({ abi: [], data: r.returnData });
      reason = `execution reverted: ${e.args?.map(String).join(', ') ?? e.errorName}`;
    } catch {
      // custom or empty revert data: the generic reason stands
    }
    return { ok: false, error: `${read.functionName} reverted (${reason})` };
  }
  if (read.returns === 'uint256') {
    const v = firstUint(r.returnData);
    return v === undefined ? { ok: false, error: `${read.functionName} returned no data` } : { ok: true, value: v };
  }
  try {
    return {
      ok: true,
      value: decodeFunctionResult({ abi: read.abi, functionName: read.functionName, data: r.returnData } as never),
    };
  } catch (err) {
    return { ok: false, error: `${read.functionName}: ${messageOf(err)}` };
  }
}

/**
 * One `aggregate3` eth_call for `reads` at `block` (`latest` adds Multicall3's block number
 * and timestamp to learn which block that was). A transport failure (every endpoint down)
 * throws; any other failure (an error answer, a malformed result) is returned, so only this
 * chunk's values are marked failed.
 */
async function callChunk(
  client: PublicClient,
  chain: ChainConfig,
  reads: readonly PlannedRead<unknown>[],
  block: 'latest' | bigint,
): Promise<ChunkAnswer> {
  const meta = block === 'latest' ? META : [];
  const calls = [
    ...meta.map((callData) => ({ target: chain.multicall3, callData })),
    ...reads.map((r) => ({ target: r.address, callData: r.callData })),
  ];
  try {
    const raw = (await client.request({
      method: 'eth_call',
      params: [
        { to: chain.multicall3, data: encodeAggregate3(calls) },
        block === 'latest' ? 'latest' : `0x${block.toString(16)}`,
      ],
    })) as Hex;
    const answers = decodeAggregate3(raw);
    if (answers.length !== calls.length)
      throw new Aggregate3DecodeError(`aggregate3 answered ${answers.length} of ${calls.length} calls`);
    let ref: BlockRef | undefined;
    if (meta.length) {
      const number = answers[0]!.success ? firstUint(answers[0]!.returnData) : undefined;
      const timestamp = answers[1]!.success ? firstUint(answers[1]!.returnData) : undefined;
      if (number === undefined || timestamp === undefined)
        throw new Aggregate3DecodeError('Multicall3 did not report its block number and timestamp');
      ref = { number, timestamp };
    }
    return { ok: true, block: ref, results: reads.map((r, i) => toResult(r, answers[meta.length + i]!)) };
  } catch (err) {
    const up = findUpstreamError(err);
    if (up) throw up;
    return { ok: false, error: err };
  }
}

/** A failed chunk's reads, each marked failed with the chunk's error (never dropped). */
const failedChunk = (reads: readonly PlannedRead<unknown>[], error: unknown): ReadResult[] =>
  reads.map(() => ({ ok: false as const, error: `batch read failed: ${messageOf(error)}` }));

/**
 * Runs planned reads as `aggregate3` chunks of `batchSize` calls, all sent at once and all
 * answered at one block. Each chunk is read at `latest` with Multicall3's block number and
 * timestamp, which saves the round trip that would fetch the block first; if chunks saw
 * different blocks (a block landed meanwhile, or endpoints disagree), those not at the lowest
 * one are read again pinned to it. Returns that block and one result per read, in order.
 */
export async function readAtOneBlock(
  client: PublicClient,
  chain: ChainConfig,
  reads: readonly PlannedRead<unknown>[],
  opts: ReadOptions,
): Promise<{ block: BlockRef; results: ReadResult[] }> {
  const groups = chunk(reads, opts.batchSize);
  if (groups.length === 0) groups.push([]);
  const answers = await Promise.all(groups.map((g) => callChunk(client, chain, g, 'latest')));
  const seen = answers.flatMap((a) => (a.ok && a.block ? [a.block] : []));
  if (seen.length === 0) {
    // Nothing was read: the chain is reported unavailable (as a single failed eth_call always was).
    const first = answers.find((a): a is Extract<ChunkAnswer, { ok: false }> => !a.ok);
    throw first?.error ?? new Error(`chain ${chain.chainId}: no multicall batch could be read`);
  }
  const block = seen.reduce((lo, b) => (b.number < lo.number ? b : lo));
  const settled = await Promise.all(
    answers.map(async (a, i) => {
      if (!a.ok) return failedChunk(groups[i]!, a.error);
      if (a.block?.number === block.number) return a.results;
      const again = await callChunk(client, chain, groups[i]!, block.number);
      return again.ok ? again.results : failedChunk(groups[i]!, again.error);
    }),
  );
  return { block, results: settled.flat() };
}

/** Runs planned reads pinned to `block`, chunked like {@link readAtOneBlock}. */
export async function readAtBlock(
  client: PublicClient,
  chain: ChainConfig,
  reads: readonly PlannedRead<unknown>[],
  block: bigint,
  opts: ReadOptions,
): Promise<ReadResult[]> {
  const groups = chunk(reads, opts.batchSize);
  const answers = await Promise.all(groups.map((g) => callChunk(client, chain, g, block)));
  return answers.flatMap((a, i) => (a.ok ? a.results : failedChunk(groups[i]!, a.error)));
}

/**
 * Reads one chain's snapshot for `owners`, all at one block: the first round (balances,
 * allowances, shares, feeds) at `latest`, then the underlying of each non-zero vault position
 * pinned to the block the first round saw.
 */
export async function readChainPortfolio(
  client: PublicClient,
  chain: ChainConfig,
  owners: readonly Address[],
  opts: ReadOptions,
): Promise<ChainSnapshot> {
  const reads = planReads(chain, owners);
  const { block, results } = await readAtOneBlock(client, chain, reads, opts);

  const positions: Array<{ owner: Address; vault: Address; shares: bigint }> = [];
  reads.forEach((r, i) => {
    const res = results[i];
    if (r.tag.kind === 'vaultShares' && res?.ok)
      positions.push({ owner: r.tag.owner, vault: r.tag.vault, shares: res.value as bigint });
  });
  const valuations = planVaultValuations(positions);
  const valued = valuations.length ? await readAtBlock(client, chain, valuations, block.number, opts) : [];
  const underlying = new Map<string, ReadResult>();
  valuations.forEach((v, i) => {
    if (v.tag.kind === 'vaultShares') underlying.set(`${v.tag.owner}:${v.tag.vault}`, valued[i]!);
  });
  return assembleChain(chain, owners, reads, results, underlying, block);
}
