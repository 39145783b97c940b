import { createPublicClient, createWalletClient, getAddress, http, parseUnits, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi } from '../src/contracts/abis.ts';
import { operations, users } from '../src/devnet/accounts.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api, pipelinePolicy } from './helpers/pipeline.ts';

/**
 * Payment acceptance end to end on two anvil chains with the demo world: a payer (a separate
 * wallet) sends real transfers to intent deposit addresses; the transfer watcher, confirmations,
 * expiry, reorganisations, sweeps and refunds run in a real Keel (API + workers).
 */

let a: TestChain;
let b: TestChain;
let db: TestDatabase;
let keel: TestKeel;
let base: string;
let token: string;
const clients = new Map<number, ReturnType<typeof createPublicClient>>();
const rpcUrl = (chainId: number) => (chainId === a.chainId ? a.rpcUrl : b.rpcUrl);
const chainOf = (chainId: number) => (chainId === a.chainId ? a : b);
const client = (chainId: number) => clients.get(chainId)!;
const rpc = (chainId: number, method: string, params: unknown[] = []) =>
  client(chainId).request({ method: method as 'eth_chainId', params: params as never });
const mine = (chainId: number, n = 1) => rpc(chainId, 'anvil_mine', [`0x${n.toString(16)}`]);
const usd = (v: string) => parseUnits(v, 6);

const createIntent = async (body: Record<string, unknown>) => {
  const r = await api(base, token, 'POST', '/v1/payment-intents', { asset: 'tUSD', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};
const getIntent = async (id: string) => (await api(base, token, 'GET', `/v1/payment-intents/${id}`)).body;
/** Polls the intent until `until` holds; with `mining`, a block is mined on both chains per poll (for Keel's own transactions to reach their confirmations). */
async function waitIntent(id: string, until: (pi: any) => boolean, timeoutMs = 60_000, mining = false): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = await getIntent(id);
    if (until(last)) return last;
    if (mining) await Promise.all([mine(a.chainId), mine(b.chainId)]);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`payment intent ${id} did not reach the expected state; last: ${JSON.stringify(last)}`);
}
const statusIs = (s: string) => (pi: any) => pi.status === s;

/** The payer (an end user's own wallet, not Keel's) sends `amount` of `symbol` to `to`. */
async function pay(
  chainId: number,
  to: string,
  amount: bigint,
  symbol: 'tUSD' | 'tEUR' = 'tUSD',
  payer = 0,
): Promise<Hex> {
  const u = users[payer]!;
  const chain = chainOf(chainId);
  const wallet = createWalletClient({
    account: privateKeyToAccount(u.privateKey),
    transport: http(rpcUrl(chainId)),
    chain: {
      id: chainId,
      name: 't',
      nativeCurrency: { name: 'E', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl(chainId)] } },
    },
  });
  const hash = await wallet.writeContract({
    address: chain.world.contracts[symbol],
    abi: erc20Abi,
    functionName: 'transfer',
    args: [to as Address, amount],
  });
  await client(chainId).waitForTransactionReceipt({ hash });
  return hash;
}
const balanceOf = (chainId: number, symbol: 'tUSD' | 'tEUR', who: Address) =>
  client(chainId).readContract({
    address: chainOf(chainId).world.contracts[symbol],
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [who],
  });
/**
 * The intent's events of `type`, once at least `min` are listed. The events API shows an event
 * only when no older database transaction is still open (so a reader never skips one that commits
 * late); other test files' transactions on the shared server can hold the page back briefly.
 */
