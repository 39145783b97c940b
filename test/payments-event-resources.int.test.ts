import type { Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEvent } from '../src/events/store.ts';
import { PaymentsStore } from '../src/payments/store.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { devConfigFor } from './helpers/keel.ts';

/**
 * The events `recordTransfers` and `confirmThrough` publish carry the resource the API returns
 * right after: the store builds them from the rows it holds and what it just wrote (deposits
 * and stamps it does not read back), so a field it fills differently from the database (a
 * default, a time) fails here. Deposits of another asset, several per intent.
 */

const config = devConfigFor(
  [
    { chainId: 31337, rpcUrls: ['http://127.0.0.1:1'] },
    { chainId: 31338, rpcUrls: ['http://127.0.0.1:1'] },
  ],
  { chains: { 31337: { confirmations: 2 } } },
);
const tUSD = config.chains[0]!.assets.find((a) => a.symbol === 'tUSD')!.address;
const WETH = config.chains[0]!.assets.find((a) => a.symbol === 'WETH')!.address;
let db: TestDatabase;
let store: PaymentsStore;

const hex = (n: number, len = 64) => `0x${n.toString(16).padStart(len, '0')}` as Hex;
const addr = (n: number) => `0x${n.toString(16).padStart(40, 'a')}` as Hex;
let seq = 0;

async function intent(over: Record<string, unknown> = {}): Promise<string> {
  const id = `pi_sqltest${++seq}`;
  await db.db
    .insertInto('payment_intents')
    .values({
      id,
      asset: 'tUSD',
      decimals: 6,
      amount: '1000000',
      chains: JSON.stringify([31337, 31338]),
      deposit_address: addr(seq),
      status: 'requires_payment',
      amount_received: '0',
      amount_pending: '0',
      amount_refunded: '0',
      metadata: '{}',
      api_key_id: 'test',
      expires_at: new Date('2030-01-01T00:00:00Z'),
      late_until: new Date('2030-01-02T00:00:00Z'),
      ...over,
    } as never)
    .execute();
  return id;
}

async function deposit(intentId: string, over: Record<string, unknown> = {}): Promise<void> {
  const n = ++seq;
  await db.db
    .insertInto('payment_deposits')
    .values({
      id: `dep_sqltest${n}`,
      intent_id: intentId,
      chain_id: 31337,
      tx_hash: hex(n),
      log_index: n % 7,
      block_number: String(100 + n),
      block_hash: hex(n + 1000),
      token: tUSD,
      asset: 'tUSD',
      from_address: addr(n + 5000),
      amount: '400000',
      kind: 'payment',
      reason: null,
      late: false,
      block_time: new Date('2026-03-04T05:06:07.000Z'),
      ...over,
    } as never)
    .execute();
}

beforeAll(async () => {
  db = await testDatabase();
  store = new PaymentsStore(db.db, config);
});
afterAll(async () => {
  await db?.close();
});

describe('the resources of payment events', () => {
  it('is what the events of recorded and confirmed payments carry', async () => {
    const id = await intent();
    // One deposit from an earlier range (read back) beside the ones recorded now (not read back).
    await deposit(id, { block_number: '400', amount: '1' });
    const address = (await store.get(id)).depositAddress as Hex;
    await db.db.transaction().execute((trx) =>
      store.recordTransfers(trx, 31337, [
        {
          chainId: 31337,
          blockNumber: 500n,
          blockHash: hex(777),
          txHash: hex(778),
          logIndex: 3,
          token: tUSD,
          from: addr(1234),
          to: address,
          value: 1_000_000n,
          blockTimestamp: 1_800_000_000n,
          blockTime: new Date(1_800_000_000_000),
        },
        {
          chainId: 31337,
          blockNumber: 500n,
          blockHash: hex(777),
          txHash: hex(779),
          logIndex: 4,
          token: WETH,
          from: addr(1234),
          to: address,
          value: 5n,
          blockTimestamp: 1_800_000_000n,
          blockTime: new Date(1_800_000_000_000),
        },
      ]),
    );
    const eventOf = async (type: string) => {
      const rows = await db.db
        .selectFrom('events')
        .select(['id', 'type', 'api_version', 'data', 'created_at'])
        .where('type', '=', type)
        .execute();
      const mine = rows.map(toEvent).filter((e) => (e.data.object as { id: string }).id === id);
      expect(mine).toHaveLength(1);
      return mine[0]!.data.object;
    };
    const processing = await store.get(id);
    expect(processing.status).toBe('processing');
    expect(await eventOf('payment_intent.processing')).toEqual(processing);
    expect(await eventOf('payment_intent.unexpected_deposit')).toEqual(processing);
    expect(processing.payments.map((p) => p.blockNumber)).toEqual(['400', '500', '500']);
    await store.confirmThrough(31337, 500n);
    const succeeded = await store.get(id);
    expect(succeeded.status).toBe('succeeded');
    expect(await eventOf('payment_intent.succeeded')).toEqual(succeeded);
  });
});
