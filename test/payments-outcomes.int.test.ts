import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentsStore } from '../src/payments/store.ts';
import { paymentsOutcomeHandlers, REFUND_ORIGIN, SWEEP_ORIGIN } from '../src/payments/worker.ts';
import { OutcomeHooks } from '../src/pipeline/outcomes.ts';
import { TransactionsStore } from '../src/pipeline/store.ts';
import type { TxStatus } from '../src/pipeline/tables.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { devConfigFor } from './helpers/keel.ts';

/**
 * Sweeps and refunds settle through the pipeline's outcome hooks (src/pipeline/outcomes.ts):
 * on a real database, transactions are moved with `TransactionsStore.transition` exactly as the
 * workers move them — to a final state (with the receipt tracking read), and back when the
 * reconciler finds the block lost (`reorged_after_final`) — and the payments records follow in
 * the same database transaction. Nothing polls; no chain is needed (the end-to-end path runs in
 * test/payments.test.ts).
 */

const CHAIN = 31337;
const config = devConfigFor([{ chainId: CHAIN, rpcUrls: ['http://127.0.0.1:9'] }]);
let db: TestDatabase;
let payments: PaymentsStore;
let txs: TransactionsStore;
let seq = 0;
const next = (p: string) => `${p}_${String(++seq).padStart(26, '0')}`;
const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

beforeAll(async () => {
  db = await testDatabase();
  payments = new PaymentsStore(db.db, config);
  const hooks = new OutcomeHooks();
  for (const [origin, handler] of Object.entries(paymentsOutcomeHandlers(payments, config))) hooks.on(origin, handler);
  txs = new TransactionsStore(db.db, hooks);
}, 60_000);

afterAll(async () => {
  await db?.close();
});

/** An intent with one confirmed deposit of `amount` tUSD base units. */
async function intentWithDeposit(amount = 25_000_000n): Promise<{ intentId: string; depositId: string }> {
  const intentId = next('pi');
  const depositId = next('dep');
  await db.db.transaction().execute(async (trx) => {
    await payments.insertIntent(trx, {
      id: intentId,
      asset: 'tUSD',
      decimals: 6,
      amount: amount.toString(),
      chains: JSON.stringify([CHAIN]),
      deposit_address: addr(seq),
      status: 'succeeded',
      amount_received: amount.toString(),
      amount_pending: '0',
      amount_refunded: '0',
      customer_reference: null,
      description: null,
      metadata: '{}',
      api_key_id: 'key_test',
      expires_at: new Date(Date.now() + 3_600_000),
      late_until: new Date(Date.now() + 7_200_000),
    });
    await trx
      .insertInto('payment_deposits')
      .values({
        id: depositId,
        intent_id: intentId,
        chain_id: CHAIN,
        tx_hash: `0x${'ab'.repeat(32)}`,
        log_index: seq,
        block_number: '10',
        block_hash: `0x${'cd'.repeat(32)}`,
        token: addr(1),
        asset: 'tUSD',
        from_address: addr(2),
        amount: amount.toString(),
        kind: 'payment',
        reason: null,
        status: 'confirmed',
        block_time: new Date(),
        confirmed_at: new Date(),
      })
      .execute();
  });
  return { intentId, depositId };
}

/** A submitted transaction of `origin` (as the pipeline records one), with `metadata`. */
async function submittedTx(origin: string, metadata: Record<string, unknown>): Promise<string> {
  const id = next('tx');
  await db.db.transaction().execute((trx) =>
    txs.insert(
      trx,
      {
        id,
        chain_id: CHAIN,
        signer: 'treasury',
        from_address: addr(3),
        kind: 'contract_call',
        intent_kind: 'contract_call',
        to_address: addr(4),
        value: '0',
        amount: '0',
        user_id: 'keel:payments',
        api_key_id: 'system',
        metadata: JSON.stringify(metadata),
        status: 'submitted',
        decision: JSON.stringify({ outcome: 'allow', reasons: [], policyVersion: 1 }),
        nonce: seq,
        tx_hash: `0x${seq.toString(16).padStart(64, '0')}`,
        origin,
      },
      [{ status: 'submitted', reason: 'broadcast' }],
    ),
  );
  return id;
}

