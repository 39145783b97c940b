import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, http, parseEther, parseUnits, type Address } from 'viem';
import { uniswapV2PairAbi, uniswapV2Router02Abi } from '../src/contracts/abis.ts';
import { getAmountsIn, getAmountsOut, orient, type Hop } from '../src/swaps/quote-math.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';

/** Keel's quote arithmetic against the real Uniswap V2 router on anvil, at one block. */

let chain: TestChain;
let client: ReturnType<typeof createPublicClient>;

beforeAll(async () => {
  chain = await startTestChain();
  client = createPublicClient({ transport: http(chain.rpcUrl) });
}, 60_000);
afterAll(async () => chain?.stop());

async function hop(pair: Address, tokenIn: Address, blockNumber: bigint): Promise<Hop> {
  const [[r0, r1], token0] = await Promise.all([
    client.readContract({ address: pair, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber }),
    client.readContract({ address: pair, abi: uniswapV2PairAbi, functionName: 'token0', blockNumber }),
  ]);
  return orient(tokenIn, token0, r0, r1);
}

describe('quote math = router', () => {
  it('exact in and exact out, direct and through one hop, equal getAmountsOut / getAmountsIn', async () => {
    const c = chain.world.contracts;
    const blockNumber = await client.getBlockNumber();
    const router = (fn: 'getAmountsOut' | 'getAmountsIn', amount: bigint, path: Address[]) =>
      client.readContract({
        address: c.uniswapV2Router,
        abi: uniswapV2Router02Abi,
        functionName: fn,
        args: [amount, path],
        blockNumber,
      });
    const direct = [await hop(c.pools.tUSD_WETH, c.tUSD, blockNumber)];
    const twoHops = [direct[0]!, await hop(c.pools.tVOL_WETH, c.WETH, blockNumber)];
    for (const amount of [parseUnits('1', 6), parseUnits('2500', 6), parseUnits('400000', 6)]) {
      expect(getAmountsOut(amount, direct)).toEqual([...(await router('getAmountsOut', amount, [c.tUSD, c.WETH]))]);
      expect(getAmountsOut(amount, twoHops)).toEqual([
        ...(await router('getAmountsOut', amount, [c.tUSD, c.WETH, c.tVOL])),
      ]);
    }
    for (const out of [parseEther('0.001'), parseEther('3'), parseEther('100')]) {
      expect(getAmountsIn(out, direct)).toEqual([...(await router('getAmountsIn', out, [c.tUSD, c.WETH]))]);
      expect(getAmountsIn(out, twoHops)).toEqual([...(await router('getAmountsIn', out, [c.tUSD, c.WETH, c.tVOL]))]);
    }
  });
});
