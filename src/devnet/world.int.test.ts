import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEther, parseUnits, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../test/helpers/devchain.ts';
import { loadConfig } from '../config/load.ts';
import {
  erc20Abi,
  erc4626Abi,
  keelPriceFeedAbi,
  uniswapV2FactoryAbi,
  uniswapV2PairAbi,
  uniswapV2Router02Abi,
} from '../contracts/abis.ts';
import { operations, treasury, users } from './accounts.ts';
import { startAnvil, type AnvilProcess } from './anvil.ts';
import { devClient, type DevClient } from './client.ts';
import { keelPaymasterAbi } from '../contracts/smart-account-abis.ts';
import { DEMO_PRICES, DEMO_SEED, deployDemoWorld, inspectDemoWorld, type DemoWorld } from './world.ts';

/** |a - b| <= b * tolerance (tolerance in parts per 10 000). */
function near(a: bigint, b: bigint, bps: bigint): boolean {
  const diff = a > b ? a - b : b - a;
  return diff * 10_000n <= b * bps;
}

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('demo world on two chains', () => {
  const nodes: AnvilProcess[] = [];
  const worlds: DemoWorld[] = [];
  let client: DevClient;
  let w: DemoWorld;

  beforeAll(async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    nodes.push(
      ...(await Promise.all([
        startAnvil({ chainId: 31337, port: portA }),
        startAnvil({ chainId: 31338, port: portB }),
      ])),
    );
    worlds.push(...(await Promise.all(nodes.map((n) => deployDemoWorld(n.rpcUrl)))));
    client = devClient(nodes[0]!.rpcUrl);
    w = worlds[0]!;
  });

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('has the same addresses on both chain ids, equal to config/development.yaml', () => {
    const [a, b] = worlds as [DemoWorld, DemoWorld];
    expect([a.chainId, b.chainId]).toEqual([31337, 31338]);
    expect(b.contracts).toEqual(a.contracts);
    const cfg = loadConfig({ file: 'config/development.yaml', vars: {} });
    // Addresses the config only lists in its reference comment block.
    const yamlText = readFileSync('config/development.yaml', 'utf8');
    const c0 = a.contracts;
    for (const listed of [
      c0.uniswapV2Factory,
      c0.pools.tUSD_WETH,
      c0.pools.tUSD_tEUR,
      c0.pools.tVOL_WETH,
      c0.depositFactory,
      c0.conservativeVault,
      c0.drillVault,
      c0.drillVaultImplementation,
      c0.drillVaultImplementationV2,
      c0.attestationRegistry,
      c0.entryPoint,
      c0.smartAccountFactory,
      c0.paymaster,
    ]) {
      expect(yamlText).toContain(listed);
    }
    for (const world of worlds) {
      const chain = cfg.chains.find((c) => c.chainId === world.chainId)!;
      const asset = (s: string) => chain.assets.find((x) => x.symbol === s)!;
      const c = world.contracts;
      expect(asset('tUSD').address).toBe(c.tUSD);
      expect(asset('tEUR').address).toBe(c.tEUR);
      expect(asset('WETH').address).toBe(c.WETH);
      expect(asset('tVOL').address).toBe(c.tVOL);
      expect(asset('tUSD').priceFeed?.address).toBe(c.priceFeeds.tUSD);
      expect(asset('tEUR').priceFeed?.address).toBe(c.priceFeeds.tEUR);
      expect(asset('WETH').priceFeed?.address).toBe(c.priceFeeds.ETH);
      expect(asset('tVOL').priceFeed?.address).toBe(c.priceFeeds.tVOL);
      expect(chain.nativePriceFeed?.address).toBe(c.priceFeeds.ETH);
      expect(chain.multicall3).toBe(c.multicall3);
      expect(chain.spenders.find((s) => s.kind === 'dex_router')?.address).toBe(c.uniswapV2Router);
      expect(chain.spenders.find((s) => s.kind === 'vault')?.address).toBe(c.vault);
      expect(chain.vaults).toEqual([
        expect.objectContaining({ address: c.vault, asset: 'tUSD' }),
        expect.objectContaining({ address: c.conservativeVault, asset: 'tUSD' }),
        expect.objectContaining({ address: c.drillVault, asset: 'tUSD' }),
      ]);
      expect(chain.dex?.router).toBe(c.uniswapV2Router);
      expect(chain.dex?.pools).toEqual([
        { address: c.pools.tUSD_WETH, tokens: ['tUSD', 'WETH'] },
        { address: c.pools.tUSD_tEUR, tokens: ['tUSD', 'tEUR'] },
        { address: c.pools.tVOL_WETH, tokens: ['tVOL', 'WETH'] },
      ]);
    }
  });

  it('prices swaps through the router at the seeded rates', async () => {
    const c = w.contracts;
    const out = (amountIn: bigint, path: Address[]) =>
      client.readContract({
        address: c.uniswapV2Router,
        abi: uniswapV2Router02Abi,
        functionName: 'getAmountsOut',
        args: [amountIn, path],
      });
    // 1 tUSD → ~1/3000 WETH (0.3% fee, negligible impact)
    const [, weth] = await out(parseUnits('1', 6), [c.tUSD, c.WETH]);
    expect(near(weth!, parseEther('1') / 3000n, 50n)).toBe(true);
    expect(weth! < parseEther('1') / 3000n).toBe(true);
    const [, eur] = await out(parseUnits('108', 6), [c.tUSD, c.tEUR]);
    expect(near(eur!, parseUnits('100', 6), 50n)).toBe(true);
    const [, wethForVol] = await out(parseUnits('6000', 18), [c.tVOL, c.WETH]);
    expect(near(wethForVol!, parseEther('1'), 50n)).toBe(true);
    // The factory knows the pools at the precomputed addresses.
    const pair = await client.readContract({
      address: c.uniswapV2Factory,
      abi: uniswapV2FactoryAbi,
      functionName: 'getPair',
      args: [c.tUSD, c.WETH],
    });
    expect(pair).toBe(c.pools.tUSD_WETH);
    const [r0, r1] = await client.readContract({
      address: c.pools.tUSD_tEUR,
      abi: uniswapV2PairAbi,
      functionName: 'getReserves',
    });
    expect([r0, r1].sort()).toEqual([DEMO_SEED.pools.tUSD_tEUR.tEUR, DEMO_SEED.pools.tUSD_tEUR.tUSD].sort());
  });

  it('price feeds return the set answers with 8 decimals', async () => {
    for (const key of ['tUSD', 'tEUR', 'ETH', 'tVOL'] as const) {
      const address = w.contracts.priceFeeds[key];
      const [roundId, answer, , updatedAt] = await client.readContract({
        address,
        abi: keelPriceFeedAbi,
        functionName: 'latestRoundData',
      });
      expect(answer).toBe(DEMO_PRICES[key]);
      expect(roundId).toBe(1n);
      expect(updatedAt).toBeGreaterThan(0n);
      expect(await client.readContract({ address, abi: keelPriceFeedAbi, functionName: 'decimals' })).toBe(8);
      expect(await client.readContract({ address, abi: keelPriceFeedAbi, functionName: 'description' })).toBe(
        `${key} / USD`,
      );
    }
    expect(DEMO_PRICES.ETH).toBe(3000_00000000n);
  });

  it('the vault holds assets and its share price is not 1', async () => {
    const v = w.contracts.vault;
    const read = <F extends 'totalAssets' | 'totalSupply'>(functionName: F) =>
      client.readContract({ address: v, abi: erc4626Abi, functionName });
    expect(await client.readContract({ address: v, abi: erc4626Abi, functionName: 'asset' })).toBe(w.contracts.tUSD);
    const [assets, supply] = [await read('totalAssets'), await read('totalSupply')];
    expect(assets).toBeGreaterThan(0n);
    const oneShareInAssets = await client.readContract({
      address: v,
      abi: erc4626Abi,
      functionName: 'convertToAssets',
      args: [1_000_000n],
    });
    expect(oneShareInAssets).not.toBe(1_000_000n);
    expect(near(oneShareInAssets, 1_050_000n, 1n)).toBe(true);
    expect(assets - supply).toBe(DEMO_SEED.vaultYield);
    expect(await client.readContract({ address: v, abi: erc4626Abi, functionName: 'symbol' })).toBe('kvUSD');
  });

  it('seeds balances, allowances and vault shares as DEMO_SEED says', async () => {
    const c = w.contracts;
    const bal = (token: Address, owner: Address) =>
      client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] });
    const allowance = (owner: Address, spender: Address) =>
      client.readContract({ address: c.tUSD, abi: erc20Abi, functionName: 'allowance', args: [owner, spender] });
    expect(w.accounts.users).toEqual(users.map((u) => u.address));
    for (const [i, u] of users.entries()) {
      const s = DEMO_SEED.users[i]!;
      expect(await bal(c.tUSD, u.address)).toBe(s.tUSD - s.vaultDeposit);
      expect(await bal(c.tEUR, u.address)).toBe(s.tEUR);
      expect(await bal(c.tVOL, u.address)).toBe(s.tVOL);
      expect(await bal(c.WETH, u.address)).toBe(s.WETH);
      expect(await allowance(u.address, c.uniswapV2Router)).toBe(s.routerAllowance);
      expect(await allowance(u.address, c.vault)).toBe(s.vaultAllowance);
      expect(await bal(c.vault, u.address)).toBe(s.vaultDeposit);
      const eth = await client.getBalance({ address: u.address });
      expect(eth <= DEMO_SEED.accountEth && eth > DEMO_SEED.accountEth - parseEther('0.1')).toBe(true);
    }
    // The variety a portfolio view needs: an exact and an unlimited router allowance, a vault allowance.
    expect(DEMO_SEED.users.map((s) => s.routerAllowance)).toContain(2n ** 256n - 1n);
    expect(await bal(c.vault, treasury.address)).toBe(DEMO_SEED.treasury.vaultDeposit);
    expect(await bal(c.tUSD, treasury.address)).toBe(DEMO_SEED.treasury.tUSD - DEMO_SEED.treasury.vaultDeposit);
    expect(await bal(c.WETH, operations.address)).toBe(DEMO_SEED.operations.WETH);
    expect(await client.getBalance({ address: operations.address })).toBe(DEMO_SEED.accountEth);
    // The paymaster's EntryPoint deposit.
    expect(await client.readContract({ address: c.paymaster, abi: keelPaymasterAbi, functionName: 'getDeposit' })).toBe(
      DEMO_SEED.paymasterDeposit,
    );
  });

  it('Multicall3 answers aggregate3 at the canonical address', async () => {
    const c = w.contracts;
    const results = await client.multicall({
      multicallAddress: c.multicall3,
      contracts: users.map(
        (u) => ({ address: c.tEUR, abi: erc20Abi, functionName: 'balanceOf', args: [u.address] }) as const,
      ),
    });
    expect(results.map((r) => r.result)).toEqual(users.map((_, i) => DEMO_SEED.users[i]!.tEUR));
  });

  it('a second deployment on the same chain sends nothing and returns the same manifest', async () => {
    const n = nodes[1]!;
    const c = devClient(n.rpcUrl);
    const before = await c.getBlockNumber();
    const again = await deployDemoWorld(n.rpcUrl);
    expect(again).toEqual(worlds[1]);
    expect(await c.getBlockNumber()).toBe(before);
    expect(await inspectDemoWorld(n.rpcUrl)).toEqual({ status: 'complete' });
  });
});

