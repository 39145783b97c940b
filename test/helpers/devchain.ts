import { createServer } from 'node:net';
import { PermanentError } from '../../src/lib/errors.ts';
import { startAnvil } from '../../src/devnet/anvil.ts';
import { startBundler, type BundlerProcess } from '../../src/devnet/bundler.ts';
import { deployDemoWorld, type DemoWorld } from '../../src/devnet/world.ts';

/**
 * Integration-test chains: a throwaway anvil on a free port with the demo world deployed.
 * No state file and automine (a block per transaction), so tests are fast and independent.
 */

export interface TestChain {
  chainId: number;
  rpcUrl: string;
  port: number;
  /** pid of the anvil process (e.g. to assert it is gone after `stop()`). */
  pid: number;
  world: DemoWorld;
  /**
   * The chain's ERC-4337 bundler (alto, loopback only), started on first call and shared by
   * every caller of this chain: one bundler per test chain, never one per test. `stop()` stops
   * it with the chain.
   */
  bundler(): Promise<BundlerProcess>;
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/**
 * Starts anvil on a free port with the demo world deployed (about half a second). Always
 * call `stop()` (e.g. in `afterAll`). Retries with another port if one is grabbed between
 * choosing it and anvil binding it (parallel test workers).
 */
export async function startTestChain(opts: { chainId?: number } = {}): Promise<TestChain> {
  const chainId = opts.chainId ?? 31337;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    let anvil;
    try {
      anvil = await startAnvil({ chainId, port });
    } catch (err) {
      if (
        attempt < 4 &&
        err instanceof PermanentError &&
        (err.code === 'devnet_port_in_use' || err.code === 'anvil_start_failed')
      )
        continue;
      throw err;
    }
    try {
      const world = await deployDemoWorld(anvil.rpcUrl);
      let bundler: Promise<BundlerProcess> | undefined;
      const startShared = () => {
        bundler ??= startTestBundler(anvil.rpcUrl, chainId, world).catch((err: unknown) => {
          bundler = undefined; // a later call may try again
          throw err;
        });
        return bundler;
      };
      const stop = async () => {
        const b = bundler;
        bundler = undefined;
        await b?.then((x) => x.stop()).catch(() => {});
        await anvil.stop();
      };
      return { chainId, rpcUrl: anvil.rpcUrl, port, pid: anvil.pid, world, bundler: startShared, stop };
    } catch (err) {
      await anvil.stop();
      throw err;
    }
  }
}

/** Starts a bundler beside a test chain on a free port. */
async function startTestBundler(rpcUrl: string, chainId: number, world: DemoWorld): Promise<BundlerProcess> {
  return startBundler({ chainId, rpcUrl, entryPoint: world.contracts.entryPoint });
}
