import { spawn } from 'node:child_process';
import {
  accessSync,
  constants as fsConstants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PermanentError } from '../lib/errors.ts';
import { assertPortFree, guardChild, killStaleChild, stopChild } from './child-guard.ts';

/**
 * anvil child processes for the embedded dev stack and integration tests. Every child is
 * tracked so none outlives Keel: process exit, Ctrl-C, SIGTERM, SIGHUP and crashes all stop
 * them. A pid file per chain lets the next start clear an orphan left by a `kill -9`.
 */

export interface StartAnvilOptions {
  chainId: number;
  port: number;
  /** Interface to bind; only loopback is expected. */
  host?: string;
  /** `--state`: loaded at start when present, written when anvil exits on SIGTERM/SIGINT. */
  stateFile?: string;
  /** Also dump the state every N seconds, so a hard kill loses at most that much. */
  stateIntervalSeconds?: number;
  /** Interval mining; omitted or 0 means automine (a block per transaction). */
  blockTimeSeconds?: number;
  /** Records the child's pid; an anvil still running under a pid found here is stopped first. */
  pidFile?: string;
  /** How long to wait for `eth_chainId` to answer (default 15 s). */
  readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 10 s). */
  stopTimeoutMs?: number;
  /** Extra command-line arguments for anvil. */
  extraArgs?: string[];
}

export interface AnvilProcess {
  chainId: number;
  port: number;
  rpcUrl: string;
  pid: number;
  stateFile?: string;
  /** SIGTERM (anvil dumps its state), wait for exit, SIGKILL after the timeout. Idempotent. */
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

/**
 * Path of the anvil binary shipped by the platform package of `@foundry-rs/anvil`
 * (`KEEL_ANVIL_BIN` overrides). Throws a clear error when it is not installed.
 */
export function anvilBinary(): string {
  const override = process.env.KEEL_ANVIL_BIN;
  if (override) return override;
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  let bin: string;
  try {
    bin = join(
      dirname(require.resolve(`${pkg}/package.json`)),
      'bin',
      process.platform === 'win32' ? 'anvil.exe' : 'anvil',
    );
  } catch (err) {
    throw new PermanentError(
      'anvil_missing',
      `the anvil binary package ${pkg} is not installed (it is an optional dependency of @foundry-rs/anvil): run \`npm install\` or set KEEL_ANVIL_BIN`,
      { cause: err },
    );
  }
  try {
    accessSync(bin, fsConstants.X_OK);
  } catch (err) {
    throw new PermanentError('anvil_missing', `anvil binary ${bin} is missing or not executable`, { cause: err });
  }
  return bin;
}

// ---- pid files ---------------------------------------------------------------------------

function isAnvil(pid: number): boolean {
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return /(^|[/\\])anvil(\.exe)?$/.test(argv0);
  } catch {
    return false;
  }
}

/**
 * Stops an orphaned anvil recorded in `pidFile` (left by a hard-killed parent), but only if
 * that pid still runs an anvil binary: a recycled pid of another program is left alone.
 * Returns the pid it stopped, if any.
 */
export async function killStaleAnvil(pidFile: string, timeoutMs = 10_000): Promise<number | undefined> {
  // SIGTERM first: it lets anvil dump its state file.
  return killStaleChild(pidFile, isAnvil, timeoutMs);
}

// ---- starting ----------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function rpcChainId(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1_000),
    });
    const body = (await res.json()) as { result?: string };
    return body.result ? Number.parseInt(body.result, 16) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts anvil for one chain and resolves once it answers `eth_chainId` with that id.
 * Fails with a clear message when the port is taken, the binary is missing, or anvil exits
 * or stays silent (the error quotes the tail of its output).
 */
export async function startAnvil(opts: StartAnvilOptions): Promise<AnvilProcess> {
  const host = opts.host ?? '127.0.0.1';
  const { chainId, port } = opts;
  const bin = anvilBinary();
  if (opts.pidFile) await killStaleAnvil(opts.pidFile);
  await assertPortFree(
    port,
    host,
    `cannot start anvil for a dev chain: port ${port} on ${host} is already in use ` +
      `(another anvil or \`keel dev\` may be running; stop it or choose another port under devnet.chains)`,
  );

  const args = ['--host', host, '--port', String(port), '--chain-id', String(chainId)];
  if (opts.blockTimeSeconds && opts.blockTimeSeconds > 0) args.push('--block-time', String(opts.blockTimeSeconds));
  if (opts.stateFile) {
    mkdirSync(dirname(opts.stateFile), { recursive: true });
    args.push('--state', opts.stateFile);
    if (opts.stateIntervalSeconds) args.push('--state-interval', String(opts.stateIntervalSeconds));
  }
  args.push(...(opts.extraArgs ?? []));

  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim()) tail.push(line);
    }
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let exitInfo: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      if (opts.pidFile && existsSync(opts.pidFile) && readFileSync(opts.pidFile, 'utf8').trim() === String(child.pid)) {
        rmSync(opts.pidFile, { force: true });
      }
      resolve();
    });
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  if (child.pid === undefined) {
    const err = await spawnError;
    throw new PermanentError('anvil_start_failed', `cannot run ${bin}: ${err.message}`, { cause: err });
  }
  guardChild(child);
  if (opts.pidFile) {
    mkdirSync(dirname(opts.pidFile), { recursive: true });
    writeFileSync(opts.pidFile, `${child.pid}\n`);
  }

  const rpcUrl = `http://${host}:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= stopChild(child, exited, () => exitInfo !== undefined, opts.stopTimeoutMs ?? 10_000);
    return stopping;
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 15_000);
  const describe = () => `\n--- anvil output (last lines) ---\n${tail.join('\n') || '(none)'}`;
  for (;;) {
    if (exitInfo !== undefined) {
      throw new PermanentError(
        'anvil_start_failed',
        `anvil for chain ${chainId} on port ${port} exited at start (${exitInfo})${describe()}`,
      );
    }
    const answered = await rpcChainId(rpcUrl);
    if (answered !== undefined && exitInfo === undefined) {
      if (answered !== chainId) {
        await stop();
        throw new PermanentError(
          'anvil_start_failed',
          `${rpcUrl} answered chain id ${answered}, expected ${chainId}${describe()}`,
        );
      }
      break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new PermanentError(
        'anvil_start_failed',
        `anvil for chain ${chainId} did not answer on ${rpcUrl} within ${opts.readyTimeoutMs ?? 15_000} ms${describe()}`,
      );
    }
    await sleep(30);
  }

  return {
    chainId,
    port,
    rpcUrl,
    pid: child.pid,
    ...(opts.stateFile ? { stateFile: opts.stateFile } : {}),
    stop,
  };
}