const receipt = { gasUsed: '100000', effectiveGasPrice: '2000000000', blockNumber: '12' };
const move = (id: string, from: TxStatus, to: TxStatus, reason: string, patch: Record<string, unknown> = {}) =>
  db.db.transaction().execute((trx) =>
    txs.transition(trx, id, {
      from: [from],
      to,
      reason,
      patch,
      ...(to === 'confirmed' || to === 'reverted' ? { outcome: { receipt, logs: [] } } : {}),
    }),
  );
const eventsOf = async (type: string, intentId: string) =>
  (await db.db.selectFrom('events').select(['type', 'data']).where('type', '=', type).orderBy('id').execute())
    .map(
      (e) =>
        (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) as {
          id: string;
          sweptAt: string | null;
          sweep?: { id: string; transactionId: string };
        },
    )
    .filter((d) => d.id === intentId);
const sweepOf = (id: string) =>
  db.db.selectFrom('payment_sweeps').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const depositOf = (id: string) =>
  db.db.selectFrom('payment_deposits').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const intentOf = (id: string) =>
  db.db.selectFrom('payment_intents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Records a sweep of `depositIds` as the sweeper does, with its transaction submitted. */
async function sweep(
  depositIds: string[],
  nativePriceUsd8: bigint | null = 3_000n * 10n ** 8n,
): Promise<{ sweepId: string; txId: string }> {
  const sweepId = next('sw');
  const txId = await submittedTx(SWEEP_ORIGIN, { sweepId });
  await db.db
    .transaction()
    .execute((trx) =>
      payments.recordSweep(trx, { id: sweepId, chainId: CHAIN, txId, addresses: 1, nativePriceUsd8 }, depositIds),
    );
  return { sweepId, txId };
}

describe('sweeps settle through outcome hooks', () => {
  it('confirmed: deposits and intent swept, gas priced from the price at sending, one payment_intent.swept naming the sweep and its transaction', async () => {
    const { intentId, depositId } = await intentWithDeposit();
    const { sweepId, txId } = await sweep([depositId]);
    expect((await depositOf(depositId)).swept_at).toBeNull();
    await move(txId, 'submitted', 'confirmed', 'confirmed');
    expect(await sweepOf(sweepId)).toMatchObject({
      status: 'confirmed',
      gas_used: '100000',
      gas_cost_wei: (100_000n * 2_000_000_000n).toString(),
    });
    // 2e14 wei at 3000 USD: 0.6 USD = 60000000 USD·1e8.
    expect((await sweepOf(sweepId)).gas_cost_usd8).toBe('60000000');
    expect((await depositOf(depositId)).swept_at).not.toBeNull();
    expect((await intentOf(intentId)).swept_at).not.toBeNull();
    const swept = await eventsOf('payment_intent.swept', intentId);
    expect(swept).toHaveLength(1);
    expect(swept[0]).toMatchObject({ sweep: { id: sweepId, transactionId: txId } });
    expect(swept[0]!.sweptAt).not.toBeNull();
  });

  it('failed on chain: payment_intent.sweep_failed, the deposits go back to the next sweep, which sweeps them', async () => {
    const { intentId, depositId } = await intentWithDeposit();
    const first = await sweep([depositId]);
    expect((await payments.dueForSweep(CHAIN, 100)).map((d) => d.id)).not.toContain(depositId);
    await move(first.txId, 'submitted', 'reverted', 'reverted_on_chain');
    expect(await sweepOf(first.sweepId)).toMatchObject({ status: 'failed' });
    expect((await depositOf(depositId)).sweep_id).toBeNull();
    expect(await eventsOf('payment_intent.sweep_failed', intentId)).toMatchObject([
      { sweep: { id: first.sweepId, transactionId: first.txId } },
    ]);
    expect(await eventsOf('payment_intent.swept', intentId)).toEqual([]);
    expect((await payments.dueForSweep(CHAIN, 100)).map((d) => d.id)).toContain(depositId);

    const second = await sweep([depositId]);
    await move(second.txId, 'submitted', 'confirmed', 'confirmed');
    expect(await depositOf(depositId)).toMatchObject({ sweep_id: second.sweepId });
    expect((await intentOf(intentId)).swept_at).not.toBeNull();
    expect(await eventsOf('payment_intent.swept', intentId)).toMatchObject([
      { sweep: { id: second.sweepId, transactionId: second.txId } },
    ]);
  });

  it('a transaction that never reached the chain (failed before broadcast) fails the sweep too', async () => {
    const { intentId, depositId } = await intentWithDeposit();
    const s = await sweep([depositId]);
    await move(s.txId, 'submitted', 'failed', 'broadcast_refused');
    expect(await sweepOf(s.sweepId)).toMatchObject({ status: 'failed', gas_used: null });
    expect(await eventsOf('payment_intent.sweep_failed', intentId)).toHaveLength(1);
  });

  it('retracted (its block lost after it was final): unswept and pending again; final again: swept again, once', async () => {
    const { intentId, depositId } = await intentWithDeposit();
    const { sweepId, txId } = await sweep([depositId]);
    await move(txId, 'submitted', 'confirmed', 'confirmed');
    expect((await intentOf(intentId)).swept_at).not.toBeNull();

    await move(txId, 'confirmed', 'submitted', 'reorged_after_final', { reorged_after_final: true, receipt: null });
    expect(await sweepOf(sweepId)).toMatchObject({ status: 'pending', finished_at: null, gas_cost_wei: null });
    expect(await depositOf(depositId)).toMatchObject({ sweep_id: sweepId, swept_at: null });
    expect((await intentOf(intentId)).swept_at).toBeNull();
    // Still held by its sweep (it is being re-sent): not offered to another one.
    expect((await payments.dueForSweep(CHAIN, 100)).map((d) => d.id)).not.toContain(depositId);
    expect(await eventsOf('payment_intent.swept', intentId)).toHaveLength(1);

    await move(txId, 'submitted', 'confirmed', 'confirmed');
    expect(await sweepOf(sweepId)).toMatchObject({ status: 'confirmed' });
    expect((await intentOf(intentId)).swept_at).not.toBeNull();
    expect(await eventsOf('payment_intent.swept', intentId)).toHaveLength(2);
  });

  it('a sweep whose transaction became final without a handler (an earlier version) is settled by the catch-up at start', async () => {
    const { intentId, depositId } = await intentWithDeposit();
    const { sweepId, txId } = await sweep([depositId]);
    const unhooked = new TransactionsStore(db.db);
    await db.db.transaction().execute((trx) =>
      unhooked.transition(trx, txId, {
        from: ['submitted'],
        to: 'confirmed',
        reason: 'confirmed',
        patch: { receipt: JSON.stringify({ ...receipt, blockHash: '0x', hash: '0x', status: 'success' }) },
      }),
    );
    expect((await sweepOf(sweepId)).status).toBe('pending');
    expect(await payments.pendingTxIds()).toContain(txId);
    expect(await txs.redeliverFinal(await payments.pendingTxIds())).toBeGreaterThanOrEqual(1);
    expect(await sweepOf(sweepId)).toMatchObject({ status: 'confirmed', gas_used: '100000' });
    expect((await intentOf(intentId)).swept_at).not.toBeNull();
    // Settled once: a second catch-up finds nothing pending to settle.
    await txs.redeliverFinal([txId]);
    expect(await eventsOf('payment_intent.swept', intentId)).toHaveLength(1);
  });

  it('a handler that throws rolls the final state back with it (they commit together)', async () => {
    const hooks = new OutcomeHooks();
    hooks.on(SWEEP_ORIGIN, async () => {
      throw new Error('handler failed');
    });
    const strict = new TransactionsStore(db.db, hooks);
    const { depositId } = await intentWithDeposit();
    const { sweepId, txId } = await sweep([depositId]);
    await expect(
      db.db
        .transaction()
        .execute((trx) => strict.transition(trx, txId, { from: ['submitted'], to: 'confirmed', reason: 'confirmed' })),
    ).rejects.toThrow('handler failed');
    expect(
      (await db.db.selectFrom('transactions').select('status').where('id', '=', txId).executeTakeFirstOrThrow()).status,
    ).toBe('submitted');
    expect((await sweepOf(sweepId)).status).toBe('pending');
  });
});

describe('refunds settle through outcome hooks', () => {
  async function refund(amount: bigint): Promise<{ intentId: string; refundId: string; txId: string }> {
    const { intentId } = await intentWithDeposit();
    const refundId = next('re');
    const txId = await submittedTx(REFUND_ORIGIN, { paymentIntentId: intentId, refundId });
    await db.db.transaction().execute(async (trx) => {
      const { refunded } = await payments.lockRefundable(trx, intentId, 'tUSD');
      await payments.insertRefund(
        trx,
        {
          id: refundId,
          intent_id: intentId,
          chain_id: CHAIN,
          amount: amount.toString(),
          to_address: addr(2),
          reason: 'other',
          tx_id: txId,
          api_key_id: 'key_test',
        },
        refunded,
      );
    });
    return { intentId, refundId, txId };
  }
  const refundOf = (id: string) =>
    db.db.selectFrom('payment_refunds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const refundEvents = async (type: string, id: string) =>
    (await db.db.selectFrom('events').select('data').where('type', '=', type).execute()).filter((e) =>
      JSON.stringify(e.data).includes(id),
    );

  it('confirmed → succeeded (refund.succeeded); retracted → pending, amount still counted; reverted then → failed, refundable again; each retraction announced (refund.reorged)', async () => {
    const { intentId, refundId, txId } = await refund(5_000_000n);
    expect((await intentOf(intentId)).amount_refunded).toBe('5000000');
    await move(txId, 'submitted', 'confirmed', 'confirmed');
    expect((await refundOf(refundId)).status).toBe('succeeded');
    expect(await refundEvents('refund.succeeded', refundId)).toHaveLength(1);

    await move(txId, 'confirmed', 'submitted', 'reorged_after_final', { reorged_after_final: true, receipt: null });
    expect(await refundOf(refundId)).toMatchObject({ status: 'pending', finished_at: null });
    expect((await intentOf(intentId)).amount_refunded).toBe('5000000');
    const reorged = await refundEvents('refund.reorged', refundId);
    expect(reorged).toHaveLength(1);
    expect(reorged[0]!.data).toMatchObject({ id: refundId, status: 'pending' });

    await move(txId, 'submitted', 'reverted', 'reverted_on_chain');
    expect((await refundOf(refundId)).status).toBe('failed');
    expect((await intentOf(intentId)).amount_refunded).toBe('0');
    expect(await refundEvents('refund.failed', refundId)).toHaveLength(1);

    // A failed refund taken back is on its way again: counted as refunded until it is final.
    await move(txId, 'reverted', 'submitted', 'reorged_after_final', { reorged_after_final: true, receipt: null });
    expect(await refundOf(refundId)).toMatchObject({ status: 'pending' });
    expect((await intentOf(intentId)).amount_refunded).toBe('5000000');
    expect(await refundEvents('refund.reorged', refundId)).toHaveLength(2);
    await move(txId, 'submitted', 'confirmed', 'confirmed');
    expect((await refundOf(refundId)).status).toBe('succeeded');
    expect(await refundEvents('refund.succeeded', refundId)).toHaveLength(2);
  });
});
