/**
 * Swap quote benchmark: latency of `--count` quotes (tUSD → WETH, exact input, every guard
 * enabled: slippage, price impact, pool liquidity, feed freshness and pool-vs-oracle deviation)
 * against a baseline in the same run on the same anvil: one direct `getAmountsOut` call to the
 * Uniswap V2 router through viem — what a quote without any guard would cost.
 *
 * Measured, one at a time:
 * - keel quote engine: the batched read of every input at one block (reserves of every candidate
 *   pool, both feeds, balance, allowance: one `aggregate3`) plus route choice and guards — the
 *   quote as the swap path computes it;
 * - keel HTTP quote (`POST /v1/swaps/quotes`, informational): the engine plus validation, the
 *   simulated approval and swap, fee estimate, plain-language preview and the stored quote.
 *
 *   npm run bench:swaps [-- --count 1000 --http-count 200]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { createPublicClient, http, parseUnits, type Address } from 'viem';
import { uniswapV2Router02Abi } from '../src/contracts/abis.ts';
import {
  buildQuote,
  readQuoteState,
  type QuoteGuards,
  type SwapPool,
  type SwapToken,
} from '../src/swaps/quote-engine.ts';
import { testDatabase } from '../test/helpers/db.ts';
import { startTestChain } from '../test/helpers/devchain.ts';
import { devConfigFor, startTestKeel } from '../test/helpers/keel.ts';
import { api } from '../test/helpers/pipeline.ts';

const { values: args } = parseArgs({
  options: { count: { type: 'string', default: '1000' }, 'http-count': { type: 'string', default: '200' } },
});
const COUNT = Number(args.count);
const HTTP_COUNT = Number(args['http-count']);
const TARGET_P50_RATIO = 2;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (ms: number) => ms.toFixed(3);

async function timeEach(n: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(i); // warm-up (connections, JIT)
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function main() {
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
  };
  console.log(`swap quote benchmark: ${COUNT} quotes (tUSD → WETH, exact in), one at a time`);
  console.log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, node ${machine.node}`);
  const chain = await startTestChain();
  const db = await testDatabase();
  const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
    auth: { rateLimit: { max: 0 } },
  });
  const keel = await startTestKeel(config, db);
  try {
    const c = chain.world.contracts;
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    const s = config.swaps;
    const guards: QuoteGuards = {
      maxSlippageBps: BigInt(s.maxSlippageBps),
      maxPriceImpactBps: BigInt(s.maxPriceImpactBps),
      maxOracleDeviationBps: BigInt(s.maxOracleDeviationBps),
      minLiquidityUsd8: parseUnits(s.minLiquidityUsd, 8),
    };
    const chainCfg = config.chains[0]!;
    const tok = (sym: string): SwapToken => {
      const a = chainCfg.assets.find((x) => x.symbol === sym)!;
      return {
        address: a.address as Address,
        symbol: a.symbol,
        decimals: a.decimals,
        ...(a.priceFeed ? { feed: a.priceFeed } : {}),
      };
    };
    const pools: SwapPool[] = chainCfg.dex!.pools.map((p) => ({
      address: p.address as Address,
      tokens: p.tokens.map((t) => tok(t).address) as [Address, Address],
    }));
    const amountOf = (i: number) => parseUnits(String(100 + (i % 50)), 6);
    const input = (i: number) => ({
      tokenIn: tok('tUSD'),
      tokenOut: tok('WETH'),
      amountIn: amountOf(i),
      slippageBps: 50n,
      account: chain.world.accounts.treasury,
      router: c.uniswapV2Router,
    });

    const baseline = await timeEach(COUNT, async (i) => {
      await client.readContract({
        address: c.uniswapV2Router,
        abi: uniswapV2Router02Abi,
        functionName: 'getAmountsOut',
        args: [amountOf(i), [c.tUSD, c.WETH]],
      });
    });
    let refused = 0;
    const engine = await timeEach(COUNT, async (i) => {
      const state = await readQuoteState(client, c.multicall3, pools, input(i));
      if (!buildQuote(state, pools, input(i), guards).ok) refused++;
    });
    const httpFails: number[] = [];
    const httpLat = await timeEach(HTTP_COUNT, async (i) => {
      const r = await api(keel.url!, keel.adminToken, 'POST', '/v1/swaps/quotes', {
        chainId: chain.chainId,
        account: 'treasury',
        userId: 'bench',
        tokenIn: 'tUSD',
        tokenOut: 'WETH',
        amountIn: String(100 + (i % 50)),
      });
      if (r.status !== 201) httpFails.push(r.status);
    });
    const row = (name: string, xs: number[]) => ({ name, n: xs.length, p50: pct(xs, 50), p99: pct(xs, 99) });
    const rows = [
      row('baseline: getAmountsOut via viem', baseline),
      row('keel quote engine (all guards)', engine),
      row('keel POST /v1/swaps/quotes', httpLat),
    ];
    console.log('\n                                   n     p50 (ms)   p99 (ms)   p50 vs baseline');
    for (const r of rows)
      console.log(
        `${r.name.padEnd(34)} ${String(r.n).padStart(4)}  ${fmt(r.p50).padStart(9)}  ${fmt(r.p99).padStart(9)}   ${(r.p50 / rows[0]!.p50).toFixed(2)}×`,
      );
    const ratio = rows[1]!.p50 / rows[0]!.p50;
    const met = ratio <= TARGET_P50_RATIO;
    console.log(
      `\nquote engine p50 = ${ratio.toFixed(2)}× the baseline (target ≤ ${TARGET_P50_RATIO}×): ${met ? 'met' : 'NOT met'}`,
    );
    console.log(`checks: ${refused} engine quotes refused, ${httpFails.length} HTTP quotes not 201`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(
      'bench/results/swaps.json',
      `${JSON.stringify({ machine, count: COUNT, rows, ratio, target: TARGET_P50_RATIO, met, refused, httpFails }, null, 2)}\n`,
    );
    console.log('wrote bench/results/swaps.json');
    if (refused || httpFails.length) process.exitCode = 1;
  } finally {
    await keel.stop();
    await Promise.all([chain.stop(), db.close()]);
  }
}

await main();
