import type { Kysely } from 'kysely';
import { encodeFunctionData, formatUnits, maxUint256, parseUnits, type Address } from 'viem';
import { z } from 'zod';
import type { ChainRegistry } from '../chain/index.ts';
import type { ChainConfig, Config } from '../config/schema.ts';
import { erc20Abi, uniswapV2Router02Abi, uniswapV2RouterExtraAbi } from '../contracts/abis.ts';
import type { DB } from '../db/schema.ts';
import { KeelError, UpstreamError, ValidationError, type FieldError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { decimalAmountSchema } from '../lib/money.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import { endUserIdSchema } from '../lib/user-id.ts';
import { usdOf } from '../lib/prices.ts';
import { gasLimitFor } from '../pipeline/fees.ts';
import { decimalsOf } from '../pipeline/intake.ts';
import { renderPreview } from '../pipeline/preview.ts';
import type { Pipeline } from '../pipeline/service.ts';
import { simulateCalls } from '../pipeline/simulate.ts';
import type { SignerRegistry } from '../signers/index.ts';
import {
  buildQuote,
  candidateRoutes,
  readQuoteState,
  type QuoteGuards,
  type QuoteInput,
  type QuoteRefusal,
  type QuoteState,
  type SwapPool,
  type SwapToken,
} from './quote-engine.ts';
import { poolBreaker, protocolBreaker, type Breaker, type BreakersStore } from '../breakers/store.ts';
import { SwapsStore } from './store.ts';

/** The breaker name of the exchange protocol swaps use. */
export const PROTOCOL = 'uniswap-v2';

/**
 * `POST /v1/swaps/quotes`: a quote for swapping between two configured tokens through the
 * chain's configured Uniswap V2 pools, with every guard applied, the transactions it would
 * send (an exact approval when the allowance is short, then the swap with its minimum output
 * and deadline) described in plain language, the gas in native coin and USD, and the
 * disclosures to show the user. The quote is kept until it expires.
 */

export const quoteBodySchema = z.strictObject({
  chainId: z.number().int().positive(),
  /** The Keel-managed account (signer name) that would swap. */
  account: z.string().min(1).max(64),
  userId: endUserIdSchema(),
  /** Configured symbols (or addresses) on that chain. */
  tokenIn: z.string().min(1).max(64),
  tokenOut: z.string().min(1).max(64),
  /** Exactly one of `amountIn` (exact input) and `amountOut` (exact output). */
  amountIn: decimalAmountSchema.optional(),
  amountOut: decimalAmountSchema.optional(),
  /** Default `swaps.defaultSlippageBps`. */
  slippageBps: z.number().int().min(0).max(10_000).optional(),
});
export type QuoteBody = z.output<typeof quoteBodySchema>;

const usd8Of = (s: string) => parseUnits(s, 8);

/** 503 `swap_unavailable` naming the open breaker and since when. */
export function swapUnavailable(b: Breaker): KeelError {
  return new KeelError(
    'swap_unavailable',
    `breaker ${b.key} is open since ${b.trippedAt}: ${b.reason ?? 'no reason given'}`,
    {
      extra: { breaker: b.key, trippedAt: b.trippedAt },
    },
  );
}

/** A guard refused the quote: 422 with the stable code and a message for the end user. */
export class QuoteRefusedError extends KeelError {
  constructor(code: QuoteRefusal['code'] | 'insufficient_balance', detail: string, userMessage: string) {
    super(code, detail, { userMessage });
  }
}

export class SwapQuotes {
  readonly #store: SwapsStore;

  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      config: Config;
      chains: ChainRegistry;
      signers: SignerRegistry;
      pipeline: Pipeline;
      breakers: BreakersStore;
    },
  ) {
    this.#store = new SwapsStore(deps.db);
  }

  /** The guard limits of a pair: the defaults, overridden by a `swaps.pairs` entry naming both tokens. */
  guardsFor(a: string, b: string): QuoteGuards {
    const s = this.deps.config.swaps;
    const pair = s.pairs.find(
      (p) => (p.tokens[0] === a && p.tokens[1] === b) || (p.tokens[0] === b && p.tokens[1] === a),
    );
    return {
      maxSlippageBps: BigInt(pair?.maxSlippageBps ?? s.maxSlippageBps),
      maxPriceImpactBps: BigInt(pair?.maxPriceImpactBps ?? s.maxPriceImpactBps),
      maxOracleDeviationBps: BigInt(pair?.maxOracleDeviationBps ?? s.maxOracleDeviationBps),
      minLiquidityUsd8: usd8Of(pair?.minLiquidityUsd ?? s.minLiquidityUsd),
    };
  }

  /**
   * Reads the state of a swap through `pools` behind the circuit breakers: 503
   * `swap_unavailable` while the protocol's breaker, or every pool of every route, is open.
   * A pool whose reserves cannot be read, or a token in whose balance cannot be read (paused,
   * self-destructed, replaced), trips the breakers of the pools concerned on the spot. Returns
   * the state and the pools it may route through.
   */
  async readGuarded(
    chain: ChainConfig,
    allPools: readonly SwapPool[],
    input: Pick<QuoteInput, 'tokenIn' | 'tokenOut' | 'account' | 'router'>,
  ): Promise<{ state: QuoteState; pools: SwapPool[] }> {
    const handle = this.deps.chains.get(chain.chainId);
    if (!handle) throw new UpstreamError('chain_unavailable', `chain ${chain.chainId} has no client`);
    const protocolKey = protocolBreaker(PROTOCOL, chain.chainId);
    const keyOf = (p: SwapPool) => poolBreaker(chain.chainId, p.address);
    const open = await this.deps.breakers.openAmong([protocolKey, ...allPools.map(keyOf)]);
    const protocolOpen = open.find((b) => b.key === protocolKey);
    if (protocolOpen) throw swapUnavailable(protocolOpen);
    const routable = (ps: readonly SwapPool[]) =>
      candidateRoutes(ps, input.tokenIn.address, input.tokenOut.address).length > 0;
    let pools = allPools.filter((p) => !open.some((b) => b.key === keyOf(p)));
    if (routable(allPools) && !routable(pools)) throw swapUnavailable(open[0]!);
    let state: QuoteState;
    try {
      state = await readQuoteState(handle.client, chain.multicall3 as Address, pools, input);
    } catch (err) {
      throw new UpstreamError(
        'chain_unavailable',
        `chain ${chain.chainId} could not be read: ${(err as Error).message.split('\n')[0]}`,
        { userMessage: 'Swaps are not available right now. Please try again shortly.' },
      );
    }
    const used = new Set(candidateRoutes(pools, input.tokenIn.address, input.tokenOut.address).flatMap((r) => r.pools));
    const broken = [...used].filter(
      (p) =>
        state.reserves.get(p.address.toLowerCase()) === null ||
        (!state.tokenInReadable && p.tokens.some((t) => t.toLowerCase() === input.tokenIn.address.toLowerCase())),
    );
    if (broken.length) {
      const why = (p: SwapPool) =>
        state.reserves.get(p.address.toLowerCase()) === null
          ? `pool ${p.address} cannot be read (getReserves failed)`
          : `token ${input.tokenIn.symbol} cannot be read (balanceOf failed): paused or broken`;
      const tripped = await Promise.all(broken.map((p) => this.deps.breakers.trip(keyOf(p), why(p), 'auto')));
      pools = pools.filter((p) => !broken.includes(p));
      if (!routable(pools)) throw swapUnavailable(tripped[0]!);
    }
    return { state, pools };
  }

  /**
   * A stored quote of `apiKeyId`. A missing quote and another key's quote are the same 404
   * `quote_not_found`, so one key cannot read or probe another's quotes.
   */
  async owned(id: string, apiKeyId: string) {
    const row = await this.#store.quote(id);
    if (!row || row.api_key_id !== apiKeyId) throw new KeelError('quote_not_found', `no swap quote ${id}`);
    return row;
  }

  async quote(body: QuoteBody, apiKeyId: string) {
    const { config, chains } = this.deps;
    const errors: FieldError[] = [];
    const fail = (field: string, code: string, message: string) =>
      errors.push({ field: `body.${field}`, code, message });
    const chain = config.chains.find((c) => c.chainId === body.chainId);
    if (!chain) fail('chainId', 'unknown_chain', `chain ${body.chainId} is not configured`);
    else if (!chain.dex)
      fail(
        'chainId',
        'swaps_not_configured',
        `chain ${body.chainId} has no exchange configured (chains.${body.chainId}.dex)`,
      );
    const signer = this.deps.signers.get(body.account);
    if (!signer) fail('account', 'unknown_signer', `no signer named ${body.account}`);
    const token = (name: string, field: string): SwapToken | null => {
      if (!chain) return null;
      const a = chain.assets.find((x) => x.symbol === name || x.address.toLowerCase() === name.toLowerCase());
      if (!a) {
        fail(field, 'unknown_asset', `${name} is not a configured token on chain ${chain.chainId}`);
        return null;
      }
      if (!chain.dex?.pools.some((p) => p.tokens.includes(a.symbol)))
        fail(field, 'not_swappable', `no configured pool trades ${a.symbol}`);
      return {
        address: a.address as Address,
        symbol: a.symbol,
        decimals: a.decimals,
        ...(a.priceFeed ? { feed: a.priceFeed } : {}),
      };
    };
    const tokenIn = token(body.tokenIn, 'tokenIn');
    const tokenOut = token(body.tokenOut, 'tokenOut');
    if (tokenIn && tokenOut && tokenIn.address === tokenOut.address)
      fail('tokenOut', 'same_token', 'tokenIn and tokenOut are the same token');
    if ((body.amountIn === undefined) === (body.amountOut === undefined))
      fail('amountIn', 'one_amount', 'give exactly one of amountIn (exact input) and amountOut (exact output)');
    const amountOf = (v: string | undefined, t: SwapToken | null, field: string): bigint | undefined => {
      if (v === undefined || !t) return undefined;
      const d = decimalsOf(v);
      if (d > t.decimals)
        return void fail(field, 'too_many_decimals', `${t.symbol} has ${t.decimals} decimals; the amount has ${d}`);
      const n = parseUnits(v, t.decimals);
      if (n === 0n) return void fail(field, 'not_positive', 'the amount must be more than zero');
      if (n > maxUint256) return void fail(field, 'too_big', 'the amount does not fit in 256 bits');
      return n;
    };
    const amountIn = amountOf(body.amountIn, tokenIn, 'amountIn');
    const amountOut = amountOf(body.amountOut, tokenOut, 'amountOut');
    const guards = tokenIn && tokenOut ? this.guardsFor(tokenIn.symbol, tokenOut.symbol) : null;
    const slippageBps = BigInt(body.slippageBps ?? config.swaps.defaultSlippageBps);
    if (guards && slippageBps > guards.maxSlippageBps)
      fail('slippageBps', 'slippage_too_high', `at most ${guards.maxSlippageBps} bps for this pair`);
    if (errors.length || !chain || !signer || !tokenIn || !tokenOut || !guards || !chain.dex)
      throw new ValidationError('the quote request is not valid', errors);
    const handle = chains.get(chain.chainId);
    if (!handle) throw new UpstreamError('chain_unavailable', `chain ${chain.chainId} has no client`);
    const allPools: SwapPool[] = chain.dex.pools.map((p) => ({
      address: p.address as Address,
      tokens: p.tokens.map((s) => chain.assets.find((a) => a.symbol === s)!.address as Address) as [Address, Address],
    }));
    const input = {
      tokenIn,
      tokenOut,
      slippageBps,
      account: signer.address,
      router: chain.dex.router as Address,
      ...(amountIn !== undefined ? { amountIn } : { amountOut: amountOut! }),
    };
    const { state, pools } = await this.readGuarded(chain, allPools, input);
    const q = buildQuote(state, pools, input, guards);
    if (!q.ok) {
      if (q.code === 'oracle_stale' || q.code === 'oracle_deviation') {
        // Repeated refusals of the oracle guard trip the pools this pair would use.
        const used = new Set(
          candidateRoutes(pools, tokenIn.address, tokenOut.address).flatMap((r) => r.pools.map((p) => p.address)),
        );
        await Promise.all(
          [...used].map((a) =>
            this.deps.breakers.recordFailure(poolBreaker(chain.chainId, a), `${q.code}: ${q.message}`),
          ),
        );
      }
      throw new QuoteRefusedError(q.code, q.message, q.userMessage);
    }
    if (q.balance < q.maxAmountIn) {
      throw new QuoteRefusedError(
        'insufficient_balance',
        `${signer.name} holds ${formatUnits(q.balance, tokenIn.decimals)} ${tokenIn.symbol}; the swap needs up to ${formatUnits(q.maxAmountIn, tokenIn.decimals)}`,
        'The account does not hold enough to make this swap.',
      );
    }

    const now = Math.floor(Date.now() / 1000);
    const expiresAt = new Date((now + config.swaps.quoteTtlSeconds) * 1000);
    // The router call carries the bound and a deadline: a price moved before inclusion reverts on chain.
    const deadline = BigInt(now + config.swaps.quoteTtlSeconds + 120);
    const router = chain.dex.router as Address;
    const calls = [
      ...(q.needsApproval
        ? [
            {
              to: tokenIn.address,
              value: 0n,
              data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [router, q.maxAmountIn] }),
            },
          ]
        : []),
      {
        to: router,
        value: 0n,
        data:
          amountIn !== undefined
            ? encodeFunctionData({
                abi: uniswapV2Router02Abi,
                functionName: 'swapExactTokensForTokens',
                args: [q.amountIn, q.minAmountOut, q.route, signer.address, deadline],
              })
            : encodeFunctionData({
                abi: uniswapV2RouterExtraAbi,
                functionName: 'swapTokensForExactTokens',
                args: [q.amountOut, q.maxAmountIn, q.route, signer.address, deadline],
              }),
      },
    ];
    const [sim, fees, prices] = await Promise.all([
      simulateCalls(handle.client, { chainId: chain.chainId, from: signer.address, calls }).catch(() => null),
      this.deps.pipeline.fees.get(chain.chainId).catch(() => null),
      this.deps.pipeline.facts.prices(chain),
    ]);
    const gas = sim?.ok ? sim.gasUsed.reduce((a, b) => a + gasLimitFor(b, config.pipeline.gasMarginPercent), 0n) : null;
    const preview =
      gas !== null && fees
        ? renderPreview({
            chain,
            from: { address: signer.address, label: `${signer.name} (Keel ${signer.role} account)` },
            calls,
            facts: { firstTimeRecipients: [] },
            fee: {
              gasLimit: gas,
              maxFeePerGas: fees.maxFeePerGas,
              ...(prices[chain.nativeSymbol] ? { nativeUsd: prices[chain.nativeSymbol]! } : {}),
            },
            balanceChanges: sim?.balanceChanges ?? [],
            prices,
          })
        : null;
    const amt = (v: bigint, t: SwapToken) => ({ amount: formatUnits(v, t.decimals), baseUnits: v.toString() });
    const priceText = (p: bigint) =>
      formatUnits((p * 10n ** BigInt(tokenIn.decimals)) / 10n ** BigInt(tokenOut.decimals), 18);
    const resource = {
      id: newId('swq'),
      object: 'swap_quote' as const,
      chainId: chain.chainId,
      account: { name: signer.name, address: signer.address },
      userId: body.userId,
      kind: amountIn !== undefined ? ('exact_in' as const) : ('exact_out' as const),
      tokenIn: { symbol: tokenIn.symbol, address: tokenIn.address, decimals: tokenIn.decimals },
      tokenOut: { symbol: tokenOut.symbol, address: tokenOut.address, decimals: tokenOut.decimals },
      amountIn: amt(q.amountIn, tokenIn),
      amountOut: amt(q.amountOut, tokenOut),
      minAmountOut: amt(q.minAmountOut, tokenOut),
      maxAmountIn: amt(q.maxAmountIn, tokenIn),
      slippageBps: Number(slippageBps),
      route: q.route.map((a) => chain.assets.find((x) => x.address.toLowerCase() === a.toLowerCase())?.symbol ?? a),
      pools: q.pools,
      executionPrice: priceText(q.executionPrice),
      priceImpactPercent: formatUnits(q.priceImpactBps, 2),
      oracle: { price: priceText(q.oraclePrice), deviationPercent: formatUnits(q.oracleDeviationBps, 2) },
      lpFee: amt(q.lpFeeIn, tokenIn),
      approval: q.needsApproval ? { spender: router, amount: amt(q.maxAmountIn, tokenIn), exact: true } : null,
      gas: gas !== null && fees ? gasFigures(chain, gas, fees.maxFeePerGas, prices[chain.nativeSymbol]) : null,
      preview,
      disclosures: disclosures(
        q.priceImpactBps,
        slippageBps,
        amountIn !== undefined,
        amt(q.minAmountOut, tokenOut).amount,
        amt(q.maxAmountIn, tokenIn).amount,
        tokenIn.symbol,
        tokenOut.symbol,
        preview?.finality.text ?? null,
      ),
      blockNumber: q.blockNumber.toString(),
      expiresAt: expiresAt.toISOString(),
      createdAt: new Date().toISOString(),
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await this.#store.insertQuote(trx, {
        id: resource.id,
        chain_id: chain.chainId,
        signer: signer.name,
        user_id: body.userId,
        api_key_id: apiKeyId,
        quote: JSON.stringify(resource),
        expires_at: expiresAt,
      });
      await recordResponse(trx, 'swap.quote', resource);
    });
    return resource;
  }
}