const eventsOf = async (type: string, id: string, min = 1) => {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const listed = (await api(base, token, 'GET', `/v1/events?type=${type}&limit=500`)).body.data.filter(
      (e: any) => e.data.object.id === id || e.data.object.paymentIntentId === id,
    );
    if (listed.length >= min || Date.now() > deadline) return listed;
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  [a, b, db] = await Promise.all([
    startTestChain({ chainId: 31337 }),
    startTestChain({ chainId: 31338 }),
    testDatabase(),
  ]);
  for (const c of [a, b]) clients.set(c.chainId, createPublicClient({ transport: http(c.rpcUrl) }));
  const factory = a.world.contracts.depositFactory;
  const config = devConfigFor(
    [
      { chainId: a.chainId, rpcUrls: [a.rpcUrl] },
      { chainId: b.chainId, rpcUrls: [b.rpcUrl] },
    ],
    {
      policy: {
        document: pipelinePolicy(a, [
          { id: 'chain-b', kind: 'chain', effect: 'allow', chainIds: [b.chainId] },
          {
            id: 'sweeps',
            kind: 'contract',
            effect: 'allow',
            contracts: [factory],
            functions: [{ selector: 'sweepMany(bytes32[],address[])' }],
          },
          { id: 'poisoning', kind: 'address_lookalike', effect: 'deny' },
        ]),
      },
      pipeline: { pollIntervalMs: 100, nonceCheckSeconds: 3600 },
      payments: { depositFactory: factory, tickMs: 100, sweep: { intervalSeconds: 1 }, lateWindowSeconds: 3600 },
      chains: {
        [a.chainId]: { confirmations: 3, pollIntervalMs: 100 },
        [b.chainId]: { confirmations: 3, pollIntervalMs: 100 },
      },
    },
  );
  keel = await startTestKeel(config, db, 'all');
  base = keel.url!;
  token = keel.adminToken;
}, 90_000);

afterAll(async () => {
  await keel?.stop();
  await Promise.all([a?.stop(), b?.stop(), db?.close()]);
});

