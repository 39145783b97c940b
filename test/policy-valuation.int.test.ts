import { readFileSync } from 'node:fs';
import { createPublicClient, getAddress, http, parseUnits, type Address } from 'viem';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi } from '../src/contracts/abis.ts';
import { users } from '../src/devnet/accounts.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, testConfig, type TestKeel } from './helpers/keel.ts';
import { api, pipelinePolicy, statusIs, waitForTx } from './helpers/pipeline.ts';

/**
 * Issue 12, part 1 and part 8, reproduced on a real chain: limits bypassed through direct
 * contract calls (a raw router swap, large approvals) and policy rules a fintech expects
 * (structuring, transfers to a token contract, lookalikes of Keel's own accounts and of every
 * address the address book names) — with the shipped dev policy, and with a policy that allows
 * raw router calls (valuation alone).
 */

const devDoc = parseYaml(readFileSync('config/development.yaml', 'utf8')) as {
  policy: { document: unknown };
  chains: Record<string, Record<string, unknown>>;
  signers: unknown;
};
const SWAP_EXACT_IN = 'swapExactTokensForTokens(uint256,uint256,address[],address,uint256)';
const tusd = (n: string) => parseUnits(n, 6);

interface Setup {
  chain: TestChain;
  db: TestDatabase;
  keel: TestKeel;
  client: ReturnType<typeof createPublicClient>;
}
const balanceOf = (s: Setup, token: Address, who: Address) =>
  s.client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [who] });
const send = (s: Setup, body: Record<string, unknown>) =>
  api(s.keel.url!, s.keel.adminToken, 'POST', '/v1/transactions', {
    chainId: s.chain.chainId,
    signer: 'treasury',
    userId: 'u-val',
    ...body,
  });
const call = (to: Address, fn: string, args: unknown[]) => ({
  kind: 'contract_call',
  to,
  call: { function: fn, args },
});
const reasonsOf = (r: { body: any }) => (r.body?.decision?.reasons ?? []).map((x: { code: string }) => x.code);
const rawSwap = (s: Setup, amountIn: bigint) => {
  const c = s.chain.world.contracts;
  const deadline = String(Math.floor(Date.now() / 1000) + 600);
  return send(
    s,
    call(c.uniswapV2Router, SWAP_EXACT_IN, [
      amountIn.toString(),
      '0',
      [c.tUSD, c.WETH],
      s.chain.world.accounts.treasury,
      deadline,
    ]),
  );
};

