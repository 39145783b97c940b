import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SCOPES } from '../auth/scopes.ts';
import { loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { buildDevManifest, writeDevManifest, type DevManifest, type DevOperator } from '../devnet/manifest.ts';
import { startDevChains } from '../devnet/stack.ts';
import type { DemoWorld } from '../devnet/world.ts';
import { KeelError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import { acquirePidLock } from '../lib/pid-lock.ts';
import { ensurePrivateDir } from '../lib/private-dir.ts';
import { startKeel, type KeelInstance } from '../runtime/keel.ts';
import { checkDevChains } from './dev-rollback.ts';
import { onShutdown } from './shutdown.ts';

const DEV_DIR = '.keel';

/**
 * `npm start`: the embedded stack. Starts (or resumes) two anvil chains with the demo world
 * (each with an ERC-4337 bundler beside it, started while Keel starts),
 * runs API + workers on PGlite under `.keel/`, ensures three dev operators (alice, bob, carol:
 * distinct principals, each with an all-scope key), writes `.keel/dev.json`
 * and prints where everything is (never a key). Ctrl-C stops Keel and every anvil child. A chain
 * that comes back behind the database (a hard kill lost its newest blocks) is reported and reconciled.
 */
export async function runDev(opts: { reset: boolean; configFile: string }): Promise<void> {
  const dir = resolve(DEV_DIR);
  takeDevLock(dir);
  const config = loadConfig({ file: opts.configFile, env: 'development' });
  if (opts.reset) {
    for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
      if (entry !== LOCK_FILE) rmSync(join(dir, entry), { recursive: true, force: true });
    }
    console.log(`reset: cleared ${dir}`);
    if (config.database.url)
      console.warn(`reset: the Postgres database named by DATABASE_URL is NOT reset; drop its tables yourself`);
  }
  if (!config.devnet || Object.keys(config.devnet.chains).length === 0) {
    throw new KeelError('config_invalid', `${opts.configFile} has no devnet.chains: keel dev needs chains to start`);
  }
  const logger = createLogger(config.log);
  const chains = await startDevChains({
    dir,
    chains: Object.entries(config.devnet.chains).map(([id, c]) => ({
      chainId: Number(id),
      port: c.port,
      bundlerPort: c.bundlerPort,
    })),
    bundlers: config.devnet.bundler,
    blockTimeSeconds: config.devnet.blockTimeSeconds,
    stateIntervalSeconds: config.devnet.stateIntervalSeconds,
    log: (line) => logger.info({ module: 'devnet' }, line),
  });
  let keel: KeelInstance | undefined;
  onShutdown(async () => {
    await keel?.stop();
    await chains.stop();
  });
  try {
    for (const c of chains.chains) assertWorldMatchesConfig(config, c.world);
    // Before the workers: a chain restored from a state file older than the database is noticed
    // (and said so) before anything is signed on it; the workers' reconciliation then heals it.
    keel = await startKeel({
      config,
      role: 'all',
      logger,
      beforeWorkers: async (k) => {
        await checkDevChains({
          db: k.database.db,
          chains: chains.chains,
          logger,
          horizonBlocks: (id) => k.chains.get(id)?.config.reconcileHorizonBlocks ?? 10_000,
        });
      },
    });
    const operators = await ensureDevOperators(keel, join(dir, 'dev.json'));
    // Started beside the chains while Keel started; usually up by now.
    const bundlers = await chains.bundlers();
    const manifest = buildDevManifest({
      apiBaseUrl: keel.url!,
      apiKey: operators[0]!.apiKey,
      operators,
      chains: chains.chains.map((c) => ({
        name: config.chains.find((x) => x.chainId === c.chainId)?.name ?? String(c.chainId),
        rpcUrl: c.rpcUrl,
        bundlerUrl: bundlers.find((b) => b.chainId === c.chainId)?.url,
        world: c.world,
      })),
    });
    const path = join(dir, 'dev.json');
    writeDevManifest(path, manifest);
    printSummary(manifest, path);
  } catch (err) {
    await keel?.stop().catch(() => {});
    await chains.stop().catch(() => {});
    throw err;
  }
}

const LOCK_FILE = 'dev.lock';

/**
 * One `keel dev` per state directory: a second one would take over the first one's chains
 * and open the same PGlite files. The lock holds the owner's pid; a stale lock (its process
 * gone) is taken over.
 */
function takeDevLock(dir: string): () => void {
  // Owner only: the database, the chains' state and dev.json (which holds API keys) live here.
  ensurePrivateDir(dir, (m) => console.warn(`warning: ${m}`));
  return acquirePidLock(
    join(dir, LOCK_FILE),
    (owner) =>
      new KeelError(
        'dev_already_running',
        `another keel dev (pid ${owner}) is using ${dir}; stop it first (Ctrl-C in its terminal)`,
      ),
  );
}

/** The dev operators: three principals, so reviews and approvals by someone else can be shown. */
export const DEV_OPERATORS = ['alice', 'bob', 'carol'] as const;

/**
 * Reuses the operators recorded in an earlier manifest while their keys still work; creates
 * the others through the bootstrap path (principal and all-scope key, active at once,
 * audited as `cli`), each a distinct principal.
 */
async function ensureDevOperators(keel: KeelInstance, manifestPath: string): Promise<DevOperator[]> {
  let old: DevOperator[] = [];
  if (existsSync(manifestPath)) {
    try {
      old = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { operators?: DevOperator[] }).operators ?? [];
    } catch {
      // an unreadable manifest just means new keys
    }
  }
  const out: DevOperator[] = [];
  for (const name of DEV_OPERATORS) {
    const prior = old.find((o) => o.name === name);
    const key = prior ? await keel.keys.verify(prior.apiKey) : undefined;
    if (prior && key && key.principalId === prior.principalId) {
      out.push(prior);
      continue;
    }
    // A principal of that name from an earlier run keeps its identity (its history in the audit log); it gets a new key.
    const existing = await keel.principals.find(name).catch(() => undefined);
    const { key: created, token } = await keel.keys.create({
      name: `${name} (keel dev)`,
      scopes: [...SCOPES],
      principalName: name,
      principalKind: 'operator',
      principalId: existing?.id,
    });
    out.push({ name, principalId: created.principalId, apiKey: token });
  }
  return out;
}

