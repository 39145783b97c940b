import { decodeFunctionResult, encodeFunctionData, type Address, type PublicClient } from 'viem';
import { aggregatorV3Abi, erc20Abi, multicall3Abi, uniswapV2PairAbi } from '../contracts/abis.ts';
import { feedState, type FeedState } from '../lib/prices.ts';
import {
  deviationBps,
  executionPrice,
  getAmountsIn,
  getAmountsOut,
  lpFeeIn,
  maxAmountIn,
  midPrice,
  minAmountOut,
  oraclePrice,
  orient,
  priceImpactBps,
  QuoteMathError,
  type Hop,
} from './quote-math.ts';

/**
 * The quote engine: reads every input of a quote in one Multicall3 `aggregate3` at one block
 * (the reserves of every candidate pool, both oracle feeds, the account's balance and its
 * allowance to the router), picks the best route (direct or through one intermediate token)
 * and applies the guards: slippage, price impact, pool liquidity, and the oracle guard (a
 * stale or non-positive feed, or a pool price too far from the feeds, refuses the quote — the
 * signature of a broken oracle or a manipulated pool).
 */

export interface SwapToken {
  address: Address;
  symbol: string;
  decimals: number;
  feed?: { address: Address; heartbeatSeconds: number };
}

/** A Uniswap V2 pair Keel may route through. */
export interface SwapPool {
  address: Address;
  tokens: readonly [Address, Address];
}

export interface QuoteGuards {
  maxSlippageBps: bigint;
  maxPriceImpactBps: bigint;
  maxOracleDeviationBps: bigint;
  /** Each pool on the route must hold at least this much (USD, 1e-8) on its thinner side. */
  minLiquidityUsd8: bigint;
}

export interface QuoteInput {
  tokenIn: SwapToken;
  tokenOut: SwapToken;
  /** Exactly one of the two. */
  amountIn?: bigint;
  amountOut?: bigint;
  slippageBps: bigint;
  account: Address;
  router: Address;
}

/** A stable refusal code with a plain message (the API maps them to 422/503). */
export type QuoteRefusal = {
  ok: false;
  code:
    | 'no_route'
    | 'slippage_too_high'
    | 'price_impact_too_high'
    | 'insufficient_liquidity'
    | 'oracle_stale'
    | 'oracle_deviation';
  message: string;
  userMessage: string;
};

export interface Quote {
  ok: true;
  blockNumber: bigint;
  route: Address[];
  pools: Address[];
  amountIn: bigint;
  amountOut: bigint;
  /** Exact in: the least output the swap accepts. Exact out: the expected output itself. */
  minAmountOut: bigint;
  /** Exact out: the most input the swap pays. Exact in: the input itself. */
  maxAmountIn: bigint;
  executionPrice: bigint;
  midPrice: bigint;
  priceImpactBps: bigint;
  lpFeeIn: bigint;
  oraclePrice: bigint;
  oracleDeviationBps: bigint;
  balance: bigint;
  allowance: bigint;
  /** The allowance is short of `maxAmountIn`: an exact approval comes first. */
  needsApproval: boolean;
  feeds: { in: FeedState; out: FeedState };
}

/** Routes from `tokenIn` to `tokenOut`: the direct pool and every path through one intermediate token. */
export function candidateRoutes(
  pools: readonly SwapPool[],
  tokenIn: Address,
  tokenOut: Address,
): Array<{ path: Address[]; pools: SwapPool[] }> {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const has = (p: SwapPool, t: string) => same(p.tokens[0], t) || same(p.tokens[1], t);
  const other = (p: SwapPool, t: string) => (same(p.tokens[0], t) ? p.tokens[1] : p.tokens[0]);
  const out: Array<{ path: Address[]; pools: SwapPool[] }> = [];
  for (const p of pools) if (has(p, tokenIn) && has(p, tokenOut)) out.push({ path: [tokenIn, tokenOut], pools: [p] });
  for (const first of pools) {
    if (!has(first, tokenIn) || has(first, tokenOut)) continue;
    const mid = other(first, tokenIn);
    for (const second of pools)
      if (second !== first && has(second, mid) && has(second, tokenOut))
        out.push({ path: [tokenIn, mid, tokenOut], pools: [first, second] });
  }
  return out;
}

type Call = { target: Address; allowFailure: boolean; callData: `0x${string}` };

/** Multicall3's block getters (part of the canonical contract). */
const multicall3BlockAbi = [
  {
    type: 'function',
    name: 'getBlockNumber',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: 'blockNumber', type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'getCurrentBlockTimestamp',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: 'timestamp', type: 'uint256' }],
  },
] as const;

/** Everything one quote reads, at one block. */
export interface QuoteState {
  blockNumber: bigint;
  blockTimestamp: bigint;
  reserves: Map<string, { token0: Address; reserve0: bigint; reserve1: bigint } | null>;
  feedIn: FeedState;
  feedOut: FeedState;
  balance: bigint;
  allowance: bigint;
  /** Whether token in answered `balanceOf` and `allowance` (a paused or broken token may not). */
  tokenInReadable: boolean;
}

