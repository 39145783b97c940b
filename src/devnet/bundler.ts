import { spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { devNull } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toHex, type Address, type Hex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { PermanentError } from '../lib/errors.ts';
import { ANVIL_MNEMONIC } from './accounts.ts';
import { assertPortFree, guardChild, killStaleChild, stopChild } from './child-guard.ts';
import { devClient } from './client.ts';

/**
 * An ERC-4337 bundler (Pimlico's alto) beside a dev or test chain, as a child process of Keel.
 * alto has no option for the interface it binds (always 0.0.0.0): it is started through a
 * Node preload (`bundler-loopback.mjs`) that pins its listening socket to 127.0.0.1. Its
 * executor and utility keys are anvil mnemonic indexes 10 and 11, never accounts 0–9 that
 * Keel and the tests sign with (a shared key would race on nonces); both are funded at start.
 */

/** Mnemonic indexes of the bundler's keys (outside anvil's ten prefunded accounts). */
export const BUNDLER_EXECUTOR_INDEX = 10;
export const BUNDLER_UTILITY_INDEX = 11;
/** Balance given to each bundler key at start: it pays the gas of every bundle. */
const FUNDING_WEI = 10_000n * 10n ** 18n;

export interface BundlerKey {
  address: Address;
  privateKey: Hex;
}

function mnemonicKey(addressIndex: number): BundlerKey {
  const account = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex });
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error(`no private key at mnemonic index ${addressIndex}`);
  return { address: account.address, privateKey: toHex(key) };
}

/** The bundler's signing keys: executor (sends bundles) and utility (deploys its helper contract). */
export function bundlerKeys(): { executor: BundlerKey; utility: BundlerKey } {
  return { executor: mnemonicKey(BUNDLER_EXECUTOR_INDEX), utility: mnemonicKey(BUNDLER_UTILITY_INDEX) };
}

export interface StartBundlerOptions {
  chainId: number;
  /** The chain's RPC URL (anvil). */
  rpcUrl: string;
  /** EntryPoint the bundler serves (the demo world's v0.8). */
  entryPoint: Address;
  /** Port on 127.0.0.1; omitted: a free one (chosen again if another process takes it first). */
  port?: number | undefined;
  /** alto's output is appended here (e.g. `.keel/chains/31337.bundler.log`); without it only the last lines are kept. */
  logFile?: string;
  /** Records the child's pid; a bundler still running under a pid found here is stopped first. */
  pidFile?: string;
  /** How long to wait for `eth_supportedEntryPoints` to name the EntryPoint (default 60 s; ~9 s on an idle machine). */
  readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 10 s). */
  stopTimeoutMs?: number;
}

export interface BundlerProcess {
  chainId: number;
  port: number;
  /** `http://127.0.0.1:<port>`: the ERC-4337 JSON-RPC endpoint. */
  url: string;
  pid: number;
  entryPoint: Address;
  executor: Address;
  utility: Address;
  /** SIGTERM, wait for exit, SIGKILL after the timeout. Idempotent. */
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const HOST = '127.0.0.1';
const LOOPBACK_HOOK = fileURLToPath(new URL('./bundler-loopback.mjs', import.meta.url));

/** Path of alto's command-line entry (its package exports only the library, so it is found beside it). */
export function altoEntry(): string {
  let lib: string;
  try {
    lib = require.resolve('@pimlico/alto');
  } catch (err) {
    throw new PermanentError(
      'bundler_missing',
      'the ERC-4337 bundler package @pimlico/alto is not installed: run `npm install`',
      {
        cause: err,
      },
    );
  }
  const entry = join(dirname(lib), 'cli', 'alto.js');
  if (!existsSync(entry)) throw new PermanentError('bundler_missing', `alto's command-line entry ${entry} is missing`);
  return entry;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isBundler(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .some((a) => a.endsWith('bundler-loopback.mjs'));
  } catch {
    return false;
  }
}

/** Stops a bundler recorded in `pidFile` by an earlier, hard-killed run (only if that pid still runs one). */
export async function killStaleBundler(pidFile: string): Promise<number | undefined> {
  // SIGKILL at once: it holds nothing worth saving (its mempool is in memory).
  return killStaleChild(pidFile, isBundler, 0);
}

async function rpc(url: string, method: string): Promise<unknown> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }),
      signal: AbortSignal.timeout(1_000),
    });
    return ((await res.json()) as { result?: unknown }).result;
  } catch {
    return undefined;
  }
}

/**
 * Funds the bundler's keys on the chain, starts alto on `port` (loopback only) and resolves
 * once it answers `eth_chainId` with the chain's id and `eth_supportedEntryPoints` with the
 * EntryPoint. Fails with alto's last lines when it exits or stays silent.
 */
