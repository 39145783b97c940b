import { createPublicClient, createWalletClient, http, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi, uniswapV2Router02Abi } from '../src/contracts/abis.ts';
import { deployer, users } from '../src/devnet/accounts.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api, pipelinePolicy, statusIs, waitForTx } from './helpers/pipeline.ts';
import { waitFor } from './helpers/webhook-receiver.ts';

/**
 * POST /v1/swaps against the real Uniswap V2 contracts of the demo world: execution through
 * the write path with balances checked on chain, a price moved between quote and execution
 * (refused before sending), a front-running swap mined in the same block (reverted on chain
 * on the bound), review of the batch, breakers, and bad input.
 */

let chain: TestChain;
let db: TestDatabase;
let keel: TestKeel;
let base: string;
let token: string;
let client: ReturnType<typeof createPublicClient>;
const treasury = (): Address => chain.world.accounts.treasury;
const rpc = (method: string, params: unknown[] = []) =>
  client.request({ method: method as 'eth_chainId', params: params as never });
const quote = async (body: Record<string, unknown>, tok = token) => {
  const r = await api(base, tok, 'POST', '/v1/swaps/quotes', {
    chainId: chain.chainId,
    account: 'treasury',
    userId: 'u1',
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};
const execute = (body: Record<string, unknown>, tok = token, headers: Record<string, string> = {}) =>
  api(base, tok, 'POST', '/v1/swaps', body, headers);
const balanceOf = (t: Address, a: Address) =>
  client.readContract({ address: t, abi: erc20Abi, functionName: 'balanceOf', args: [a] });
const allowanceOf = (t: Address, a: Address) =>
  client.readContract({
    address: t,
    abi: erc20Abi,
    functionName: 'allowance',
    args: [a, chain.world.contracts.uniswapV2Router],
  });
async function waitForSwap(id: string, until: (s: any) => boolean, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = (await api(base, token, 'GET', `/v1/swaps/${id}`)).body;
    if (until(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`swap ${id} did not reach the expected state; last: ${JSON.stringify(last)}`);
}
const settled = (s: any) => s?.settledAt !== null && s?.settledAt !== undefined;

/** Another account swaps straight through the router (moving the pool's price). */
async function swapAs(
  userIndex: number,
  path: readonly Address[],
  amountIn: bigint,
  opts: { maxPriorityFeePerGas?: bigint; maxFeePerGas?: bigint } = {},
): Promise<Hex> {
  const u = users[userIndex]!;
  const wallet = createWalletClient({
    account: privateKeyToAccount(u.privateKey),
    transport: http(chain.rpcUrl),
    chain: {
      id: chain.chainId,
      name: 't',
      nativeCurrency: { name: 'E', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
    },
  });
  const c = chain.world.contracts;
  const nonce = await client.getTransactionCount({ address: u.address, blockTag: 'pending' });
  await wallet.writeContract({
    address: path[0]!,
    abi: erc20Abi,
    functionName: 'approve',
    args: [c.uniswapV2Router, amountIn],
    nonce,
    gas: 100_000n,
    ...opts,
  });
  return wallet.writeContract({
    address: c.uniswapV2Router,
    abi: uniswapV2Router02Abi,
    functionName: 'swapExactTokensForTokens',
    args: [amountIn, 0n, [...path], u.address, BigInt(Math.floor(Date.now() / 1000) + 600)],
    nonce: nonce + 1,
    gas: 300_000n,
    ...opts,
  });
}
const buyWeth = (
  userIndex: number,
  amountTusd: bigint,
  opts: { maxPriorityFeePerGas?: bigint; maxFeePerGas?: bigint } = {},
) => swapAs(userIndex, [chain.world.contracts.tUSD, chain.world.contracts.WETH], amountTusd, opts);

beforeAll(async () => {
  [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
  const c = chain.world.contracts;
  const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
    policy: {
      document: pipelinePolicy(chain, [
        { id: 'weth', kind: 'asset', effect: 'allow', assets: ['WETH'] },
        {
          id: 'router-approvals',
          kind: 'contract',
          effect: 'allow',
          contracts: [c.WETH, c.tEUR],
          functions: [{ selector: 'approve(address,uint256)', spenders: [c.uniswapV2Router] }],
        },
        {
          id: 'router-swaps',
          kind: 'contract',
          effect: 'allow',
          contracts: [c.uniswapV2Router],
          functions: [
            {
              selector: 'swapExactTokensForTokens(uint256,uint256,address[],address,uint256)',
              args: [{ index: 3, oneOf: [chain.world.accounts.treasury] }],
            },
            {
              selector: 'swapTokensForExactTokens(uint256,uint256,address[],address,uint256)',
              args: [{ index: 3, oneOf: [chain.world.accounts.treasury] }],
            },
          ],
        },
      ]),
    },
    // Every signing simulates again first (as it does after a review that took a while).
    pipeline: { pollIntervalMs: 100, stuckAfterSeconds: 30, nonceCheckSeconds: 3600, resimulateAfterSeconds: 0 },
    swaps: { settleIntervalMs: 100 },
    chains: { [chain.chainId]: { confirmations: 1, pollIntervalMs: 100 } },
  });
  keel = await startTestKeel(config, db, 'all');
  base = keel.url!;
  token = keel.adminToken;
  client = createPublicClient({ transport: http(chain.rpcUrl) });
}, 60_000);

afterAll(async () => {
  await keel?.stop();
  await Promise.all([chain?.stop(), db?.close()]);
});

describe('POST /v1/swaps', () => {
  it('executes an exact-in quote: exact approval then swap at consecutive nonces, balances move by the actual amounts, swap.succeeded', async () => {
    const c = chain.world.contracts;
    const q = await quote({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '2500', slippageBps: 20 });
    const [usdBefore, wethBefore] = await Promise.all([balanceOf(c.tUSD, treasury()), balanceOf(c.WETH, treasury())]);
    const r = await execute({ quoteId: q.id, metadata: { order: 'o-1' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      object: 'swap',
      quoteId: q.id,
      status: 'processing',
      kind: 'exact_in',
      quoted: { minAmountOut: q.minAmountOut },
      result: null,
    });
    expect(r.body.transactions.map((t: any) => t.role)).toEqual(['approval', 'swap']);

    const s = await waitForSwap(r.body.id, settled);
    expect(s.status, JSON.stringify(s.failure)).toBe('succeeded');
    expect(s.failure).toBeNull();
    const [usdAfter, wethAfter] = await Promise.all([balanceOf(c.tUSD, treasury()), balanceOf(c.WETH, treasury())]);
    expect(usdBefore - usdAfter).toBe(BigInt(q.amountIn.baseUnits));
    expect(wethAfter - wethBefore).toBe(BigInt(s.result.amountOut.baseUnits));
    expect(BigInt(s.result.amountOut.baseUnits)).toBeGreaterThanOrEqual(BigInt(q.minAmountOut.baseUnits));
    // Nobody traded in between: the pool gave exactly what the quote expected.
    expect(s.result).toMatchObject({
      amountIn: q.amountIn,
      amountOut: q.amountOut,
      realisedSlippagePercent: '0',
      withinBounds: true,
    });
    // The exact approval was spent to the last unit.
    expect(await allowanceOf(c.tUSD, treasury())).toBe(0n);

    const [approval, swap] = await Promise.all(
      s.transactions.map((t: any) => api(base, token, 'GET', `/v1/transactions/${t.id}`).then((x) => x.body)),
    );
    expect(approval.status).toBe('confirmed');
    expect(swap.status).toBe('confirmed');
    expect(swap.nonce).toBe(approval.nonce + 1);
    expect(approval.batch).toEqual({ id: approval.id, index: 0 });
    expect(swap.batch).toEqual({ id: approval.id, index: 1 });
    expect(swap.metadata).toMatchObject({ order: 'o-1', swapId: s.id, quoteId: q.id });
    // The policy judged the router call by what it moves.
    expect(swap.asset.symbol).toBe('tUSD');
    expect(swap.amount.amount).toBe('2500');
    expect(swap.preview.lines.map((l: any) => l.kind)).toEqual(['approve', 'swap']);

    // The events API lists an event once no older database transaction is open: wait for it.
    await waitFor(
      async () =>
        (await api(base, token, 'GET', '/v1/events?type=swap.succeeded')).body.data.some(
          (e: any) => e.data.object.id === s.id,
        ),
      'swap.succeeded listed',
    );
  });

  it('executes an exact-out quote through one hop and approves the router back to zero after it', async () => {
    const c = chain.world.contracts;
    const q = await quote({ tokenIn: 'tUSD', tokenOut: 'tVOL', amountOut: '100' });
    const [usdBefore, volBefore] = await Promise.all([balanceOf(c.tUSD, treasury()), balanceOf(c.tVOL, treasury())]);
    const r = await execute({ quoteId: q.id, resetAllowance: true });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.transactions.map((t: any) => t.role)).toEqual(['approval', 'swap', 'allowance_reset']);
    const s = await waitForSwap(r.body.id, settled);
    expect(s.status, JSON.stringify(s.failure)).toBe('succeeded');
    const [usdAfter, volAfter] = await Promise.all([balanceOf(c.tUSD, treasury()), balanceOf(c.tVOL, treasury())]);
    expect(volAfter - volBefore).toBe(10n ** 20n);
    expect(usdBefore - usdAfter).toBe(BigInt(s.result.amountIn.baseUnits));
    expect(BigInt(s.result.amountIn.baseUnits)).toBeLessThanOrEqual(BigInt(q.maxAmountIn.baseUnits));
    await waitForTx(base, token, s.transactions[2].id, statusIs('confirmed'));
    expect(await allowanceOf(c.tUSD, treasury())).toBe(0n);
  });

  it('refuses with 409 price_moved, sending nothing, when another account moved the price past the bound after the quote', async () => {
    const q = await quote({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '2500', slippageBps: 20 });
    const before = await client.getTransactionCount({ address: treasury() });
    const txCount = (
      await db.db
        .selectFrom('transactions')
        .select((e) => e.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    // 10,000 tUSD into a 3,000,000 tUSD pool moves the price about 0.67%: past 0.2%, within the 2% oracle bound.
    await client.waitForTransactionReceipt({ hash: await buyWeth(0, 10_000n * 10n ** 6n) });
    const r = await execute({ quoteId: q.id });
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body).toMatchObject({ code: 'price_moved', quoted: q.minAmountOut });
    expect(r.body.userMessage).toMatch(/price moved/i);
    expect(BigInt(r.body.now.baseUnits)).toBeLessThan(BigInt(q.minAmountOut.baseUnits));
    expect(await client.getTransactionCount({ address: treasury() })).toBe(before);
    expect(
      (
        await db.db
          .selectFrom('transactions')
          .select((e) => e.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ).toBe(txCount);
    // A fresh quote at the new price goes through.
    const again = await execute({
      quoteId: (await quote({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '2500', slippageBps: 20 })).id,
    });
    expect(again.status).toBe(201);
    expect((await waitForSwap(again.body.id, settled)).status).toBe('succeeded');
  });

  it('a front-running swap mined first in the same block makes the swap revert on chain on its bound: reverted, decoded, counted against the pool', async () => {
    const c = chain.world.contracts;
    const q = await quote({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '2500', slippageBps: 20 });
    const usdBefore = await balanceOf(c.tUSD, treasury());
    await rpc('evm_setAutomine', [false]);
    let swapTx: any;
    try {
      const r = await execute({ quoteId: q.id });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const swapId = r.body.transactions.find((t: any) => t.role === 'swap').id;
      await waitForTx(base, token, swapId, statusIs('submitted'));
      // The attacker pays a far higher tip: the block orders its swap before the user's.
      await buyWeth(1, 10_000n * 10n ** 6n, { maxPriorityFeePerGas: 50n * 10n ** 9n, maxFeePerGas: 200n * 10n ** 9n });
      await rpc('evm_mine');
      const block = await client.getBlock({ includeTransactions: true });
      expect(block.transactions.length).toBeGreaterThanOrEqual(3);
      await rpc('evm_setAutomine', [true]);
      await rpc('evm_mine');
      swapTx = await waitForTx(base, token, swapId, statusIs('reverted', 'confirmed'));
      const s = await waitForSwap(r.body.id, settled);
      expect(s.status).toBe('reverted');
      expect(s.failure.code).toBe('price_moved');
      expect(s.result).toBeNull();
    } finally {
      await rpc('evm_setAutomine', [true]);
    }
    expect(swapTx.status).toBe('reverted');
    expect(swapTx.revert.description).toContain('INSUFFICIENT_OUTPUT_AMOUNT');
    expect(swapTx.revert.source).toBe('receipt');
    // Only the approval moved anything: the swap paid gas, no tUSD.
    expect(await balanceOf(c.tUSD, treasury())).toBe(usdBefore);
    const breakers = (await api(base, token, 'GET', '/v1/breakers')).body.data;
    expect(
      breakers.find((b: any) => b.key === `pool:${chain.chainId}:${c.pools.tUSD_WETH.toLowerCase()}`),
    ).toMatchObject({ state: 'closed', recentFailures: 1 });
    await waitFor(
      async () =>
        (await api(base, token, 'GET', '/v1/events?type=swap.failed')).body.data.some(
          (e: any) => e.data.object.status === 'reverted',
        ),
      'swap.failed (reverted) listed',
    );
  });

  it('a swap above the review threshold waits with its approval as one batch; one approval by another key releases both', async () => {
    // 4 WETH ≈ $12,000: above the $10,000 review threshold (and selling WETH moves the pool back).
    const q = await quote({ tokenIn: 'WETH', tokenOut: 'tUSD', amountIn: '4', slippageBps: 100 });
    const r = await execute({ quoteId: q.id });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.status).toBe('pending_review');
    expect(r.body.transactions.map((t: any) => t.status)).toEqual(['pending_review', 'pending_review']);
    const reviewer = await keel.tokenWith(['review']);
    const swapId = r.body.transactions[1].id;
    expect((await api(base, token, 'POST', `/v1/reviews/${swapId}/approve`, {})).body.code).toBe('self_review');
    const ok = await api(base, reviewer, 'POST', `/v1/reviews/${swapId}/approve`, { note: 'treasury rebalancing' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const s = await waitForSwap(r.body.id, settled);
    expect(s.status).toBe('succeeded');
    const approval = (await api(base, token, 'GET', `/v1/transactions/${r.body.transactions[0].id}`)).body;
    expect(approval.status).toBe('confirmed');
    expect(approval.review.decidedBy).toBeTruthy();
  });

  it('a rejected review ends the whole batch; the quote cannot be executed again', async () => {
    const q = await quote({ tokenIn: 'WETH', tokenOut: 'tUSD', amountIn: '4', slippageBps: 100 });
    const r = await execute({ quoteId: q.id });
    expect(r.body.status).toBe('pending_review');
    const reviewer = await keel.tokenWith(['review']);
    const rej = await api(base, reviewer, 'POST', `/v1/reviews/${r.body.transactions[0].id}/reject`, {
      note: 'not now',
    });
    expect(rej.status, JSON.stringify(rej.body)).toBe(200);
    const s = await waitForSwap(r.body.id, settled);
    expect(s).toMatchObject({ status: 'failed', failure: { code: 'review_rejected' } });
    expect(s.transactions.map((t: any) => t.status)).toEqual(['rejected', 'rejected']);
    expect((await execute({ quoteId: q.id })).body.code).toBe('quote_already_executed');
  });

  it('a price moved while the swap waited for review: the simulation before signing stops the whole batch with price_moved, nothing sent', async () => {
    const c = chain.world.contracts;
    const q = await quote({ tokenIn: 'WETH', tokenOut: 'tUSD', amountIn: '4', slippageBps: 10 });
    const r = await execute({ quoteId: q.id });
    expect(r.body.status).toBe('pending_review');
    const nonce = await client.getTransactionCount({ address: treasury() });
    // 2 WETH sold into a 1,000 WETH pool moves its price about 0.4%: past the 0.1% tolerance.
    await client.waitForTransactionReceipt({ hash: await swapAs(2, [c.WETH, c.tUSD], 2n * 10n ** 18n) });
    const reviewer = await keel.tokenWith(['review']);
    expect((await api(base, reviewer, 'POST', `/v1/reviews/${r.body.transactions[1].id}/approve`, {})).status).toBe(
      200,
    );
    const s = await waitForSwap(r.body.id, settled);
    expect(s).toMatchObject({ status: 'failed', failure: { code: 'price_moved' } });
    const [approval, swap] = await Promise.all(
      s.transactions.map((t: any) => api(base, token, 'GET', `/v1/transactions/${t.id}`).then((x) => x.body)),
    );
    expect(swap).toMatchObject({ status: 'failed', statusReason: 'price_moved', nonce: null });
    expect(swap.revert.description).toContain('INSUFFICIENT_OUTPUT_AMOUNT');
    expect(approval).toMatchObject({ status: 'failed', statusReason: 'batch_failed', nonce: null });
    expect(await client.getTransactionCount({ address: treasury() })).toBe(nonce);
  });

  it('breakers: a tripped pool answers 503 swap_unavailable for an existing quote; reset restores it', async () => {
    const c = chain.world.contracts;
    const q = await quote({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '100' });
    const key = `pool:${chain.chainId}:${c.pools.tUSD_WETH.toLowerCase()}`;
    expect((await api(base, token, 'POST', `/v1/breakers/${key}/trip`, { reason: 'incident 42' })).status).toBe(200);
    const r = await execute({ quoteId: q.id });
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ code: 'swap_unavailable', breaker: key });
    expect((await api(base, token, 'POST', `/v1/breakers/${key}/reset`, { note: 'resolved' })).status).toBe(200);
    expect((await execute({ quoteId: q.id })).status).toBe(201);
  });

  it('a pool or token that cannot be read trips its breaker at once (503), and nothing else is affected', async () => {
    const c = chain.world.contracts;
    const reverting = '0x60006000fd'; // PUSH1 0 PUSH1 0 REVERT
    for (const [target, tokenIn] of [
      [c.pools.tUSD_tEUR, 'tUSD'],
      [c.tEUR, 'tEUR'],
    ] as const) {
      const code = await client.getCode({ address: target });
      await rpc('anvil_setCode', [target, reverting]);
      try {
        const r = await api(base, token, 'POST', '/v1/swaps/quotes', {
          chainId: chain.chainId,
          account: 'treasury',
          userId: 'u1',
          tokenIn,
          tokenOut: tokenIn === 'tUSD' ? 'tEUR' : 'tUSD',
          amountIn: '10',
        });
        expect(r.status, JSON.stringify(r.body)).toBe(503);
        expect(r.body.code).toBe('swap_unavailable');
        const b = (await api(base, token, 'GET', '/v1/breakers')).body.data.find(
          (x: any) => x.key === `pool:${chain.chainId}:${c.pools.tUSD_tEUR.toLowerCase()}`,
        );
        expect(b).toMatchObject({ state: 'open', trippedBy: 'auto' });
        expect(b.reason).toMatch(/cannot be read/);
        // Other pairs and the portfolio keep working.
        expect(
          (
            await api(base, token, 'POST', '/v1/swaps/quotes', {
              chainId: chain.chainId,
              account: 'treasury',
              userId: 'u1',
              tokenIn: 'tUSD',
              tokenOut: 'WETH',
              amountIn: '10',
            })
          ).status,
        ).toBe(201);
        expect(
          (await api(base, token, 'GET', `/v1/portfolio?addresses=${treasury()}&chainIds=${chain.chainId}`)).status,
        ).toBe(200);
      } finally {
        await rpc('anvil_setCode', [target, code]);
        await api(base, token, 'POST', `/v1/breakers/pool:${chain.chainId}:${c.pools.tUSD_tEUR.toLowerCase()}/reset`, {
          note: 'restored',
        });
      }
    }
  });

  it('bad input and misuse: malformed, unknown, another key’s, expired and already executed quotes', async () => {
    expect((await execute({ quoteId: 'nope' })).status).toBe(422);
    expect((await execute({ quoteId: 'swq_01aaaaaaaaaaaaaaaaaaaaaaaa', extra: 1 })).status).toBe(422);
    expect((await execute({ quoteId: 'swq_01aaaaaaaaaaaaaaaaaaaaaaaa' })).body.code).toBe('quote_not_found');
    const q = await quote({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '10' });
    const other = await keel.tokenWith(['swaps:write']);
    const theirs = await execute({ quoteId: q.id }, other);
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('quote_not_found');
    // Reading it is refused the same way; its own key still reads it.
    expect((await api(base, other, 'GET', `/v1/swaps/quotes/${q.id}`)).body).toMatchObject({
      status: 404,
      code: 'quote_not_found',
    });
    expect((await api(base, token, 'GET', `/v1/swaps/quotes/${q.id}`)).body.id).toBe(q.id);
    const reader = await keel.tokenWith(['portfolio:read']);
    expect((await execute({ quoteId: q.id }, reader)).status).toBe(403);
    const old = await quote({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '10' });
    await db.db
      .updateTable('swap_quotes')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', old.id)
      .execute();
    const expired = await execute({ quoteId: old.id });
    expect(expired.status).toBe(409);
    expect(expired.body.code).toBe('quote_expired');
    // The same Idempotency-Key replays the first answer; a second execution without it is refused.
    const first = await execute({ quoteId: q.id }, token, { 'idempotency-key': `swap-${q.id}` });
    expect(first.status).toBe(201);
    const replay = await execute({ quoteId: q.id }, token, { 'idempotency-key': `swap-${q.id}` });
    expect(replay.body.id).toBe(first.body.id);
    const twice = await execute({ quoteId: q.id });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'quote_already_executed', swapId: first.body.id });
    expect((await api(base, token, 'GET', `/v1/swaps/${first.body.id}`, undefined)).status).toBe(200);
    expect((await api(base, other, 'GET', `/v1/swaps/${first.body.id}`)).status).toBe(404);
    const list = await api(base, token, 'GET', '/v1/swaps?limit=100');
    expect(list.body.data.map((s: any) => s.id)).toContain(first.body.id);
    await waitForSwap(first.body.id, settled);
  });

  it('a pool drained below the minimum liquidity refuses quotes with insufficient_liquidity', async () => {
    const c = chain.world.contracts;
    const pool = c.pools.tUSD_tEUR;
    const lp = await balanceOf(pool, deployer.address);
    const wallet = createWalletClient({
      account: privateKeyToAccount(deployer.privateKey),
      transport: http(chain.rpcUrl),
      chain: {
        id: chain.chainId,
        name: 't',
        nativeCurrency: { name: 'E', symbol: 'ETH', decimals: 18 },
        rpcUrls: { default: { http: [chain.rpcUrl] } },
      },
    });
    // The liquidity provider withdraws 99.5%: about 5,400 tUSD stays, below the 10,000 USD minimum.
    await client.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: pool,
        abi: erc20Abi,
        functionName: 'transfer',
        args: [pool, (lp * 995n) / 1000n],
      }),
    });
    await client.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: pool,
        abi: pairBurnAbi,
        functionName: 'burn',
        args: [deployer.address],
      }),
    });
    const r = await api(base, token, 'POST', '/v1/swaps/quotes', {
      chainId: chain.chainId,
      account: 'treasury',
      userId: 'u1',
      tokenIn: 'tUSD',
      tokenOut: 'tEUR',
      amountIn: '10',
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('insufficient_liquidity');
    expect(r.body.userMessage).toMatch(/not enough liquidity/);
  });
});

const pairBurnAbi = [
  {
    type: 'function',
    name: 'burn',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'to', type: 'address' }],
    outputs: [{ type: 'uint256' }, { type: 'uint256' }],
  },
] as const;
