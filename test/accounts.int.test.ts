import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attestation, operations, paymasterSigner, smartAccountOwner, treasury } from '../src/devnet/accounts.ts';
import { DEMO_SEED } from '../src/devnet/world-plan.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';

// devConfigFor keeps only the chains of development.yaml; its signers are taken along here.
const devSigners = (
  parseYaml(readFileSync('config/development.yaml', 'utf8')) as { signers: Array<{ privateKey: string }> }
).signers;

describe('GET /v1/accounts on two anvil chains with the development signers', () => {
  let a: TestChain;
  let b: TestChain;
  let db: TestDatabase;
  let keel: TestKeel;

  beforeAll(async () => {
    [a, b, db] = await Promise.all([
      startTestChain({ chainId: 31337 }),
      startTestChain({ chainId: 31338 }),
      testDatabase(),
    ]);
    const config = devConfigFor(
      [
        { chainId: 31337, rpcUrls: [a.rpcUrl] },
        { chainId: 31338, rpcUrls: [b.rpcUrl] },
      ],
      { signers: devSigners },
    );
    keel = await startTestKeel(config, db);
  });
  afterAll(async () => {
    await keel?.stop();
    await Promise.all([a?.stop(), b?.stop(), db?.close()]);
  });

  const get = async (token?: string) => {
    const r = await fetch(`${keel.url}/v1/accounts`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    const text = await r.text();
    return { status: r.status, text, body: JSON.parse(text) as any };
  };

  it('lists treasury, operations, attestation, the smart-account owner and the paymaster signer with their dev addresses, signer type and balances on both chains', async () => {
    expect(keel.signers.all().map((s) => s.name)).toEqual([
      'treasury',
      'operations',
      'attestation',
      'accounts',
      'paymaster',
    ]);
    const { status, body, text } = await get(await keel.tokenWith(['transactions:read']));
    expect(status).toBe(200);
    expect(body.object).toBe('list');
    expect(body.data.map((x: any) => [x.name, x.role, x.address, x.signerType])).toEqual([
      ['treasury', 'treasury', treasury.address, 'local_dev'],
      ['operations', 'operations', operations.address, 'local_dev'],
      ['attestation', 'attestation', attestation.address, 'local_dev'],
      ['accounts', 'smart_account_owner', smartAccountOwner.address, 'local_dev'],
      ['paymaster', 'paymaster', paymasterSigner.address, 'local_dev'],
    ]);
    const expectedTusd = {
      treasury: DEMO_SEED.treasury.tUSD - DEMO_SEED.treasury.vaultDeposit,
      operations: DEMO_SEED.operations.tUSD,
      // The attestation signer only signs and pays the registry record's gas: no tokens.
      attestation: 0n,
      // The smart-account owner only signs user operations: no tokens, no ETH.
      accounts: 0n,
      // The paymaster signer only signs sponsorships (anvil's funded account 8): no tokens.
      paymaster: 0n,
    };
    for (const acct of body.data) {
      expect(acct.chains.map((c: any) => [c.chainId, c.status])).toEqual([
        [31337, 'ok'],
        [31338, 'ok'],
      ]);
      for (const c of acct.chains) {
        const tusd = c.assets.find((x: any) => x.asset.symbol === 'tUSD');
        expect(BigInt(tusd.balance.baseUnits)).toBe(expectedTusd[acct.name as keyof typeof expectedTusd]);
        expect(c.native).toMatchObject({ symbol: 'ETH', decimals: 18 });
        if (acct.name === 'accounts') expect(BigInt(c.native.balance.baseUnits)).toBe(0n);
        else expect(BigInt(c.native.balance.baseUnits)).toBeGreaterThan(0n);
        expect(c.assets.map((x: any) => x.asset.symbol)).toEqual(['tUSD', 'tEUR', 'WETH', 'tVOL']);
      }
    }
    // no key material anywhere in the answer
    for (const k of [
      treasury.privateKey,
      operations.privateKey,
      attestation.privateKey,
      paymasterSigner.privateKey,
      ...devSigners.map((s) => s.privateKey),
    ]) {
      expect(text.toLowerCase()).not.toContain(k.slice(2).toLowerCase());
      expect(text.toLowerCase()).not.toContain(k.slice(2, 18).toLowerCase());
    }
    expect(text).not.toMatch(/privateKey|keystore|password/i);
  });

  it('401 without a key, 403 without the transactions:read scope', async () => {
    expect((await get()).status).toBe(401);
    const forbidden = await get(await keel.tokenWith(['portfolio:read']));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('forbidden');
  });

  it('marks an unreachable chain unavailable for every account and still answers 200', async () => {
    await b.stop();
    const { status, body } = await get(keel.adminToken);
    expect(status).toBe(200);
    for (const acct of body.data) {
      expect(acct.chains[0]).toMatchObject({ chainId: 31337, status: 'ok' });
      expect(acct.chains[1]).toMatchObject({
        chainId: 31338,
        status: 'unavailable',
        reason: { code: 'rpc_unavailable' },
      });
    }
  });
});
