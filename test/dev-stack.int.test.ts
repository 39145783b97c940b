import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeFunctionData, erc20Abi, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devClient, sendDevTx } from '../src/devnet/client.ts';
import { readDevManifest, type DevManifest } from '../src/devnet/manifest.ts';
import type { PortfolioResponse } from '../src/portfolio/schemas.ts';
import { freePort } from './helpers/devchain.ts';
import { KeelChild } from './helpers/keel-process.ts';

/**
 * Process-level test of the README's first command, `npm start` (= `keel dev`): the real CLI
 * as a child process, the way a new user runs it, isolated in a temp working directory with
 * free ports so it runs beside other test files and on CI. It covers the start → first API
 * call → Ctrl-C → resume → `--reset` cycle, and that no anvil outlives Keel.
 */

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEV_CONFIG = join(REPO, 'config', 'development.yaml');
const CHAIN_IDS = [31337, 31338] as const;

const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;

// ---- child process plumbing ---------------------------------------------------------------

/** The variables a developer's shell or CI might set that would leak into the child's config. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      k.startsWith('KEEL__') ||
      ['KEEL_CONFIG', 'KEEL_ENV', 'PORT', 'HOST', 'DATABASE_URL', 'LOG_LEVEL', 'NODE_OPTIONS'].includes(k)
    )
      continue;
    env[k] = v;
  }
  return env;
}

/** A `node bin/keel.js …` child with its output kept for failure messages (test/helpers/keel-process.ts). */
const KeelProcess = KeelChild;
type KeelProcess = KeelChild;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs a short CLI command to completion (bounded). */
async function runCli(
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ code: number | null; out: string; p: KeelProcess }> {
  const p = new KeelProcess(`keel ${args.join(' ')}`, args, {
    cwd: opts.cwd,
    env: { ...baseEnv(), ...(opts.env ?? {}) },
  });
  const exit = await p.waitExit(opts.timeoutMs ?? 180_000);
  if (!exit) {
    p.child.kill('SIGKILL');
    await p.exited;
    throw new Error(`keel ${args.join(' ')} did not finish in time${p.tail()}`);
  }
  return { code: exit.code, out: p.output, p };
}

// ---- anvil processes ----------------------------------------------------------------------

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

const isAnvilCmd = (argv: string[]) => /(^|\/)anvil$/.test(argv[0] ?? '');

/** anvil processes whose command line names a path under `dir` (their `--state` file). */
function anvilsUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = cmdline(Number(entry));
    if (isAnvilCmd(argv) && argv.some((a) => a.startsWith(dir))) pids.push(Number(entry));
  }
  return pids;
}

/**
 * pids recorded in `<dir>/.keel/chains/*.pid`: each anvil's (`<chainId>.pid`, src/devnet/anvil.ts) and
 * each bundler's (`<chainId>.bundler.pid`, src/devnet/bundler.ts), so a stop checks both are gone.
 */
function pidFilePids(cwd: string): number[] {
  const chainsDir = join(cwd, '.keel', 'chains');
  if (!existsSync(chainsDir)) return [];
  return readdirSync(chainsDir)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => Number.parseInt(readFileSync(join(chainsDir, f), 'utf8').trim(), 10))
    .filter((n) => Number.isInteger(n) && n > 0);
}

// ---- API ----------------------------------------------------------------------------------

async function api(m: DevManifest, path: string, token?: string): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${m.apiBaseUrl}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

type OkChain = Extract<PortfolioResponse['chains'][number], { status: 'ok' }>;
type Account = OkChain['accounts'][number];

/** Fetches the portfolio and returns, per chain id, the ok chain (asserting both chains are ok). */
async function portfolio(
  m: DevManifest,
  token: string,
  addresses: Address[],
  ctx: () => string,
): Promise<Map<number, OkChain>> {
  const r = await api(m, `/v1/portfolio?addresses=${addresses.join(',')}`, token);
  expect(r.status, `GET /v1/portfolio → ${r.status} ${r.text.slice(0, 500)}${ctx()}`).toBe(200);
  const body = r.body as PortfolioResponse;
  const byId = new Map<number, OkChain>();
  for (const c of body.chains) {
    expect(c.status, `chain ${c.chainId}: ${JSON.stringify(c).slice(0, 500)}${ctx()}`).toBe('ok');
    if (c.status === 'ok') byId.set(c.chainId, c);
  }
  expect([...byId.keys()].sort(), ctx()).toEqual([...CHAIN_IDS]);
  return byId;
}

