import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setFeedAnswer, setFeedRoundData } from '../src/devnet/feeds.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api } from './helpers/pipeline.ts';

/** POST /v1/swaps/quotes against the demo world (dev config: router, three pools, feeds). */

let chain: TestChain;
let db: TestDatabase;
let keel: TestKeel;
const post = (body: Record<string, unknown>, token = keel.adminToken) =>
  api(keel.url!, token, 'POST', '/v1/swaps/quotes', {
    chainId: chain.chainId,
    account: 'treasury',
    userId: 'u1',
    ...body,
  });

beforeAll(async () => {
  [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
  keel = await startTestKeel(devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }]), db);
}, 60_000);
afterAll(async () => {
  await keel?.stop();
  await Promise.all([chain?.stop(), db?.close()]);
});

describe('POST /v1/swaps/quotes', () => {
  it('quotes an exact-in swap with bounds, an exact approval, the transactions in plain language, gas and disclosures', async () => {
    const r = await post({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '2500', slippageBps: 50 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const q = r.body;
    expect(q).toMatchObject({
      object: 'swap_quote',
      kind: 'exact_in',
      route: ['tUSD', 'WETH'],
      amountIn: { amount: '2500', baseUnits: '2500000000' },
      slippageBps: 50,
    });
    expect(BigInt(q.minAmountOut.baseUnits)).toBe((BigInt(q.amountOut.baseUnits) * 9_950n) / 10_000n);
    expect(Number(q.executionPrice)).toBeGreaterThan(0);
    expect(Number(q.oracle.deviationPercent)).toBeLessThan(2);
    expect(q.approval).toMatchObject({ exact: true, amount: { amount: '2500' } });
    expect(q.preview.lines.map((l: any) => l.kind)).toEqual(['approve', 'swap']);
    expect(q.preview.lines[0].text).toMatch(/exactly 2,500/);
    expect(Number(q.gas.gasLimit)).toBeGreaterThan(50_000);
    expect(q.disclosures.join(' ')).toMatch(/at least .* WETH, or the swap does not happen/);
    expect(Date.parse(q.expiresAt) - Date.now()).toBeGreaterThan(20_000);
    const again = await api(keel.url!, keel.adminToken, 'GET', `/v1/swaps/quotes/${q.id}`);
    expect(again.body.amountOut).toEqual(q.amountOut);
  });

  it('quotes an exact-out swap through one hop', async () => {
    const r = await post({ tokenIn: 'tUSD', tokenOut: 'tVOL', amountOut: '100' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ kind: 'exact_out', route: ['tUSD', 'WETH', 'tVOL'], amountOut: { amount: '100' } });
    expect(BigInt(r.body.maxAmountIn.baseUnits)).toBeGreaterThan(BigInt(r.body.amountIn.baseUnits));
  });

  it.each([
    ['an unknown token', { tokenIn: 'DOGE', tokenOut: 'WETH', amountIn: '1' }, 'body.tokenIn'],
    ['both amounts', { tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '1', amountOut: '1' }, 'body.amountIn'],
    ['too many decimals', { tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '1.0000001' }, 'body.amountIn'],
    ['zero', { tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '0' }, 'body.amountIn'],
    [
      'slippage above the maximum',
      { tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '1', slippageBps: 500 },
      'body.slippageBps',
    ],
    ['the same token twice', { tokenIn: 'tUSD', tokenOut: 'tUSD', amountIn: '1' }, 'body.tokenOut'],
  ])('%s → 422 naming the field', async (_n, body, field) => {
    const r = await post(body);
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: any) => e.field)).toContain(field);
  });

  it('guards answer 422 with their code and a user message: no route, price impact, balance, stale and moved oracle', async () => {
    expect((await post({ tokenIn: 'tEUR', tokenOut: 'tVOL', amountIn: '10' })).body.code).toBe('no_route');
    expect((await post({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '200000' })).body.code).toBe(
      'price_impact_too_high',
    );
    expect(
      (await post({ account: 'operations', tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '30000' })).body.code,
    ).toMatch(/insufficient_balance|price_impact_too_high/);
    const feed = chain.world.contracts.priceFeeds.ETH;
    expect((await post({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '10' })).status).toBe(201);
    // The demo pool prices WETH at about 3,000 tUSD: the same answer, but old, is stale.
    await setFeedRoundData(chain.rpcUrl, feed, 3_000n * 10n ** 8n, 1_000n);
    const stale = await post({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '10' });
    expect(stale.status).toBe(422);
    expect(stale.body).toMatchObject({ code: 'oracle_stale' });
    expect(stale.body.userMessage).toMatch(/paused/);
    await setFeedAnswer(chain.rpcUrl, feed, 4_500n * 10n ** 8n);
    expect((await post({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '10' })).body.code).toBe('oracle_deviation');
  });

  it('circuit breakers: an operator trips the protocol (503 swap_unavailable, portfolio unaffected) and resets it; audit and events', async () => {
    await setFeedAnswer(chain.rpcUrl, chain.world.contracts.priceFeeds.ETH, 3_000n * 10n ** 8n);
    const key = `uniswap-v2:${chain.chainId}`;
    const viewer = await keel.tokenWith(['swaps:write']);
    expect((await api(keel.url!, viewer, 'POST', `/v1/breakers/${key}/trip`, { reason: 'x' })).status).toBe(403);
    const tripped = await api(keel.url!, keel.adminToken, 'POST', `/v1/breakers/${key}/trip`, {
      reason: 'Uniswap incident, pausing swaps',
    });
    expect(tripped.status, JSON.stringify(tripped.body)).toBe(200);
    expect(tripped.body).toMatchObject({ key, state: 'open', reason: 'Uniswap incident, pausing swaps' });
    const refused = await post({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '10' });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'swap_unavailable', breaker: key, trippedAt: tripped.body.trippedAt });
    expect(refused.body.userMessage).toMatch(/paused/);
    const portfolio = await api(
      keel.url!,
      keel.adminToken,
      'GET',
      `/v1/portfolio?addresses=${chain.world.accounts.treasury}`,
    );
    expect(portfolio.status).toBe(200);
    const list = await api(keel.url!, keel.adminToken, 'GET', '/v1/breakers');
    expect(list.body.data.find((b: any) => b.key === key).state).toBe('open');
    const reset = await api(keel.url!, keel.adminToken, 'POST', `/v1/breakers/${key}/reset`, { note: 'resolved' });
    expect(reset.body.state).toBe('closed');
    expect((await api(keel.url!, keel.adminToken, 'POST', `/v1/breakers/${key}/reset`, {})).status).toBe(409);
    expect((await post({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '10' })).status).toBe(201);
    const audit = await api(keel.url!, keel.adminToken, 'GET', `/v1/audit-log?subject=${key}`);
    expect(audit.body.data.map((e: any) => e.action).sort()).toEqual(['breaker.reset', 'breaker.tripped']);
    const events = await api(
      keel.url!,
      keel.adminToken,
      'GET',
      '/v1/events?type=breaker.tripped,breaker.reset&limit=100',
    );
    expect(events.body.data.filter((e: any) => e.data.object.key === key).map((e: any) => e.type)).toEqual([
      'breaker.tripped',
      'breaker.reset',
    ]);
  });

  it('a tripped pool degrades only the pairs that need it', async () => {
    const key = `pool:${chain.chainId}:${chain.world.contracts.pools.tUSD_WETH.toLowerCase()}`;
    await api(keel.url!, keel.adminToken, 'POST', `/v1/breakers/${key}/trip`, { reason: 'pool paused' });
    expect((await post({ tokenIn: 'tUSD', tokenOut: 'WETH', amountIn: '10' })).body.code).toBe('swap_unavailable');
    expect((await post({ tokenIn: 'tUSD', tokenOut: 'tEUR', amountIn: '10' })).status).toBe(201);
    await api(keel.url!, keel.adminToken, 'POST', `/v1/breakers/${key}/reset`, {});
  });

  it('repeated oracle refusals trip the pools automatically', async () => {
    const feed = chain.world.contracts.priceFeeds.tEUR;
    await setFeedRoundData(chain.rpcUrl, feed, 108_000_000n, 1_000n); // stale
    const codes: string[] = [];
    for (let i = 0; i < 6; i++)
      codes.push((await post({ tokenIn: 'tUSD', tokenOut: 'tEUR', amountIn: '10' })).body.code);
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('oracle_stale'));
    expect(codes[5]).toBe('swap_unavailable');
    const key = `pool:${chain.chainId}:${chain.world.contracts.pools.tUSD_tEUR.toLowerCase()}`;
    const b = (await api(keel.url!, keel.adminToken, 'GET', '/v1/breakers')).body.data.find((x: any) => x.key === key);
    expect(b).toMatchObject({ state: 'open', trippedBy: 'auto' });
    expect(b.reason).toMatch(/5 refusals/);
    await setFeedAnswer(chain.rpcUrl, feed, 108_000_000n);
    await api(keel.url!, keel.adminToken, 'POST', `/v1/breakers/${key}/reset`, {});
    expect((await post({ tokenIn: 'tUSD', tokenOut: 'tEUR', amountIn: '10' })).status).toBe(201);
  });
});
