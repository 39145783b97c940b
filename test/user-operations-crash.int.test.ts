import { erc20Abi, parseUnits, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { entryPoint08Abi } from 'viem/account-abstraction';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { treasury } from '../src/devnet/accounts.ts';
import { devClient, type DevClient } from '../src/devnet/client.ts';
import { UserOperationOutcomes } from '../src/smart-accounts/user-operation-outcomes.ts';
import { UserOpWorkerStore } from '../src/smart-accounts/user-operation-worker-store.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { startTestKeel, type TestKeel } from './helpers/keel.ts';
import { configOf, devConfigDoc, KeelFleet, pollUntil, sharedDatabaseUrl } from './helpers/keel-process.ts';
import { api } from './helpers/pipeline.ts';
import { insertQueuedOperation } from './helpers/user-operation-rows.ts';

/**
 * kill -9 of a user-operation worker between its submission and the receipt: a `keel start
 * --role worker` child with `KEEL_FAILPOINTS` SIGKILLs itself right after committing `submitted`
 * (before the bundler saw the operation) or right after the bundler accepted it; a second worker
 * finishes it: confirmed, the transfer made once, one UserOperationEvent on chain. Worker
 * processes share the database, so this needs a Postgres server (`DATABASE_URL`).
 */
const PG = Boolean(process.env.DATABASE_URL);

describe.skipIf(!PG)('user-operation worker crash recovery', () => {
  let chain: TestChain;
  let client: DevClient;
  let db: TestDatabase;
  let keel: TestKeel;
  let fleet: KeelFleet;
  let doc: Record<string, unknown>;
  let store: UserOpWorkerStore;

  beforeAll(async () => {
    [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
    client = devClient(chain.rpcUrl);
    const bundler = await chain.bundler();
    fleet = new KeelFleet();
    doc = devConfigDoc([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      log: { level: 'info' },
      chains: { [chain.chainId]: { bundlerUrls: [bundler.url], confirmations: 1, pollIntervalMs: 100 } },
      smartAccounts: {
        accountFactory: chain.world.contracts.smartAccountFactory,
        paymaster: chain.world.contracts.paymaster,
        userOperationWorker: { resendAfterSeconds: 2, pollIntervalMs: 100, leaseMs: 1_000 },
      },
    });
    // The API here (it never steps operations); the workers are the children.
    keel = await startTestKeel(configOf(doc), db, 'api');
    store = new UserOpWorkerStore(db.db, new UserOperationOutcomes());
  }, 180_000);
  afterEach(() => fleet?.killRunning());
  afterAll(async () => {
    await fleet?.cleanup();
    await keel?.stop();
    await Promise.all([chain?.stop(), db?.close()]);
  });

  const worker = (label: string, env: NodeJS.ProcessEnv = {}) =>
    fleet.start(label, 'worker', doc, { DATABASE_URL: sharedDatabaseUrl(db)!, ...env }).then((r) => r.proc);

  for (const point of ['user_operation.after_submitted', 'user_operation.after_send']) {
    it(`${point}: a new worker finishes the operation, included exactly once`, { timeout: 240_000 }, async () => {
      const r = await api(keel.url!, keel.adminToken, 'POST', '/v1/smart-accounts', {
        chainId: chain.chainId,
        userId: `crash-${point}-${Date.now()}`,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const acct = r.body as { id: string; address: Address };
      const fundHash = await client.writeContract({
        account: treasury.address,
        chain: null,
        address: chain.world.contracts.tUSD,
        abi: erc20Abi,
        functionName: 'transfer',
        args: [acct.address, parseUnits('10', 6)],
      });
      await client.waitForTransactionReceipt({ hash: fundHash });
      // Unsponsored: the account pays its own gas.
      await client.request({
        method: 'anvil_setBalance' as never,
        params: [acct.address, '0xDE0B6B3A7640000'] as never,
      });
      const to = privateKeyToAccount(generatePrivateKey()).address;

      const first = await worker(`worker (${point})`, { KEEL_FAILPOINTS: point });
      const op = await insertQueuedOperation(db.db, {
        accountId: acct.id,
        transfers: [{ token: chain.world.contracts.tUSD, to, amount: parseUnits('4', 6) }],
      });
      const exit = await first.waitExit(180_000);
      expect(exit?.signal, first.tail()).toBe('SIGKILL');
      const atCrash = await store.load(db.db, op.id);
      expect(atCrash.status).toBe('submitted');
      expect(atCrash.submissions).toBe(1);

      await worker('worker (restarted)');
      const done = await pollUntil(
        async () => {
          const s = await store.load(db.db, op.id);
          return s.status === 'confirmed' || s.status === 'failed' ? s : undefined;
        },
        180_000,
        () => `the operation did not finish after the restart`,
      );
      expect(done.status, JSON.stringify(await store.history(db.db, op.id))).toBe('confirmed');
      expect(done.user_op_hash).toBe(atCrash.user_op_hash);
      const onChain = await client.getContractEvents({
        address: chain.world.contracts.entryPoint,
        abi: entryPoint08Abi,
        eventName: 'UserOperationEvent',
        args: { userOpHash: done.user_op_hash as Hex },
        fromBlock: 0n,
      });
      expect(onChain).toHaveLength(1);
      expect(
        await client.readContract({
          address: chain.world.contracts.tUSD,
          abi: erc20Abi,
          functionName: 'balanceOf',
          args: [to],
        }),
      ).toBe(parseUnits('4', 6));
    });
  }
});
