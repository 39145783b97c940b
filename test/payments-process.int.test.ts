import { createPublicClient, createWalletClient, http, parseUnits, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi } from '../src/contracts/abis.ts';
import { users } from '../src/devnet/accounts.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { startTestKeel, type TestKeel } from './helpers/keel.ts';
import {
  configOf,
  devConfigDoc,
  KeelFleet,
  pollUntil,
  sharedDatabaseUrl,
  type KeelChild,
} from './helpers/keel-process.ts';
import { api, pipelinePolicy } from './helpers/pipeline.ts';

/**
 * Payment detection across real worker processes sharing one Postgres: two `keel start
 * --role worker` processes contend for the chain's watcher (one reads), the one holding it is
 * SIGKILLed while payments keep arriving, the other takes over from the checkpoint, and a
 * restarted worker joins — every payment is credited exactly once. Needs a Postgres server
 * (`DATABASE_URL`, as CI has).
 */

const PG = Boolean(process.env.DATABASE_URL);

describe.skipIf(!PG)(
  `payment detection with real worker processes${PG ? '' : ' (skipped: set DATABASE_URL to a Postgres server)'}`,
  () => {
    let chain: TestChain;
    let db: TestDatabase;
    let keel: TestKeel;
    let fleet: KeelFleet;
    let doc: Record<string, unknown>;
    let dbUrl: string;
    let client: ReturnType<typeof createPublicClient>;

    beforeAll(async () => {
      [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
      const factory = chain.world.contracts.depositFactory;
      doc = devConfigDoc([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
        log: { level: 'info' },
        policy: {
          document: pipelinePolicy(chain, [
            {
              id: 'sweeps',
              kind: 'contract',
              effect: 'allow',
              contracts: [factory],
              functions: [{ selector: 'sweepMany(bytes32[],address[])' }],
            },
          ]),
        },
        payments: { depositFactory: factory, tickMs: 200, sweep: { intervalSeconds: 3600 } },
        pipeline: { pollIntervalMs: 100, nonceCheckSeconds: 3600 },
        chains: { [chain.chainId]: { confirmations: 2, pollIntervalMs: 200 } },
      });
      fleet = new KeelFleet();
      dbUrl = sharedDatabaseUrl(db)!;
      keel = await startTestKeel(configOf(doc), db, 'api');
      client = createPublicClient({ transport: http(chain.rpcUrl) });
    }, 60_000);

    afterAll(async () => {
      await fleet?.cleanup();
      await keel?.stop();
      await Promise.all([chain?.stop(), db?.close()]);
    });

    const worker = (label: string) => fleet.start(label, 'worker', doc, { DATABASE_URL: dbUrl }).then((r) => r.proc);
    const pay = async (to: string, amount: bigint) => {
      const wallet = createWalletClient({
        account: privateKeyToAccount(users[2]!.privateKey),
        transport: http(chain.rpcUrl),
      });
      const hash = await wallet.writeContract({
        address: chain.world.contracts.tUSD,
        abi: erc20Abi,
        functionName: 'transfer',
        args: [to as Address, amount],
        chain: {
          id: chain.chainId,
          name: 't',
          nativeCurrency: { name: 'E', symbol: 'ETH', decimals: 18 },
          rpcUrls: { default: { http: [chain.rpcUrl] } },
        },
      });
      await client.waitForTransactionReceipt({ hash });
    };
    const holder = async () =>
      (await db.db
        .selectFrom('chain_watchers')
        .select(['locked_by', 'checkpoint_block'])
        .where('chain_id', '=', chain.chainId)
        .executeTakeFirst()) ?? null;

    it('two workers contend for the watcher; the holder is killed mid-stream; every payment is credited exactly once', {
      timeout: 120_000,
    }, async () => {
      const w1 = await worker('worker 1');
      const w2 = await worker('worker 2');
      const procs: KeelChild[] = [w1, w2];
      // One of them holds the chain's watcher.
      const first = await pollUntil(
        async () => (await holder())?.locked_by ?? undefined,
        30_000,
        () => `no worker took the watcher${w1.tail()}${w2.tail()}`,
      );
      const pidOf = (p: KeelChild) => String(p.child.pid);
      const held = procs.find((p) => first.includes(`:${pidOf(p)}:`));
      expect(held, `the lease holder ${first} is one of the two workers`).toBeDefined();
      const other = procs.find((p) => p !== held)!;

      const intents: Array<{ id: string; depositAddress: string }> = [];
      for (let i = 0; i < 10; i++) {
        const r = await api(keel.url!, keel.adminToken, 'POST', '/v1/payment-intents', { asset: 'tUSD', amount: '3' });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        intents.push(r.body);
      }
      const amount = parseUnits('3', 6);
      for (const pi of intents.slice(0, 5)) await pay(pi.depositAddress, amount);
      await pollUntil(
        async () => {
          const n = await db.db
            .selectFrom('payment_deposits')
            .select((e) => e.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow();
          return Number(n.n) >= 5 ? true : undefined;
        },
        60_000,
        () => `the first five payments were not seen${held!.tail()}`,
      );

      await held!.kill();
      // Payments keep arriving while nobody reads the chain.
      for (const pi of intents.slice(5)) await pay(pi.depositAddress, amount);
      await client.request({ method: 'anvil_mine' as 'eth_chainId', params: ['0x3'] as never });
      const third = await worker('worker 3 (restarted)');

      const ids = intents.map((i) => i.id);
      await pollUntil(
        async () => {
          const rows = await db.db.selectFrom('payment_intents').select('status').where('id', 'in', ids).execute();
          if (rows.every((r) => r.status === 'succeeded')) return true;
          await client.request({ method: 'anvil_mine' as 'eth_chainId', params: ['0x1'] as never });
          return undefined;
        },
        60_000,
        () => `not every intent succeeded after the takeover${other.tail()}${third.tail()}`,
      );
      const taken = await holder();
      expect(taken!.locked_by).not.toBe(first);

      // Exactly once: one credited deposit per intent, the right amounts, one succeeded event each.
      const deposits = await db.db
        .selectFrom('payment_deposits')
        .select(['intent_id', 'amount', 'status', 'kind'])
        .where('intent_id', 'in', ids)
        .execute();
      expect(deposits).toHaveLength(10);
      expect(new Set(deposits.map((d) => d.intent_id)).size).toBe(10);
      expect(
        deposits.every((d) => d.kind === 'payment' && d.status === 'confirmed' && d.amount === amount.toString()),
      ).toBe(true);
      const received = await db.db
        .selectFrom('payment_intents')
        .select('amount_received')
        .where('id', 'in', ids)
        .execute();
      expect(received.every((r) => r.amount_received === amount.toString())).toBe(true);
      const events = await db.db
        .selectFrom('events')
        .select('data')
        .where('type', '=', 'payment_intent.succeeded')
        .execute();
      const succeeded = events
        .map((e) => (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) as { id: string })
        .filter((d) => ids.includes(d.id));
      expect(succeeded).toHaveLength(10);
    });
  },
);
