import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/helpers/devchain.ts';
import { anvilBinary, killStaleAnvil, startAnvil } from './anvil.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'keel-anvil-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// A generous cap: it returns as soon as the condition holds (anvil may take a while to go on a loaded machine).
async function until(cond: () => boolean, ms = 30_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

/** Starts the fixture parent; resolves with it and the pid of its anvil child. */
async function fixture(
  mode: string,
  port: number,
  pidFile?: string,
): Promise<{ proc: ChildProcess; anvilPid: number }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'anvil.fixture.ts'), String(port), mode, ...(pidFile ? [pidFile] : [])],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const anvilPid = await new Promise<number>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(Number(line));
    });
    proc.once('exit', (code) => reject(new Error(`fixture exited early (${code}): ${err}`)));
  });
  return { proc, anvilPid };
}

describe('startAnvil', () => {
  it('finds the anvil binary of the platform package', () => {
    expect(anvilBinary()).toMatch(/@foundry-rs\/anvil-[a-z0-9]+-[a-z0-9]+\/bin\/anvil$/);
  });

  it('fails clearly when the port is taken', async () => {
    const port = await freePort();
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(port, '127.0.0.1', () => r()));
    try {
      await expect(startAnvil({ chainId: 31337, port })).rejects.toMatchObject({
        code: 'devnet_port_in_use',
        message: expect.stringContaining(`port ${port} on 127.0.0.1 is already in use`),
      });
    } finally {
      srv.close();
    }
  });

  it('quotes anvil output when anvil refuses to start', async () => {
    await expect(startAnvil({ chainId: 31337, port: await freePort(), extraArgs: ['--no-such-flag'] })).rejects.toThrow(
      /exited at start[\s\S]*no-such-flag/,
    );
  });

  it('keeps a pid file while running and removes it on stop', async () => {
    const pidFile = join(dir, 'run.pid');
    const node = await startAnvil({ chainId: 31337, port: await freePort(), pidFile });
    expect(readFileSync(pidFile, 'utf8').trim()).toBe(String(node.pid));
    await node.stop();
    expect(existsSync(pidFile)).toBe(false);
  });
});

describe('no anvil outlives its parent', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`on ${signal}`, async () => {
      const { proc, anvilPid } = await fixture('wait', await freePort());
      const exited = new Promise<NodeJS.Signals | null>((r) => proc.once('exit', (_code, sig) => r(sig)));
      proc.kill(signal);
      // The default outcome of the signal is kept: the parent still dies of it.
      expect(await exited).toBe(signal);
      expect(await until(() => !alive(anvilPid))).toBe(true);
    });
  }

  it('when the application handles the signal itself and then exits', async () => {
    const { proc, anvilPid } = await fixture('own-handler', await freePort());
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await until(() => !alive(anvilPid))).toBe(true);
  });

  it('on process.exit()', async () => {
    const { proc, anvilPid } = await fixture('exit', await freePort());
    const code = await new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
    expect(code).toBe(0);
    expect(await until(() => !alive(anvilPid))).toBe(true);
  });

  it('on an uncaught exception (which still crashes the parent)', async () => {
    const { proc, anvilPid } = await fixture('throw', await freePort());
    const code = await new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(await until(() => !alive(anvilPid))).toBe(true);
  });

  it('after a kill -9 of the parent, the next start clears the orphan through the pid file', async () => {
    const port = await freePort();
    const pidFile = join(dir, 'orphan.pid');
    const { proc, anvilPid } = await fixture('wait', port, pidFile);
    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));
    expect(alive(anvilPid)).toBe(true); // orphaned, still holding the port
    const node = await startAnvil({ chainId: 31337, port, pidFile });
    try {
      expect(alive(anvilPid)).toBe(false);
      expect(readFileSync(pidFile, 'utf8').trim()).toBe(String(node.pid));
    } finally {
      await node.stop();
    }
  });

  it('leaves a pid that is not anvil alone', async () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pidFile = join(dir, 'other.pid');
    writeFileSync(pidFile, `${sleeper.pid}\n`);
    try {
      expect(await killStaleAnvil(pidFile)).toBeUndefined();
      expect(alive(sleeper.pid!)).toBe(true);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});