function accountOf(chain: OkChain, address: Address): Account {
  const a = chain.accounts.find((x) => x.address.toLowerCase() === address.toLowerCase());
  if (!a) throw new Error(`chain ${chain.chainId}: no account ${address} in the portfolio`);
  return a;
}

const tusd = (a: Account): bigint => BigInt(a.assets.find((x) => x.asset.symbol === 'tUSD')?.balance?.baseUnits ?? '0');
const vaultShares = (a: Account): bigint => a.vaultPositions.reduce((s, v) => s + BigInt(v.shares.baseUnits), 0n);

// ---- the dev stack test -------------------------------------------------------------------

describe('npm start (keel dev) as a child process: start, Ctrl-C, resume, --reset', () => {
  // Made in beforeAll, not at collection: a suite filtered out with -t runs no hooks.
  let cwd = '';
  let manifestPath = '';
  const spawned: KeelProcess[] = [];
  const seenAnvils = new Set<number>();
  let ports: Record<number, number> = {};
  let bundlerPorts: Record<number, number> = {};
  let current: KeelProcess | undefined;

  /** Same env on every start, as a developer's shell would have. */
  const devEnv = (): NodeJS.ProcessEnv => ({
    ...baseEnv(),
    PORT: '0',
    LOG_LEVEL: 'warn',
    KEEL__DEVNET__CHAINS: JSON.stringify(
      Object.fromEntries(CHAIN_IDS.map((id) => [String(id), { port: ports[id], bundlerPort: bundlerPorts[id] }])),
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
  });
  const pickPorts = async () => {
    ports = Object.fromEntries(await Promise.all(CHAIN_IDS.map(async (id) => [id, await freePort()] as const)));
    bundlerPorts = Object.fromEntries(await Promise.all(CHAIN_IDS.map(async (id) => [id, await freePort()] as const)));
  };
  const ctx = () => current?.tail() ?? '';

  /**
   * Starts `keel dev` and waits until it has written a manifest of its own (createdAt after
   * the spawn: an earlier run's manifest is still on disk). Retries with other ports only when
   * another process took a chosen anvil port in the meantime (parallel test files).
   */
  async function startDev(extraArgs: string[] = []): Promise<DevManifest> {
    for (let attempt = 1; ; attempt++) {
      const p = new KeelProcess(
        `keel dev ${extraArgs.join(' ')}`.trim(),
        ['dev', ...extraArgs, '--config', DEV_CONFIG],
        { cwd, env: devEnv(), detached: true },
      );
      spawned.push(p);
      current = p;
      const deadline = Date.now() + START_TIMEOUT_MS;
      let manifest: DevManifest | undefined;
      while (!manifest && !p.exit && Date.now() < deadline) {
        await sleep(200);
        for (const pid of pidFilePids(cwd)) seenAnvils.add(pid);
        if (!existsSync(manifestPath)) continue;
        try {
          const m = readDevManifest(manifestPath);
          if (Date.parse(m.createdAt) >= p.startedAt - 1_000 && /Keel is running/.test(p.output)) manifest = m;
        } catch {
          // being written (the write is atomic, but be lenient)
        }
      }
      if (manifest) {
        for (const pid of [...pidFilePids(cwd), ...anvilsUnder(cwd)]) seenAnvils.add(pid);
        console.log(`${p.label}: ready in ${Date.now() - p.startedAt} ms (API ${manifest.apiBaseUrl})`);
        return manifest;
      }
      if (p.exit && attempt < 3 && /already in use|EADDRINUSE/.test(p.output)) {
        console.log(`${p.label}: an anvil port was taken by another process; retrying with other ports${p.tail(10)}`);
        await pickPorts();
        continue;
      }
      throw new Error(`${p.label} did not write ${manifestPath} within ${START_TIMEOUT_MS} ms${p.tail()}`);
    }
  }

  /**
   * Ctrl-C. `group`: SIGINT to the whole process group, as a terminal delivers it (anvil
   * children get it too); else to the Keel process only. Asserts a clean exit and that every
   * anvil it started is gone.
   */
  async function stopDev(how: 'group' | 'process'): Promise<number> {
    const p = current!;
    const t0 = Date.now();
    const anvils = [...new Set([...seenAnvils, ...pidFilePids(cwd), ...anvilsUnder(cwd)])];
    expect(anvils.length, `anvil pids found while running: ${anvils.join(', ')}${p.tail()}`).toBeGreaterThanOrEqual(
      CHAIN_IDS.length,
    );
    if (how === 'group') process.kill(-p.pid, 'SIGINT');
    else p.child.kill('SIGINT');
    const exit = await p.waitExit(STOP_TIMEOUT_MS);
    expect(exit, `keel dev did not exit within ${STOP_TIMEOUT_MS} ms of SIGINT${p.tail()}`).toBeDefined();
    expect(exit, `keel dev exit after SIGINT${p.tail()}`).toEqual({ code: 0, signal: null });
    // Keel waits for its chains before exiting; allow the kernel a moment to reap them.
    const until = Date.now() + 30_000; // ends as soon as they are gone
    while (anvils.some(isAlive) && Date.now() < until) await sleep(50);
    for (const pid of anvils) {
      // `state` tells a live anvil (S/R) from an unreaped zombie (Z).
      const state = existsSync(`/proc/${pid}/stat`)
        ? `state ${/\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1]} ${cmdline(pid).join(' ')}`
        : '(gone)';
      expect(
        () => process.kill(pid, 0),
        `anvil pid ${pid} still exists after keel dev exited: ${state}${p.tail()}`,
      ).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    }
    expect(anvilsUnder(cwd), `anvil processes still running with state under ${cwd}${p.tail()}`).toEqual([]);
    for (const id of CHAIN_IDS) {
      expect(existsSync(join(cwd, '.keel', 'chains', `${id}.json`)), `state file of chain ${id}${p.tail()}`).toBe(true);
    }
    seenAnvils.clear();
    current = undefined;
    const ms = Date.now() - t0;
    console.log(`${p.label}: stopped by SIGINT (${how}) in ${ms} ms`);
    return ms;
  }

  const user0 = () => first.manifest.users[0]!.address;
  const vaultUser = () => first.manifest.users[2]!.address;
  // A fresh address that only ever receives the transfer made in the first run.
  const recipient = '0x000000000000000000000000000000000000bEEF' as Address;
  const sent = 1_234_567n; // 1.234567 tUSD
  const first = { manifest: undefined as unknown as DevManifest, shares: 0n, block: 0n, user0Tusd: 0n, extraToken: '' };
  const second = { manifest: undefined as unknown as DevManifest, block: 0n };

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'keel-dev-stack-'));
    manifestPath = join(cwd, '.keel', 'dev.json');
    // A state directory others could enter, as an earlier version left it: tightened at start.
    mkdirSync(join(cwd, '.keel'), { mode: 0o755 });
    chmodSync(join(cwd, '.keel'), 0o755);
    await pickPorts();
  });

  afterAll(async () => {
    if (!cwd) return;
    for (const p of spawned) {
      if (p.exit) continue;
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {
        // gone
      }
      await p.waitExit(5_000);
    }
    for (const pid of new Set([...seenAnvils, ...pidFilePids(cwd), ...anvilsUnder(cwd)])) {
      if (isAlive(pid) && isAnvilCmd(cmdline(pid))) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    rmSync(cwd, { recursive: true, force: true });
  });

  it('first start: writes the manifest, serves /ready and the portfolio of both chains, stops on Ctrl-C with no anvil left', {
    timeout: 180_000,
  }, async () => {
    first.manifest = await startDev();
    const m = first.manifest;
    expect(m.apiKey, ctx()).toMatch(/^keel_sk_/);
    // three operators, three principals: one creates, another reviews
    expect(
      m.operators.map((o) => o.name),
      ctx(),
    ).toEqual(['alice', 'bob', 'carol']);
    expect(m.apiKey).toBe(m.operators[0]!.apiKey);
    const whoami = await Promise.all(m.operators.map((o) => api(m, '/v1/me', o.apiKey)));
    expect(
      whoami.map((w) => w.body?.principal?.name),
      ctx(),
    ).toEqual(['alice', 'bob', 'carol']);
    expect(whoami.map((w) => w.body?.principal?.id)).toEqual(m.operators.map((o) => o.principalId));
    expect(new Set(m.operators.map((o) => o.principalId)).size).toBe(3);
    // The banner says where the keys are and never prints one (issue 12 §6); it names the operators.
    const printed = current!.output;
    expect(printed, ctx()).toMatch(/API key\s+"apiKey" in \S*\.keel\/dev\.json/);
    expect(printed, ctx()).toMatch(/operators\s+alice, bob, carol: .*"operators"\[\]\.apiKey/);
    expect(printed, 'no API key in the output').not.toMatch(/keel_sk_/);
    for (const o of m.operators) expect(printed).not.toContain(o.apiKey);
    // Local state is the owner's only: .keel/ and the PGlite directory 0700, dev.json 0600.
    const mode = (p: string) => statSync(join(cwd, p)).mode & 0o777;
    expect(mode('.keel'), ctx()).toBe(0o700);
    expect(mode('.keel/db'), ctx()).toBe(0o700);
    expect(mode('.keel/dev.json'), ctx()).toBe(0o600);
    expect(printed, ctx()).toMatch(/\.keel was accessible to other users \(mode 0755\); tightened to 0700/);
    expect(m.chains.map((c) => c.chainId).sort(), ctx()).toEqual([...CHAIN_IDS]);
    for (const c of m.chains) expect(c.rpcUrl, ctx()).toBe(`http://127.0.0.1:${ports[c.chainId]}`);
    // Each chain's ERC-4337 bundler answers on its configured port for the demo EntryPoint.
    for (const c of m.chains) {
      expect(c.bundlerUrl, ctx()).toBe(`http://127.0.0.1:${bundlerPorts[c.chainId]}`);
      const res = await fetch(c.bundlerUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_supportedEntryPoints', params: [] }),
        signal: AbortSignal.timeout(10_000),
      });
      expect(((await res.json()) as { result?: unknown }).result, ctx()).toEqual([c.contracts.entryPoint]);
    }
    expect(m.apiBaseUrl, ctx()).not.toMatch(/:8080$/);

    const ready = await api(m, '/ready');
    expect(ready.status, `GET /ready → ${ready.text}${ctx()}`).toBe(200);
    expect(ready.body?.status, ready.text).toBe('ready');

    expect((await api(m, `/v1/portfolio?addresses=${user0()}`)).status, 'no key → 401').toBe(401);
    const before = await portfolio(m, m.apiKey, [user0(), vaultUser(), recipient], ctx);
    for (const id of CHAIN_IDS) {
      const c = before.get(id)!;
      expect(tusd(accountOf(c, user0())), `tUSD of users[0] on ${id}${ctx()}`).toBeGreaterThan(0n);
      expect(tusd(accountOf(c, recipient)), `recipient on ${id}`).toBe(0n);
    }
    first.shares = vaultShares(accountOf(before.get(31337)!, vaultUser()));
    expect(first.shares, `vault shares of users[2]${ctx()}`).toBeGreaterThan(0n);

    // Chain activity that only this chain's saved state can remember: a transfer, and 500
    // mined blocks so that a fresh chain could not reach the same height by interval mining.
    const chainA = m.chains.find((c) => c.chainId === 31337)!;
    const client = devClient(chainA.rpcUrl);
    await sendDevTx(client, {
      label: 'test transfer',
      from: user0(),
      to: chainA.contracts.tUSD,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, sent] }),
    });
    await client.mine({ blocks: 500 });
    const after = await portfolio(m, m.apiKey, [user0(), recipient], ctx);
    expect(tusd(accountOf(after.get(31337)!, recipient)), ctx()).toBe(sent);
    expect(tusd(accountOf(after.get(31337)!, user0())), ctx()).toBe(
      tusd(accountOf(before.get(31337)!, user0())) - sent,
    );
    first.block = BigInt(after.get(31337)!.blockNumber);
    first.user0Tusd = tusd(accountOf(after.get(31337)!, user0()));
    expect(first.block).toBeGreaterThan(500n);

    await stopDev('group');

    // While Keel is stopped, the CLI works on the same embedded database (paths are relative to cwd).
    const created = await runCli(
      ['keys', 'create', '--name', 'made between runs', '--scopes', 'portfolio:read', '--config', DEV_CONFIG],
      { cwd, env: { LOG_LEVEL: 'warn' } },
    );
    expect(created.code, created.p.tail()).toBe(0);
    first.extraToken = /keel_sk_\S+/.exec(created.out)?.[0] ?? '';
    expect(first.extraToken, created.p.tail()).not.toBe('');
  });

  it('second start resumes: same API key, chain state and database kept, world not redeployed', {
    timeout: 150_000,
  }, async () => {
    expect(first.block, 'the first start must have succeeded').toBeGreaterThan(0n);
    second.manifest = await startDev();
    const m = second.manifest;
    expect(m.apiKey, `the dev key is reused${ctx()}`).toBe(first.manifest.apiKey);
    expect(m.operators, `the dev operators are reused${ctx()}`).toEqual(first.manifest.operators);
    expect(m.createdAt > first.manifest.createdAt).toBe(true);

    const p = await portfolio(m, m.apiKey, [user0(), vaultUser(), recipient], ctx);
    const a = p.get(31337)!;
    expect(
      BigInt(a.blockNumber),
      `block number went backwards: chain state was not restored${ctx()}`,
    ).toBeGreaterThanOrEqual(first.block);
    expect(tusd(accountOf(a, recipient)), `the first run's transfer is still there${ctx()}`).toBe(sent);
    expect(vaultShares(accountOf(a, vaultUser())), ctx()).toBe(first.shares);
    for (const id of CHAIN_IDS) expect(tusd(accountOf(p.get(id)!, user0())), ctx()).toBeGreaterThan(0n);
    // Redeploying (or re-seeding) the world would have changed this balance again.
    expect(tusd(accountOf(a, user0())), `users[0] tUSD after the transfer${ctx()}`).toBe(first.user0Tusd);

    const extra = await portfolio(m, first.extraToken, [user0()], ctx);
    expect(extra.size).toBe(2);
    expect((await api(m, '/ready')).status, ctx()).toBe(200);

    // A second `keel dev` in the same directory must refuse instead of taking over the chains.
    const intruder = await runCli(['dev', '--config', DEV_CONFIG], { cwd, env: { LOG_LEVEL: 'warn' } });
    expect(intruder.code, intruder.p.tail()).not.toBe(0);
    expect(intruder.out).toMatch(/dev_already_running/);
    expect((await api(m, '/ready')).status, `the running stack is untouched${ctx()}`).toBe(200);

    second.block = BigInt(p.get(31337)!.blockNumber);
    await stopDev('process');
  });

  it('--reset starts clean: new API key (old ones 401), fresh chains, working portfolio, no anvil left', {
    timeout: 150_000,
  }, async () => {
    expect(second.block, 'the second start must have succeeded').toBeGreaterThan(0n);
    const m = await startDev(['--reset']);
    expect(m.apiKey, ctx()).toMatch(/^keel_sk_/);
    expect(m.apiKey, `--reset must create a new dev key${ctx()}`).not.toBe(first.manifest.apiKey);

    expect(
      (await api(m, `/v1/portfolio?addresses=${user0()}`, first.manifest.apiKey)).status,
      'old dev key after --reset',
    ).toBe(401);
    expect(
      (await api(m, `/v1/portfolio?addresses=${user0()}`, first.extraToken)).status,
      'key made before --reset',
    ).toBe(401);

    const p = await portfolio(m, m.apiKey, [user0(), vaultUser(), recipient], ctx);
    const a = p.get(31337)!;
    expect(BigInt(a.blockNumber), `block number after --reset must be below ${second.block}${ctx()}`).toBeLessThan(
      second.block,
    );
    expect(tusd(accountOf(a, recipient)), `fresh chain: no trace of the earlier transfer${ctx()}`).toBe(0n);
    expect(vaultShares(accountOf(a, vaultUser())), ctx()).toBe(first.shares);
    for (const id of CHAIN_IDS) expect(tusd(accountOf(p.get(id)!, user0())), ctx()).toBeGreaterThan(0n);
    expect((await api(m, '/ready')).status, ctx()).toBe(200);

    await stopDev('process');
  });
});

