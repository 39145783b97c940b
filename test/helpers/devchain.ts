import { createServer } from 'node:net';
import { PermanentError } from '../../src/lib/errors.ts';
import { startAnvil } from '../../src/devnet/anvil.ts';
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
      return { chainId, rpcUrl: anvil.rpcUrl, port, pid: anvil.pid, world, stop: anvil.stop };
    } catch (err) {
      await anvil.stop();
      throw err;
    }
  }
}