async function setup(configOf: (chain: TestChain) => ReturnType<typeof testConfig>): Promise<Setup> {
  const [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
  const keel = await startTestKeel(configOf(chain), db, 'all');
  return { chain, db, keel, client: createPublicClient({ transport: http(chain.rpcUrl) }) };
}
async function teardown(s: Setup | undefined) {
  await s?.keel.stop();
  await Promise.all([s?.chain.stop(), s?.db.close()]);
}

describe('valuation with a policy that allows raw router calls (no swaps module reservation)', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup((chain) => {
      const c = chain.world.contracts;
      // The dev chain without its `dex` section: nothing reserves the router, so only valuation stands in the way.
      const { dex: _dex, ...devChain } = devDoc.chains[String(chain.chainId)]!;
      return testConfig({
        chains: { [chain.chainId]: { ...devChain, rpcUrls: [chain.rpcUrl], confirmations: 1, pollIntervalMs: 100 } },
        signers: devDoc.signers,
        pipeline: { pollIntervalMs: 100 },
        policy: {
          document: pipelinePolicy(chain, [
            { id: 'weth', kind: 'asset', effect: 'allow', assets: ['WETH'] },
            { id: 'router-any', kind: 'contract', effect: 'allow', contracts: [c.uniswapV2Router], functions: ['*'] },
            {
              id: 'daily',
              kind: 'window',
              effect: 'deny',
              per: 'user',
              windowSeconds: 86_400,
              limit: { usd: '40000' },
            },
          ]),
        },
      });
    });
  }, 120_000);
  afterAll(() => teardown(s));

  it('a raw 60,000 tUSD router swap with amountOutMin 0 is denied on its simulated outflow; nothing moves', async () => {
    const c = s.chain.world.contracts;
    const treasury = s.chain.world.accounts.treasury;
    const before = await balanceOf(s, c.tUSD, treasury);
    // Keel itself refuses the allowance such a swap needs (valued at 60,000 USD: over the router cap and the per-transaction limit).
    const approve = await send(
      s,
      call(c.tUSD, 'approve(address,uint256)', [c.uniswapV2Router, tusd('60000').toString()]),
    );
    expect(approve.status, JSON.stringify(approve.body)).toBe(403);
    expect(reasonsOf(approve)).toEqual(expect.arrayContaining(['approval_over_cap', 'amount_over_tx_limit']));
    // A standing allowance from elsewhere (granted outside Keel, as the review found on its dev stack).
    const rpc = (method: string, params: unknown[]) =>
      s.client.request({ method: method as 'eth_chainId', params: params as never });
    await rpc('anvil_impersonateAccount', [treasury]);
    const data = `0x095ea7b3${c.uniswapV2Router.slice(2).toLowerCase().padStart(64, '0')}${(2n ** 255n).toString(16).padStart(64, '0')}`;
    const hash = (await rpc('eth_sendTransaction', [{ from: treasury, to: c.tUSD, data }])) as `0x${string}`;
    await s.client.waitForTransactionReceipt({ hash });
    await rpc('anvil_stopImpersonatingAccount', [treasury]);

    const r = await rawSwap(s, tusd('60000'));
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(reasonsOf(r)).toContain('amount_over_tx_limit');
    expect(r.body.transaction).toMatchObject({ status: 'rejected', amountUsd: '60000', exposure: { usd: '60000' } });
    expect(await balanceOf(s, c.tUSD, treasury)).toBe(before);
  });

  it('with an allowance in place, the swap is valued by what leaves the treasury (deny above 50k, review above 10k)', async () => {
    const c = s.chain.world.contracts;
    const treasury = s.chain.world.accounts.treasury;
    const approve = await send(
      s,
      call(c.tUSD, 'approve(address,uint256)', [c.uniswapV2Router, tusd('20000').toString()]),
    );
    expect(approve.status, JSON.stringify(approve.body)).toBe(201);
    expect(approve.body.exposure).toMatchObject({
      usd: '20000',
      allowances: [
        expect.objectContaining({
          spender: getAddress(c.uniswapV2Router),
          amount: { amount: '20000', baseUnits: tusd('20000').toString() },
        }),
      ],
    });
    // 20,000 USD is above the test policy's 10,000 review line: approve it as a second key.
    const reviewer = await s.keel.tokenWith(['review', 'transactions:read']);
    expect(approve.body.status).toBe('pending_review');
    const ok = await api(s.keel.url!, reviewer, 'POST', `/v1/reviews/${approve.body.id}/approve`, { note: 'test' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    await waitForTx(s.keel.url!, s.keel.adminToken, approve.body.id, statusIs('confirmed'), 30_000);

    const before = await balanceOf(s, c.tUSD, treasury);
    const big = await rawSwap(s, tusd('15000'));
    expect(big.status, JSON.stringify(big.body)).toBe(201);
    expect(big.body.status).toBe('pending_review');
    expect(reasonsOf(big)).toContain('review_threshold');
    expect(big.body.amountUsd).toBe('15000');
    expect(big.body.exposure.assets).toEqual([
      expect.objectContaining({
        asset: expect.objectContaining({ symbol: 'tUSD' }),
        outflow: { amount: '15000', baseUnits: tusd('15000').toString() },
      }),
    ]);
    // The daily window (40,000) holds 20,000 (the approval) + 15,000 (reserved while in review).
    const over = await rawSwap(s, tusd('6000'));
    expect(over.status, JSON.stringify(over.body)).toBe(403);
    expect(reasonsOf(over)).toContain('window_limit_exceeded');
    expect(await balanceOf(s, c.tUSD, treasury)).toBe(before);
  });
});