export async function startBundler(opts: StartBundlerOptions): Promise<BundlerProcess> {
  if (opts.port) return startOn(opts, opts.port);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(opts, await freeLoopbackPort());
    } catch (err) {
      // Another process took the port between choosing and binding it.
      if (attempt < 4 && err instanceof PermanentError && err.code === 'devnet_port_in_use') continue;
      throw err;
    }
  }
}

/** A TCP port that was free a moment ago (bound to port 0, then released). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: HOST, exclusive: true }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

async function startOn(opts: StartBundlerOptions, port: number): Promise<BundlerProcess> {
  const { chainId, entryPoint } = opts;
  const entry = altoEntry();
  if (opts.pidFile) await killStaleBundler(opts.pidFile);
  // Every interface, not just loopback: a port taken elsewhere would fail alto's own bind.
  await assertPortFree(
    port,
    undefined,
    `cannot start the dev bundler: port ${port} on ${HOST} is already in use (choose another bundlerPort under devnet.chains)`,
  );
  const { executor, utility } = bundlerKeys();
  const chain = devClient(opts.rpcUrl);
  await Promise.all([executor, utility].map((k) => chain.setBalance({ address: k.address, value: FUNDING_WEI })));

  let log: WriteStream | undefined;
  if (opts.logFile) {
    mkdirSync(dirname(opts.logFile), { recursive: true });
    log = createWriteStream(opts.logFile, { flags: 'a', mode: 0o600 });
    log.write(`--- ${new Date().toISOString()} bundler for chain ${chainId} on ${HOST}:${port}\n`);
  }
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ALTO_') && k !== 'SENTRY_DSN') env[k] = v;
  Object.assign(env, {
    // Keys by environment (alto reads ALTO_*), so they are not on the command line for `ps` to show.
    ALTO_EXECUTOR_PRIVATE_KEYS: executor.privateKey,
    ALTO_UTILITY_PRIVATE_KEY: utility.privateKey,
    // alto loads a .env of its working directory; the project's own .env is not for it.
    DOTENV_CONFIG_PATH: devNull,
    KEEL_BUNDLER_HOST: HOST,
    KEEL_BUNDLER_PARENT_PID: String(process.pid),
  });
  const args = [
    '--import',
    pathToFileURL(LOOPBACK_HOOK).href,
    entry,
    '--entrypoints',
    entryPoint,
    '--rpc-url',
    opts.rpcUrl,
    '--port',
    String(port),
    // Safe mode needs debug_traceCall with alto's JS tracer, which anvil does not run.
    '--safe-mode',
    'false',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const tail: string[] = [];
  const collect = (chunk: Buffer) => {
    log?.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) tail.push(line);
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
      log?.end(`--- bundler exited (${exitInfo})\n`);
      resolve();
    });
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  if (child.pid === undefined) {
    const err = await spawnError;
    log?.end();
    throw new PermanentError('bundler_start_failed', `cannot run the bundler: ${err.message}`, { cause: err });
  }
  guardChild(child);
  if (opts.pidFile) {
    mkdirSync(dirname(opts.pidFile), { recursive: true });
    writeFileSync(opts.pidFile, `${child.pid}\n`);
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= stopChild(child, exited, () => exitInfo !== undefined, opts.stopTimeoutMs ?? 10_000);
    return stopping;
  };

  const url = `http://${HOST}:${port}`;
  const readyMs = opts.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + readyMs;
  const describe = () => `\n--- bundler output (last lines) ---\n${tail.join('\n') || '(none)'}`;
  for (;;) {
    if (exitInfo !== undefined) {
      throw new PermanentError(
        tail.some((l) => l.includes('EADDRINUSE')) ? 'devnet_port_in_use' : 'bundler_start_failed',
        `the bundler for chain ${chainId} on port ${port} exited at start (${exitInfo})${describe()}`,
      );
    }
    const entryPoints = await rpc(url, 'eth_supportedEntryPoints');
    if (Array.isArray(entryPoints) && exitInfo === undefined) {
      const answeredChain = await rpc(url, 'eth_chainId');
      const ok =
        typeof answeredChain === 'string' &&
        Number.parseInt(answeredChain, 16) === chainId &&
        entryPoints.some((e) => typeof e === 'string' && e.toLowerCase() === entryPoint.toLowerCase());
      if (!ok) {
        await stop();
        throw new PermanentError(
          'bundler_start_failed',
          `${url} answered chain ${String(answeredChain)} with entry points ${JSON.stringify(entryPoints)}, expected chain ${chainId} and ${entryPoint}${describe()}`,
        );
      }
      break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new PermanentError(
        'bundler_start_failed',
        `the bundler for chain ${chainId} did not answer on ${url} within ${readyMs} ms${describe()}`,
      );
    }
    await sleep(100);
  }

  return {
    chainId,
    port,
    url,
    pid: child.pid,
    entryPoint,
    executor: executor.address,
    utility: utility.address,
    stop,
  };
}
