import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { buildConfig, deepMerge } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import type { TestDatabase } from './db.ts';
import { freePort } from './devchain.ts';

/**
 * Real `keel start` processes for process-level tests (crash recovery, several processes on
 * one database): a config file written to a temp directory, the CLI spawned as
 * `node bin/keel.js start --role … --config …`, its output kept for failure messages, and a
 * fleet that kills whatever is still running at the end.
 */

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'bin', 'keel.js');

/** The test process's environment without anything that would override the child's config file. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      k.startsWith('KEEL') ||
      k.startsWith('VITEST') ||
      ['PORT', 'HOST', 'DATABASE_URL', 'LOG_LEVEL', 'NODE_OPTIONS', 'NODE_ENV'].includes(k)
    )
      continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/**
 * A config document (as a file would hold it) for the shipped dev config pointed at test
 * chains: the demo world's assets and the dev signers, fast RPC retries, test secrets.
 * `buildConfig(doc)` gives the same configuration in process.
 */
export function devConfigDoc(
  chains: ReadonlyArray<{ chainId: number; rpcUrls: string[] }>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const dev = parseYaml(readFileSync(join(REPO, 'config', 'development.yaml'), 'utf8')) as {
    chains: Record<string, Record<string, unknown>>;
    signers: unknown;
  };
  const base = {
    env: 'test',
    server: { host: '127.0.0.1', port: 0 },
    log: { level: 'warn', pretty: false },
    // A deadline a loaded machine's anvil always meets: tests fault endpoints on purpose, never by slowness.
    rpc: { timeoutMs: 10_000, maxAttempts: 2, backoffBaseMs: 10, backoffMaxMs: 50, cooldownMs: 1_000 },
    secrets: { encryptionKey: Buffer.alloc(32, 42).toString('base64') },
    signers: dev.signers,
    chains: Object.fromEntries(
      chains.map((c) => [String(c.chainId), { ...dev.chains[String(c.chainId)], rpcUrls: c.rpcUrls }]),
    ),
  };
  return deepMerge(base, extra);
}

/** The validated, frozen config of a document (for an in-process instance beside the children). */
export function configOf(doc: Record<string, unknown>): Config {
  return buildConfig(doc);
}

/**
 * A connection URL reaching the test database's schema from another process: the schema is
 * selected with the libpq `options` parameter (`-c search_path=…`), which node-postgres honours.
 * Undefined for PGlite (it cannot be shared between processes).
 */
