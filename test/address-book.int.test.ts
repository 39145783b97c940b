import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/devnet/accounts.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { devConfigFor, startTestKeel, testConfig, type TestKeel } from './helpers/keel.ts';

/**
 * `GET /v1/address-book` names the demo world's end users (kind `demo_user`) on the chains whose
 * configuration lists them (the shipped dev config does), and on no other chain. No chain is
 * reached: the address book comes from the configuration only.
 */

const NOWHERE = ['http://127.0.0.1:9'];

describe('address book: demo users', () => {
  let db: TestDatabase;
  let dev: TestKeel;
  let plain: TestKeel;

  beforeAll(async () => {
    db = await testDatabase();
    // The shipped dev config on both dev chains, and a chain configured without demo users.
    dev = await startTestKeel(
      devConfigFor([
        { chainId: 31337, rpcUrls: NOWHERE },
        { chainId: 31338, rpcUrls: NOWHERE },
      ]),
      db,
    );
    plain = await startTestKeel(testConfig({ chains: { '31337': { name: 'Nowhere', rpcUrls: NOWHERE } } }), db);
  });
  afterAll(async () => {
    await dev?.stop();
    await plain?.stop();
    await db?.close();
  });

  const book = async (keel: TestKeel, token: string) => {
    const r = await fetch(`${keel.url}/v1/address-book`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    return ((await r.json()) as { data: Array<Record<string, any>> }).data;
  };

  it('lists the dev chains’ demo users, named, on each chain, to any valid key', async () => {
    const anyKey = await dev.tokenWith(['payments:read']);
    const entries = await book(dev, anyKey);
    const demo = entries.filter((e) => e.kind === 'demo_user');
    for (const chainId of [31337, 31338]) {
      const onChain = demo.filter((e) => e.chainId === chainId);
      expect(onChain.map((e) => e.address)).toEqual(users.map((u) => u.address));
      expect(onChain.map((e) => e.name)).toEqual(['demo user 1', 'demo user 2', 'demo user 3', 'demo user 4']);
      expect(onChain[1]!.detail).toMatch(/unlimited/);
    }
    // Keel's own accounts are still there, apart from the demo users.
    expect(entries.filter((e) => e.kind === 'account').map((e) => e.name)).toEqual([
      'treasury',
      'operations',
      'attestation',
      'accounts',
      'paymaster',
    ]);
    expect(demo.some((e) => entries.some((a) => a.kind === 'account' && a.address === e.address))).toBe(false);
  });

  it('lists none where the chain’s configuration names no demo user', async () => {
    const entries = await book(plain, plain.adminToken);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((e) => e.kind === 'demo_user')).toEqual([]);
  });
});
