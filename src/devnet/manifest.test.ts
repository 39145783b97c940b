import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { operations, treasury, users } from './accounts.ts';
import { buildDevManifest, readDevManifest, writeDevManifest } from './manifest.ts';
import { demoWorldPlan } from './world-plan.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const world = (chainId: number) => ({
  chainId,
  contracts: demoWorldPlan().contracts,
  accounts: {
    deployer: users[0]!.address,
    treasury: treasury.address,
    operations: operations.address,
    users: users.map((u) => u.address),
  },
});

describe('dev manifest', () => {
  const manifest = buildDevManifest({
    apiBaseUrl: 'http://127.0.0.1:8080',
    apiKey: 'keel_dev_example',
    operators: [
      { name: 'alice', principalId: 'prn_a', apiKey: 'keel_dev_example' },
      { name: 'bob', principalId: 'prn_b', apiKey: 'keel_dev_example_b' },
    ],
    chains: [
      { name: 'Keel Dev A', rpcUrl: 'http://127.0.0.1:8545', bundlerUrl: 'http://127.0.0.1:4337', world: world(31337) },
      { name: 'Keel Dev B', rpcUrl: 'http://127.0.0.1:8546', world: world(31338) },
    ],
    createdAt: new Date('2025-01-02T03:04:05Z'),
  });

  it('carries the chains, the signing accounts and the users with their keys', () => {
    expect(manifest.chains.map((c) => [c.chainId, c.name])).toEqual([
      [31337, 'Keel Dev A'],
      [31338, 'Keel Dev B'],
    ]);
    expect(manifest.accounts.treasury).toEqual({ address: treasury.address, privateKey: treasury.privateKey });
    expect(manifest.accounts.operations.address).toBe(operations.address);
    expect(manifest.users).toHaveLength(users.length);
    // A chain's bundler is listed when one runs beside it, and absent otherwise.
    expect(manifest.chains.map((c) => c.bundlerUrl)).toEqual(['http://127.0.0.1:4337', undefined]);
    expect('bundlerUrl' in manifest.chains[1]!).toBe(false);
    expect(manifest.createdAt).toBe('2025-01-02T03:04:05.000Z');
  });

  it('is written with mode 0600 (also over an existing world-readable file) and reads back equal', () => {
    const path = join(dir, 'nested', 'dev.json');
    writeDevManifest(path, manifest);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    writeFileSync(path, '{}', { mode: 0o644 });
    writeDevManifest(path, manifest);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readDevManifest(path)).toEqual(manifest);
  });

  it('reads a manifest written before the dev bundler existed (no bundlerUrl)', () => {
    const path = join(dir, 'old.json');
    const old = { ...manifest, chains: manifest.chains.map(({ bundlerUrl: _, ...c }) => c) };
    writeFileSync(path, JSON.stringify(old));
    expect(readDevManifest(path).chains.map((c) => c.bundlerUrl)).toEqual([undefined, undefined]);
  });

  it('rejects a missing or malformed file with a message naming the problem', () => {
    expect(() => readDevManifest(join(dir, 'absent.json'))).toThrow(/cannot read dev manifest/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...manifest, users: [{ address: '0x1234', privateKey: '0x00' }] }));
    expect(() => readDevManifest(bad)).toThrow(/users\.0\.address/);
  });
});
