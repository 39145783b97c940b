import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { SCOPES } from '../../src/auth/scopes.ts';
import { buildConfig, deepMerge } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { startKeel, type KeelInstance, type Role } from '../../src/runtime/keel.ts';
import type { ModuleFactory } from '../../src/runtime/module.ts';
import type { TestDatabase } from './db.ts';

/**
 * Builds a config for tests: the given chains, a fast RPC policy, and the test database's
 * connection settings (a Postgres schema in CI, else a PGlite directory or memory).
 */
export function testConfig(doc: Record<string, unknown>): Config {
  const base = {
    env: 'test',
    server: { host: '127.0.0.1', port: 0 },
    log: { level: 'silent' },
    // A deadline a loaded machine's anvil always meets: tests fault endpoints on purpose, never by slowness.
    rpc: { timeoutMs: 10_000, maxAttempts: 2, backoffBaseMs: 10, backoffMaxMs: 50, cooldownMs: 1_000 },
    secrets: { encryptionKey: Buffer.alloc(32, 42).toString('base64') },
  };
  return buildConfig(deepMerge(base, doc));
}

export interface TestKeel extends KeelInstance {
  /** A token holding every scope (principal "test admin"). */
  adminToken: string;
  /** The principal of `adminToken`. */
  adminPrincipal: string;
  /**
   * A new active key through the bootstrap path (as the CLI makes them). Each call makes a new
   * principal unless `principal` (prn_…) names one: keys of one principal are one person for
   * reviews and approvals, keys of distinct principals are distinct people.
   */
  tokenWith(scopes: string[], opts?: { principal?: string }): Promise<string>;
  /** A new active principal (bootstrap path), for `tokenWith(…, { principal })`. */
  principal(name: string): Promise<string>;
}

/** Starts Keel in-process on an existing test database (not closed by `stop`: the caller owns it). */
export async function startTestKeel(
  config: Config,
  db: TestDatabase,
  role: Role = 'api',
  opts: { modules?: readonly ModuleFactory[] } = {},
): Promise<TestKeel> {
  const keel = await startKeel({
    config,
    role,
    logger: silentLogger(),
    listen: true,
    migrate: false,
    database: db,
    ...(opts.modules ? { modules: opts.modules } : {}),
  });
  const { token, key } = await keel.keys.create({ name: 'test admin', scopes: [...SCOPES] });
  return Object.assign(keel, {
    adminToken: token,
    adminPrincipal: key.principalId,
    tokenWith: async (scopes: string[], opts: { principal?: string } = {}) =>
      (await keel.keys.create({ name: `test ${scopes.join(' ')}`, scopes, principalId: opts.principal })).token,
    principal: async (name: string) => (await keel.principals.bootstrap({ name, kind: 'operator' }, 'cli')).id,
  });
}

/**
 * The shipped dev config (demo world addresses, dev signers) pointed at test chains: only
 * the given chains are kept, each with its test RPC URL(s).
 */
export function devConfigFor(
  chains: ReadonlyArray<{ chainId: number; rpcUrls: string[] }>,
  extra: Record<string, unknown> = {},
): Config {
  const doc = parseYaml(readFileSync('config/development.yaml', 'utf8')) as {
    chains: Record<string, Record<string, unknown>>;
    signers?: unknown;
  };
  const selected = Object.fromEntries(
    chains.map((c) => [String(c.chainId), { ...doc.chains[String(c.chainId)], rpcUrls: c.rpcUrls }]),
  );
  return testConfig(deepMerge({ chains: selected, ...(doc.signers ? { signers: doc.signers } : {}) }, extra));
}