/**
 * Reads the state of a quote in one `aggregate3` call: one `eth_call`, so everything — block
 * number and timestamp included (Multicall3's own getters) — comes from the same block.
 */
export async function readQuoteState(
  client: Pick<PublicClient, 'readContract'>,
  multicall3: Address,
  pools: readonly SwapPool[],
  input: Pick<QuoteInput, 'tokenIn' | 'tokenOut' | 'account' | 'router'>,
): Promise<QuoteState> {
  const calls: Call[] = [];
  const push = (target: Address, callData: `0x${string}`) => calls.push({ target, allowFailure: true, callData }) - 1;
  const blockNumberCall = push(
    multicall3,
    encodeFunctionData({ abi: multicall3BlockAbi, functionName: 'getBlockNumber' }),
  );
  const timestampCall = push(
    multicall3,
    encodeFunctionData({ abi: multicall3BlockAbi, functionName: 'getCurrentBlockTimestamp' }),
  );
  const poolIdx = pools.map((p) => ({
    pool: p,
    reserves: push(p.address, encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'getReserves' })),
    token0: push(p.address, encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'token0' })),
  }));
  const feedCalls = (t: SwapToken) =>
    t.feed
      ? {
          decimals: push(t.feed.address, encodeFunctionData({ abi: aggregatorV3Abi, functionName: 'decimals' })),
          round: push(t.feed.address, encodeFunctionData({ abi: aggregatorV3Abi, functionName: 'latestRoundData' })),
        }
      : null;
  const fIn = feedCalls(input.tokenIn);
  const fOut = feedCalls(input.tokenOut);
  const bal = push(
    input.tokenIn.address,
    encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [input.account] }),
  );
  const allow = push(
    input.tokenIn.address,
    encodeFunctionData({ abi: erc20Abi, functionName: 'allowance', args: [input.account, input.router] }),
  );
  const results = await client.readContract({
    address: multicall3,
    abi: multicall3Abi,
    functionName: 'aggregate3',
    args: [calls],
    blockTag: 'latest',
  });
  const decode = <T>(
    i: number,
    abi: readonly unknown[],
    functionName: string,
  ): { ok: true; value: T } | { ok: false; error: string } => {
    const r = results[i]!;
    if (!r.success) return { ok: false, error: 'call reverted' };
    try {
      return {
        ok: true,
        value: decodeFunctionResult({ abi, functionName, data: r.returnData } as unknown as Parameters<
          typeof decodeFunctionResult
        >[0]) as T,
      };
    } catch {
      return { ok: false, error: 'undecodable' };
    }
  };
  const bn = decode<bigint>(blockNumberCall, multicall3BlockAbi, 'getBlockNumber');
  const ts = decode<bigint>(timestampCall, multicall3BlockAbi, 'getCurrentBlockTimestamp');
  if (!bn.ok || !ts.ok) throw new Error('Multicall3 did not report the block it read');
  const block = { number: bn.value, timestamp: ts.value };
  const reserves = new Map<string, { token0: Address; reserve0: bigint; reserve1: bigint } | null>();
  for (const p of poolIdx) {
    const r = decode<readonly [bigint, bigint, number]>(p.reserves, uniswapV2PairAbi, 'getReserves');
    const t0 = decode<Address>(p.token0, uniswapV2PairAbi, 'token0');
    reserves.set(
      p.pool.address.toLowerCase(),
      r.ok && t0.ok ? { token0: t0.value, reserve0: r.value[0], reserve1: r.value[1] } : null,
    );
  }
  const feedOf = (t: SwapToken, f: { decimals: number; round: number } | null): FeedState =>
    f
      ? feedState(
          t.feed,
          decode(f.decimals, aggregatorV3Abi, 'decimals'),
          decode(f.round, aggregatorV3Abi, 'latestRoundData'),
          block.timestamp,
        )
      : { usd8: null, status: 'unavailable', updatedAt: null };
  const balance = decode<bigint>(bal, erc20Abi, 'balanceOf');
  const allowance = decode<bigint>(allow, erc20Abi, 'allowance');
  return {
    blockNumber: block.number,
    blockTimestamp: block.timestamp,
    reserves,
    feedIn: feedOf(input.tokenIn, fIn),
    feedOut: feedOf(input.tokenOut, fOut),
    balance: balance.ok ? balance.value : 0n,
    allowance: allowance.ok ? allowance.value : 0n,
    tokenInReadable: balance.ok && allowance.ok,
  };
}

const refuse = (code: QuoteRefusal['code'], message: string, userMessage: string): QuoteRefusal => ({
  ok: false,
  code,
  message,
  userMessage,
});

