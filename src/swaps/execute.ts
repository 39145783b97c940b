import type { Kysely, Transaction } from 'kysely';
import { formatUnits, getAddress, parseEventLogs, type Address } from 'viem';
import { z } from 'zod';
import { poolBreaker, type BreakersStore } from '../breakers/store.ts';
import type { ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import { erc20Abi } from '../contracts/abis.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import { KeelError, ValidationError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import { metadataSchema, prepareRequest } from '../pipeline/intake.ts';
import { reasonForRevert, SimulationRevertedError, type BatchItem, type Pipeline } from '../pipeline/service.ts';
import { viemLogs, type OutcomeHandler, type OutcomeLog, type TransactionOutcome } from '../pipeline/outcomes.ts';
import type { TransactionResource } from '../pipeline/resource.ts';
import type { TxStatus } from '../pipeline/states.ts';
import type { SignerRegistry } from '../signers/index.ts';
import { buildQuote, type SwapPool, type SwapToken } from './quote-engine.ts';
import { QuoteRefusedError, type SwapQuotes } from './service.ts';
import { SwapsStore, type SwapRow } from './store.ts';
import { dbJson } from '../db/json.ts';

/**
 * `POST /v1/swaps`: executes a quote through the write path. The pool is read again first:
 * if the quoted bound (`minAmountOut`, or `maxAmountIn` for an exact output) would no longer
 * hold, nothing is sent (409 `price_moved`). Otherwise an ordered batch goes to the pipeline —
 * an exact approval of the router when the allowance is short, the router call carrying the
 * bound and a deadline, and optionally an approval back to zero — decided by the policy,
 * simulated and reviewed as one, signed at consecutive nonces. A price that moves between
 * signing and inclusion makes the router revert on chain instead of filling badly. When the
 * swap transaction is final, its outcome handler (`settle`) reads what it actually yielded.
 */

/** The origin of a swap's router call; its other legs are `swaps.approval` and `swaps.allowance_reset`. */
export const SWAP_ORIGIN = 'swaps.swap';

export const executeSwapSchema = z.strictObject({
  quoteId: z.string().regex(/^swq_[0-9a-z]{26}$/, 'a quote id (swq_…)'),
  /** Approve the router back to zero after the swap (an extra transaction in the batch). */
  resetAllowance: z.boolean().default(false),
  /** Up to 20 string pairs, copied onto the swap's transactions. */
  metadata: metadataSchema,
});
export type ExecuteSwapBody = z.output<typeof executeSwapSchema>;

/** What `swap_quotes.quote` holds (the quote resource, as answered). */
interface StoredQuote {
  id: string;
  chainId: number;
  account: { name: string; address: Address };
  userId: string;
  kind: 'exact_in' | 'exact_out';
  tokenIn: { symbol: string; address: Address; decimals: number };
  tokenOut: { symbol: string; address: Address; decimals: number };
  amountIn: { amount: string; baseUnits: string };
  amountOut: { amount: string; baseUnits: string };
  minAmountOut: { amount: string; baseUnits: string };
  maxAmountIn: { amount: string; baseUnits: string };
  slippageBps: number;
  route: string[];
  pools: Address[];
  expiresAt: string;
}

export const SWAP_STATUSES = ['pending_review', 'processing', 'succeeded', 'reverted', 'failed', 'cancelled'] as const;
export type SwapStatus = (typeof SWAP_STATUSES)[number];

/** The swap's status follows its swap transaction. */
export function swapStatusOf(tx: TxStatus): SwapStatus {
  switch (tx) {
    case 'pending_policy':
    case 'queued':
    case 'signed':
    case 'submitted':
      return 'processing';
    case 'pending_review':
      return 'pending_review';
    case 'confirmed':
      return 'succeeded';
    case 'reverted':
      return 'reverted';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'failed';
  }
}

/** The router's own revert strings, as status reasons a fintech can act on. */
const ROUTER_REVERTS: Record<string, string> = {
  'UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT': 'price_moved',
  'UniswapV2Router: EXCESSIVE_INPUT_AMOUNT': 'price_moved',
  'UniswapV2Router: EXPIRED': 'swap_deadline_passed',
};

/** Realised slippage in basis points against the quote (positive: worse than quoted; negative: better). */
export function realisedSlippageBps(
  kind: 'exact_in' | 'exact_out',
  quoted: { amountIn: bigint; amountOut: bigint },
  actual: { amountIn: bigint; amountOut: bigint },
): bigint {
  if (kind === 'exact_in')
    return quoted.amountOut === 0n ? 0n : ((quoted.amountOut - actual.amountOut) * 10_000n) / quoted.amountOut;
  return quoted.amountIn === 0n ? 0n : ((actual.amountIn - quoted.amountIn) * 10_000n) / quoted.amountIn;
}

const priceMoved = (detail: string, extra: Record<string, unknown> = {}) =>
  new KeelError('price_moved', detail, { extra });

export class SwapExecutions {
  readonly #store: SwapsStore;

  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      config: Config;
      chains: ChainRegistry;
      signers: SignerRegistry;
      pipeline: Pipeline;
      quotes: SwapQuotes;
      breakers: BreakersStore;
    },
  ) {
    this.#store = new SwapsStore(deps.db);
    // The router and its pools are called only through this API and its guards: a raw
    // contract call to them is refused (`use_swaps_api`).
    for (const chain of deps.config.chains) {
      if (chain.dex)
        deps.pipeline.reserveContracts(
          chain.chainId,
          [chain.dex.router, ...chain.dex.pools.map((p) => p.address)],
          'use_swaps_api',
        );
    }
  }

  async execute(body: ExecuteSwapBody, apiKeyId: string) {
    const { config } = this.deps;
    const row = await this.deps.quotes.owned(body.quoteId, apiKeyId);
    const used = await this.#store.executedAs(row.id);
    if (used)
      throw new KeelError('quote_already_executed', `quote ${row.id} was executed as ${used}`, {
        extra: { swapId: used },
      });
    if (row.expires_at.getTime() <= Date.now())
      throw new KeelError('quote_expired', `quote ${row.id} expired at ${row.expires_at.toISOString()}`);
    const q = dbJson<StoredQuote>(row.quote);
    const chain = config.chains.find((c) => c.chainId === q.chainId);
    const signer = this.deps.signers.get(q.account.name);
    if (!chain?.dex || !signer || signer.address !== q.account.address) {
      throw new ValidationError('the quote can no longer be executed', [
        {
          field: 'body.quoteId',
          code: 'quote_stale_config',
          message: 'the chain, exchange or account of this quote is no longer configured',
        },
      ]);
    }
    const router = chain.dex.router as Address;
    const tokenOf = (t: StoredQuote['tokenIn']): SwapToken => {
      const a = chain.assets.find((x) => x.address.toLowerCase() === t.address.toLowerCase())!;
      return {
        address: t.address,
        symbol: t.symbol,
        decimals: t.decimals,
        ...(a?.priceFeed ? { feed: a.priceFeed } : {}),
      };
    };
    const tokenIn = tokenOf(q.tokenIn);
    const tokenOut = tokenOf(q.tokenOut);
    const routePools: SwapPool[] = q.pools.map((address) => {
      const p = chain.dex!.pools.find((x) => x.address.toLowerCase() === address.toLowerCase())!;
      return {
        address,
        tokens: p.tokens.map((s) => chain.assets.find((a) => a.symbol === s)!.address as Address) as [Address, Address],
      };
    });
    const bounds = {
      amountIn: BigInt(q.amountIn.baseUnits),
      amountOut: BigInt(q.amountOut.baseUnits),
      minOut: BigInt(q.minAmountOut.baseUnits),
      maxIn: BigInt(q.maxAmountIn.baseUnits),
    };
    const exactIn = q.kind === 'exact_in';

    // Read the quoted route again, behind the breakers, and apply every guard to what it gives now.
    const input = {
      tokenIn,
      tokenOut,
      slippageBps: BigInt(q.slippageBps),
      account: signer.address,
      router,
      ...(exactIn ? { amountIn: bounds.amountIn } : { amountOut: bounds.amountOut }),
    };
    const { state, pools } = await this.deps.quotes.readGuarded(chain, routePools, input);
    const now = buildQuote(state, pools, input, this.deps.quotes.guardsFor(tokenIn.symbol, tokenOut.symbol));
    if (!now.ok) {
      if (
        now.code === 'oracle_stale' ||
        now.code === 'oracle_deviation' ||
        now.code === 'price_impact_too_high' ||
        now.code === 'insufficient_liquidity'
      ) {
        // What the guards refuse now is a price that moved too — but name the guard.
        throw new QuoteRefusedError(now.code, `${now.message} (re-read before sending)`, now.userMessage);
      }
      throw priceMoved(`the quoted route is no longer available: ${now.message}`);
    }
    if (exactIn ? now.amountOut < bounds.minOut : now.amountIn > bounds.maxIn) {
      throw priceMoved(
        exactIn
          ? `the swap would now give ${formatUnits(now.amountOut, tokenOut.decimals)} ${tokenOut.symbol}, below the quote's minimum ${q.minAmountOut.amount}`
          : `the swap would now cost ${formatUnits(now.amountIn, tokenIn.decimals)} ${tokenIn.symbol}, above the quote's maximum ${q.maxAmountIn.amount}`,
        {
          quoted: exactIn ? q.minAmountOut : q.maxAmountIn,
          now: exactIn
            ? { amount: formatUnits(now.amountOut, tokenOut.decimals), baseUnits: now.amountOut.toString() }
            : { amount: formatUnits(now.amountIn, tokenIn.decimals), baseUnits: now.amountIn.toString() },
        },
      );
    }
    if (state.balance < bounds.maxIn) {
      throw new QuoteRefusedError(
        'insufficient_balance',
        `${signer.name} holds ${formatUnits(state.balance, tokenIn.decimals)} ${tokenIn.symbol}; the swap needs up to ${q.maxAmountIn.amount}`,
        'The account does not hold enough to make this swap.',
      );
    }

    // The batch: exact approval when short, the swap with its bound and deadline, optional reset.
    const id = newId('swp');
    const deadline = Math.floor(Date.now() / 1000) + config.swaps.deadlineSeconds;
    const route = routeAddresses(q, chain.assets);
    const base = {
      chainId: chain.chainId,
      signer: signer.name,
      kind: 'contract_call' as const,
      userId: q.userId,
      metadata: { ...body.metadata, swapId: id, quoteId: q.id },
    };
    const call = (to: Address, fn: string, args: Array<string | string[]>) => ({
      ...base,
      to,
      call: { function: fn, args },
    });
    const approve = (amount: bigint) => call(tokenIn.address, 'approve(address,uint256)', [router, amount.toString()]);
    const swap = exactIn
      ? call(router, 'swapExactTokensForTokens(uint256,uint256,address[],address,uint256)', [
          bounds.amountIn.toString(),
          bounds.minOut.toString(),
          route,
          signer.address,
          String(deadline),
        ])
      : call(router, 'swapTokensForExactTokens(uint256,uint256,address[],address,uint256)', [
          bounds.amountOut.toString(),
          bounds.maxIn.toString(),
          route,
          signer.address,
          String(deadline),
        ]);
    const bodies = [
      ...(state.allowance < bounds.maxIn ? [{ role: 'approval', body: approve(bounds.maxIn) }] : []),
      { role: 'swap', body: swap },
      ...(body.resetAllowance ? [{ role: 'allowance_reset', body: approve(0n) }] : []),
    ];
    const items: BatchItem[] = bodies.map(({ role, body: b }) => {
      const req = prepareRequest(config, this.deps.signers, b, apiKeyId, 'swap');
      if (role === 'swap') {
        // The router call moves token in: the policy judges its USD value and limits on it.
        req.asset = { symbol: tokenIn.symbol, address: tokenIn.address, decimals: tokenIn.decimals };
        req.intent.asset = req.asset;
        req.intent.amount = bounds.maxIn;
      }
      return { req, body: b, origin: `swaps.${role}`, ...(role === 'swap' ? { revertCodes: ROUTER_REVERTS } : {}) };
    });
    const swapIndex = bodies.findIndex((b) => b.role === 'swap');
    let created: Awaited<ReturnType<SwapExecutions['get']>> | undefined;
    try {
      await this.deps.pipeline.createBatch(
        items,
        apiKeyId,
        async (trx, res) => {
          const stored = {
            ...q,
            roles: bodies.map((b, i) => ({ role: b.role, txId: res[i]!.id })),
            deadline: new Date(deadline * 1000).toISOString(),
          };
          await this.#store.insert(trx, {
            id,
            quote_id: q.id,
            chain_id: chain.chainId,
            signer: signer.name,
            user_id: q.userId,
            api_key_id: apiKeyId,
            batch_id: res[0]!.batch?.id ?? res[0]!.id,
            swap_tx_id: res[swapIndex]!.id,
            quote: JSON.stringify(stored),
            status: swapStatusOf(res[swapIndex]!.status),
          });
          // The answer commits with the swap (src/lib/request-outcome.ts).
          created = await this.get(id, apiKeyId, res, trx);
          await recordResponse(trx, 'swap.execute', created);
        },
        'swap.execute',
      );
    } catch (err) {
      if (err instanceof SimulationRevertedError && err.reason === 'price_moved')
        throw priceMoved(`the simulation of the swap reverted on its bound: ${err.message}`, {
          transaction: (err.extra as { transaction?: unknown } | undefined)?.transaction,
        });
      if (isUniqueViolation(err))
        throw new KeelError('quote_already_executed', `quote ${q.id} was executed by a concurrent request`);
      throw err;
    }
    return created!;
  }

  /** The swap resource; 404 for another key's swap (`apiKeyId` null: any). `db`: read inside a transaction. */
  async get(id: string, apiKeyId: string | null, txs?: TransactionResource[], db: Kysely<DB> = this.deps.db) {
    const row = await this.#store.get(db, id);
    if (!row || (apiKeyId !== null && row.api_key_id !== apiKeyId))
      throw new KeelError('swap_not_found', `no swap ${id}`);
    return this.#resource(row, txs, db);
  }

  /** Swaps, newest first, optionally of one user. */
  async list(apiKeyId: string, filter: { userId?: string; limit: number; startingAfter?: string }) {
    const rows = await this.#store.list(apiKeyId, filter);
    const page = rows.slice(0, filter.limit);
    return { data: await Promise.all(page.map((r) => this.#resource(r))), hasMore: rows.length > filter.limit };
  }

  async #resource(row: SwapRow, txs?: TransactionResource[], db: Kysely<DB> = this.deps.db) {
    const q = dbJson<StoredQuote & { roles: Array<{ role: string; txId: string }>; deadline: string }>(row.quote);
    const list =
      txs ??
      (await this.deps.pipeline.store.loadMany(
        db,
        q.roles.map((r) => r.txId),
      ));
    const byId = new Map(list.map((t) => [t.id, t]));
    const swapTx = byId.get(row.swap_tx_id)!;
    const status = row.settled_at ? (row.status as SwapStatus) : swapStatusOf(swapTx.status);
    const result = dbJson<SwapResult | null>(row.result);
    const failure =
      status === 'failed' || status === 'reverted' || status === 'cancelled'
        ? {
            code:
              status === 'reverted'
                ? swapTx.revert
                  ? (reasonForRevert(ROUTER_REVERTS, swapTx.revert.description) ?? 'reverted')
                  : 'reverted'
                : (swapTx.statusReason ?? status),
            message: swapTx.revert?.description ?? swapTx.statusReason ?? status,
          }
        : null;
    return {
      id: row.id,
      object: 'swap' as const,
      quoteId: row.quote_id,
      status,
      chainId: Number(row.chain_id),
      account: q.account,
      userId: row.user_id,
      kind: q.kind,
      tokenIn: q.tokenIn,
      tokenOut: q.tokenOut,
      quoted: {
        amountIn: q.amountIn,
        amountOut: q.amountOut,
        minAmountOut: q.minAmountOut,
        maxAmountIn: q.maxAmountIn,
        slippageBps: q.slippageBps,
        route: q.route,
      },
      deadline: q.deadline,
      transactions: q.roles.map((r) => {
        const t = byId.get(r.txId);
        return { role: r.role, id: r.txId, status: t?.status ?? 'pending_policy', hash: t?.hash ?? null };
      }),
      result,
      failure,
      createdAt: new Date(row.created_at).toISOString(),
      settledAt: row.settled_at ? new Date(row.settled_at).toISOString() : null,
    };
  }

  /** The outcome handlers of swaps' transactions, by origin (registered with `pipeline.outcomes`). */
  outcomeHandlers(): Record<string, OutcomeHandler> {
    return { [SWAP_ORIGIN]: (trx, o) => this.settle(trx, o) };
  }

  /** The swap transactions of unsettled swaps (the catch-up at start: `TransactionsStore.redeliverFinal`). */
  unsettledTxIds(): Promise<string[]> {
    return this.#store.unsettledTxIds();
  }

  /**
   * The swap transaction is final (in its database transaction): reads what a confirmed swap
   * actually moved from the receipt's logs the outcome carries (token in paid, token out
   * received by the account) and the realised slippage; counts an on-chain revert against the
   * breakers of the pools it went through, in the same transaction (repeated reverts trip
   * them); emits `swap.succeeded` or `swap.failed`. A swap is settled once per final state; a
   * retracted final state (its block was lost) unsettles it, silently, until it is final again.
   */
  async settle(trx: Transaction<DB>, o: TransactionOutcome): Promise<void> {
    const swapId = o.metadata.swapId;
    if (typeof swapId !== 'string') return;
    if (o.kind === 'retracted') return this.#store.unsettle(trx, swapId, o.txId);
    const row = await this.#store.get(trx, swapId);
    if (!row || row.swap_tx_id !== o.txId) return;
    const q = dbJson<StoredQuote>(row.quote);
    const status = swapStatusOf(o.status);
    const result = status === 'succeeded' && o.logs ? readResult(q, o.logs) : null;
    if (!(await this.#store.settle(trx, swapId, status, result))) return;
    await publishEvent(
      trx,
      status === 'succeeded' ? 'swap.succeeded' : 'swap.failed',
      await this.get(swapId, null, undefined, trx),
    );
    if (status === 'reverted') {
      for (const p of q.pools)
        await this.deps.breakers.recordFailure(
          poolBreaker(Number(row.chain_id), p),
          `swap ${swapId} reverted on chain`,
          trx,
        );
    }
  }
}

/** What a settled swap yielded. */
export interface SwapResult {
  amountIn: { amount: string; baseUnits: string };
  amountOut: { amount: string; baseUnits: string };
  /** Positive: worse than quoted; negative: better. */
  realisedSlippagePercent: string;
  /** The bound held (always true for a confirmed swap: the router enforces it). */
  withinBounds: boolean;
}

/** Reads the token movements of a confirmed swap from its receipt's logs. */
export function readResult(
  q: Pick<
    StoredQuote,
    'kind' | 'account' | 'tokenIn' | 'tokenOut' | 'amountIn' | 'amountOut' | 'minAmountOut' | 'maxAmountIn'
  >,
  logs: readonly OutcomeLog[],
): SwapResult {
  const asLogs = viemLogs(logs);
  const transfers = parseEventLogs({ abi: erc20Abi, eventName: 'Transfer', logs: asLogs });
  const account = getAddress(q.account.address);
  let paid = 0n;
  let received = 0n;
  for (const t of transfers) {
    const token = getAddress(t.address);
    if (token === getAddress(q.tokenIn.address) && getAddress(t.args.from) === account) paid += t.args.value;
    if (token === getAddress(q.tokenOut.address) && getAddress(t.args.to) === account) received += t.args.value;
  }
  const quoted = { amountIn: BigInt(q.amountIn.baseUnits), amountOut: BigInt(q.amountOut.baseUnits) };
  const slip = realisedSlippageBps(q.kind, quoted, { amountIn: paid, amountOut: received });
  return {
    amountIn: { amount: formatUnits(paid, q.tokenIn.decimals), baseUnits: paid.toString() },
    amountOut: { amount: formatUnits(received, q.tokenOut.decimals), baseUnits: received.toString() },
    realisedSlippagePercent: formatUnits(slip, 2),
    withinBounds:
      q.kind === 'exact_in' ? received >= BigInt(q.minAmountOut.baseUnits) : paid <= BigInt(q.maxAmountIn.baseUnits),
  };
}

/** The quote's route as token addresses (the quote names tokens by symbol). */
function routeAddresses(q: StoredQuote, assets: ReadonlyArray<{ symbol: string; address: string }>): string[] {
  return q.route.map((s) => assets.find((a) => a.symbol === s)?.address ?? s);
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '23505';
}
