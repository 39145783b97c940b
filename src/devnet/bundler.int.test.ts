import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicClient, defineChain, http, parseEther, type Address } from 'viem';
import { createBundlerClient } from 'viem/account-abstraction';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestChain, type TestChain } from '../../test/helpers/devchain.ts';
import { deploySimpleAccountFactory, toSimpleAccountV08 } from '../../test/helpers/simple-account.ts';
import { deployer } from './accounts.ts';
import { bundlerKeys, type BundlerProcess } from './bundler.ts';
import { devClient } from './client.ts';

const here = dirname(fileURLToPath(import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Caps, not waits: each returns as soon as its condition holds.
async function until(cond: () => boolean | Promise<boolean>, ms = 30_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

async function supportedEntryPoints(url: string): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_supportedEntryPoints', params: [] }),
    signal: AbortSignal.timeout(5_000),
  });
  return ((await res.json()) as { result?: unknown }).result;
}

/** Local addresses of TCP sockets listening on `port` (Linux /proc/net/tcp{,6}), hex as the kernel writes them. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '0A' && local?.endsWith(`:${hexPort}`)) out.push(local.slice(0, -5));
    }
  }
  return out;
}

describe('dev bundler (alto beside anvil)', () => {
  let chain: TestChain;
  let bundler: BundlerProcess;

  beforeAll(async () => {
    chain = await startTestChain();
    const t0 = Date.now();
    bundler = await chain.bundler();
    const rss = readFileSync(`/proc/${bundler.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1];
    console.log(`bundler ready in ${Date.now() - t0} ms on ${bundler.url}, RSS ${rss} kB`);
  });
  afterAll(async () => chain?.stop());

  it('is shared: a second call returns the same bundler', async () => {
    expect((await chain.bundler()).pid).toBe(bundler.pid);
  });

  it('uses mnemonic indexes 10 and 11, funded, for its executor and utility keys', async () => {
    const { executor, utility } = bundlerKeys();
    expect([bundler.executor, bundler.utility]).toEqual([executor.address, utility.address]);
    // Anvil's ten prefunded accounts (0–9) are Keel's and the tests': none may be the bundler's.
    const anvilAccounts = (await devClient(chain.rpcUrl).getAddresses()).map((a) => a.toLowerCase());
    expect(anvilAccounts).toHaveLength(10);
    expect(anvilAccounts).not.toContain(executor.address.toLowerCase());
    expect(anvilAccounts).not.toContain(utility.address.toLowerCase());
    expect(await devClient(chain.rpcUrl).getBalance({ address: executor.address })).toBeGreaterThan(parseEther('1'));
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(await supportedEntryPoints(bundler.url)).toEqual([chain.world.contracts.entryPoint]);
    // The kernel's view: every listening socket on the port is bound to 127.0.0.1 (0100007F).
    const listening = listeningAddresses(bundler.port);
    expect(listening.length).toBeGreaterThan(0);
    expect(new Set(listening)).toEqual(new Set(['0100007F']));
    // And from outside loopback: a non-loopback address of this machine is refused.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!external) {
      console.log('no non-loopback IPv4 interface on this machine: only the socket table is checked');
      return;
    }
    await expect(supportedEntryPoints(`http://${external}:${bundler.port}`)).rejects.toThrow();
  });

  it('carries a user operation (a batch of two calls) from a new SimpleAccount to its receipt', async () => {
    const client = devClient(chain.rpcUrl);
    const entryPoint = chain.world.contracts.entryPoint;
    const factory = await deploySimpleAccountFactory(client, entryPoint);
    const viemChain = defineChain({
      id: chain.chainId,
      name: 'test',
      nativeCurrency: { name: 'ETH', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
    });
    const publicClient = createPublicClient({ chain: viemChain, transport: http(chain.rpcUrl) });
    const owner = privateKeyToAccount(generatePrivateKey());
    const account = await toSimpleAccountV08({ client: publicClient, owner, factory, entryPoint });
    const sender = await account.getAddress();
    expect(await client.getCode({ address: sender })).toBeUndefined();
    // The account pays its own gas: fund it with ETH before its first operation.
    const funding = await client.sendTransaction({
      account: deployer.address,
      chain: null,
      to: sender,
      value: parseEther('1'),
    });
    await client.waitForTransactionReceipt({ hash: funding });

    const bundlerClient = createBundlerClient({
      account,
      client: publicClient,
      transport: http(bundler.url),
      pollingInterval: 100,
    });
    const [a, b] = [
      privateKeyToAccount(generatePrivateKey()).address,
      privateKeyToAccount(generatePrivateKey()).address,
    ];
    const hash = await bundlerClient.sendUserOperation({
      calls: [
        { to: a, value: 1_000n },
        { to: b, value: 2_000n },
      ],
    });
    const receipt = await bundlerClient.waitForUserOperationReceipt({ hash, timeout: 60_000 });
    expect(receipt.success).toBe(true);
    expect(receipt.sender.toLowerCase()).toBe(sender.toLowerCase());
    expect(receipt.receipt.from.toLowerCase()).toBe(bundler.executor.toLowerCase());
    const balance = (address: Address) => client.getBalance({ address });
    expect([await balance(a), await balance(b)]).toEqual([1_000n, 2_000n]);
    expect(await client.getCode({ address: sender })).toMatch(/^0x[0-9a-f]+$/);
  });

  it('stops with its chain', async () => {
    const other = await startTestChain();
    let b: BundlerProcess;
    try {
      b = await other.bundler();
    } catch (err) {
      await other.stop();
      throw err;
    }
    expect(alive(b.pid)).toBe(true);
    await other.stop();
    expect(await until(() => !alive(b.pid))).toBe(true);
    await expect(supportedEntryPoints(b.url)).rejects.toThrow();
  });

  it('ends by itself when the process that started it is killed (no orphan)', async () => {
    const port = await freePort();
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(here, 'bundler.fixture.ts'),
        chain.rpcUrl,
        String(chain.chainId),
        chain.world.contracts.entryPoint as Address,
        String(port),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    parent.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const pid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(Number(out.split('\n')[0]));
      });
      parent.once('exit', (code) => reject(new Error(`fixture exited early (${code}): ${err}`)));
    });
    try {
      expect(alive(pid)).toBe(true);
      parent.kill('SIGKILL');
      expect(await until(() => !alive(pid))).toBe(true);
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
