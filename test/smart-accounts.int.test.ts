import { encodeFunctionData, parseEther, type Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keelSmartAccountAbi, keelSmartAccountFactoryAbi } from '../src/contracts/smart-account-abis.ts';
import { deployer, smartAccountOwner } from '../src/devnet/accounts.ts';
import { devClient, type DevClient } from '../src/devnet/client.ts';
import { accountSalt } from '../src/smart-accounts/account-logic.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api } from './helpers/pipeline.ts';
import { draftOp, opEvents, sendHandleOps, signOp } from './helpers/user-ops.ts';

/**
 * /v1/smart-accounts on a dev chain with the demo KeelSmartAccountFactory: one counterfactual
 * account per end user and chain, its address the factory's own answer, and `deployed` once its
 * first user operation (signed by the custodial dev signer's key) has run.
 */
describe('smart accounts', () => {
  let chain: TestChain;
  let client: DevClient;
  let db: TestDatabase;
  let keel: TestKeel;
  let factory: Address;
  const post = (body: unknown, token = keel.adminToken) => api(keel.url!, token, 'POST', '/v1/smart-accounts', body);
  const factoryAddress = (owner: Address, userId: string) =>
    client.readContract({
      address: factory,
      abi: keelSmartAccountFactoryAbi,
      functionName: 'getAddress',
      args: [owner, accountSalt(userId)],
    });

  beforeAll(async () => {
    chain = await startTestChain();
    client = devClient(chain.rpcUrl);
    factory = chain.world.contracts.smartAccountFactory;
    db = await testDatabase();
    const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      smartAccounts: { accountFactory: factory },
    });
    keel = await startTestKeel(config, db);
  });
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
    await chain?.stop();
  });

  it('creates a custodial account at the factory’s address, once: the same account on a second POST', async () => {
    const userId = `user-${Date.now()}-custodial`;
    const first = await post({ chainId: chain.chainId, userId });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      object: 'smart_account',
      chainId: chain.chainId,
      userId,
      owner: { kind: 'custodial', address: smartAccountOwner.address, signer: 'accounts' },
      deployed: false,
      factory,
      entryPoint: chain.world.contracts.entryPoint,
      salt: accountSalt(userId).toString(),
    });
    expect(first.body.address).toBe(await factoryAddress(smartAccountOwner.address, userId));
    expect(await client.getCode({ address: first.body.address })).toBeUndefined();

    const again = await post({ chainId: chain.chainId, userId, owner: { kind: 'custodial' } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const other = await post({
      chainId: chain.chainId,
      userId,
      owner: { kind: 'external', address: privateKeyToAccount(generatePrivateKey()).address },
    });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'smart_account_exists', smartAccountId: first.body.id });
  });

  it('creates an external-owner account; concurrent requests for one user all answer one account', async () => {
    const owner = privateKeyToAccount(generatePrivateKey()).address;
    const userId = `user-${Date.now()}-external`;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        post({ chainId: chain.chainId, userId, owner: { kind: 'external', address: owner.toLowerCase() } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const account = answers[0]!.body;
    expect(account.owner).toEqual({ kind: 'external', address: owner, signer: null });
    expect(account.address).toBe(await factoryAddress(owner, userId));

    const listed = await api(keel.url!, keel.adminToken, 'GET', `/v1/smart-accounts?userId=${userId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((a: { id: string }) => a.id)).toEqual([account.id]);
    const rows = await db.db.selectFrom('smart_accounts').select('id').where('user_id', '=', userId).execute();
    expect(rows).toHaveLength(1);
  });

  it('shows the account deployed after its first user operation', async () => {
    const userId = `user-${Date.now()}-deployed`;
    const created = (await post({ chainId: chain.chainId, userId })).body;
    const ep = chain.world.contracts.entryPoint;
    await client.setBalance({ address: created.address, value: parseEther('1') });
    const op = await draftOp(client, ep, {
      sender: created.address,
      factory,
      factoryData: encodeFunctionData({
        abi: keelSmartAccountFactoryAbi,
        functionName: 'createAccount',
        args: [smartAccountOwner.address, accountSalt(userId)],
      }),
      callData: encodeFunctionData({
        abi: keelSmartAccountAbi,
        functionName: 'execute',
        args: [deployer.address, 0n, '0x'],
      }),
    });
    const receipt = await sendHandleOps(
      client,
      ep,
      [await signOp(op, smartAccountOwner.privateKey, 'owner', ep, chain.chainId)],
      deployer.address,
    );
    expect(opEvents(receipt).map((e) => e.success)).toEqual([true]);
    const read = await api(keel.url!, keel.adminToken, 'GET', `/v1/smart-accounts/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.id, deployed: true, deployedAt: expect.any(String) });
  });

  it('answers bad input with problem+json and writes nothing', async () => {
    const before = await db.db
      .selectFrom('smart_accounts')
      .select(db.db.fn.countAll<string>().as('n'))
      .executeTakeFirst();
    const cases: Array<[unknown, number, string]> = [
      [{ chainId: 999_999, userId: 'u-1' }, 422, 'validation_failed'],
      [{ chainId: chain.chainId, userId: '' }, 422, 'validation_failed'],
      [{ chainId: chain.chainId, userId: 'u\u200b1' }, 422, 'validation_failed'],
      [
        { chainId: chain.chainId, userId: 'u-2', owner: { kind: 'external', address: '0x123' } },
        422,
        'validation_failed',
      ],
      [{ chainId: chain.chainId, userId: 'u-3', owner: { kind: 'external' } }, 422, 'validation_failed'],
      [
        { chainId: chain.chainId, userId: 'u-4', owner: { kind: 'custodial', address: deployer.address } },
        422,
        'validation_failed',
      ],
    ];
    for (const [body, status, code] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.code, JSON.stringify(body)).toBe(code);
    }
    const readOnly = await keel.tokenWith(['smart_accounts:read']);
    expect((await post({ chainId: chain.chainId, userId: 'u-5' }, readOnly)).status).toBe(403);
    expect(
      (await api(keel.url!, keel.adminToken, 'GET', '/v1/smart-accounts/sa_01jz8x9k2m3n4p5q6r7s8t9v0w')).status,
    ).toBe(404);
    const after = await db.db
      .selectFrom('smart_accounts')
      .select(db.db.fn.countAll<string>().as('n'))
      .executeTakeFirst();
    expect(after!.n).toBe(before!.n);
  });

  it('answers 503 smart_accounts_not_configured when the factory has no code on the chain', async () => {
    const other = await startTestKeel(
      devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
        smartAccounts: { accountFactory: privateKeyToAccount(generatePrivateKey()).address },
      }),
      db,
    );
    try {
      const r = await api(other.url!, other.adminToken, 'POST', '/v1/smart-accounts', {
        chainId: chain.chainId,
        userId: 'u-unconfigured',
      });
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ code: 'smart_accounts_not_configured' });
    } finally {
      await other.stop();
    }
  });
});
