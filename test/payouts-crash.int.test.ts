import { createPublicClient, http, type PublicClient } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi } from '../src/contracts/abis.ts';
import { operations } from '../src/devnet/accounts.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { startTestKeel, type TestKeel } from './helpers/keel.ts';
import { configOf, devConfigDoc, KeelFleet, pollUntil, sharedDatabaseUrl } from './helpers/keel-process.ts';
import { createPayablePayees } from './helpers/payouts.ts';
import { api, pipelinePolicy } from './helpers/pipeline.ts';

/**
 * kill -9 of the worker during a payout run: a `keel start --role worker` child SIGKILLs itself
 * right after sending the run's first transaction (`pipeline.broadcast.after_send`); a new
 * worker finishes the run and every payee is paid exactly once (the payer's nonce moves by
 * exactly the run's transactions). Worker processes share the database with the API in this
 * process: Postgres only (`DATABASE_URL`). Payees are real payees, created through the API with
 * their addresses approved by a second principal (no cool-off in this config).
 */
const PG = Boolean(process.env.DATABASE_URL);

describe.skipIf(!PG)('payout runs: kill -9 of the worker mid-run', () => {
  let chain: TestChain;
  let db: TestDatabase;
  let keel: TestKeel;
  let fleet: KeelFleet;
  let client: PublicClient;
  let doc: Record<string, unknown>;

  beforeAll(async () => {
    [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
    fleet = new KeelFleet();
    const c = chain.world.contracts;
    doc = devConfigDoc([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      log: { level: 'info' },
      policy: {
        document: pipelinePolicy(chain, [
          {
            id: 'payout-approvals',
            kind: 'contract',
            effect: 'allow',
            contracts: [c.tUSD],
            functions: [{ selector: 'approve(address,uint256)', spenders: [c.batchPayout] }],
          },
          {
            id: 'payout-batches',
            kind: 'contract',
            effect: 'allow',
            contracts: [c.batchPayout],
            functions: [{ selector: 'payout(address,address[],uint256[])' }],
          },
          {
            id: 'payout-allowance',
            kind: 'allowance',
            effect: 'allow',
            spenders: [c.batchPayout],
            limit: { usd: '50000' },
          },
        ]),
      },
      pipeline: { pollIntervalMs: 100, leaseMs: 1_000, nonceCheckSeconds: 1, stuckAfterSeconds: 3_600 },
      payouts: {
        batchContract: c.batchPayout,
        maxRecipientsPerTx: 2,
        dispatchIntervalMs: 500,
        addressCoolOffSeconds: 0,
      },
      chains: { [chain.chainId]: { confirmations: 1, pollIntervalMs: 100 } },
    });
    keel = await startTestKeel(configOf(doc), db, 'api');
    client = createPublicClient({ transport: http(chain.rpcUrl) }) as PublicClient;
  }, 60_000);

  afterEach(() => fleet?.killRunning());
  afterAll(async () => {
    await fleet?.cleanup();
    await keel?.stop();
    await Promise.all([chain?.stop(), db?.close()]);
  });

  it('a worker killed after sending the first transaction is replaced; every payee is paid exactly once', {
    timeout: 120_000,
  }, async () => {
    const payees = await createPayablePayees({
      url: keel.url!,
      writer: keel.adminToken,
      reviewer: await keel.tokenWith(['review']),
      chainId: chain.chainId,
      n: 5,
      prefix: 'crash',
    });
    const plan = await api(keel.url!, keel.adminToken, 'POST', '/v1/payout-plans', {
      name: 'crash',
      chainId: chain.chainId,
      asset: 'tUSD',
      recipients: payees.map((p) => ({ payeeId: p.id, shareBps: 2000 })),
      source: { kind: 'fixed', amount: '50' },
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const nonceBefore = await client.getTransactionCount({ address: operations.address, blockTag: 'latest' });
    const dbUrl = sharedDatabaseUrl(db)!;
    const first = (
      await fleet.start('worker (payouts crash)', 'worker', doc, {
        DATABASE_URL: dbUrl,
        KEEL_FAILPOINTS: 'pipeline.broadcast.after_send',
      })
    ).proc;
    const run = await api(keel.url!, keel.adminToken, 'POST', '/v1/payout-runs', {
      planId: plan.body.id,
      period: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
    });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    const exit = await first.waitExit(30_000);
    expect(exit, `the worker should have killed itself${first.tail()}`).toEqual({ code: null, signal: 'SIGKILL' });
    const midRun = (await api(keel.url!, keel.adminToken, 'GET', `/v1/payout-runs/${run.body.id}`)).body;
    expect(midRun.status).toBe('executing');

    await fleet.start('worker (restarted)', 'worker', doc, { DATABASE_URL: dbUrl });
    const done = await pollUntil(
      async () => {
        const r = (await api(keel.url!, keel.adminToken, 'GET', `/v1/payout-runs/${run.body.id}`)).body;
        return r.status === 'executing' ? undefined : r;
      },
      90_000,
      () => 'the run did not finish after the restart',
    );
    expect(done.status).toBe('completed');
    for (const p of payees)
      expect(
        await client.readContract({
          address: chain.world.contracts.tUSD,
          abi: erc20Abi,
          functionName: 'balanceOf',
          args: [p.address],
        }),
      ).toBe(10_000_000n);
    // One approval and three payouts: four nonces, no more.
    expect(await client.getTransactionCount({ address: operations.address, blockTag: 'latest' })).toBe(nonceBefore + 4);
  });
});
