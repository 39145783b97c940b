import type { Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbJson } from '../src/db/json.ts';
import { toEvent } from '../src/events/store.ts';
import { PaymentsStore } from '../src/payments/store.ts';
import { intentResourcesSql } from '../src/payments/store-resource.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { devConfigFor } from './helpers/keel.ts';

/**
 * The payment intent resource built by the database for events (store-resource.ts) is the
 * resource the API returns (resource.ts) for the same rows: intents in every shape a field can
 * take (18 decimals and amounts past 2^64, deposits of other assets and unknown tokens,
 * reorganised, late, refunds, unconfigured chains, times with microseconds, nulls), and the
 * events `recordTransfers` and `confirmThrough` publish equal the resource read right after.
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

/** Both builds of the resources of `ids`: [API, SQL]. */
async function both(ids: string[]) {
  const api = await store.loadMany(db.db, ids);
  const rows = (await intentResourcesSql(config, ids).execute(db.db)).rows;
  const byId = new Map(rows.map((r) => [r.id, dbJson(r.data)]));
  return [api, ids.map((id) => byId.get(id))] as const;
}

beforeAll(async () => {
  db = await testDatabase();
  store = new PaymentsStore(db.db, config);
});
afterAll(async () => {
  await db?.close();
});

describe('the payment intent resource built in SQL', () => {
  it('equals the API resource for intents of every shape', async () => {
    const plain = await intent();
    const busy = await intent({
      asset: 'WETH',
      decimals: 18,
      amount: '123456789012345678901234567890123',
      chains: JSON.stringify([31338, 99999, 31337]),
      status: 'processing',
      amount_received: '1000000000000000001',
      amount_pending: '5',
      amount_refunded: '3',
      paid_late: true,
      needs_attention: true,
      customer_reference: 'cust-1',
      description: 'an "order" with ünïcode & symbols',
      metadata: JSON.stringify({ order: '42', note: 'x' }),
      created_at: '2026-03-04T05:06:07.123999Z',
      first_seen_at: '2026-03-04T05:06:08.000001Z',
      processing_at: '2026-03-04T05:06:09.999999Z',
      swept_at: '2026-03-04T05:06:10.5Z',
    });
    await deposit(busy, { token: WETH, asset: 'WETH', amount: '1000000000000000001', status: 'confirmed', late: true });
    await deposit(busy, {
      token: WETH,
      asset: 'WETH',
      amount: '5',
      confirmed_at: '2026-03-04T05:06:11.777777Z',
      chain_id: 31338,
    });
    await deposit(busy, { token: WETH, asset: 'WETH', amount: '7', status: 'reorged', reorged_after_final: true });
    await deposit(busy, { kind: 'unexpected', reason: 'wrong_asset', amount: '1234567', status: 'confirmed' });
    await deposit(busy, { token: addr(99), asset: null, kind: 'unexpected', reason: 'wrong_asset', amount: '99' });
    await deposit(busy, { block_number: '101', log_index: 0, swept_at: '2026-03-05T00:00:00.000500Z' });
    for (const [k, status] of (['pending', 'succeeded', 'failed'] as const).entries())
      await db.db
        .insertInto('payment_refunds')
        .values({
          id: `re_sqltest${k}`,
          intent_id: busy,
          chain_id: 31337,
          amount: '1000000000000000000',
          to_address: addr(7),
          reason: 'overpayment',
          tx_id: `tx_${k}`,
          status,
          api_key_id: 'test',
          finished_at: status === 'pending' ? null : new Date('2026-03-06T00:00:00.321Z'),
        } as never)
        .execute();
    const overpaid = await intent({
      amount: '1',
      status: 'succeeded',
      amount_received: '2500001',
      amount_refunded: '9999999',
      chains: JSON.stringify([]),
      succeeded_at: new Date(),
      cancelled_at: new Date(),
    });
    await deposit(overpaid, { amount: '2500001', status: 'confirmed' });

    const ids = [plain, busy, overpaid];
    const [api, built] = await both(ids);
    expect(built).toEqual(api);
    // It compares something: the busy intent carries its deposits, refunds and unconfigured chain skipped.
    expect(api[1]!.payments).toHaveLength(6);
    expect(api[1]!.refunds).toHaveLength(3);
    expect(api[1]!.chains.map((c) => c.chainId)).toEqual([31338, 31337]);
    expect(api[1]!.amount.amount).toBe('123456789012345.678901234567890123');
  });

  it('fails when a field differs (the comparison is not vacuous)', async () => {
    const id = await intent({ description: 'before' });
    const [api] = await both([id]);
    await db.db.updateTable('payment_intents').set({ description: 'after' }).where('id', '=', id).execute();
    const [, built] = await both([id]);
    expect(built).not.toEqual(api);
  });

  it('is what the events of recorded and confirmed payments carry', async () => {
    const id = await intent();
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
    await store.confirmThrough(31337, 500n);
    const succeeded = await store.get(id);
    expect(succeeded.status).toBe('succeeded');
    expect(await eventOf('payment_intent.succeeded')).toEqual(succeeded);
  });
});
