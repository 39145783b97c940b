import { createServer, type Server } from 'node:http';
import { encodeFunctionData, maxUint256, parseEther, parseUnits, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainRegistry, type ChainRegistry } from '../chain/index.ts';
import { erc20Abi, uniswapV2Router02Abi } from '../contracts/abis.ts';
import { DEMO_SEED } from '../devnet/world-plan.ts';
import { operations, treasury, users } from '../devnet/accounts.ts';
import { startTestChain, type TestChain } from '../../test/helpers/devchain.ts';
import { devConfigFor } from '../../test/helpers/keel.ts';
import { simulateCalls, type SimulateCallsInput, type SimulationResult } from './simulate.ts';

/** An RPC proxy that answers "method not found" for eth_simulateV1 (a node without it). */
async function proxyWithoutSimulateV1(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const parsed = JSON.parse(body);
      const one = async (r: { id: unknown; method: string }) => {
        if (r.method === 'eth_simulateV1')
          return {
            jsonrpc: '2.0',
            id: r.id,
            error: { code: -32601, message: 'the method eth_simulateV1 does not exist/is not available' },
          };
        const up = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(r),
        });
        return up.json();
      };
      const out = Array.isArray(parsed) ? await Promise.all(parsed.map(one)) : await one(parsed);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}`, server };
}

const delta = (r: SimulationResult, address: Address, asset: 'native' | Address) =>
  r.balanceChanges.find((c) => c.address === address && c.asset === asset)?.delta ?? 0n;

describe('simulateCalls against the demo world on anvil', () => {
  let chain: TestChain;
  let proxy: { url: string; server: Server };
  let direct: ChainRegistry;
  let fallback: ChainRegistry;

  beforeAll(async () => {
    chain = await startTestChain({ chainId: 31337 });
    proxy = await proxyWithoutSimulateV1(chain.rpcUrl);
    direct = createChainRegistry(devConfigFor([{ chainId: 31337, rpcUrls: [chain.rpcUrl] }]).chains);
    fallback = createChainRegistry(devConfigFor([{ chainId: 31337, rpcUrls: [proxy.url] }]).chains);
    await Promise.all([direct.verifyAll(), fallback.verifyAll()]);
  });
  afterAll(async () => {
    await new Promise((r) => proxy?.server.close(r));
    await chain?.stop();
  });

  const c = () => chain.world.contracts;
  const both = async (input: Omit<SimulateCallsInput, 'chainId'>) => {
    const a = await simulateCalls(direct.get(31337)!.client, { chainId: 31337, ...input });
    const b = await simulateCalls(fallback.get(31337)!.client, { chainId: 31337, ...input });
    expect(a.method).toBe('eth_simulateV1');
    expect(b.method).toBe('debug_traceCall');
    // both methods agree on outcome and balance changes
    expect(b.ok).toBe(a.ok);
    expect(b.balanceChanges).toEqual(a.balanceChanges);
    expect(b.revert?.decoded).toEqual(a.revert?.decoded);
    return a;
  };

  it('an ERC-20 transfer from the treasury: −amount for the sender, +amount for the recipient, nothing mined', async () => {
    const client = direct.get(31337)!.client;
    const before = await client.getBlockNumber({ cacheTime: 0 });
    const amount = parseUnits('1234.5', 6);
    const r = await both({
      from: treasury.address,
      calls: [
        {
          to: c().tUSD,
          data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [users[0]!.address, amount] }),
        },
      ],
    });
    expect(r.ok).toBe(true);
    expect(r.gasUsed).toHaveLength(1);
    expect(r.gasUsed[0]).toBeGreaterThan(21_000n);
    expect(r.balanceChanges).toEqual(
      [
        { address: treasury.address, asset: c().tUSD, delta: -amount },
        { address: users[0]!.address, asset: c().tUSD, delta: amount },
      ].sort((x, y) => x.address.toLowerCase().localeCompare(y.address.toLowerCase())),
    );
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(before);
    expect(
      await client.readContract({
        address: c().tUSD,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [treasury.address],
      }),
    ).toBe(DEMO_SEED.treasury.tUSD - DEMO_SEED.treasury.vaultDeposit);
  });

  it('approve + router swap in order: the swap sees the approval; token deltas for sender and pool', async () => {
    const client = direct.get(31337)!.client;
    const amountIn = parseUnits('1000', 6);
    const path = [c().tUSD, c().tEUR] as const;
    const [, expectedOut] = await client.readContract({
      address: c().uniswapV2Router,
      abi: uniswapV2Router02Abi,
      functionName: 'getAmountsOut',
      args: [amountIn, [...path]],
    });
    const swap = {
      to: c().uniswapV2Router,
      data: encodeFunctionData({
        abi: uniswapV2Router02Abi,
        functionName: 'swapExactTokensForTokens',
        args: [amountIn, 0n, [...path], treasury.address, maxUint256],
      }),
    };
    const approve = {
      to: c().tUSD,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [c().uniswapV2Router, amountIn] }),
    };
    const r = await both({ from: treasury.address, calls: [approve, swap] });
    expect(r.ok).toBe(true);
    expect(r.gasUsed).toHaveLength(2);
    const pool = c().pools.tUSD_tEUR;
    expect(delta(r, treasury.address, c().tUSD)).toBe(-amountIn);
    expect(delta(r, treasury.address, c().tEUR)).toBe(expectedOut!);
    expect(delta(r, pool, c().tUSD)).toBe(amountIn);
    expect(delta(r, pool, c().tEUR)).toBe(-expectedOut!);
    expect(r.balanceChanges).toHaveLength(4);
    // without the approval first, the swap alone is predicted to revert
    const alone = await both({ from: treasury.address, calls: [swap] });
    expect(alone.ok).toBe(false);
    expect(alone.revert).toMatchObject({
      index: 0,
      decoded: { kind: 'error_string', message: 'TransferHelper: TRANSFER_FROM_FAILED' },
    });
    expect(alone.balanceChanges).toEqual([]);
  });

  it('a transfer above the balance: revert predicted as ERC20InsufficientBalance with a plain description', async () => {
    const have = DEMO_SEED.operations.tUSD;
    const r = await both({
      from: operations.address,
      calls: [
        {
          to: c().tUSD,
          data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [users[1]!.address, have + 1n] }),
        },
      ],
    });
    expect(r.ok).toBe(false);
    expect(r.revert!.index).toBe(0);
    expect(r.revert!.decoded).toMatchObject({
      kind: 'custom',
      name: 'ERC20InsufficientBalance',
      args: [operations.address, have, have + 1n],
    });
    expect(r.revert!.description).toBe('The token balance is too low: needs 25,000,000,001 but has 25,000,000,000.');
    expect(r.balanceChanges).toEqual([]);
  });

  it('a revert in the middle: earlier effects are counted, later calls are not run', async () => {
    const t = (to: Address, amount: bigint) => ({
      to: c().tUSD,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] }),
    });
    const r = await both({
      from: operations.address,
      calls: [t(users[1]!.address, 5n), t(users[1]!.address, 10n ** 18n), t(users[2]!.address, 7n)],
    });
    expect(r.ok).toBe(false);
    expect(r.revert!.index).toBe(1);
    expect(r.calls.map((x) => x.status)).toEqual(['success', 'reverted', 'not_run']);
    expect(delta(r, users[1]!.address, c().tUSD)).toBe(5n);
    expect(delta(r, users[2]!.address, c().tUSD)).toBe(0n);
  });

  it('a native ETH transfer shows both deltas (no gas fee counted)', async () => {
    const value = parseEther('1.5');
    const r = await both({ from: treasury.address, calls: [{ to: users[3]!.address, value }] });
    expect(r.ok).toBe(true);
    expect(r.gasUsed).toEqual([21_000n]);
    expect(delta(r, treasury.address, 'native')).toBe(-value);
    expect(delta(r, users[3]!.address, 'native')).toBe(value);
    expect(r.balanceChanges).toHaveLength(2);
  });

  it('wrapping ETH into WETH: native out, WETH in (WETH9 Deposit counted as a mint)', async () => {
    const value = parseEther('2');
    const r = await both({ from: treasury.address, calls: [{ to: c().WETH, data: '0xd0e30db0', value }] });
    expect(delta(r, treasury.address, 'native')).toBe(-value);
    expect(delta(r, c().WETH, 'native')).toBe(value);
    expect(delta(r, treasury.address, c().WETH)).toBe(value);
  });

  it('runs the calls at the next block time: a swap right after a pool update costs what it costs when mined (price accumulators written)', async () => {
    const client = direct.get(31337)!.client;
    const u = users[1]!;
    const send = async (data: `0x${string}`, to: Address) => {
      const hash = (await client.request({
        method: 'eth_sendTransaction' as 'eth_chainId',
        params: [{ from: u.address, to, data, gas: '0x7a120' }] as never,
      })) as `0x${string}`;
      return client.waitForTransactionReceipt({ hash });
    };
    await client.request({ method: 'anvil_impersonateAccount' as 'eth_chainId', params: [u.address] as never });
    const amount = parseUnits('100', 6);
    const swap = encodeFunctionData({
      abi: uniswapV2Router02Abi,
      functionName: 'swapExactTokensForTokens',
      args: [amount, 0n, [c().tUSD, c().WETH], u.address, maxUint256],
    });
    await send(
      encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [c().uniswapV2Router, amount * 2n] }),
      c().tUSD,
    );
    // Freeze time: the first swap's block and the latest block share one timestamp with the pool's last update.
    const t = (await client.getBlock({ blockTag: 'latest' })).timestamp + 5n;
    await client.request({ method: 'evm_setNextBlockTimestamp' as 'eth_chainId', params: [Number(t)] as never });
    await send(swap, c().uniswapV2Router);
    const sim = await simulateCalls(client, {
      chainId: 31337,
      from: u.address,
      calls: [{ to: c().uniswapV2Router, data: swap }],
    });
    await client.request({ method: 'evm_setNextBlockTimestamp' as 'eth_chainId', params: [Number(t) + 1] as never });
    const mined = await send(swap, c().uniswapV2Router);
    expect(mined.status).toBe('success');
    expect(sim.gasUsed[0]).toBe(mined.gasUsed);
  });

  it('refuses a client of another chain', async () => {
    await expect(
      simulateCalls(direct.get(31337)!.client, { chainId: 1, from: treasury.address, calls: [] }),
    ).rejects.toMatchObject({ code: 'chain_mismatch' });
  });
});