/** Picks the best route for the state read and applies every guard (pure). */
export function buildQuote(
  state: QuoteState,
  pools: readonly SwapPool[],
  input: QuoteInput,
  guards: QuoteGuards,
): Quote | QuoteRefusal {
  if (input.slippageBps > guards.maxSlippageBps) {
    return refuse(
      'slippage_too_high',
      `slippage ${input.slippageBps} bps is above the maximum ${guards.maxSlippageBps} bps for this pair`,
      'The price tolerance asked for is higher than allowed.',
    );
  }
  for (const [side, f] of [
    ['in', state.feedIn],
    ['out', state.feedOut],
  ] as const) {
    if (f.status !== 'ok' || f.usd8 === null) {
      const what =
        f.status === 'stale' ? 'is stale' : f.status === 'invalid' ? 'answers a non-positive price' : 'cannot be read';
      return refuse(
        'oracle_stale',
        `the price feed of token ${side} ${what}`,
        'Prices cannot be checked right now, so swaps are paused. Please try again later.',
      );
    }
  }
  const oracle = oraclePrice(state.feedIn.usd8!, input.tokenIn.decimals, state.feedOut.usd8!, input.tokenOut.decimals);
  let best: { route: ReturnType<typeof candidateRoutes>[number]; hops: Hop[]; amounts: bigint[] } | null = null;
  let thin = false;
  for (const route of candidateRoutes(pools, input.tokenIn.address, input.tokenOut.address)) {
    const hops: Hop[] = [];
    for (let i = 0; i < route.pools.length; i++) {
      const r = state.reserves.get(route.pools[i]!.address.toLowerCase());
      if (!r) break;
      hops.push(orient(route.path[i]!, r.token0, r.reserve0, r.reserve1));
    }
    if (hops.length !== route.pools.length) continue;
    try {
      const amounts =
        input.amountIn !== undefined ? getAmountsOut(input.amountIn, hops) : getAmountsIn(input.amountOut!, hops);
      const better =
        !best ||
        (input.amountIn !== undefined ? amounts.at(-1)! > best.amounts.at(-1)! : amounts[0]! < best.amounts[0]!);
      if (better) best = { route, hops, amounts };
    } catch (err) {
      if (err instanceof QuoteMathError) thin = true;
      else throw err;
    }
  }
  if (!best) {
    return thin
      ? refuse(
          'insufficient_liquidity',
          'no pool on any route holds enough for this amount',
          'There is not enough liquidity for this swap right now.',
        )
      : refuse(
          'no_route',
          `no configured pool route from ${input.tokenIn.symbol} to ${input.tokenOut.symbol}`,
          'This pair cannot be swapped.',
        );
  }
  // Liquidity: the thinner side of every pool on the route, valued with the feeds of the route's ends where known.
  const usdPerInUnit = state.feedIn.usd8!;
  for (let i = 0; i < best.hops.length; i++) {
    // Value the hop's input reserve in units of token in, through the mid price back to the start.
    const back = midPrice(best.hops.slice(0, i));
    const reserveInTokenIn = i === 0 ? best.hops[0]!.reserveIn : (best.hops[i]!.reserveIn * 10n ** 18n) / back;
    const usd8 = (reserveInTokenIn * usdPerInUnit) / 10n ** BigInt(input.tokenIn.decimals);
    if (usd8 < guards.minLiquidityUsd8) {
      return refuse(
        'insufficient_liquidity',
        `pool ${best.route.pools[i]!.address} holds about ${usd8 / 100_000_000n} USD on one side, below the minimum ${guards.minLiquidityUsd8 / 100_000_000n} USD`,
        'There is not enough liquidity for this swap right now.',
      );
    }
  }
  const mid = midPrice(best.hops);
  const deviation = deviationBps(mid, oracle);
  if (deviation > guards.maxOracleDeviationBps) {
    return refuse(
      'oracle_deviation',
      `the pool price deviates ${deviation} bps from the price feeds (maximum ${guards.maxOracleDeviationBps} bps)`,
      'The market price looks wrong right now, so this swap was stopped to protect you.',
    );
  }
  const amountIn = best.amounts[0]!;
  const amountOut = best.amounts.at(-1)!;
  const impact = priceImpactBps(best.hops, amountIn, amountOut);
  if (impact > guards.maxPriceImpactBps) {
    return refuse(
      'price_impact_too_high',
      `price impact ${impact} bps is above the maximum ${guards.maxPriceImpactBps} bps`,
      'This swap is too large for the available liquidity. Try a smaller amount.',
    );
  }
  const exactIn = input.amountIn !== undefined;
  const maxIn = exactIn ? amountIn : maxAmountIn(amountIn, input.slippageBps);
  return {
    ok: true,
    blockNumber: state.blockNumber,
    route: best.route.path,
    pools: best.route.pools.map((p) => p.address),
    amountIn,
    amountOut,
    minAmountOut: exactIn ? minAmountOut(amountOut, input.slippageBps) : amountOut,
    maxAmountIn: maxIn,
    executionPrice: executionPrice(amountIn, amountOut),
    midPrice: mid,
    priceImpactBps: impact,
    lpFeeIn: lpFeeIn(best.hops, best.amounts),
    oraclePrice: oracle,
    oracleDeviationBps: deviation,
    balance: state.balance,
    allowance: state.allowance,
    needsApproval: state.allowance < maxIn,
    feeds: { in: state.feedIn, out: state.feedOut },
  };
}
