import { createPublicClient, erc20Abi, http, maxUint256, parseAbi, type Address, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users, treasury } from '../src/devnet/accounts.ts';
import { setFeedRoundData } from '../src/devnet/feeds.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';

const vaultAbi = parseAbi([
  'function balanceOf(address) view returns (uint256)',
  'function convertToAssets(uint256) view returns (uint256)',
]);
const feedAbi = parseAbi(['function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)']);

/** Sum of the `keel_rpc_requests_total` and `keel_rpc_http_requests_total` series for a chain. */
async function rpcCounts(keel: TestKeel, chainId: number) {
  const metrics = await keel.metrics.getMetricsAsJSON();
  const sum = (name: string, filter: (l: Record<string, unknown>) => boolean = () => true) =>
    metrics
      .find((m) => m.name === name)
      ?.values.filter((v) => v.labels.chain_id === String(chainId) && filter(v.labels))
      .reduce((a, v) => a + v.value, 0) ?? 0;
  return {
    calls: sum('keel_rpc_requests_total'),
    ethCalls: sum('keel_rpc_requests_total', (l) => l.method === 'eth_call'),
    http: sum('keel_rpc_http_requests_total'),
  };
}

describe('GET /v1/portfolio against the demo world on two anvil chains', () => {
  let a: TestChain;
  let b: TestChain;
  let db: TestDatabase;
  let keel: TestKeel;
  const direct = new Map<number, PublicClient>();
  const owners = [...users.map((u) => u.address), treasury.address];

  beforeAll(async () => {
    [a, b, db] = await Promise.all([
      startTestChain({ chainId: 31337 }),
      startTestChain({ chainId: 31338 }),
      testDatabase(),
    ]);
    keel = await startTestKeel(
      devConfigFor([
        { chainId: 31337, rpcUrls: [a.rpcUrl] },
        { chainId: 31338, rpcUrls: [b.rpcUrl] },
      ]),
      db,
    );
    for (const c of [a, b]) direct.set(c.chainId, createPublicClient({ transport: http(c.rpcUrl) }));
  });
  afterAll(async () => {
    await keel?.stop();
    await Promise.all([a?.stop(), b?.stop(), db?.close()]);
  });

  const portfolio = async (query: string) => {
    const r = await fetch(`${keel.url}/v1/portfolio?${query}`, {
      headers: { authorization: `Bearer ${keel.adminToken}` },
    });
    return { status: r.status, body: (await r.json()) as any };
  };

  it('returns values equal to direct contract reads at the snapshot block, on both chains', async () => {
    const { status, body } = await portfolio(`addresses=${owners.join(',')}`);
    expect(status).toBe(200);
    expect(body.chains.map((c: any) => [c.chainId, c.status])).toEqual([
      [31337, 'ok'],
      [31338, 'ok'],
    ]);
    for (const chain of body.chains) {
      const client = direct.get(chain.chainId)!;
      const blockNumber = BigInt(chain.blockNumber);
      const cfg = keel.config.chains.find((c) => c.chainId === chain.chainId)!;
      expect(chain.accounts).toHaveLength(owners.length);
      for (const acct of chain.accounts) {
        const owner = acct.address as Address;
        expect(acct.native.balance.baseUnits).toBe(
          (await client.getBalance({ address: owner, blockNumber })).toString(),
        );
        for (const [i, asset] of cfg.assets.entries()) {
          const bal = await client.readContract({
            address: asset.address,
            abi: erc20Abi,
            functionName: 'balanceOf',
            args: [owner],
            blockNumber,
          });
          expect(acct.assets[i].asset.symbol).toBe(asset.symbol);
          expect(acct.assets[i].balance.baseUnits).toBe(bal.toString());
        }
        const expectedAllowances: string[] = [];
        for (const asset of cfg.assets) {
          for (const s of cfg.spenders) {
            const v = await client.readContract({
              address: asset.address,
              abi: erc20Abi,
              functionName: 'allowance',
              args: [owner, s.address],
              blockNumber,
            });
            if (v > 0n) expectedAllowances.push(`${asset.symbol}>${s.address}:${v}:${v === maxUint256}`);
          }
        }
        expect(
          acct.allowances.map(
            (x: any) => `${x.asset.symbol}>${x.spender.address}:${x.allowance.baseUnits}:${x.unlimited}`,
          ),
        ).toEqual(expectedAllowances);
        for (const v of cfg.vaults) {
          const shares = await client.readContract({
            address: v.address,
            abi: vaultAbi,
            functionName: 'balanceOf',
            args: [owner],
            blockNumber,
          });
          const pos = acct.vaultPositions.find((p: any) => p.vault.address === v.address);
          if (shares === 0n) {
            expect(pos).toBeUndefined();
            continue;
          }
          const assets = await client.readContract({
            address: v.address,
            abi: vaultAbi,
            functionName: 'convertToAssets',
            args: [shares],
            blockNumber,
          });
          expect(pos.shares.baseUnits).toBe(shares.toString());
          expect(pos.underlying.baseUnits).toBe(assets.toString());
          expect(assets).not.toBe(shares); // the demo vault has earned yield
        }
        // USD: independent recomputation of one value from the feed
        const tusd = cfg.assets.find((x) => x.symbol === 'tUSD')!;
        const [, answer] = await client.readContract({
          address: tusd.priceFeed!.address,
          abi: feedAbi,
          functionName: 'latestRoundData',
          blockNumber,
        });
        const tusdRow = acct.assets.find((x: any) => x.asset.symbol === 'tUSD');
        const expectedUsd8 = (BigInt(tusdRow.balance.baseUnits) * answer) / 10n ** 6n;
        expect(BigInt(Math.round(Number(tusdRow.usd) * 1e8))).toBe(expectedUsd8);
        expect(acct.totalComplete).toBe(true);
      }
    }
    // the demo world seeds one unlimited and one exact router allowance
    const chainA = body.chains[0];
    expect(chainA.accounts[0].allowances[0]).toMatchObject({ unlimited: false, allowance: { amount: '1000' } });
    expect(chainA.accounts[1].allowances[0]).toMatchObject({ unlimited: true });
    expect(chainA.accounts[2].vaultPositions[0].underlying.amount).toMatch(/^4199\.99/);
  });

  it('reads a chain with a handful of batched calls, not one RPC call per value', async () => {
    const before = await rpcCounts(keel, 31337);
    const { body } = await portfolio(`addresses=${owners.join(',')}&chains=31337`);
    const after = await rpcCounts(keel, 31337);
    const values = body.chains[0].accounts.length * (1 + 4 + 4 * 2 + 1);
    // one aggregate3 for the snapshot, one for vault valuations, plus the block read
    expect(after.ethCalls - before.ethCalls).toBeLessThanOrEqual(2);
    expect(after.calls - before.calls).toBeLessThanOrEqual(4);
    expect(values).toBeGreaterThan(50);
  });

  it('flags a stale feed instead of hiding the value, and refuses a non-positive answer', async () => {
    const cfg = keel.config.chains.find((c) => c.chainId === 31337)!;
    const tvol = cfg.assets.find((x) => x.symbol === 'tVOL')!;
    const teur = cfg.assets.find((x) => x.symbol === 'tEUR')!;
    const block = await direct.get(31337)!.getBlock();
    await setFeedRoundData(
      a.rpcUrl,
      tvol.priceFeed!.address,
      50_000_000n,
      block.timestamp - BigInt(tvol.priceFeed!.heartbeatSeconds) - 10n,
    );
    await setFeedRoundData(a.rpcUrl, teur.priceFeed!.address, 0n, block.timestamp);
    const { body } = await portfolio(`addresses=${users[0]!.address}&chains=31337,31338`);
    const [chainA, chainB] = body.chains;
    const row = (c: any, s: string) => c.accounts[0].assets.find((x: any) => x.asset.symbol === s);
    expect(row(chainA, 'tVOL')).toMatchObject({ priceStatus: 'stale', usd: expect.stringMatching(/^\d/) });
    expect(row(chainA, 'tEUR')).toMatchObject({ priceStatus: 'invalid', usd: null });
    expect(chainA.prices.find((p: any) => p.symbol === 'tVOL').status).toBe('stale');
    expect(chainA.accounts[0]).toMatchObject({ totalStale: true, totalComplete: false });
    // the other chain's feeds are untouched
    expect(row(chainB, 'tVOL').priceStatus).toBe('ok');
    expect(chainB.accounts[0].totalComplete).toBe(true);
  });

  it('normalises and de-duplicates addresses (lower-case accepted)', async () => {
    const u = users[0]!.address;
    const { status, body } = await portfolio(`addresses=${u.toLowerCase()},${u}&chains=31338`);
    expect(status).toBe(200);
    expect(body.addresses).toEqual([u]);
    expect(body.chains[0].accounts).toHaveLength(1);
  });

  it('degrades gracefully: a dead chain is reported unavailable while the other is returned (200)', async () => {
    await b.stop();
    const { status, body } = await portfolio(`addresses=${users[0]!.address}`);
    expect(status).toBe(200);
    expect(body.chains[0]).toMatchObject({ chainId: 31337, status: 'ok' });
    expect(body.chains[1]).toMatchObject({
      chainId: 31338,
      status: 'unavailable',
      reason: { code: 'rpc_unavailable' },
    });
    const ready = await fetch(`${keel.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'degraded' });
  });
});
