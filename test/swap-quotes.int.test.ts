import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, http, parseEther, parseUnits, type Address } from 'viem';
import { uniswapV2Router02Abi } from '../src/contracts/abis.ts';
import { setFeedAnswer, setFeedRoundData } from '../src/devnet/feeds.ts';
import {
  buildQuote,
  readQuoteState,
  type QuoteGuards,
  type QuoteInput,
  type SwapPool,
  type SwapToken,
} from '../src/swaps/quote-engine.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';

/** The quote engine against the demo world's Uniswap V2 pools and price feeds on anvil. */

let chain: TestChain;
let client: ReturnType<typeof createPublicClient>;
let pools: SwapPool[];
let tokens: Record<'tUSD' | 'tEUR' | 'WETH' | 'tVOL', SwapToken>;
const guards: QuoteGuards = {
  maxSlippageBps: 100n,
  maxPriceImpactBps: 300n,
  maxOracleDeviationBps: 200n,
  minLiquidityUsd8: 10_000n * 10n ** 8n,
};
const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11' as Address;

beforeAll(async () => {
  chain = await startTestChain();
  client = createPublicClient({ transport: http(chain.rpcUrl) });
  const c = chain.world.contracts;
  const feed = (address: Address) => ({ address, heartbeatSeconds: 3_600 });
  tokens = {
    tUSD: { address: c.tUSD, symbol: 'tUSD', decimals: 6, feed: feed(c.priceFeeds.tUSD) },
    tEUR: { address: c.tEUR, symbol: 'tEUR', decimals: 6, feed: feed(c.priceFeeds.tEUR) },
    WETH: { address: c.WETH, symbol: 'WETH', decimals: 18, feed: feed(c.priceFeeds.ETH) },
    tVOL: { address: c.tVOL, symbol: 'tVOL', decimals: 18, feed: feed(c.priceFeeds.tVOL) },
  };
  pools = [
    { address: c.pools.tUSD_WETH, tokens: [c.tUSD, c.WETH] },
    { address: c.pools.tUSD_tEUR, tokens: [c.tUSD, c.tEUR] },
    { address: c.pools.tVOL_WETH, tokens: [c.tVOL, c.WETH] },
  ];
}, 60_000);
afterAll(async () => chain?.stop());

async function quote(over: Partial<QuoteInput> & Pick<QuoteInput, 'tokenIn' | 'tokenOut'>, g: QuoteGuards = guards) {
  const input: QuoteInput = {
    slippageBps: 50n,
    account: chain.world.accounts.treasury,
    router: chain.world.contracts.uniswapV2Router,
    ...over,
  };
  const state = await readQuoteState(client, MULTICALL3, pools, input);
  return { q: buildQuote(state, pools, input, g), state };
}

describe('quotes', () => {
  it('exact in, direct: equals the router at the block read, with slippage bounds and an approval when the allowance is short', async () => {
    const amountIn = parseUnits('2500', 6);
    const { q } = await quote({ tokenIn: tokens.tUSD, tokenOut: tokens.WETH, amountIn });
    if (!q.ok) throw new Error(`${q.code}: ${q.message}`);
    const router = await client.readContract({
      address: chain.world.contracts.uniswapV2Router,
      abi: uniswapV2Router02Abi,
      functionName: 'getAmountsOut',
      args: [amountIn, [tokens.tUSD.address, tokens.WETH.address]],
      blockNumber: q.blockNumber,
    });
    expect(q.amountOut).toBe(router[1]);
    expect(q.minAmountOut).toBe((q.amountOut * 9_950n) / 10_000n);
    expect(q.route).toEqual([tokens.tUSD.address, tokens.WETH.address]);
    expect(q.oracleDeviationBps).toBeLessThanOrEqual(guards.maxOracleDeviationBps);
    expect(q.priceImpactBps).toBeLessThan(20n);
    expect(q.lpFeeIn).toBe((amountIn * 30n) / 10_000n);
    expect(q.needsApproval).toBe(q.allowance < amountIn);
  });

  it('exact out through one hop (tUSD → WETH → tVOL) equals getAmountsIn, with a bounded maximum input', async () => {
    const amountOut = parseEther('100');
    const { q } = await quote({ tokenIn: tokens.tUSD, tokenOut: tokens.tVOL, amountOut });
    if (!q.ok) throw new Error(`${q.code}: ${q.message}`);
    expect(q.route).toEqual([tokens.tUSD.address, tokens.WETH.address, tokens.tVOL.address]);
    const router = await client.readContract({
      address: chain.world.contracts.uniswapV2Router,
      abi: uniswapV2Router02Abi,
      functionName: 'getAmountsIn',
      args: [amountOut, q.route as Address[]],
      blockNumber: q.blockNumber,
    });
    expect(q.amountIn).toBe(router[0]);
    expect(q.maxAmountIn).toBe((q.amountIn * 10_050n + 9_999n) / 10_000n);
  });

  it('refuses: no route, slippage above the maximum, price impact, thin pools', async () => {
    expect(
      (await quote({ tokenIn: tokens.tEUR, tokenOut: tokens.tVOL, amountIn: parseUnits('10', 6) })).q,
    ).toMatchObject({ ok: false, code: 'no_route' });
    expect(
      (await quote({ tokenIn: tokens.tUSD, tokenOut: tokens.WETH, amountIn: parseUnits('10', 6), slippageBps: 500n }))
        .q,
    ).toMatchObject({ ok: false, code: 'slippage_too_high' });
    expect(
      (await quote({ tokenIn: tokens.tUSD, tokenOut: tokens.WETH, amountIn: parseUnits('1000000', 6) })).q,
    ).toMatchObject({ ok: false, code: 'price_impact_too_high' });
    const strict = { ...guards, minLiquidityUsd8: 100_000_000n * 10n ** 8n };
    expect(
      (await quote({ tokenIn: tokens.tUSD, tokenOut: tokens.WETH, amountIn: parseUnits('10', 6) }, strict)).q,
    ).toMatchObject({ ok: false, code: 'insufficient_liquidity' });
  });

  it('oracle guard: a stale feed, then a feed moved away from the pool, refuse the quote', async () => {
    const ethFeed = chain.world.contracts.priceFeeds.ETH;
    const input = { tokenIn: tokens.tUSD, tokenOut: tokens.WETH, amountIn: parseUnits('100', 6) };
    const before = await quote(input);
    expect(before.q.ok).toBe(true);
    const usd8 = before.state.feedOut.usd8!;
    await setFeedRoundData(chain.rpcUrl, ethFeed, usd8, 1_000n);
    const stale = (await quote(input)).q;
    expect(stale).toMatchObject({ ok: false, code: 'oracle_stale' });
    expect(stale.ok === false && stale.userMessage).toMatch(/paused/);
    await setFeedAnswer(chain.rpcUrl, ethFeed, (usd8 * 3n) / 2n);
    const moved = (await quote(input)).q;
    expect(moved).toMatchObject({ ok: false, code: 'oracle_deviation' });
    await setFeedAnswer(chain.rpcUrl, ethFeed, usd8);
    expect((await quote(input)).q.ok).toBe(true);
  });
});