describe('payment intents', () => {
  it('an exact payment: requires_payment → processing (seen) → succeeded (final), webhooks, then swept to the treasury', async () => {
    const pi = await createIntent({ amount: '25', customerReference: 'order-1', metadata: { cart: 'c-1' } });
    expect(pi).toMatchObject({
      object: 'payment_intent',
      status: 'requires_payment',
      amount: { amount: '25', baseUnits: '25000000' },
      asset: { symbol: 'tUSD', decimals: 6 },
      customerReference: 'order-1',
    });
    expect(pi.chains.map((c: any) => c.chainId)).toEqual([a.chainId, b.chainId]);
    expect(pi.chains[0].paymentUri).toBe(
      `ethereum:${a.world.contracts.tUSD}@${a.chainId}/transfer?address=${pi.depositAddress}&uint256=25000000`,
    );
    expect(await client(a.chainId).getCode({ address: pi.depositAddress })).toBeUndefined();

    const treasuryBefore = await balanceOf(a.chainId, 'tUSD', a.world.accounts.treasury);
    const hash = await pay(a.chainId, pi.depositAddress, usd('25'));
    const seen = await waitIntent(pi.id, statusIs('processing'));
    expect(seen).toMatchObject({ amountPending: { amount: '25' }, amountReceived: { amount: '0' } });
    expect(seen.payments).toHaveLength(1);
    expect(seen.payments[0]).toMatchObject({
      chainId: a.chainId,
      txHash: hash,
      kind: 'payment',
      status: 'pending',
      from: users[0]!.address,
    });
    await mine(a.chainId, 3);
    const done = await waitIntent(pi.id, statusIs('succeeded'));
    expect(done).toMatchObject({
      amountReceived: { amount: '25' },
      amountPending: { amount: '0' },
      overpaid: { amount: '0' },
      paidLate: false,
      needsAttention: false,
    });
    expect(done.succeededAt).not.toBeNull();
    for (const type of ['payment_intent.created', 'payment_intent.processing', 'payment_intent.succeeded'])
      expect(await eventsOf(type, pi.id)).toHaveLength(1);

    const swept = await waitIntent(pi.id, (x) => x.sweptAt !== null, 30_000, true);
    expect(swept.payments[0].sweptAt).not.toBeNull();
    // Settled by the sweep transaction's outcome hook (nothing polls): one event naming the sweep and its transaction.
    const sweptEvents = await eventsOf('payment_intent.swept', pi.id);
    expect(sweptEvents).toHaveLength(1);
    const { sweep } = sweptEvents[0].data.object;
    expect(sweep.id).toMatch(/^sw_/);
    const sweepTx = (await api(base, token, 'GET', `/v1/transactions/${sweep.transactionId}`)).body;
    expect(sweepTx).toMatchObject({ status: 'confirmed', intentKind: 'sweep', metadata: { sweepId: sweep.id } });
    expect(sweptEvents[0].data.object.sweptAt).not.toBeNull();
    expect(await balanceOf(a.chainId, 'tUSD', a.world.accounts.treasury)).toBe(treasuryBefore + usd('25'));
    expect(await balanceOf(a.chainId, 'tUSD', pi.depositAddress)).toBe(0n);
    expect(await client(a.chainId).getCode({ address: pi.depositAddress })).toBeDefined();
  });

  it('a sweep whose transaction fails: payment_intent.sweep_failed, and the deposits are swept by a later sweep', async () => {
    // The sweeper cannot pay for gas: the node refuses its sweep (failed, broadcast_refused).
    const sweeper = operations.address;
    const balance = await client(a.chainId).getBalance({ address: sweeper });
    await rpc(a.chainId, 'anvil_setBalance', [sweeper, '0x0']);
    const pi = await createIntent({ amount: '3', chains: [a.chainId] });
    try {
      await pay(a.chainId, pi.depositAddress, usd('3'));
      await mine(a.chainId, 3);
      await waitIntent(pi.id, statusIs('succeeded'));
      const deadline = Date.now() + 30_000;
      while ((await eventsOf('payment_intent.sweep_failed', pi.id, 0)).length === 0) {
        if (Date.now() > deadline)
          throw new Error(`no payment_intent.sweep_failed for ${pi.id}: ${JSON.stringify(await getIntent(pi.id))}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await rpc(a.chainId, 'anvil_setBalance', [sweeper, `0x${balance.toString(16)}`]);
    }
    const [failed] = await eventsOf('payment_intent.sweep_failed', pi.id);
    const failedTx = (await api(base, token, 'GET', `/v1/transactions/${failed.data.object.sweep.transactionId}`)).body;
    expect(failedTx).toMatchObject({ status: 'failed', intentKind: 'sweep' });
    expect(failed.data.object.sweptAt).toBeNull();
    const swept = await waitIntent(pi.id, (x) => x.sweptAt !== null, 30_000, true);
    expect(swept.payments[0].sweptAt).not.toBeNull();
    const [ok] = await eventsOf('payment_intent.swept', pi.id);
    expect(ok.data.object.sweep.id).not.toBe(failed.data.object.sweep.id);
    expect(await balanceOf(a.chainId, 'tUSD', pi.depositAddress)).toBe(0n);
  });

  it('several transfers accumulate; a partial payment keeps it waiting', async () => {
    const pi = await createIntent({ amount: '25' });
    await pay(a.chainId, pi.depositAddress, usd('10'));
    await mine(a.chainId, 3);
    const partial = await waitIntent(pi.id, (x) => x.amountReceived.amount === '10');
    expect(partial).toMatchObject({ status: 'requires_payment', amountRemaining: { amount: '15' } });
    await pay(a.chainId, pi.depositAddress, usd('15'), 'tUSD', 1);
    await mine(a.chainId, 3);
    expect((await waitIntent(pi.id, statusIs('succeeded'))).payments).toHaveLength(2);
  });

  it('overpaid: succeeded with the excess shown; a refund of the excess goes through the write path to the payer', async () => {
    const pi = await createIntent({ amount: '25' });
    await pay(a.chainId, pi.depositAddress, usd('30'));
    await mine(a.chainId, 3);
    const done = await waitIntent(pi.id, statusIs('succeeded'));
    expect(done).toMatchObject({ overpaid: { amount: '5' }, refundable: { amount: '30' } });
    const payerBefore = await balanceOf(a.chainId, 'tUSD', users[0]!.address);
    const tooMuch = await api(base, token, 'POST', `/v1/payment-intents/${pi.id}/refunds`, {
      amount: '31',
      to: users[0]!.address,
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({ code: 'refund_exceeds_refundable', refundable: { amount: '30' } });
    // A refund to a near-copy of the payer (same first and last 4 hex characters) is refused: payers are known addresses.
    const payer = users[0]!.address.toLowerCase();
    const twin = getAddress(`${payer.slice(0, 6)}${'5'.repeat(32)}${payer.slice(-4)}`);
    const poisoned = await api(base, token, 'POST', `/v1/payment-intents/${pi.id}/refunds`, {
      amount: '5',
      to: twin,
      reason: 'overpayment',
    });
    expect(poisoned.status, JSON.stringify(poisoned.body)).toBe(403);
    expect(poisoned.body.decision.reasons.map((x: { code: string }) => x.code)).toEqual(['address_lookalike']);
    expect(poisoned.body.transaction).toMatchObject({ status: 'rejected', intentKind: 'refund' });
    expect((await api(base, token, 'GET', `/v1/payment-intents/${pi.id}`)).body).toMatchObject({
      refundable: { amount: '30' },
      refunds: [],
    });
    const r = await api(base, token, 'POST', `/v1/payment-intents/${pi.id}/refunds`, {
      amount: '5',
      to: users[0]!.address,
      reason: 'overpayment',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      object: 'refund',
      status: 'pending',
      amount: { amount: '5' },
      chainId: a.chainId,
      reason: 'overpayment',
    });
    const tx = (await api(base, token, 'GET', `/v1/transactions/${r.body.transactionId}`)).body;
    expect(tx).toMatchObject({
      kind: 'transfer',
      intentKind: 'refund',
      recipient: users[0]!.address,
      signer: { name: 'treasury' },
    });
    expect(tx.metadata).toMatchObject({ paymentIntentId: pi.id, refundId: r.body.id });
    const after = await waitIntent(pi.id, (x) => x.refunds[0]?.status === 'succeeded', 30_000, true);
    expect(after).toMatchObject({ amountRefunded: { amount: '5' }, refundable: { amount: '25' } });
    expect(await balanceOf(a.chainId, 'tUSD', users[0]!.address)).toBe(payerBefore + usd('5'));
    expect(await eventsOf('refund.succeeded', pi.id)).toHaveLength(1);
  });

  it('expiry: nothing paid → expired; partly paid → underpaid, then a late payment completes it, flagged paid_late', async () => {
    const nothing = await createIntent({ amount: '25' });
    const partly = await createIntent({ amount: '25' });
    await pay(a.chainId, partly.depositAddress, usd('10'));
    await mine(a.chainId, 3);
    await waitIntent(partly.id, (x) => x.amountReceived.amount === '10');
    // Expiry is judged by the wall clock, lateness by block time; anvil's clock need not match the wall
    // clock (blocks mined faster than one a second run ahead of it). In the past for both, so every
    // later block (timestamps only grow) is after it.
    const chainNow = Number((await client(a.chainId).getBlock({ blockTag: 'latest' })).timestamp) * 1000;
    const expiresAt = new Date(Math.min(Date.now(), chainNow) - 1000);
    const expired = [nothing.id, partly.id];
    await db.db.updateTable('payment_intents').set({ expires_at: expiresAt }).where('id', 'in', expired).execute();
    await waitIntent(nothing.id, statusIs('expired'));
    await waitIntent(partly.id, statusIs('underpaid'));
    expect(await eventsOf('payment_intent.expired', nothing.id)).toHaveLength(1);
    expect(await eventsOf('payment_intent.underpaid', partly.id)).toHaveLength(1);
    await pay(a.chainId, partly.depositAddress, usd('15'));
    await mine(a.chainId, 3);
    const late = await waitIntent(partly.id, statusIs('succeeded'));
    expect(
      late.paidLate,
      JSON.stringify({ expiresAt: late.expiresAt, payments: late.payments, wall: new Date().toISOString() }),
    ).toBe(true);
    expect(late.payments.map((p: any) => p.late)).toEqual([false, true]);
    expect(await eventsOf('payment_intent.paid_late', partly.id)).toHaveLength(1);
  });

  it('odd cases are recorded and flagged, never dropped: another token, a chain the intent did not accept, after cancellation', async () => {
    const pi = await createIntent({ amount: '25', chains: [a.chainId] });
    await pay(a.chainId, pi.depositAddress, usd('3'), 'tEUR');
    await pay(b.chainId, pi.depositAddress, usd('25')); // same address on the other chain
    await mine(a.chainId, 3);
    await mine(b.chainId, 3);
    const flagged = await waitIntent(
      pi.id,
      (x) => x.payments.length === 2 && x.payments.every((p: any) => p.status === 'confirmed'),
    );
    expect(flagged).toMatchObject({
      status: 'requires_payment',
      needsAttention: true,
      amountReceived: { amount: '0' },
    });
    expect(flagged.payments.map((p: any) => [p.chainId, p.asset, p.kind, p.reason]).sort()).toEqual(
      [
        [a.chainId, 'tEUR', 'unexpected', 'wrong_asset'],
        [b.chainId, 'tUSD', 'unexpected', 'wrong_chain'],
      ].sort(),
    );
    expect((await eventsOf('payment_intent.unexpected_deposit', pi.id, 2)).length).toBe(2);

    const multi = await createIntent({ amount: '7' });
    await pay(b.chainId, multi.depositAddress, usd('7'));
    await mine(b.chainId, 3);
    expect((await waitIntent(multi.id, statusIs('succeeded'))).payments[0].chainId).toBe(b.chainId);

    const c = await createIntent({ amount: '5' });
    const cancelled = await api(base, token, 'POST', `/v1/payment-intents/${c.id}/cancel`, { reason: 'customer left' });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await api(base, token, 'POST', `/v1/payment-intents/${c.id}/cancel`, {})).status).toBe(409);
    await pay(a.chainId, c.depositAddress, usd('5'));
    const after = await waitIntent(c.id, (x) => x.payments.length === 1);
    expect(after).toMatchObject({ status: 'cancelled', needsAttention: true });
    expect(after.payments[0]).toMatchObject({ kind: 'unexpected', reason: 'intent_cancelled' });
  });

  it('a reorganisation that removes a payment already seen moves the intent back, emits reorged, and a re-sent payment is counted once', async () => {
    const pi = await createIntent({ amount: '12' });
    const snap = await rpc(a.chainId, 'evm_snapshot');
    await pay(a.chainId, pi.depositAddress, usd('12'));
    // Seen: usually still `processing`, but Keel's own sweeps of earlier intents mine blocks on
    // this automining chain, so on a slow machine the payment can reach its confirmations (and
    // `succeeded`) first. Either way the chain below then drops it.
    await waitIntent(pi.id, (x) => x.payments.length === 1);
    await rpc(a.chainId, 'evm_revert', [snap]);
    await mine(a.chainId, 2); // a longer chain without the payment
    const back = await waitIntent(pi.id, statusIs('requires_payment'));
    expect(back.payments[0].status).toBe('reorged');
    expect(back.amountPending.amount).toBe('0');
    expect(await eventsOf('payment_intent.reorged', pi.id)).toHaveLength(1);
    await pay(a.chainId, pi.depositAddress, usd('12'));
    await mine(a.chainId, 3);
    const done = await waitIntent(pi.id, statusIs('succeeded'));
    expect(done.amountReceived.amount).toBe('12');
    expect(done.payments.filter((p: any) => p.status !== 'reorged')).toHaveLength(1);
  });

  it('a rollback that cuts the chain below what Keel has seen takes back a payment already final, without waiting for the chain to regrow', async () => {
    const pi = await createIntent({ amount: '9' });
    const snap = await rpc(a.chainId, 'evm_snapshot');
    await pay(a.chainId, pi.depositAddress, usd('9'));
    await mine(a.chainId, 3);
    await waitIntent(pi.id, statusIs('succeeded'));
    const seen = await client(a.chainId).getBlockNumber({ cacheTime: 0 });
    await rpc(a.chainId, 'evm_revert', [snap]);
    await mine(a.chainId, 1); // a new head, lower than the blocks Keel has already read
    expect(await client(a.chainId).getBlockNumber({ cacheTime: 0 })).toBeLessThan(seen);
    const back = await waitIntent(pi.id, statusIs('requires_payment'));
    expect(back.payments).toHaveLength(1);
    expect(back.payments[0]).toMatchObject({ status: 'reorged', reorgedAfterFinal: true });
    expect(back.amountReceived.amount).toBe('0');
    expect(await eventsOf('payment_intent.reorged', pi.id)).toHaveLength(1);
  });

  it('anvil_reorg dropping the block of a payment in processing: back to requires_payment on chain B, reorged event', async () => {
    const pi = await createIntent({ amount: '4', chains: [b.chainId] });
    const hash = await pay(b.chainId, pi.depositAddress, usd('4'));
    await waitIntent(pi.id, statusIs('processing'));
    // Replace the payment's block (and any mined after it, e.g. a sweep) with empty ones: the payment is gone.
    const block = (await client(b.chainId).getTransactionReceipt({ hash })).blockNumber;
    const head = await client(b.chainId).getBlockNumber({ cacheTime: 0 });
    await rpc(b.chainId, 'anvil_reorg', [Number(head - block + 1n), []]);
    await mine(b.chainId, 1);
    const back = await waitIntent(pi.id, statusIs('requires_payment'));
    expect(back.payments.map((p: any) => p.status)).toEqual(['reorged']);
    expect(await eventsOf('payment_intent.reorged', pi.id)).toHaveLength(1);
    await mine(b.chainId, 3);
    await new Promise((r) => setTimeout(r, 500));
    expect((await getIntent(pi.id)).status).toBe('requires_payment');
  });

  it('bad input → 422 naming the field; unknown ids → 404', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const r = await api(base, token, 'POST', '/v1/payment-intents', { asset: 'tUSD', amount: '1', ...body });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.errors.map((e: any) => e.field)).toContain(field);
    };
    await bad({ asset: 'DOGE' }, 'body.asset');
    await bad({ amount: '0' }, 'body.amount');
    await bad({ amount: '-5' }, 'body.amount');
    await bad({ amount: '1.0000001' }, 'body.amount');
    await bad({ expiresInSeconds: 10 }, 'body.expiresInSeconds');
    await bad({ expiresInSeconds: 100_000_000 }, 'body.expiresInSeconds');
    await bad({ chains: [999] }, 'body.chains.0');
    await bad({ extra: true }, 'body');
    expect((await api(base, token, 'GET', '/v1/payment-intents/pi_01aaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
    expect((await api(base, token, 'GET', '/v1/payment-intents/nope')).status).toBe(422);
    const reader = await keel.tokenWith(['payments:read']);
    expect((await api(base, reader, 'POST', '/v1/payment-intents', { asset: 'tUSD', amount: '1' })).status).toBe(403);
    const listed = await api(base, reader, 'GET', '/v1/payment-intents?customerReference=order-1');
    expect(listed.body.data.map((x: any) => x.customerReference)).toEqual(['order-1']);
  });

  it('a factory that is not deployed (or derives from other forwarder code) refuses intents with 503, nothing created', async () => {
    const db2 = await testDatabase();
    // The tUSD token stands in for a wrong address: code, but no KeelDepositFactory.
    const wrong = await startTestKeel(
      devConfigFor([{ chainId: a.chainId, rpcUrls: [a.rpcUrl] }], {
        payments: { depositFactory: a.world.contracts.tUSD },
      }),
      db2,
      'api',
    );
    try {
      const r = await api(wrong.url!, wrong.adminToken, 'POST', '/v1/payment-intents', { asset: 'tUSD', amount: '1' });
      expect(r.status).toBe(503);
      expect(r.body.code).toBe('payments_not_configured');
      expect(await db2.db.selectFrom('payment_intents').select('id').execute()).toEqual([]);
    } finally {
      await wrong.stop();
      await db2.close();
    }
  });

  it('the settlement report shows time to seen, final and swept, sweep gas and the comparison with legacy rails', async () => {
    const r = await api(base, token, 'GET', '/v1/reports/settlement');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.totals.settled).toBeGreaterThanOrEqual(4);
    const first = r.body.intents.find((i: any) => i.secondsToSwept !== null);
    expect(first.secondsToSeen).toBeLessThanOrEqual(first.secondsToConfirmed);
    expect(first.secondsToConfirmed).toBeLessThanOrEqual(first.secondsToSwept);
    expect(Number(r.body.totals.sweepGas.usd)).toBeGreaterThan(0);
    expect(r.body.totals.comparators.map((c: any) => c.name)).toEqual(['card', 'wire']);
    expect(Number(r.body.totals.comparators[0].costPercent)).toBeGreaterThan(2.9);
    expect(
      (await api(base, token, 'GET', '/v1/reports/settlement?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z'))
        .status,
    ).toBe(422);
  });
});