describe('the shipped dev policy', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup((chain) =>
      devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
        policy: devDoc.policy,
        pipeline: { pollIntervalMs: 100 },
        swaps: { settleIntervalMs: 100 },
        payments: { depositFactory: chain.world.contracts.depositFactory },
        chains: { [chain.chainId]: { confirmations: 1, pollIntervalMs: 100 } },
      }),
    );
  }, 120_000);
  afterAll(() => teardown(s));

  it('refuses a raw router swap with use_swaps_api (swaps go through /v1/swaps and its guards)', async () => {
    const c = s.chain.world.contracts;
    const before = await balanceOf(s, c.tUSD, s.chain.world.accounts.treasury);
    const r = await rawSwap(s, tusd('60000'));
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(r.body.code).toBe('policy_denied');
    expect(reasonsOf(r)[0]).toBe('use_swaps_api');
    expect(r.body.userMessage).toContain('swap service');
    expect(r.body.transaction).toMatchObject({ status: 'rejected', intentKind: 'contract_call' });
    expect(await balanceOf(s, c.tUSD, s.chain.world.accounts.treasury)).toBe(before);
  });

  it('values approvals by their amount: 2^128−1, 1e30 and 1,000,000 tUSD are refused; an exact 5,000 passes and is counted', async () => {
    const c = s.chain.world.contracts;
    for (const amount of [2n ** 128n - 1n, 10n ** 30n, tusd('1000000')]) {
      const r = await send(s, call(c.tUSD, 'approve(address,uint256)', [c.uniswapV2Router, amount.toString()]));
      expect(r.status, `${amount}: ${JSON.stringify(r.body)}`).toBe(403);
      expect(reasonsOf(r)).toContain('approval_over_cap');
    }
    const ok = await send(s, call(c.tUSD, 'approve(address,uint256)', [c.uniswapV2Router, tusd('5000').toString()]));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ status: 'queued', amountUsd: '5000', exposure: { usd: '5000' } });
    expect(ok.body.decision.allowedBy).toContain('allowance-caps');
    // Counted against the user's daily window: 5,000 now, so 20,001 more is over 25,000.
    const more = await send(s, { kind: 'transfer', to: users[1]!.address, asset: 'tUSD', amount: '20001' });
    expect(more.status, JSON.stringify(more.body)).toBe(403);
    expect(reasonsOf(more)).toContain('window_limit_exceeded');
    await waitForTx(s.keel.url!, s.keel.adminToken, ok.body.id, statusIs('confirmed'), 30_000);
  });

  it('the swaps API is not blocked by raw-transfer limits: a swap runs under its own kind', async () => {
    const q = await api(s.keel.url!, s.keel.adminToken, 'POST', '/v1/swaps/quotes', {
      chainId: s.chain.chainId,
      account: 'treasury',
      userId: 'u-swap',
      tokenIn: 'tUSD',
      tokenOut: 'WETH',
      amountIn: '1000',
      slippageBps: 50,
    });
    expect(q.status, JSON.stringify(q.body)).toBe(201);
    const x = await api(s.keel.url!, s.keel.adminToken, 'POST', '/v1/swaps', { quoteId: q.body.id });
    expect(x.status, JSON.stringify(x.body)).toBe(201);
    const swapTx = x.body.transactions.find((t: { role: string }) => t.role === 'swap');
    const tx = await waitForTx(s.keel.url!, s.keel.adminToken, swapTx.id, statusIs('confirmed'), 30_000);
    expect(tx.intentKind).toBe('swap');
    expect(tx.decision.allowedBy).toContain('router-swaps');
    expect(Number(tx.amountUsd)).toBeGreaterThanOrEqual(1000);
  });

  it('structuring: four users paying one recipient 9,999 tUSD each — the second goes to review (per-counterparty window)', async () => {
    const to = users[2]!.address;
    const statuses: string[] = [];
    for (const u of ['s1', 's2', 's3', 's4']) {
      const r = await send(s, { kind: 'transfer', to, asset: 'tUSD', amount: '9999', userId: u });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      statuses.push(r.body.status);
      if (r.body.status === 'pending_review') expect(reasonsOf(r)).toContain('window_limit_exceeded');
    }
    expect(statuses).toEqual(['queued', 'pending_review', 'pending_review', 'pending_review']);
  });

  it('a transfer to the token contract itself is refused (destination_unreceivable)', async () => {
    const c = s.chain.world.contracts;
    const r = await send(s, { kind: 'transfer', to: c.tUSD, asset: 'tUSD', amount: '10' });
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(reasonsOf(r)).toContain('destination_unreceivable');
    const weth = await send(s, { kind: 'transfer', to: c.WETH, asset: 'tUSD', amount: '10' });
    expect(reasonsOf(weth)).toContain('destination_unreceivable');
  });

  it("a lookalike of Keel's own account (same first and last 4 hex characters) is refused", async () => {
    const own = s.chain.world.accounts.operations.toLowerCase();
    const twin = getAddress(`${own.slice(0, 6)}${'7'.repeat(32)}${own.slice(-4)}`);
    const r = await send(s, { kind: 'transfer', to: twin, asset: 'tUSD', amount: '10' });
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(reasonsOf(r)).toContain('address_lookalike');
    expect(r.body.decision.reasons.find((x: { code: string }) => x.code === 'address_lookalike').message).toContain(
      own,
    );
  });

  it('lookalikes of every address the address book names are refused: a demo user, a price feed, Multicall3, the deposit factory', async () => {
    const c = s.chain.world.contracts;
    const known: Array<[string, Address]> = [
      ['demo user', users[3]!.address],
      ['tUSD price feed', c.priceFeeds.tUSD],
      ['Multicall3', c.multicall3],
      ['deposit factory', c.depositFactory],
    ];
    for (const [what, address] of known) {
      const lower = address.toLowerCase();
      const twin = getAddress(`${lower.slice(0, 6)}${'7'.repeat(32)}${lower.slice(-4)}`);
      const r = await send(s, { kind: 'transfer', to: twin, asset: 'tUSD', amount: '10' });
      expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(403);
      const reason = r.body.decision.reasons.find((x: { code: string }) => x.code === 'address_lookalike');
      expect(reason?.message, what).toContain(lower);
    }
  });
});
