import { encodeFunctionData, erc20Abi, getAddress, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keelTestTokenAbi } from '../src/contracts/abis.ts';
import { keelSmartAccountAbi } from '../src/contracts/smart-account-abis.ts';
import { SessionKeys } from '../src/smart-accounts/session-key-service.ts';
import { deployer, smartAccountOwner } from '../src/devnet/accounts.ts';
import { devClient, type DevClient } from '../src/devnet/client.ts';
import { KeelError } from '../src/lib/errors.ts';
import { UserOperationOutcomes } from '../src/smart-accounts/user-operation-outcomes.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api } from './helpers/pipeline.ts';
import { modulesWithDirectOperations, directOwnerOperations } from './helpers/session-key-direct-operations.ts';
import { draftOp, opEvents, sendHandleOps, signOp, simulateHandleOps } from './helpers/user-ops.ts';
import { waitFor } from './helpers/webhook-receiver.ts';

/**
 * /v1/smart-accounts/:id/session-keys on a dev chain: grants and revocations travel as owner
 * user operations through the real bundler (a direct owner-operation sender, not the user-operation write
 * path, test/helpers/session-key-direct-operations.ts) and come back through the outcome
 * hooks; status and remaining allowance are read from the account on chain.
 */
describe('session keys', () => {
  let chain: TestChain;
  let client: DevClient;
  let db: TestDatabase;
  let keel: TestKeel;
  let standIn: ReturnType<typeof directOwnerOperations>;
  let outcomes: UserOperationOutcomes;
  let token: string;
  let tUSD: Address;
  const recipient = privateKeyToAccount(generatePrivateKey()).address;

  const newAccount = async (userId: string, as = token) => {
    const r = await api(keel.url!, as, 'POST', '/v1/smart-accounts', { chainId: chain.chainId, userId });
    expect(r.status).toBe(201);
    return r.body as { id: string; address: Address };
  };
  const grant = (accountId: string, body: Record<string, unknown>, as = token) =>
    api(keel.url!, as, 'POST', `/v1/smart-accounts/${accountId}/session-keys`, body);
  const read = (accountId: string, keyId: string, as = token) =>
    api(keel.url!, as, 'GET', `/v1/smart-accounts/${accountId}/session-keys/${keyId}`);
  const until = (days = 7) => new Date(Date.now() + days * 86_400_000).toISOString();
  const statusOf = async (accountId: string, keyId: string, want: string) => {
    const r = await read(accountId, keyId);
    return r.body.status === want ? r.body : undefined;
  };
  const tokenGrant = (keyAddress: Address) => ({
    keyAddress,
    label: 'checkout device',
    validUntil: until(),
    token: { asset: 'tUSD', recipients: [recipient], perOperation: '10', total: '25.5' },
  });
  /** The session key sends `amount` tUSD to `to` from the account (straight to handleOps). */
  const spend = async (account: Address, key: Hex, to: Address, amount: bigint) => {
    const ep = chain.world.contracts.entryPoint;
    const op = await draftOp(client, ep, {
      sender: account,
      callData: encodeFunctionData({
        abi: keelSmartAccountAbi,
        functionName: 'execute',
        args: [tUSD, 0n, encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] })],
      }),
    });
    const signed = await signOp(op, key, 'session', ep, chain.chainId);
    const refusal = await simulateHandleOps(client, ep, [signed], deployer.address);
    if (refusal) return refusal;
    const receipt = await sendHandleOps(client, ep, [signed], deployer.address);
    expect(opEvents(receipt).map((e) => e.success)).toEqual([true]);
    return undefined;
  };

  beforeAll(async () => {
    chain = await startTestChain();
    client = devClient(chain.rpcUrl);
    tUSD = chain.world.contracts.tUSD;
    db = await testDatabase();
    outcomes = new UserOperationOutcomes();
    standIn = directOwnerOperations({
      db: db.db,
      chainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      bundlerUrl: (await chain.bundler()).url,
      ownerKey: smartAccountOwner.privateKey,
      outcomes,
    });
    const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      smartAccounts: { accountFactory: chain.world.contracts.smartAccountFactory, sessionKeyMaxDays: 10 },
    });
    keel = await startTestKeel(config, db, 'api', {
      modules: modulesWithDirectOperations(standIn.createOperation, outcomes),
    });
    token = await keel.tokenWith(['smart_accounts:write', 'smart_accounts:read']);
  }, 120_000);
  afterAll(async () => {
    await standIn?.idle();
    await keel?.stop();
    await db?.close();
    await chain?.stop();
  });

  it('grants a key: pending, then active with its allowance read from the chain; spends count down', async () => {
    const account = await newAccount(`user-${Date.now()}-grant`);
    const key = generatePrivateKey();
    const keyAddress = privateKeyToAccount(key).address;
    const r = await grant(account.id, tokenGrant(keyAddress));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      object: 'session_key',
      smartAccountId: account.id,
      keyAddress,
      label: 'checkout device',
      status: 'pending',
      grantOperationId: expect.stringMatching(/^uop_/),
      scope: {
        token: {
          asset: { symbol: 'tUSD', address: tUSD, decimals: 6 },
          recipients: [recipient],
          perOperation: { amount: '10', baseUnits: '10000000' },
          total: { amount: '25.5', baseUnits: '25500000' },
        },
        targets: [],
        valuePerCall: { amount: '0', baseUnits: '0' },
      },
      allowance: null,
    });
    const op = await db.db
      .selectFrom('user_operations')
      .select(['origin', 'account_id'])
      .where('id', '=', r.body.grantOperationId)
      .executeTakeFirstOrThrow();
    expect(op).toEqual({ origin: 'session_keys.grant', account_id: account.id });

    const active = await waitFor(() => statusOf(account.id, r.body.id, 'active'), 'the grant to be active', 60_000);
    expect(active.grantedAt).toEqual(expect.any(String));
    expect(active.allowance).toMatchObject({
      spent: { amount: '0', baseUnits: '0' },
      remaining: { amount: '25.5', baseUnits: '25500000' },
    });
    const events = await db.db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('type', '=', 'session_key.granted')
      .execute();
    expect(events.some((e) => JSON.stringify(e.data).includes(r.body.id))).toBe(true);

    // The key spends: the chain's total moves and the API shows what remains.
    await client.sendTransaction({
      account: deployer.address,
      chain: null,
      to: tUSD,
      data: encodeFunctionData({ abi: keelTestTokenAbi, functionName: 'mint', args: [account.address, 100_000_000n] }),
    });
    expect(await spend(account.address, key, recipient, 7_250_000n)).toBeUndefined();
    const after = await read(account.id, r.body.id);
    expect(after.body.allowance).toMatchObject({
      spent: { amount: '7.25', baseUnits: '7250000' },
      remaining: { amount: '18.25', baseUnits: '18250000' },
    });
    // The chain refuses over the per-operation cap and another recipient, whatever Keel says.
    expect((await spend(account.address, key, recipient, 10_000_001n))?.inner?.errorName).toBe('SessionScopeViolation');
    expect((await spend(account.address, key, deployer.address, 1n))?.inner?.errorName).toBe('SessionScopeViolation');

    const listed = await api(keel.url!, token, 'GET', `/v1/smart-accounts/${account.id}/session-keys`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((k: { id: string; status: string }) => [k.id, k.status])).toEqual([
      [r.body.id, 'active'],
    ]);
    expect(listed.body.data[0].allowance.spent.baseUnits).toBe('7250000');

    // The user-operation intake's view of the key (scopeFor): the stored scope and the chain's spent total.
    const keys = new SessionKeys({
      db: db.db,
      config: keel.config,
      chains: keel.chains,
      createOperation: standIn.createOperation,
    });
    const scope = await keys.scopeFor(account.id, r.body.id);
    expect(scope).toMatchObject({ address: keyAddress, spent: 7_250_000n, status: 'active' });
    expect(scope!.scope).toMatchObject({
      token: tUSD,
      perOpCap: 10_000_000n,
      totalCap: 25_500_000n,
      recipients: [recipient],
    });
    expect(await keys.scopeFor('sa_01jz8x9k2m3n4p5q6r7s8t9v0w', r.body.id)).toBeNull();
  });

  it('revokes from active: revoking, then revoked; a second revoke is 409 session_key_state', async () => {
    const account = await newAccount(`user-${Date.now()}-revoke`);
    const keyAddress = privateKeyToAccount(generatePrivateKey()).address;
    const target = chain.world.contracts.uniswapV2Router;
    const r = await grant(account.id, {
      keyAddress,
      validUntil: until(),
      targets: [
        { contract: target, functions: ['swapExactTokensForTokens(uint256,uint256,address[],address,uint256)'] },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // A pending key cannot be revoked yet.
    const early = await api(
      keel.url!,
      token,
      'POST',
      `/v1/smart-accounts/${account.id}/session-keys/${r.body.id}/revoke`,
    );
    if (early.status !== 200) expect(early.body).toMatchObject({ code: 'session_key_state', status: 'pending' });
    else expect(early.body.status).toBe('revoking');
    if (early.status !== 200) {
      await waitFor(() => statusOf(account.id, r.body.id, 'active'), 'the grant to be active', 60_000);
      expect(
        await client.readContract({
          address: account.address,
          abi: keelSmartAccountAbi,
          functionName: 'isCallAllowed',
          args: [keyAddress, getAddress(target), '0x38ed1739'],
        }),
      ).toBe(true);
      const rev = await api(
        keel.url!,
        token,
        'POST',
        `/v1/smart-accounts/${account.id}/session-keys/${r.body.id}/revoke`,
      );
      expect(rev.status, JSON.stringify(rev.body)).toBe(200);
      expect(rev.body).toMatchObject({ status: 'revoking', revokeOperationId: expect.stringMatching(/^uop_/) });
    }
    // The chain shows the grant gone as soon as the operation is mined; the record follows with its outcome.
    const revoked = await waitFor(
      async () => {
        const k = await statusOf(account.id, r.body.id, 'revoked');
        return k?.revokedAt ? k : undefined;
      },
      'the revocation',
      60_000,
    );
    expect(revoked.statusReason).toBeNull();
    const events = await db.db.selectFrom('events').select('data').where('type', '=', 'session_key.revoked').execute();
    expect(events.some((e) => JSON.stringify(e.data).includes(r.body.id))).toBe(true);
    const [grantId] = await client.readContract({
      address: account.address,
      abi: keelSmartAccountAbi,
      functionName: 'sessions',
      args: [keyAddress],
    });
    expect(grantId).toBe(0n);
    const again = await api(
      keel.url!,
      token,
      'POST',
      `/v1/smart-accounts/${account.id}/session-keys/${r.body.id}/revoke`,
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'session_key_state', status: 'revoked' });
  });

  it('a second grant of the same key address replaces the first once confirmed', async () => {
    const account = await newAccount(`user-${Date.now()}-replace`);
    const keyAddress = privateKeyToAccount(generatePrivateKey()).address;
    const first = await grant(account.id, tokenGrant(keyAddress));
    await waitFor(() => statusOf(account.id, first.body.id, 'active'), 'the first grant', 60_000);
    const second = await grant(account.id, {
      ...tokenGrant(keyAddress),
      token: { ...tokenGrant(keyAddress).token, total: '50' },
    });
    expect(second.status).toBe(201);
    await waitFor(() => statusOf(account.id, second.body.id, 'active'), 'the second grant', 60_000);
    const old = await read(account.id, first.body.id);
    expect(old.body).toMatchObject({ status: 'revoked', statusReason: 'replaced', replacedBy: second.body.id });
  });

  it('a refused operation leaves no key (grant) or the key active (revoke); a retracted grant goes back to pending', async () => {
    const account = await newAccount(`user-${Date.now()}-refused`);
    const keyAddress = privateKeyToAccount(generatePrivateKey()).address;
    const keysOf = () => db.db.selectFrom('session_keys').select('id').where('account_id', '=', account.id).execute();
    standIn.refuseNext(new KeelError('policy_denied', 'the policy denies calls to the account'));
    const refused = await grant(account.id, tokenGrant(keyAddress));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('policy_denied');
    expect(await keysOf()).toEqual([]);

    const r = await grant(account.id, tokenGrant(keyAddress));
    const active = await waitFor(() => statusOf(account.id, r.body.id, 'active'), 'the grant', 60_000);
    const revokePath = `/v1/smart-accounts/${account.id}/session-keys/${r.body.id}/revoke`;
    standIn.refuseNext(new KeelError('policy_denied', 'review required'));
    expect((await api(keel.url!, token, 'POST', revokePath)).status).toBe(403);
    expect((await read(account.id, r.body.id)).body).toMatchObject({
      status: 'active',
      revokeOperationId: null,
      grantedAt: active.grantedAt,
    });

    // The grant's confirmation taken back by a reorg, then final again: pending, then active.
    const op = await db.db
      .selectFrom('user_operations')
      .selectAll()
      .where('id', '=', r.body.grantOperationId)
      .executeTakeFirstOrThrow();
    await db.db
      .transaction()
      .execute((trx) => outcomes.deliver(trx, { kind: 'retracted', status: 'confirmed', operation: op }));
    expect((await read(account.id, r.body.id)).body).toMatchObject({ status: 'pending', statusReason: 'reorged' });
    await db.db
      .transaction()
      .execute((trx) => outcomes.deliver(trx, { kind: 'final', status: 'confirmed', operation: op }));
    expect((await read(account.id, r.body.id)).body).toMatchObject({ status: 'active', statusReason: null });
  });

  it('refuses bad grants with field paths, hides other principals’ accounts, and writes nothing', async () => {
    const account = await newAccount(`user-${Date.now()}-bad`);
    const key = privateKeyToAccount(generatePrivateKey()).address;
    const count = async () =>
      Number(
        (await db.db.selectFrom('session_keys').select(db.db.fn.countAll<string>().as('n')).executeTakeFirst())!.n,
      );
    const before = await count();
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ ...tokenGrant(key), keyAddress: smartAccountOwner.address }, ['body.keyAddress']],
      [{ ...tokenGrant(key), validUntil: new Date(Date.now() - 1000).toISOString() }, ['body.validUntil']],
      [{ ...tokenGrant(key), validUntil: until(11) }, ['body.validUntil']],
      [
        { ...tokenGrant(key), token: { asset: 'tUSD', recipients: [], perOperation: '1', total: '1' } },
        ['body.token.recipients'],
      ],
      [
        { ...tokenGrant(key), token: { asset: 'tUSD', recipients: [recipient], perOperation: '2', total: '1' } },
        ['body.token.perOperation'],
      ],
      [
        {
          ...tokenGrant(key),
          token: { asset: 'tUSD', recipients: [recipient], perOperation: '0.0000001', total: '1' },
        },
        ['body.token.perOperation'],
      ],
      [
        { ...tokenGrant(key), token: { asset: 'NOPE', recipients: [recipient], perOperation: '1', total: '1' } },
        ['body.token.asset'],
      ],
      [{ keyAddress: key, validUntil: until() }, ['body.targets']],
      [
        {
          keyAddress: key,
          validUntil: until(),
          targets: [{ contract: account.address, functions: ['grantSession(address,uint256)'] }],
        },
        ['body.targets.0.contract'],
      ],
      [
        {
          keyAddress: key,
          validUntil: until(),
          targets: [{ contract: chain.world.contracts.entryPoint, functions: ['withdrawTo(address,uint256)'] }],
        },
        ['body.targets.0.contract'],
      ],
    ];
    for (const [body, paths] of cases) {
      const r = await grant(account.id, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.code).toBe('validation_failed');
      expect(
        r.body.errors.map((e: { field: string }) => e.field),
        JSON.stringify(r.body),
      ).toEqual(paths);
    }
    const stranger = await keel.tokenWith(['smart_accounts:write', 'smart_accounts:read']);
    expect((await grant(account.id, tokenGrant(key), stranger)).status).toBe(404);
    expect((await api(keel.url!, stranger, 'GET', `/v1/smart-accounts/${account.id}/session-keys`)).status).toBe(404);
    const readOnly = await keel.tokenWith(['smart_accounts:read']);
    expect((await grant(account.id, tokenGrant(key), readOnly)).status).toBe(403);
    const missing = await read(account.id, 'sk_01jz8x9k2m3n4p5q6r7s8t9v0w');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('session_key_not_found');
    expect(await count()).toBe(before);
  });

  it('shows a key expired once the chain’s time passes validUntil (runs last: it moves the chain’s clock)', async () => {
    const account = await newAccount(`user-${Date.now()}-expire`);
    const keyAddress = privateKeyToAccount(generatePrivateKey()).address;
    const r = await grant(account.id, { ...tokenGrant(keyAddress), validUntil: until(1) });
    await waitFor(() => statusOf(account.id, r.body.id, 'active'), 'the grant', 60_000);
    await client.request({ method: 'evm_increaseTime' as never, params: [2 * 86_400] as never });
    await client.request({ method: 'evm_mine' as never, params: [] as never });
    const expired = await read(account.id, r.body.id);
    expect(expired.body.status).toBe('expired');
    const rev = await api(
      keel.url!,
      token,
      'POST',
      `/v1/smart-accounts/${account.id}/session-keys/${r.body.id}/revoke`,
    );
    expect(rev.status).toBe(409);
    expect(rev.body).toMatchObject({ code: 'session_key_state', status: 'expired' });
  });
});