export function sharedDatabaseUrl(db: TestDatabase): string | undefined {
  const { url, schema } = db.options;
  if (!url) return undefined;
  if (!schema) return url;
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One `node bin/keel.js …` child with the tail of its output and a promise of its exit. */
export class KeelChild {
  readonly child: ChildProcess;
  readonly startedAt = Date.now();
  readonly exited: Promise<Exit>;
  exit: Exit | undefined;
  /** Every complete output line, in order (stdout and stderr). */
  readonly lines: string[] = [];
  /** Everything the child printed, stdout and stderr as they arrived. */
  output = '';
  private partial = { out: '', err: '' };

  /**
   * `bin`: another `keel` entry point than this checkout's (e.g. an installed package's).
   * `detached`: the child gets its own process group, so a Ctrl-C can be delivered the way a
   * terminal does (to the whole group, grandchildren included) and a failed test can kill the group.
   */
  constructor(
    readonly label: string,
    args: string[],
    opts: { cwd: string; env: NodeJS.ProcessEnv; detached?: boolean; bin?: string },
  ) {
    // KEEL_CHILD_NODE_ARGS: extra node flags for the child (e.g. --cpu-prof to profile a benchmark run).
    const nodeArgs = (process.env.KEEL_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeArgs, opts.bin ?? BIN, ...args], {
      cwd: opts.cwd,
      env: opts.env,
      detached: opts.detached ?? false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (stream: 'out' | 'err') => (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      const parts = (this.partial[stream] + chunk.toString('utf8')).split('\n');
      this.partial[stream] = parts.pop() ?? '';
      for (const line of parts) this.lines.push(stream === 'err' ? `[stderr] ${line}` : line);
      // Keep memory bounded; the interesting part of a failure is its end.
      if (this.lines.length > 2_000) this.lines.splice(0, this.lines.length - 1_000);
    };
    this.child.stdout!.on('data', collect('out'));
    this.child.stderr!.on('data', collect('err'));
    this.exited = new Promise<Exit>((res) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        res(this.exit);
      });
      this.child.once('error', (err) => {
        this.lines.push(`[spawn error] ${err.message}`);
        this.exit = { code: -1, signal: null };
        res(this.exit);
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The last `n` output lines with the exit status, for assertion messages. */
  tail(n = 40): string {
    const rest = [this.partial.out, this.partial.err && `[stderr] ${this.partial.err}`].filter(Boolean);
    const state = this.exit ? `exit code ${this.exit.code}, signal ${this.exit.signal}` : 'running';
    return `\n--- ${this.label} (pid ${this.child.pid}, ${state}, ${Date.now() - this.startedAt} ms) ---\n${[...this.lines, ...rest].slice(-n).join('\n') || '(no output)'}\n---`;
  }

  /** The JSON log records (pino) printed so far. */
  records(): Array<Record<string, any>> {
    const out: Array<Record<string, any>> = [];
    for (const l of this.lines) {
      if (!l.startsWith('{')) continue;
      try {
        out.push(JSON.parse(l));
      } catch {
        // not a log record
      }
    }
    return out;
  }

  /** Waits for the exit, up to `ms`; undefined while it is still running. */
  async waitExit(ms: number): Promise<Exit | undefined> {
    return Promise.race([this.exited, sleep(ms).then(() => undefined)]);
  }

  /** Waits until a log record's `msg` matches (or the process exits, or `ms` passes); throws with the tail. */
  async waitForLog(msg: RegExp, ms: number): Promise<Record<string, any>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.records().find((r) => typeof r.msg === 'string' && msg.test(r.msg));
      if (hit) return hit;
      if (this.exit) throw new Error(`${this.label} exited before logging ${msg}${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`${this.label} did not log ${msg} within ${ms} ms${this.tail()}`);
      await sleep(50);
    }
  }

  /** SIGTERM (Keel stops gracefully), then SIGKILL if it is still running after `ms`. */
  async stop(ms = 15_000): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGTERM');
    const e = await this.waitExit(ms);
    if (e) return e;
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGKILL now (cleanup); resolves at exit. */
  async kill(): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGKILL');
    return this.exited;
  }
}

/**
 * Runs one short `keel …` command to its end (SIGKILL after `timeoutMs`, then throws) and
 * returns its exit code and everything it printed.
 */
export async function runKeel(
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; bin?: string; timeoutMs?: number },
): Promise<{ code: number | null; out: string; proc: KeelChild }> {
  const proc = new KeelChild(`keel ${args.join(' ')}`, args, {
    cwd: opts.cwd,
    env: childEnv(opts.env),
    ...(opts.bin ? { bin: opts.bin } : {}),
  });
  const exit = await proc.waitExit(opts.timeoutMs ?? 60_000);
  if (!exit) {
    await proc.kill();
    throw new Error(`keel ${args.join(' ')} did not finish in time${proc.tail()}`);
  }
  return { code: exit.code, out: proc.output, proc };
}

/** Polls `probe` until it returns a value other than undefined, or throws `message()` after `ms`. */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  ms: number,
  message: () => string,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(message());
    await sleep(everyMs);
  }
}

/**
 * The Keel processes of one test file: each gets the config file of its document, its own
 * free API port, and the extra environment given (e.g. `KEEL_FAILPOINTS`). `cleanup()` kills
 * whatever is still running and removes the temp directory.
 */
export class KeelFleet {
  readonly dir = mkdtempSync(join(tmpdir(), 'keel-procs-'));
  readonly children: KeelChild[] = [];
  private n = 0;

  /**
   * Starts `keel start --role <role>`. For the API roles it waits until `/health` answers and
   * returns the base URL; a worker is returned as soon as it is spawned.
   */
  async start(
    label: string,
    role: 'api' | 'worker' | 'all',
    doc: Record<string, unknown>,
    env: NodeJS.ProcessEnv = {},
    opts: { waitMs?: number } = {},
  ): Promise<{ proc: KeelChild; url?: string }> {
    const file = join(this.dir, `keel-${++this.n}.yaml`);
    writeFileSync(file, stringifyYaml(doc));
    const port = role === 'worker' ? undefined : await freePort();
    const proc = new KeelChild(`${label} [keel start --role ${role}]`, ['start', '--role', role, '--config', file], {
      cwd: this.dir,
      env: childEnv({ ...(port ? { PORT: String(port) } : {}), ...env }),
    });
    this.children.push(proc);
    if (!port) return { proc };
    const url = `http://127.0.0.1:${port}`;
    await pollUntil(
      async () => {
        if (proc.exit) throw new Error(`${proc.label} exited while starting${proc.tail()}`);
        const ok = await fetch(`${url}/health`).then(
          (r) => r.ok,
          () => false,
        );
        return ok ? true : undefined;
      },
      opts.waitMs ?? 60_000,
      () => `${proc.label} did not answer /health${proc.tail()}`,
    );
    return { proc, url };
  }

  /** SIGKILLs every child still running (after a failed test, so the next starts clean). */
  async killRunning(): Promise<void> {
    await Promise.all(this.children.filter((c) => !c.exit).map((c) => c.kill()));
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.children.map((c) => c.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
