import {
  decodeFunctionData,
  encodeAbiParameters,
  encodeFunctionResult,
  multicall3Abi,
  toFunctionSelector,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import { describe, expect, it } from 'vitest';
import { buildConfig } from '../config/load.ts';
import { UpstreamError } from '../lib/errors.ts';
import { planReads } from './plan.ts';
import { readChainPortfolio } from './reader.ts';

const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const cfg = buildConfig({
  secrets: { encryptionKey: Buffer.alloc(32, 1).toString('base64') },
  chains: {
    '1': {
      name: 'Test',
      rpcUrls: ['http://127.0.0.1:1'],
      nativePriceFeed: { address: A(100), heartbeatSeconds: 3600 },
      assets: [
        { symbol: 'USDX', address: A(10), decimals: 6, priceFeed: { address: A(101), heartbeatSeconds: 3600 } },
        { symbol: 'NOFEED', address: A(11), decimals: 18 },
      ],
      spenders: [{ name: 'Router', address: A(20), kind: 'dex_router' }],
      vaults: [{ name: 'Vault', address: A(30), asset: 'USDX' }],
    },
  },
});
const chain = cfg.chains[0]!;
const owners = [A(0xa1), A(0xa2), A(0xa3), A(0xa4)];

const sel = (sig: string) => toFunctionSelector(sig);
const word = (v: bigint) => encodeAbiParameters([{ type: 'uint256' }], [v]);

/**
 * A node in a test: answers `aggregate3` eth_calls from a made-up chain state in which every
 * value depends on the block, so a read at the wrong block shows. `head` is the latest block;
 * `onCall` may move it or fail a request (the n-th eth_call, from 0).
 */
function fakeNode(opts: { onCall?: (n: number, node: { head: bigint }) => Error | undefined } = {}) {
  const node = { head: 10n, ethCalls: 0, blocks: [] as string[] };
  const answer = (target: Address, data: Hex, block: bigint): { success: boolean; returnData: Hex } => {
    const s = data.slice(0, 10);
    const arg = data.length >= 74 ? BigInt(`0x${data.slice(10, 74)}`) : 0n;
    if (s === sel('function getBlockNumber()')) return { success: true, returnData: word(block) };
    if (s === sel('function getCurrentBlockTimestamp()')) return { success: true, returnData: word(1_000n + block) };
    if (s === sel('function decimals()')) return { success: true, returnData: word(target === A(30) ? 6n : 8n) };
    if (s === sel('function latestRoundData()'))
      return {
        success: true,
        returnData: encodeAbiParameters(
          [{ type: 'uint80' }, { type: 'int256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint80' }],
          [1n, 100_000_000n, 0n, 1_000n + block, 1n],
        ),
      };
    // NOFEED reverts for the fourth owner (a per-call failure, not a failed batch)
    if (target === A(11) && arg === BigInt(A(0xa4))) return { success: false, returnData: '0x' };
    if (s === sel('function convertToAssets(uint256)')) return { success: true, returnData: word(arg * 2n) };
    // balances, allowances, vault shares, native: owner × 1000 + target + block
    return { success: true, returnData: word(arg * 1000n + BigInt(target) + block) };
  };
  const client = {
    async request({ method, params }: { method: string; params: [{ to: Address; data: Hex }, string] }) {
      if (method !== 'eth_call') throw new Error(`unexpected ${method}`);
      const n = node.ethCalls++;
      const failure = opts.onCall?.(n, node);
      if (failure) throw failure;
      const block = params[1] === 'latest' ? node.head : BigInt(params[1]);
      node.blocks.push(params[1]);
      const { args } = decodeFunctionData({ abi: multicall3Abi, data: params[0].data });
      const calls = args[0] as ReadonlyArray<{ target: Address; callData: Hex }>;
      return encodeFunctionResult({
        abi: multicall3Abi,
        functionName: 'aggregate3',
        result: calls.map((c) => answer(c.target, c.callData, block)),
      });
    },
  } as unknown as PublicClient;
  return { node, client };
}

describe('portfolio reader', () => {
  it('returns the same snapshot whatever the chunk size (one call per chunk, all at one block)', async () => {
    const whole = fakeNode();
    const one = await readChainPortfolio(whole.client, chain, owners, { batchSize: 10_000 });
    expect(whole.node.ethCalls).toBe(2); // the snapshot, then the vault valuations
    expect(one.blockNumber).toBe('10');
    expect(one.accounts[0]!.readErrors).toEqual([]);
    expect(one.accounts[3]!.readErrors).toEqual([
      'NOFEED balance: balanceOf reverted (execution reverted)',
      'NOFEED allowance to Router: allowance reverted (execution reverted)',
    ]);
    const reads = planReads(chain, owners).length;
    for (const batchSize of [1, 5, 7]) {
      const split = fakeNode();
      expect(await readChainPortfolio(split.client, chain, owners, { batchSize })).toEqual(one);
      expect(split.node.ethCalls).toBe(Math.ceil(reads / batchSize) + Math.ceil(owners.length / batchSize));
    }
  });

  it("marks a failed chunk's values as failed and keeps the others", async () => {
    // 5 feed/decimals reads come first, then 6 reads per owner: with chunks of 6 the third
    // eth_call holds the second owner's native balance and the rest of that owner's reads.
    const { client } = fakeNode({ onCall: (n) => (n === 2 ? new Error('execution timeout') : undefined) });
    const snap = await readChainPortfolio(client, chain, owners, { batchSize: 6 });
    expect(snap.status).toBe('ok');
    const failed = snap.accounts.filter((a) => a.readErrors.some((e) => e.includes('batch read failed')));
    expect(failed.length).toBeGreaterThan(0);
    for (const a of failed) {
      expect(a.totalComplete).toBe(false);
      expect(a.readErrors.every((e) => e.endsWith('batch read failed: execution timeout'))).toBe(true);
    }
    // every account is still listed, and the untouched ones read in full
    expect(snap.accounts.map((a) => a.address)).toEqual(owners);
    expect(snap.accounts[0]!.readErrors).toEqual([]);
    const healthy = await readChainPortfolio(fakeNode().client, chain, owners, { batchSize: 6 });
    expect(snap.accounts[0]).toEqual(healthy.accounts[0]);
  });

  it('throws when every endpoint is down, so the chain is reported unavailable', async () => {
    const { client } = fakeNode({
      onCall: () => new UpstreamError('rpc_unavailable', 'no RPC endpoint answered'),
    });
    await expect(readChainPortfolio(client, chain, owners, { batchSize: 6 })).rejects.toBeInstanceOf(UpstreamError);
  });

  it('reads chunks that saw a newer block again, pinned to the oldest one seen', async () => {
    // A block lands after the first chunk was answered.
    const moving = fakeNode({
      onCall: (n, node) => {
        if (n === 1) node.head = 11n;
        return undefined;
      },
    });
    const snap = await readChainPortfolio(moving.client, chain, owners, { batchSize: 7 });
    expect(snap.blockNumber).toBe('10');
    expect(moving.node.blocks).toContain('0xa');
    const still = await readChainPortfolio(fakeNode().client, chain, owners, { batchSize: 7 });
    expect(snap).toEqual(still);
  });
});