// ---- the other first commands: config check, keys ---------------------------------------

describe('keel config check and keys (CLI as a child process)', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('config check: the production example is valid; a broken file exits 78 naming each field', {
    timeout: 120_000,
  }, async () => {
    const example = join(REPO, 'config', 'production.example.yaml');
    const secrets = {
      DATABASE_URL: 'postgres://keel@127.0.0.1:5432/keel',
      ETH_RPC_PRIMARY: 'https://eth-a.example.com',
      ETH_RPC_SECONDARY: 'https://eth-b.example.com',
      KEEL_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    const ok = await runCli(['config', 'check', '--config', example], { cwd: dir, env: secrets });
    expect(ok.code, ok.p.tail()).toBe(0);
    expect(ok.out, ok.p.tail()).toMatch(/production\.example\.yaml: valid/);

    const { DATABASE_URL: _, ...withoutDb } = secrets;
    const missing = await runCli(['config', 'check', '--file', example], { cwd: dir, env: withoutDb });
    expect(missing.code, missing.p.tail()).toBe(78);
    expect(missing.out, missing.p.tail()).toMatch(/DATABASE_URL/);

    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      [
        'env: production',
        'server:',
        '  port: 70000',
        'database:',
        '  url: postgres://keel@127.0.0.1/keel',
        'secrets:',
        `  encryptionKey: "${secrets.KEEL_SECRETS_KEY}"`,
        'chains:',
        '  "1":',
        '    name: Ethereum',
        '    rpcUrls: []',
        '',
      ].join('\n'),
    );
    // -f/--file: the deprecated name still works.
    const r = await runCli(['config', 'check', '--file', bad], { cwd: dir });
    expect(r.code, r.p.tail()).toBe(78);
    expect(r.out, r.p.tail()).toMatch(/server\.port/);
    expect(r.out, r.p.tail()).toMatch(/chains\.1\.rpcUrls/);
    expect(r.out, r.p.tail()).not.toMatch(/valid \(/);
  });

  it('--version prints the package version', { timeout: 120_000 }, async () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const v = await runCli(['--version'], { cwd: dir });
    expect(v.code, v.p.tail()).toBe(0);
    expect(v.out.trim()).toBe(pkg.version);
  });

  it('keys: unknown scope refused; token printed once; list shows the id, never the token; revoke', {
    timeout: 900_000,
  }, async () => {
    const env = { KEEL__DATABASE__PGLITEPATH: join(dir, 'db'), LOG_LEVEL: 'warn' };
    const keys = (...args: string[]) => runCli(['keys', ...args, '--config', DEV_CONFIG], { cwd: dir, env });

    const refused = await keys('create', '--name', 'x', '--scopes', 'portfolio:read,nonsense');
    expect(refused.code, refused.p.tail()).not.toBe(0);
    expect(refused.out, refused.p.tail()).toMatch(/nonsense/);
    expect(refused.out, refused.p.tail()).not.toMatch(/keel_sk_/);

    const created = await keys('create', '--name', 'x', '--scopes', 'portfolio:read,payments:read');
    expect(created.code, created.p.tail()).toBe(0);
    const token = /keel_sk_\S+/.exec(created.out)?.[0];
    const id = /\b(key_[0-9a-z]+)\b/.exec(created.out)?.[1];
    expect(token, created.p.tail()).toBeDefined();
    expect(id, created.p.tail()).toBeDefined();
    expect(created.out.split(token!).length - 1, 'the token is printed exactly once').toBe(1);
    expect(existsSync(join(dir, 'db')), 'PGlite directory from KEEL__DATABASE__PGLITEPATH').toBe(true);
    expect(existsSync(join(dir, '.keel')), 'nothing written to the default .keel/').toBe(false);

    const listed = await keys('list');
    expect(listed.code, listed.p.tail()).toBe(0);
    const line = listed.out.split('\n').find((l) => l.startsWith(id!));
    // a key made without --principal gets a principal of its own, named after it
    expect(line, listed.p.tail()).toMatch(/\tx\tprn_[0-9a-z]{26} \(x\)\tactive\tportfolio:read,payments:read\t/);
    expect(listed.out, 'keys list must not print secrets').not.toContain(token!);
    expect(listed.out).not.toMatch(/keel_sk_/);

    const revoked = await keys('revoke', id!);
    expect(revoked.code, revoked.p.tail()).toBe(0);
    expect(revoked.out, revoked.p.tail()).toContain(`revoked ${id}`);
    const after = await keys('list');
    expect(
      after.out.split('\n').find((l) => l.startsWith(id!)),
      after.p.tail(),
    ).toMatch(/\trevoked \d{4}-\d\d-\d\dT/);

    const unknown = await keys('revoke', 'key_01aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(unknown.code, unknown.p.tail()).not.toBe(0);
  });
});