describe('demo world lifecycle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-world-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stop() leaves no process behind', async () => {
    const node = await startAnvil({ chainId: 31337, port: await freePort() });
    expect(isGone(node.pid)).toBe(false);
    await node.stop();
    expect(() => process.kill(node.pid, 0)).toThrow();
    await node.stop(); // idempotent
  });

  it('deploys quickly on a chain with a block time and gives its interval mining back', {
    timeout: 120_000,
  }, async () => {
    const node = await startAnvil({ chainId: 31337, port: await freePort(), blockTimeSeconds: 2 });
    try {
      const started = Date.now();
      await deployDemoWorld(node.rpcUrl);
      // ~60 steps waiting one 2 s block time each would take ~120 s; a loaded machine stays far below 40 s.
      expect(Date.now() - started).toBeLessThan(40_000);
      const c = devClient(node.rpcUrl);
      expect(await c.getAutomine()).toBe(false);
      const h = await c.getBlockNumber();
      await vi.waitFor(async () => expect(await c.getBlockNumber()).toBeGreaterThan(h), {
        timeout: 30_000,
        interval: 200,
      });
    } finally {
      await node.stop();
    }
  });

  it('a restart from the state file keeps the deployed world', async () => {
    const stateFile = join(dir, '31338.json');
    const port = await freePort();
    const first = await startAnvil({ chainId: 31338, port, stateFile });
    const world = await deployDemoWorld(first.rpcUrl);
    const height = await devClient(first.rpcUrl).getBlockNumber();
    await first.stop();
    expect(statSync(stateFile).size).toBeGreaterThan(1000);

    const second = await startAnvil({ chainId: 31338, port, stateFile });
    try {
      const c = devClient(second.rpcUrl);
      expect(await c.getBlockNumber()).toBe(height);
      expect(await inspectDemoWorld(second.rpcUrl)).toEqual({ status: 'complete' });
      expect(await deployDemoWorld(second.rpcUrl)).toEqual(world);
      expect(await c.getBlockNumber()).toBe(height);
      const shares = await c.readContract({
        address: world.contracts.vault,
        abi: erc4626Abi,
        functionName: 'balanceOf',
        args: [treasury.address],
      });
      expect(shares).toBe(DEMO_SEED.treasury.vaultDeposit);
    } finally {
      await second.stop();
    }
  });
});
