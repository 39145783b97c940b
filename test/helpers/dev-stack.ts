import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDevManifest, type DevManifest } from '../../src/devnet/manifest.ts';
import { freePort } from './devchain.ts';
import { childEnv, KeelChild, REPO } from './keel-process.ts';

const CHAIN_IDS = [31337, 31338] as const;
const DEV_CONFIG = join(REPO, 'config', 'development.yaml');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A running `keel dev` (the README's `npm start`) of a test: its own folder, free ports. */
export interface DevStack {
  /** The folder it runs in (`.keel/` below it): a command run here finds its manifest. */
  readonly cwd: string;
  readonly dev: KeelChild;
  readonly manifest: DevManifest;
  /** Stops it (SIGINT to its process group, SIGKILL after 30 s) and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts `keel dev` as a child process in a fresh temp folder, its two chains on free ports
 * (so tests running at once never share a chain), and waits until it prints that it runs and
 * has written its manifest. Throws with the output's tail when it exits or `timeoutMs` passes.
 */
export async function startDevStack(prefix: string, timeoutMs = 150_000): Promise<DevStack> {
  const cwd = mkdtempSync(join(tmpdir(), prefix));
  const ports = Object.fromEntries(await Promise.all(CHAIN_IDS.map(async (id) => [id, await freePort()] as const)));
  const bundlerPorts = Object.fromEntries(
    await Promise.all(CHAIN_IDS.map(async (id) => [id, await freePort()] as const)),
  );
  const dev = new KeelChild('keel dev', ['dev', '--config', DEV_CONFIG], {
    cwd,
    detached: true,
    env: childEnv({
      PORT: '0',
      LOG_LEVEL: 'warn',
      KEEL__DEVNET__CHAINS: JSON.stringify(
        Object.fromEntries(CHAIN_IDS.map((id) => [id, { port: ports[id], bundlerPort: bundlerPorts[id] }])),
      ),
      ...Object.fromEntries(
        CHAIN_IDS.map((id) => [`KEEL__CHAINS__${id}__RPCURLS`, JSON.stringify([`http://127.0.0.1:${ports[id]}`])]),
      ),
      ...Object.fromEntries(
        CHAIN_IDS.map((id) => [
          `KEEL__CHAINS__${id}__BUNDLERURLS`,
          JSON.stringify([`http://127.0.0.1:${bundlerPorts[id]}`]),
        ]),
      ),
    }),
  });
  const stop = async () => {
    if (!dev.exit) {
      process.kill(-dev.pid, 'SIGINT');
      if (!(await dev.waitExit(30_000))) process.kill(-dev.pid, 'SIGKILL');
    }
    rmSync(cwd, { recursive: true, force: true });
  };
  const path = join(cwd, '.keel', 'dev.json');
  const deadline = Date.now() + timeoutMs;
  while (!(existsSync(path) && /Keel is running/.test(dev.output))) {
    if (dev.exit || Date.now() > deadline) {
      const tail = dev.tail();
      await stop();
      throw new Error(`keel dev did not start${tail}`);
    }
    await sleep(200);
  }
  return { cwd, dev, manifest: readDevManifest(path), stop };
}
