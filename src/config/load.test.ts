import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../lib/errors.ts';
import { loadConfig } from './load.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-cfg-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const minimal = `
secrets: { encryptionKey: "${Buffer.alloc(32, 7).toString('base64')}" }
chains:
  "31337":
    name: Local
    rpcUrls: ["http://127.0.0.1:8545"]
`;

function errorsOf(fn: () => unknown): Array<{ field: string; message: string }> {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).errors ?? [];
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills defaults, sorts chains and freezes the result', () => {
    const cfg = loadConfig({ file: file('min.yaml', minimal), vars: {} });
    expect(cfg.env).toBe('development');
    expect(cfg.server.port).toBe(8080);
    expect(cfg.chains[0]).toMatchObject({ chainId: 31337, confirmations: 12, rpc: { maxAttempts: 4 } });
    expect(Object.isFrozen(cfg.chains[0]!.rpcUrls)).toBe(true);
    expect(() => ((cfg.server as { port: number }).port = 1)).toThrow();
  });

  it('reports every bad field at once with its path', () => {
    const bad = file(
      'bad.yaml',
      `
secrets: { encryptionKey: "short" }
server: { port: 70000 }
chains:
  "abc": { name: X, rpcUrls: ["http://a"] }
  "1":
    name: One
    rpcUrls: []
    assets:
      - { symbol: USDC, address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eb48", decimals: 6 }
      - { symbol: USDC, address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", decimals: 6 }
    vaults: [{ name: V, address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", asset: NOPE }]
`,
    );
    const fields = errorsOf(() => loadConfig({ file: bad, vars: {} })).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'secrets.encryptionKey',
        'server.port',
        'chains.abc',
        'chains.1.rpcUrls',
        'chains.1.assets.0.address',
      ]),
    );
    // cross-field rules run once every field is well-formed
    const cross = file(
      'cross.yaml',
      `
secrets: { encryptionKey: "${Buffer.alloc(32, 7).toString('base64')}" }
chains:
  "1":
    name: One
    rpcUrls: ["http://127.0.0.1:1"]
    rpcUrl: "typo"
    assets:
      - { symbol: USDC, address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", decimals: 6 }
      - { symbol: USDC, address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", decimals: 6 }
    vaults: [{ name: V, address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", asset: NOPE }]
`,
    );
    expect(errorsOf(() => loadConfig({ file: cross, vars: {} }))[0]).toMatchObject({
      field: 'chains.1',
      message: expect.stringMatching(/rpcUrl/),
    });
    const fixed = file('cross2.yaml', readFileSync(cross, 'utf8').replace('    rpcUrl: "typo"\n', ''));
    expect(errorsOf(() => loadConfig({ file: fixed, vars: {} })).map((e) => e.field)).toEqual([
      'chains.1.assets.1.symbol',
      'chains.1.vaults.0.asset',
    ]);
  });

  it('applies environment overrides: conventional and KEEL__ paths', () => {
    const cfg = loadConfig({
      file: file('env.yaml', minimal),
      vars: {
        PORT: '9999',
        DATABASE_URL: 'postgres://x@h/db',
        KEEL__AUTH__RATELIMIT__MAX: '7',
        KEEL__CHAINS__31337__RPCURLS: '["http://127.0.0.1:1","http://127.0.0.1:2"]',
      },
    });
    expect(cfg.server.port).toBe(9999);
    expect(cfg.database.url).toBe('postgres://x@h/db');
    expect(cfg.auth.rateLimit.max).toBe(7);
    expect(cfg.chains[0]!.rpcUrls).toEqual(['http://127.0.0.1:1', 'http://127.0.0.1:2']);
  });

  it('interpolates ${VAR} and refuses a missing one instead of using an empty string', () => {
    const p = file('interp.yaml', minimal.replace('http://127.0.0.1:8545', '${RPC_A}'));
    expect(loadConfig({ file: p, vars: { RPC_A: 'https://rpc.example/v3/k' } }).chains[0]!.rpcUrls).toEqual([
      'https://rpc.example/v3/k',
    ]);
    expect(errorsOf(() => loadConfig({ file: p, vars: {} }))[0]).toMatchObject({ field: 'RPC_A' });
  });

  it('explains unreadable and non-YAML files', () => {
    expect(errorsOf(() => loadConfig({ file: join(dir, 'missing.yaml'), vars: {} }))[0]!.field).toBe('(file)');
    expect(errorsOf(() => loadConfig({ file: file('broken.yaml', 'chains: [\n'), vars: {} }))[0]!.field).toBe('(file)');
  });

  it('validates the shipped files', () => {
    const dev = loadConfig({ file: 'config/development.yaml', vars: {} });
    expect(dev.chains.map((c) => c.chainId)).toEqual([31337, 31338]);
    const prod = loadConfig({
      file: 'config/production.example.yaml',
      vars: {
        KEEL_SECRETS_KEY: Buffer.alloc(32, 1).toString('base64'),
        DATABASE_URL: 'postgres://db/keel',
        ETH_RPC_PRIMARY: 'https://a.example',
        ETH_RPC_SECONDARY: 'https://b.example',
      },
    });
    expect(prod.env).toBe('production');
    expect(prod.chains[0]!.rpcUrls).toHaveLength(2);
    // Safe by default: the example believes no X-Forwarded-For until the operator lists the proxies.
    expect(prod.server.trustProxy).toBe(false);
  });

  it('takes server.trustProxy as false, true or a list of proxy addresses / CIDR ranges, and refuses a hop count', () => {
    const withProxy = (value: string, vars: Record<string, string> = {}) =>
      loadConfig({ file: file('proxy.yaml', `${minimal}\nserver:\n  trustProxy: ${value}\n`), vars }).server.trustProxy;
    expect(loadConfig({ file: file('none.yaml', minimal), vars: {} }).server.trustProxy).toBe(false);
    expect(withProxy('true')).toBe(true);
    expect(withProxy('[10.0.0.0/8, 192.0.2.7, "2001:db8::/32", loopback]')).toEqual([
      '10.0.0.0/8',
      '192.0.2.7',
      '2001:db8::/32',
      'loopback',
    ]);
    // An environment variable gives a comma-separated string.
    expect(withProxy('false', { KEEL__SERVER__TRUSTPROXY: '10.0.0.5, 10.0.0.6' })).toEqual(['10.0.0.5', '10.0.0.6']);
    for (const bad of ['2', '[]', '[10.0.0.0/33]', '[proxy.internal]', '[10.0.0.1/8/1]']) {
      const errors = errorsOf(() => withProxy(bad));
      expect(
        errors.map((e) => e.field.replace(/\.0$/, '')),
        bad,
      ).toEqual(['server.trustProxy']);
    }
    expect(errorsOf(() => withProxy('2'))[0]!.message).toMatch(/hop count/);
  });

  it('takes demo users on a dev chain and refuses them in production', () => {
    const users = `${minimal}    demoUsers:\n      - { name: demo user 1, address: "0x90F79bf6EB2c4f870365E785982E1f101E93b906" }\n`;
    expect(loadConfig({ file: file('demo.yaml', users), vars: {} }).chains[0]!.demoUsers).toEqual([
      { name: 'demo user 1', address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906' },
    ]);
    const prod = file('demo-prod.yaml', `env: production\ndatabase: { url: "postgres://db/keel" }\n${users}`);
    expect(errorsOf(() => loadConfig({ file: prod, vars: {} })).map((e) => e.field)).toContain(
      'chains.31337.demoUsers',
    );
  });
});
