import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concat, encodeFunctionData, parseUnits } from 'viem';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../test/helpers/devchain.ts';
import { erc20Abi, keelPriceFeedAbi } from '../contracts/abis.ts';
import { deployer, users } from './accounts.ts';
import { startAnvil } from './anvil.ts';
import { devClient, sendDevTx } from './client.ts';
import { setFeedRoundData } from './feeds.ts';
import { startDevChains, type DevBundler } from './stack.ts';
import { CREATE2_DEPLOYER, demoWorldPlan } from './world-plan.ts';
import { inspectDemoWorld } from './world.ts';

const root = mkdtempSync(join(tmpdir(), 'keel-stack-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const marker = '0x000000000000000000000000000000000000bEEF' as const;

describe('startDevChains', () => {
  it('runs two chains with the world, persists them across restarts, and resets on request', async () => {
    const dir = join(root, 'a');
    const specs = [
      { chainId: 31337, port: await freePort() },
      { chainId: 31338, port: await freePort() },
    ];
    const lines: string[] = [];
    const first = await startDevChains({ dir, chains: specs, blockTimeSeconds: 1, log: (l) => lines.push(l) });
    let bundlers: DevBundler[] = [];
    let stopped = false;
    try {
      expect(first.chains.map((c) => c.chainId)).toEqual([31337, 31338]);
      expect(first.chains[0]!.world.contracts).toEqual(first.chains[1]!.world.contracts);
      expect(lines.some((l) => /demo world deployed in \d+ ms/.test(l))).toBe(true);
      // Each chain has its ERC-4337 bundler for the demo EntryPoint, on loopback, logging under the dir.
      bundlers = await first.bundlers();
      expect(bundlers.map((b) => b.chainId)).toEqual([31337, 31338]);
      for (const b of bundlers) {
        expect(b.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        const res = await fetch(b.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_supportedEntryPoints', params: [] }),
        });
        expect(((await res.json()) as { result: unknown }).result).toEqual([
          first.chains[0]!.world.contracts.entryPoint,
        ]);
        expect(existsSync(b.logFile)).toBe(true);
        expect(existsSync(join(dir, 'chains', `${b.chainId}.bundler.pid`))).toBe(true);
      }
      const a = devClient(first.chains[0]!.rpcUrl);
      // Interval mining is on after deployment: blocks come without transactions.
      const h0 = await a.getBlockNumber();
      await vi.waitFor(async () => expect(await a.getBlockNumber()).toBeGreaterThan(h0), {
        timeout: 30_000,
        interval: 200,
      });
      // A change made while running survives the restart.
      await sendDevTx(a, {
        label: 'marker',
        from: users[0]!.address,
        to: first.chains[0]!.world.contracts.tUSD,
        data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [marker, 7n] }),
      });
      await first.stop();
      stopped = true;
    } finally {
      if (!stopped) await first.stop();
    }
    for (const c of first.chains) {
      expect(existsSync(c.stateFile)).toBe(true);
      expect(existsSync(join(dir, 'chains', `${c.chainId}.pid`))).toBe(false);
      expect(() => process.kill(c.pid, 0)).toThrow();
    }
    // The bundlers stopped with their chains.
    expect(bundlers).toHaveLength(2);
    for (const b of bundlers) {
      expect(existsSync(join(dir, 'chains', `${b.chainId}.bundler.pid`))).toBe(false);
      expect(() => process.kill(b.pid, 0)).toThrow();
    }

    const tUSD = first.chains[0]!.world.contracts.tUSD;
    const markerBalance = async (rpcUrl: string) =>
      devClient(rpcUrl).readContract({ address: tUSD, abi: erc20Abi, functionName: 'balanceOf', args: [marker] });

    const second = await startDevChains({ dir, chains: specs, bundlers: false, log: (l) => lines.push(l) });
    try {
      expect(second.chains.map((c) => c.world)).toEqual(first.chains.map((c) => c.world));
      expect(lines.filter((l) => l.includes('already deployed')).length).toBe(2);
      expect(await markerBalance(second.chains[0]!.rpcUrl)).toBe(7n);
    } finally {
      await second.stop();
    }

    const third = await startDevChains({ dir, chains: specs, reset: true, bundlers: false });
    try {
      expect(await markerBalance(third.chains[0]!.rpcUrl)).toBe(0n);
      expect(await inspectDemoWorld(third.chains[0]!.rpcUrl)).toEqual({ status: 'complete' });
    } finally {
      await third.stop();
    }
  });

  it('rebuilds a chain whose saved state holds a half-deployed world', async () => {
    const dir = join(root, 'b');
    const port = await freePort();
    const stateFile = join(dir, 'chains', '31337.json');
    const partial = await startAnvil({ chainId: 31337, port, stateFile });
    const tUSD = demoWorldPlan().deployments[0]!;
    await sendDevTx(devClient(partial.rpcUrl), {
      label: 'deploy tUSD only',
      from: deployer.address,
      to: CREATE2_DEPLOYER,
      data: concat([tUSD.salt, tUSD.initCode]),
    });
    expect(await inspectDemoWorld(partial.rpcUrl)).toMatchObject({ status: 'partial' });
    await partial.stop();

    const lines: string[] = [];
    const dev = await startDevChains({
      dir,
      chains: [{ chainId: 31337, port }],
      bundlers: false,
      log: (l) => lines.push(l),
    });
    try {
      expect(lines.some((l) => l.includes('half-deployed'))).toBe(true);
      expect(await inspectDemoWorld(dev.chains[0]!.rpcUrl)).toEqual({ status: 'complete' });
    } finally {
      await dev.stop();
    }
  });

  it('re-publishes stale demo feeds on start, keeping their answers', async () => {
    const dir = join(root, 'c');
    const port = await freePort();
    const first = await startDevChains({ dir, chains: [{ chainId: 31337, port }], bundlers: false });
    const { rpcUrl, world } = first.chains[0]!;
    const feed = world.contracts.priceFeeds.tVOL;
    const dayAgo = BigInt(Math.floor(Date.now() / 1000) - 86_400);
    await setFeedRoundData(rpcUrl, feed, parseUnits('0.42', 8), dayAgo);
    await first.stop();

    const lines: string[] = [];
    const second = await startDevChains({
      dir,
      chains: [{ chainId: 31337, port }],
      bundlers: false,
      log: (l) => lines.push(l),
    });
    try {
      const [roundId, answer, , updatedAt] = await devClient(rpcUrl).readContract({
        address: feed,
        abi: keelPriceFeedAbi,
        functionName: 'latestRoundData',
      });
      expect(answer).toBe(parseUnits('0.42', 8));
      expect(roundId).toBe(3n);
      expect(updatedAt).toBeGreaterThan(dayAgo + 86_000n);
      expect(lines.some((l) => l.includes('re-published 1 stale'))).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('stops the chains it started when another one fails', async () => {
    const port = await freePort();
    const taken = await startAnvil({ chainId: 31338, port: await freePort() });
    try {
      const lines: string[] = [];
      await expect(
        startDevChains({
          dir: join(root, 'd'),
          chains: [
            { chainId: 31337, port },
            { chainId: 31338, port: taken.port },
          ],
          log: (l) => lines.push(l),
        }),
      ).rejects.toMatchObject({ code: 'devnet_port_in_use' });
      // The healthy chain's port is free again.
      const again = await startAnvil({ chainId: 31337, port });
      await again.stop();
    } finally {
      await taken.stop();
    }
  });
});
