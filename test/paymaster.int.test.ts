import {
  createPublicClient,
  defineChain,
  http,
  type Address,
  type Chain,
  type PublicClient,
  type Transport,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createBundlerClient, createPaymasterClient, entryPoint08Abi } from 'viem/account-abstraction';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devClient, type DevClient } from '../src/devnet/client.ts';
import { DEMO_SEED } from '../src/devnet/world-plan.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api } from './helpers/pipeline.ts';
import { toKeelSmartAccount } from './helpers/simple-account.ts';

/**
 * The ERC-7677 paymaster web service on a dev chain with the demo world: viem's bundler client
 * with `createPaymasterClient` pointed at `/v1/paymaster/:policyId` sends a new KeelSmartAccount's
 * first operation (deployment and a call) with 0 ETH in the account, paid from KeelPaymaster's
 * EntryPoint deposit; a policy that refuses answers a JSON-RPC error with its reasons and nothing
 * is sent; the worker's deposit watch shows the deposit going down.
 */
describe('paymaster service', () => {
  let chain: TestChain;
  let client: DevClient;
  let publicClient: PublicClient<Transport, Chain>;
  let db: TestDatabase;
  let keel: TestKeel;
  let token: string;
  let bundlerUrl: string;

  const depositGauge = async (): Promise<number | undefined> => {
    const text = await (await fetch(`${keel.url}/metrics`)).text();
    const m = text.match(new RegExp(`^keel_paymaster_deposit_eth\\{chain_id="${chain.chainId}"\\} (\\S+)$`, 'm'));
    return m ? Number(m[1]) : undefined;
  };
  const waitFor = async <T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> => {
    const until = Date.now() + 30_000;
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what} (last: ${String(v)})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const newAccount = async (userId: string) => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const created = await api(keel.url!, token, 'POST', '/v1/smart-accounts', {
      chainId: chain.chainId,
      userId,
      owner: { kind: 'external', address: owner.address },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const account = await toKeelSmartAccount({
      client: publicClient,
      owner,
      factory: chain.world.contracts.smartAccountFactory,
      entryPoint: chain.world.contracts.entryPoint,
      salt: BigInt(created.body.salt),
    });
    expect(await account.getAddress()).toBe(created.body.address);
    return account;
  };
  const policy = async (doc: Record<string, unknown>) => {
    const r = await api(keel.url!, token, 'POST', '/v1/sponsorship-policies', doc);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const bundlerFor = (account: Awaited<ReturnType<typeof newAccount>>, policyId: string) =>
    createBundlerClient({
      account,
      client: publicClient,
      transport: http(bundlerUrl),
      paymaster: createPaymasterClient({
        transport: http(`${keel.url}/v1/paymaster/${policyId}`, {
          fetchOptions: { headers: { authorization: `Bearer ${token}` } },
        }),
      }),
      pollingInterval: 100,
    });

  beforeAll(async () => {
    chain = await startTestChain();
    client = devClient(chain.rpcUrl);
    publicClient = createPublicClient({
      chain: defineChain({
        id: chain.chainId,
        name: 'test',
        nativeCurrency: { name: 'ETH', symbol: 'ETH', decimals: 18 },
        rpcUrls: { default: { http: [chain.rpcUrl] } },
      }),
      transport: http(chain.rpcUrl),
    });
    bundlerUrl = (await chain.bundler()).url;
    db = await testDatabase();
    const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      smartAccounts: {
        accountFactory: chain.world.contracts.smartAccountFactory,
        paymaster: chain.world.contracts.paymaster,
        depositWatchIntervalSeconds: 1,
        paymasterDepositFloorEth: '1',
      },
    });
    // Worker and API in one process: the deposit watch runs beside the endpoint.
    keel = await startTestKeel(config, db, 'all');
    token = await keel.tokenWith(['smart_accounts:write', 'sponsorship:write', 'sponsorship:read', 'paymaster:use']);
  }, 120_000);
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
    await chain?.stop();
  });

  it('sponsors a new account’s first operation through viem’s paymaster client: mined, paid from the deposit', async () => {
    const paymaster = chain.world.contracts.paymaster;
    const entryPoint = chain.world.contracts.entryPoint;
    const deposit = () =>
      client.readContract({ address: entryPoint, abi: entryPoint08Abi, functionName: 'balanceOf', args: [paymaster] });
    const before = await deposit();
    expect(before).toBe(DEMO_SEED.paymasterDeposit);
    expect(await waitFor(depositGauge, (v) => v !== undefined, 'the deposit gauge')).toBe(10);

    const policyId = await policy({
      name: 'onboarding',
      chains: [chain.chainId],
      maxCostUsdPerOperation: '1000',
      globalBudget: { amountUsd: '10000', period: 'day' },
    });
    const account = await newAccount(`user-${Date.now()}-sponsored`);
    const sender = await account.getAddress();
    expect(await client.getBalance({ address: sender })).toBe(0n);
    const recipient = privateKeyToAccount(generatePrivateKey()).address;

    const bundler = bundlerFor(account, policyId);
    const hash = await bundler.sendUserOperation({ calls: [{ to: recipient, value: 0n, data: '0x1234' }] });
    const receipt = await bundler.waitForUserOperationReceipt({ hash, timeout: 60_000 });
    expect(receipt.success).toBe(true);
    expect(receipt.paymaster?.toLowerCase()).toBe(paymaster.toLowerCase());
    expect(await client.getCode({ address: sender })).toMatch(/^0x[0-9a-f]+$/);
    expect(await client.getBalance({ address: sender })).toBe(0n);
    const after = await deposit();
    expect(before - after).toBe(receipt.actualGasCost);

    // The decision reserved budget (stub calls are dry runs and reserve nothing).
    const decisions = await api(keel.url!, token, 'GET', `/v1/sponsorship-policies/${policyId}/decisions`);
    const statuses = decisions.body.data.map((d: { status: string }) => d.status);
    expect(statuses.filter((s: string) => s === 'reserved')).toHaveLength(1);
    expect(statuses.every((s: string) => s === 'reserved' || s === 'dry_run')).toBe(true);

    const gauge = await waitFor(depositGauge, (v) => v !== undefined && v < 10, 'the deposit gauge to go down');
    expect(gauge).toBeCloseTo(Number(after) / 1e18, 9);
  });

  it('reports a deposit below the floor in /ready (degraded, the chain named), and nothing when above it', async () => {
    const ready = async (url: string) => (await (await fetch(`${url}/ready`)).json()) as any;
    const above = await ready(keel.url!);
    expect(above.checks).toEqual([]);
    // A second API on the same database and chain whose floor is above the 10 ETH deposit.
    const strict = await startTestKeel(
      devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
        smartAccounts: {
          accountFactory: chain.world.contracts.smartAccountFactory,
          paymaster: chain.world.contracts.paymaster,
          paymasterDepositFloorEth: '1000',
        },
      }),
      db,
      'api',
    );
    try {
      const below = await ready(strict.url!);
      expect(below.status).toBe('degraded');
      expect(below.checks).toHaveLength(1);
      expect(below.checks[0]).toMatchObject({ name: 'paymaster_deposit', status: 'attention', chainId: chain.chainId });
      expect(below.checks[0].reason).toMatch(/floor 1000/);
    } finally {
      await strict.stop();
    }
  });

  it('answers a refusing policy with a JSON-RPC error carrying its reasons; nothing is sent', async () => {
    const policyId = await policy({ name: 'mainnet only', chains: [1] });
    const account = await newAccount(`user-${Date.now()}-denied`);
    const sender = await account.getAddress();
    const bundler = bundlerFor(account, policyId);
    const err = await bundler.sendUserOperation({ calls: [{ to: sender, value: 0n, data: '0x' }] }).then(
      () => undefined,
      (e: unknown) => e as Error & { walk: (fn: (e: unknown) => boolean) => unknown },
    );
    expect(err).toBeDefined();
    const rpc = err!.walk((e) => (e as { data?: unknown }).data !== undefined) as {
      code: number;
      data?: { code: string; class: string; reasons: Array<{ code: string }> };
    };
    expect(rpc.code).toBe(-32001);
    expect(rpc.data).toMatchObject({ code: 'sponsorship_denied', class: 'organic' });
    expect(rpc.data!.reasons.map((r) => r.code)).toContain('chain_not_allowed');
    expect(await client.getCode({ address: sender })).toBeUndefined();

    // Without the scope: 403 before any JSON-RPC.
    const other = await keel.tokenWith(['sponsorship:write']);
    const r = await fetch(`${keel.url}/v1/paymaster/${policyId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other}`, 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'pm_getPaymasterStubData', params: [] }),
    });
    expect(r.status).toBe(403);
  });

  it('refuses a sender that is not a Keel smart account, as invalid params', async () => {
    const policyId = await policy({ name: 'any' });
    const stranger: Address = privateKeyToAccount(generatePrivateKey()).address;
    const r = await api(keel.url!, token, 'POST', `/v1/paymaster/${policyId}`, {
      jsonrpc: '2.0',
      id: 7,
      method: 'pm_getPaymasterData',
      params: [
        {
          sender: stranger,
          nonce: '0x0',
          callData: '0x',
          maxFeePerGas: '0x1',
          maxPriorityFeePerGas: '0x1',
        },
        chain.world.contracts.entryPoint,
        `0x${chain.chainId.toString(16)}`,
        {},
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: -32602 } });
    expect(r.body.error.data.errors[0]).toMatchObject({ field: 'userOp.sender', code: 'unknown_smart_account' });
  });
});
