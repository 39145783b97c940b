import { encodeFunctionData, parseUnits, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi, keelTestTokenAbi } from '../src/contracts/abis.ts';
import { devClient, type DevClient } from '../src/devnet/client.ts';
import { deployer } from '../src/devnet/accounts.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api, pipelinePolicy } from './helpers/pipeline.ts';
import { draftOp, signOp, simulateHandleOps } from './helpers/user-ops.ts';

/**
 * Issue #19's "done when", end to end through the API on a dev chain with the demo world, the
 * dev bundler and one Keel (API + worker): an end user's custodial smart account, created once;
 * its first operation sponsored (the account holds no ETH) and batched (two transfers); a session
 * key granted by an owner operation, used within its scope (signed by the key, which Keel never
 * holds), refused out of scope by Keel's policy and by the chain itself, and revoked; a spent
 * sponsorship budget and an abuse signal denying sponsorship, with reasons counted in metrics.
 */
describe('account abstraction end to end', () => {
  let chain: TestChain;
  let client: DevClient;
  let db: TestDatabase;
  let keel: TestKeel;
  let token: string;
  const c = () => chain.world.contracts;
  const tusd = (s: string) => parseUnits(s, 6);
  const fresh = (): Address => privateKeyToAccount(generatePrivateKey()).address;
  const call = (method: string, path: string, body?: unknown) => api(keel.url!, token, method, path, body);
  const balance = (who: Address) =>
    client.readContract({ address: c().tUSD, abi: erc20Abi, functionName: 'balanceOf', args: [who] });

  const waitFor = async <T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> => {
    const until = Date.now() + 90_000;
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 600)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const op = (id: string) => call('GET', `/v1/user-operations/${id}`).then((r) => r.body);
  const final = (id: string) =>
    waitFor(
      () => op(id),
      (o) => ['confirmed', 'failed', 'rejected', 'expired', 'cancelled'].includes(o.status),
      `operation ${id} to end`,
    );
  const mint = async (to: Address, amount: bigint) => {
    const hash = await client.writeContract({
      account: deployer.address,
      chain: null,
      address: c().tUSD,
      abi: keelTestTokenAbi,
      functionName: 'mint',
      args: [to, amount],
    });
    await client.waitForTransactionReceipt({ hash });
  };
  const sponsorshipPolicy = async (doc: Record<string, unknown>) => {
    const r = await call('POST', '/v1/sponsorship-policies', { chains: [chain.chainId], ...doc });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const newAccount = async (userId: string) => {
    const r = await call('POST', '/v1/smart-accounts', { chainId: chain.chainId, userId });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await mint(r.body.address, tusd('100'));
    return r.body as { id: string; address: Address };
  };

  beforeAll(async () => {
    chain = await startTestChain();
    client = devClient(chain.rpcUrl);
    const bundler = await chain.bundler();
    db = await testDatabase();
    const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      policy: { document: pipelinePolicy(chain) },
      smartAccounts: { accountFactory: c().smartAccountFactory, paymaster: c().paymaster },
      chains: { [chain.chainId]: { confirmations: 1, pollIntervalMs: 100, bundlerUrls: [bundler.url] } },
    });
    keel = await startTestKeel(config, db, 'all');
    token = keel.adminToken;
  }, 180_000);
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
    await chain?.stop();
  });

  it('creates an account once, sponsors its first operation (a batch of two transfers), grants, uses and revokes a session key', async () => {
    const account = await newAccount('aa-user-1');
    // A second POST for the same user and chain answers the same account.
    const again = await call('POST', '/v1/smart-accounts', { chainId: chain.chainId, userId: 'aa-user-1' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(account.id);
    expect(await client.getBalance({ address: account.address })).toBe(0n);

    const policyId = await sponsorshipPolicy({ name: 'onboarding', maxCostUsdPerOperation: '50' });
    const [r1, r2] = [fresh(), fresh()];
    const created = await call('POST', '/v1/user-operations', {
      smartAccountId: account.id,
      sponsorshipPolicyId: policyId,
      calls: [
        { kind: 'transfer', to: r1, asset: 'tUSD', amount: '1.5' },
        { kind: 'transfer', to: r2, asset: 'tUSD', amount: '2' },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.calls).toHaveLength(2);
    expect(created.body.preview).not.toBeNull();
    const first = await final(created.body.id);
    expect(first.status, JSON.stringify(first.history)).toBe('confirmed');
    expect(first.inclusion.success).toBe(true);
    expect([await balance(r1), await balance(r2)]).toEqual([tusd('1.5'), tusd('2')]);
    // Paid by the paymaster: the account still holds no ETH, and it is deployed now.
    expect(await client.getBalance({ address: account.address })).toBe(0n);
    expect((await call('GET', `/v1/smart-accounts/${account.id}`)).body.deployed).toBe(true);

    // A session key the end user's device holds: tUSD to r1 only, 1 per operation, 2 in all.
    const keyPrivate = generatePrivateKey();
    const key = privateKeyToAccount(keyPrivate);
    const granted = await call('POST', `/v1/smart-accounts/${account.id}/session-keys`, {
      keyAddress: key.address,
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
      token: { asset: 'tUSD', recipients: [r1], perOperation: '1', total: '2' },
      sponsorshipPolicyId: policyId,
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    expect(granted.body.status).toBe('pending');
    const sk = granted.body.id as string;
    const grantOp = await final(granted.body.grantOperationId);
    expect(grantOp.status, JSON.stringify(grantOp.history)).toBe('confirmed');
    await waitFor(
      () => call('GET', `/v1/smart-accounts/${account.id}/session-keys/${sk}`).then((r) => r.body),
      (k) => k.status === 'active',
      'the key to be active',
    );

    // Within scope: Keel builds and sponsors it, the key signs the hash Keel returns.
    const within = await call('POST', '/v1/user-operations', {
      smartAccountId: account.id,
      sessionKeyId: sk,
      sponsorshipPolicyId: policyId,
      calls: [{ kind: 'transfer', to: r1, asset: 'tUSD', amount: '0.75' }],
    });
    expect(within.status, JSON.stringify(within.body)).toBe(201);
    const waiting = await waitFor(
      () => op(within.body.id),
      (o) => o.status === 'awaiting_signature',
      'the operation to wait for its signature',
    );
    expect(waiting.signing).toBe('session');
    // A signature by anyone but the key is refused, and changes nothing.
    const stranger = await privateKeyToAccount(generatePrivateKey()).sign({ hash: waiting.userOpHash });
    const refused = await call('POST', `/v1/user-operations/${within.body.id}/signature`, { signature: stranger });
    expect(refused.status).toBe(422);
    expect((await op(within.body.id)).status).toBe('awaiting_signature');
    const signed = await call('POST', `/v1/user-operations/${within.body.id}/signature`, {
      signature: await key.sign({ hash: waiting.userOpHash }),
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    const withinFinal = await final(within.body.id);
    expect(withinFinal.status, JSON.stringify(withinFinal.history)).toBe('confirmed');
    expect(await balance(r1)).toBe(tusd('2.25'));
    const used = await call('GET', `/v1/smart-accounts/${account.id}/session-keys/${sk}`);
    expect(used.body.allowance.spent.amount).toBe('0.75');
    expect(used.body.allowance.remaining.amount).toBe('1.25');

    // Out of scope, refused by Keel's policy: another recipient, and more than one per operation.
    for (const calls of [
      [{ kind: 'transfer', to: r2, asset: 'tUSD', amount: '0.1' }],
      [{ kind: 'transfer', to: r1, asset: 'tUSD', amount: '1.01' }],
    ]) {
      const out = await call('POST', '/v1/user-operations', { smartAccountId: account.id, sessionKeyId: sk, calls });
      expect(out.status, JSON.stringify(out.body)).toBe(403);
      expect(JSON.stringify(out.body)).toContain('session_scope_violation');
    }
    // Out of scope, refused by the chain itself (a Keel that would sign it anyway cannot widen the key).
    const transferTo = (to: Address, amount: bigint): Hex =>
      encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] });
    const draft = await draftOp(client, c().entryPoint, {
      sender: account.address,
      callData: encodeFunctionData({
        abi: [
          {
            type: 'function',
            name: 'execute',
            stateMutability: 'nonpayable',
            inputs: [
              { name: 'target', type: 'address' },
              { name: 'value', type: 'uint256' },
              { name: 'data', type: 'bytes' },
            ],
            outputs: [],
          },
        ],
        functionName: 'execute',
        args: [c().tUSD, 0n, transferTo(r2, 1n)],
      }),
    });
    const packed = await signOp(draft, keyPrivate, 'session', c().entryPoint, chain.chainId);
    const refusal = await simulateHandleOps(client, c().entryPoint, [packed], deployer.address);
    expect(refusal?.inner?.errorName).toBe('SessionScopeViolation');

    // Revoked: the chain no longer holds the grant, and Keel refuses the key.
    const revoked = await call('POST', `/v1/smart-accounts/${account.id}/session-keys/${sk}/revoke`, {
      sponsorshipPolicyId: policyId,
    });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    await waitFor(
      () => call('GET', `/v1/smart-accounts/${account.id}/session-keys/${sk}`).then((r) => r.body),
      (k) => k.status === 'revoked',
      'the key to be revoked',
    );
    const afterRevoke = await call('POST', '/v1/user-operations', {
      smartAccountId: account.id,
      sessionKeyId: sk,
      calls: [{ kind: 'transfer', to: r1, asset: 'tUSD', amount: '0.1' }],
    });
    expect(afterRevoke.status).toBe(422);
  });

  it('denies sponsorship once the budget is spent, and on an abuse signal; reasons counted in metrics', async () => {
    const metric = async (reason: string, cls: string) => {
      const text = await (await fetch(`${keel.url}/metrics`)).text();
      const m = text.match(
        new RegExp(`^keel_sponsorship_denials_total\\{reason="${reason}",class="${cls}"\\} (\\S+)$`, 'm'),
      );
      return m ? Number(m[1]) : 0;
    };
    // One operation per user: the second is the user's budget spent (organic).
    const firstOnly = await sponsorshipPolicy({ name: 'first only', firstOperationsPerUser: 1 });
    const a = await newAccount('aa-user-2');
    const send = (policyId: string, extra: Record<string, unknown> = {}) =>
      call('POST', '/v1/user-operations', {
        smartAccountId: a.id,
        sponsorshipPolicyId: policyId,
        calls: [{ kind: 'transfer', to: fresh(), asset: 'tUSD', amount: '0.1' }],
        ...extra,
      });
    const ok = await send(firstOnly);
    expect((await final(ok.body.id)).status).toBe('confirmed');
    const before = await metric('first_n_exhausted', 'organic');
    const spent = await send(firstOnly);
    const denied = await final(spent.body.id);
    expect(denied.status).toBe('failed');
    expect(denied.statusReason).toBe('sponsorship_denied');
    expect(await metric('first_n_exhausted', 'organic')).toBe(before + 1);

    // Abuse: one operation per device per hour; a second from the same device is an abuse denial.
    const perDevice = await sponsorshipPolicy({ name: 'per device', abuse: { opsPerDevice: 1 } });
    const b = await newAccount('aa-user-3');
    const fromDevice = (userAccount: { id: string }) =>
      call('POST', '/v1/user-operations', {
        smartAccountId: userAccount.id,
        sponsorshipPolicyId: perDevice,
        sponsorship: { deviceId: 'device-1' },
        calls: [{ kind: 'transfer', to: fresh(), asset: 'tUSD', amount: '0.1' }],
      });
    expect((await final((await fromDevice(a)).body.id)).status).toBe('confirmed');
    const abuseBefore = await metric('abuse_device', 'abuse');
    const abusive = await final((await fromDevice(b)).body.id);
    expect(abusive.status).toBe('failed');
    expect(abusive.statusReason).toBe('sponsorship_denied');
    expect(await metric('abuse_device', 'abuse')).toBe(abuseBefore + 1);
  });
});