/** The dev config lists the demo world's deterministic addresses; refuse to run if they drifted. */
function assertWorldMatchesConfig(config: Config, world: DemoWorld): void {
  const chain = config.chains.find((c) => c.chainId === world.chainId);
  if (!chain) throw new KeelError('config_invalid', `dev chain ${world.chainId} is not configured under chains`);
  const deployed = new Set(
    Object.values(world.contracts).flatMap((v) =>
      typeof v === 'string' ? [v] : Object.values(v as Record<string, string>),
    ),
  );
  const missing = [
    ...chain.assets.map((a) => a.address),
    ...chain.vaults.map((v) => v.address),
    ...chain.spenders.map((s) => s.address),
  ].filter((a) => !deployed.has(a));
  if (missing.length) {
    throw new KeelError(
      'config_invalid',
      `config for chain ${world.chainId} names contracts the demo world does not have: ${missing.join(', ')}`,
    );
  }
}

function printSummary(m: DevManifest, path: string): void {
  const lines = [
    '',
    'Keel is running (embedded dev stack)',
    `  API          ${m.apiBaseUrl}   (docs: ${m.apiBaseUrl}/docs)`,
    `  dashboard    ${m.apiBaseUrl}/dashboard   (sign in with the API key)`,
    // No key is ever printed: terminals, CI logs and screen shares keep it.
    `  API key      "apiKey" in ${path} (alice's; not printed here)`,
    `  operators    ${m.operators.map((o) => o.name).join(', ')}: distinct principals, keys in ${path} under "operators"[].apiKey (not printed here)`,
    ...m.chains.map((c) => `  chain ${c.chainId}  ${c.rpcUrl}   (${c.name})`),
    ...m.chains.flatMap((c) =>
      c.bundlerUrl
        ? [`  bundler ${c.chainId}  ${c.bundlerUrl}   (ERC-4337, EntryPoint ${c.contracts.entryPoint})`]
        : [],
    ),
    `  treasury     ${m.accounts.treasury.address}`,
    `  operations   ${m.accounts.operations.address}`,
    `  users        ${m.users.map((u) => u.address).join(', ')}`,
    `  manifest     ${path}`,
    '',
    `Try: curl -H "Authorization: Bearer $(node -p "require('./.keel/dev.json').apiKey")" "${m.apiBaseUrl}/v1/portfolio?addresses=${m.users[0]?.address}"`,
    'Ctrl-C stops Keel and both chains; `npm start` again resumes; `npm start -- --reset` starts clean.',
    '',
  ];
  console.log(lines.join('\n'));
}
