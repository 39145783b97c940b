import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { EXIT } from '../src/cli/exit-codes.ts';
import { freePort, startTestChain, type TestChain } from './helpers/devchain.ts';
import { childEnv, devConfigDoc, KeelChild, pollUntil, REPO, runKeel } from './helpers/keel-process.ts';

/**
 * The production install as an operator gets it: `npm pack` (prepack compiles dist/), the
 * tarball installed with `npm install --omit=dev` into an empty directory, and the installed
 * `keel` (compiled JavaScript, no tsx, no build tooling) run against one anvil chain and the
 * Postgres of DATABASE_URL (a schema of its own), or PGlite without it.
 */

const MINUTE = 60_000;

/** Runs a command to its end; rejects with its output on a non-zero exit. */
function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} ended with ${code ?? signal}:\n${out.slice(-4000)}`));
    });
  });
}

describe('the packed package, installed without devDependencies', () => {
  const work = mkdtempSync(join(tmpdir(), 'keel-package-'));
  const app = join(work, 'app');
  const bin = join(app, 'node_modules', 'keel', 'bin', 'keel.js');
  const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  const children: KeelChild[] = [];
  let chain: TestChain | undefined;
  let configFile = '';
  let dropSchema: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    // prepack builds dist/ (and web/dist when stale) in the checkout, then packs.
    await run('npm', ['pack', '--pack-destination', work, '--no-audit', '--no-fund'], REPO, 10 * MINUTE);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack wrote no tarball in ${work}`);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'keel-install-test', private: true }));
    await run(
      'npm',
      ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball)],
      app,
      10 * MINUTE,
    );

    chain = await startTestChain();
    let database: Record<string, unknown>;
    const url = process.env.DATABASE_URL;
    if (url) {
      // A schema of its own, empty: the installed package's migrations create everything.
      const schema = `t_pkg_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema "${schema}"`).finally(() => admin.end());
      dropSchema = async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema if exists "${schema}" cascade`).finally(() => c.end());
      };
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      database = { url: u.toString() };
    } else {
      database = { pglitePath: join(work, 'db') };
    }
    configFile = join(work, 'keel.yaml');
    writeFileSync(
      configFile,
      stringifyYaml(
        devConfigDoc([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
          log: { level: 'info', pretty: false },
          database,
          server: { opsHost: '127.0.0.1' },
        }),
      ),
    );
  }, 25 * MINUTE);

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill()));
    await chain?.stop();
    await dropSchema?.();
    rmSync(work, { recursive: true, force: true });
  });

  /** `keel start --role <role>` from the installed package, API and ops listeners on free ports. */
  const start = async (role: 'api' | 'worker') => {
    const [port, opsPort] = [await freePort(), await freePort()];
    const proc = new KeelChild(
      `installed keel start --role ${role}`,
      ['start', '--role', role, '--config', configFile],
      {
        cwd: work,
        env: childEnv({ PORT: String(port), KEEL__SERVER__OPSPORT: String(opsPort) }),
        bin,
      },
    );
    children.push(proc);
    return { proc, api: `http://127.0.0.1:${port}`, ops: `http://127.0.0.1:${opsPort}` };
  };

  /** Waits until `url` answers 200 with a JSON body whose status is `ready`. */
  const waitReady = (proc: KeelChild, url: string) =>
    pollUntil(
      async () => {
        if (proc.exit) throw new Error(`${proc.label} exited while starting${proc.tail()}`);
        const body = await fetch(url).then(
          async (r) => (r.ok ? ((await r.json()) as { status?: string }) : undefined),
          () => undefined,
        );
        return body?.status === 'ready' ? body : undefined;
      },
      3 * MINUTE,
      () => `${proc.label} did not answer ready at ${url}${proc.tail()}`,
    );

  it('has no sources and no build tooling, only what production loads', () => {
    const installed = readdirSync(join(app, 'node_modules', 'keel'));
    expect(installed).toEqual(expect.arrayContaining(['bin', 'dist', 'web', 'package.json']));
    expect(installed).not.toContain('src');
    const modules = readdirSync(join(app, 'node_modules'));
    for (const dev of ['tsx', 'vite', 'solc', 'react', 'typescript', 'vitest'])
      expect(modules, `${dev} is installed`).not.toContain(dev);
    expect(readdirSync(join(app, 'node_modules', '@fastify'))).toContain('static');
  });

  it('prints its version and its help, and refuses `keel dev` naming what is missing', async () => {
    const v = await runKeel(['--version'], { cwd: work, bin });
    expect(v.code, v.proc.tail()).toBe(EXIT.ok);
    expect(v.out.trim()).toBe(version);

    const help = await runKeel(['--help'], { cwd: work, bin });
    expect(help.code, help.proc.tail()).toBe(EXIT.ok);
    expect(help.out).toMatch(/Usage: keel/);
    expect(help.out).toMatch(/start \[options\]/);

    const dev = await runKeel(['dev'], { cwd: work, bin });
    expect(dev.code, dev.proc.tail()).toBe(EXIT.devToolingMissing);
    expect(dev.out).toMatch(/dev_tooling_missing/);
    expect(dev.out).toContain('@foundry-rs/anvil');
    expect(dev.out).not.toMatch(/\n\s+at /);
  });

  it('migrates an empty database with the packed migrations', async () => {
    const m = await runKeel(['migrate', '--config', configFile], { cwd: work, bin, timeoutMs: 3 * MINUTE });
    expect(m.code, m.proc.tail()).toBe(EXIT.ok);
    expect(m.out).toMatch(/applied: 0001_foundation/);
  });

  it('runs the API role: ready, API docs and the dashboard served from the package; stops on SIGTERM', async () => {
    const { proc, api, ops } = await start('api');
    const ready = await waitReady(proc, `${ops}/ready`);
    expect(ready.status).toBe('ready');
    expect((await fetch(`${api}/health`)).status).toBe(200);
    expect((await fetch(`${api}/docs/json`)).status).toBe(200);
    const dashboard = await fetch(`${api}/dashboard`);
    expect(dashboard.status, proc.tail()).toBe(200);
    expect(await dashboard.text()).toMatch(/<div id="root">|<script/);
    const exit = await proc.stop(2 * MINUTE);
    expect(exit, proc.tail()).toEqual({ code: 0, signal: null });
  });

  it('runs the worker role: starts its workers, stays ready, stops cleanly on SIGTERM', async () => {
    const { proc, ops } = await start('worker');
    await proc.waitForLog(/^workers started$/, 3 * MINUTE);
    await waitReady(proc, `${ops}/ready`);
    const exit = await proc.stop(2 * MINUTE);
    expect(exit, proc.tail()).toEqual({ code: 0, signal: null });
    expect(proc.records().some((r) => r.msg === 'stopping')).toBe(true);
    expect(proc.output).not.toMatch(/"level":(50|60)/); // no error or fatal record
  });
});