function gasFigures(chain: ChainConfig, gas: bigint, maxFeePerGas: bigint, nativeFeed: Parameters<typeof usdOf>[2]) {
  const wei = gas * maxFeePerGas;
  const usd = usdOf(wei, chain.nativeDecimals, nativeFeed);
  return {
    gasLimit: gas.toString(),
    maxFee: { amount: formatUnits(wei, chain.nativeDecimals), baseUnits: wei.toString(), symbol: chain.nativeSymbol },
    maxFeeUsd: usd === null ? null : formatUnits(usd, 8),
  };
}

function disclosures(
  impactBps: bigint,
  slippageBps: bigint,
  exactIn: boolean,
  minOut: string,
  maxIn: string,
  inSym: string,
  outSym: string,
  finality: string | null,
): string[] {
  const pct = (bps: bigint) => `${formatUnits(bps, 2)}%`;
  return [
    `Price impact: this swap moves the pool price by about ${pct(impactBps)}.`,
    `Price tolerance (slippage): ${pct(slippageBps)}. ${exactIn ? `You receive at least ${minOut} ${outSym}, or the swap does not happen.` : `You pay at most ${maxIn} ${inSym}, or the swap does not happen.`}`,
    'The amount shown is an estimate: the final amount depends on the market when the swap is included in a block, and is not guaranteed beyond the limit above.',
    ...(finality ? [`Time to finality: ${finality}.`] : []),
  ];
}
