import { encodeAbiParameters, pad, type Address, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BreakersStore, poolBreaker } from '../src/breakers/store.ts';
import type { ChainRegistry } from '../src/chain/index.ts';
import { OutcomeHooks } from '../src/pipeline/outcomes.ts';
import type { Pipeline } from '../src/pipeline/service.ts';
import { TRANSFER_TOPIC } from '../src/pipeline/simulate.ts';
import { TransactionsStore } from '../src/pipeline/store.ts';
import type { TxStatus } from '../src/pipeline/tables.ts';
import type { SignerRegistry } from '../src/signers/index.ts';
import { SWAP_ORIGIN, SwapExecutions } from '../src/swaps/execute.ts';
import type { SwapQuotes } from '../src/swaps/service.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { devConfigFor } from './helpers/keel.ts';

/**
 * Swaps settle through the pipeline's outcome hook: on a real database, the swap transaction is
 * moved with `TransactionsStore.transition` as tracking and the reconciler move it; the result is
 * read from the logs the outcome carries (no RPC), a revert counts against the pools' breakers
 * in the same database transaction, and a retracted final state unsettles the swap. The
 * end-to-end path against the real router runs in test/swaps-execute.test.ts.
 */

const CHAIN = 31337;
const config = devConfigFor([{ chainId: CHAIN, rpcUrls: ['http://127.0.0.1:9'] }]);
const A = '0x1111111111111111111111111111111111111111' as Address; // the account
const POOL = config.chains[0]!.dex!.pools[0]!.address as Address;
const IN = '0x3333333333333333333333333333333333333333' as Address;
const OUT = '0x4444444444444444444444444444444444444444' as Address;
let db: TestDatabase;
let txs: TransactionsStore;
let swaps: SwapExecutions;
let breakers: BreakersStore;
let seq = 0;
const next = (p: string) => `${p}_${String(++seq).padStart(26, '0')}`;

const amt = (n: bigint) => ({ amount: String(n), baseUnits: String(n) });
const transfer = (token: Address, from: Address, to: Address, value: bigint, logIndex: number) => ({
  address: token,
  topics: [TRANSFER_TOPIC, pad(from), pad(to)] as Hex[],
  data: encodeAbiParameters([{ type: 'uint256' }], [value]),
  logIndex,
});

beforeAll(async () => {
  db = await testDatabase();
  const hooks = new OutcomeHooks();
  txs = new TransactionsStore(db.db, hooks);
  breakers = new BreakersStore(db.db, { tripAfter: 2, windowSeconds: 3600 });
  // Settlement needs the pipeline only for the transactions' records (and the router reservation at construction).
  const pipeline = { store: txs, outcomes: hooks, reserveContracts: () => {} } as unknown as Pipeline;
  swaps = new SwapExecutions({
    db: db.db,
    config,
    chains: {} as ChainRegistry,
    signers: {} as SignerRegistry,
    pipeline,
    quotes: {} as SwapQuotes,
    breakers,
  });
  for (const [origin, handler] of Object.entries(swaps.outcomeHandlers())) hooks.on(origin, handler);
}, 60_000);

afterAll(async () => {
  await db?.close();
});

/** A swap whose swap transaction is submitted, recorded as execute() records it. */
async function submittedSwap(): Promise<{ swapId: string; txId: string }> {
  const swapId = next('swp');
  const quoteId = next('swq');
  const txId = next('tx');
  const quote = {
    id: quoteId,
    chainId: CHAIN,
    account: { name: 'treasury', address: A },
    userId: 'u1',
    kind: 'exact_in',
    tokenIn: { symbol: 'IN', address: IN, decimals: 0 },
    tokenOut: { symbol: 'OUT', address: OUT, decimals: 0 },
    amountIn: amt(1000n),
    amountOut: amt(500n),
    minAmountOut: amt(495n),
    maxAmountIn: amt(1000n),
    slippageBps: 100,
    route: ['IN', 'OUT'],
    pools: [POOL],
    expiresAt: new Date().toISOString(),
    roles: [{ role: 'swap', txId }],
    deadline: new Date().toISOString(),
  };
  await db.db.transaction().execute(async (trx) => {
    await txs.insert(
      trx,
      {
        id: txId,
        chain_id: CHAIN,
        signer: 'treasury',
        from_address: A,
        kind: 'contract_call',
        intent_kind: 'swap',
        to_address: POOL,
        value: '0',
        amount: '1000',
        user_id: 'u1',
        api_key_id: 'key_test',
        metadata: JSON.stringify({ swapId, quoteId }),
        status: 'submitted',
        decision: JSON.stringify({ outcome: 'allow', reasons: [], policyVersion: 1 }),
        nonce: seq,
        tx_hash: `0x${seq.toString(16).padStart(64, '0')}`,
        origin: SWAP_ORIGIN,
      },
      [{ status: 'submitted', reason: 'broadcast' }],
    );
    await trx
      .insertInto('swap_quotes')
      .values({
        id: quoteId,
        chain_id: CHAIN,
        signer: 'treasury',
        user_id: 'u1',
        api_key_id: 'key_test',
        quote: JSON.stringify(quote),
        expires_at: new Date(),
      })
      .execute();
    await trx
      .insertInto('swaps')
      .values({
        id: swapId,
        quote_id: quoteId,
        chain_id: CHAIN,
        signer: 'treasury',
        user_id: 'u1',
        api_key_id: 'key_test',
        batch_id: txId,
        swap_tx_id: txId,
        quote: JSON.stringify(quote),
      })
      .execute();
  });
  return { swapId, txId };
}

const receipt = { gasUsed: '150000', effectiveGasPrice: '1000000000', blockNumber: '20' };
const move = (
  id: string,
  from: TxStatus,
  to: TxStatus,
  reason: string,
  logs: ReturnType<typeof transfer>[] = [],
  patch: Record<string, unknown> = {},
) =>
  db.db.transaction().execute((trx) =>
    txs.transition(trx, id, {
      from: [from],
      to,
      reason,
      patch,
      ...(to === 'confirmed' || to === 'reverted' ? { outcome: { receipt, logs } } : {}),
    }),
  );
const swapEvents = async (type: string, swapId: string) =>
  (await db.db.selectFrom('events').select('data').where('type', '=', type).orderBy('id').execute())
    .map(
      (e) =>
        (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) as { id: string; status: string; result: unknown },
    )
    .filter((d) => d.id === swapId);

describe('swaps settle through outcome hooks', () => {
  it('confirmed: the result comes from the outcome logs, swap.succeeded; retracted: processing and unsettled; confirmed again: settled again', async () => {
    const { swapId, txId } = await submittedSwap();
    const logs = [transfer(IN, A, POOL, 1000n, 0), transfer(OUT, POOL, A, 497n, 1)];
    await move(txId, 'submitted', 'confirmed', 'confirmed', logs);
    const settled = await swaps.get(swapId, null);
    expect(settled).toMatchObject({
      status: 'succeeded',
      result: { amountIn: amt(1000n), amountOut: amt(497n), withinBounds: true },
    });
    expect(settled.settledAt).not.toBeNull();
    expect(await swapEvents('swap.succeeded', swapId)).toMatchObject([
      { status: 'succeeded', result: { amountOut: amt(497n) } },
    ]);

    await move(txId, 'confirmed', 'submitted', 'reorged_after_final', [], { reorged_after_final: true, receipt: null });
    expect(await swaps.get(swapId, null)).toMatchObject({ status: 'processing', result: null, settledAt: null });
    expect(await swapEvents('swap.failed', swapId)).toEqual([]);

    await move(txId, 'submitted', 'confirmed', 'confirmed', logs);
    expect(await swaps.get(swapId, null)).toMatchObject({ status: 'succeeded', result: { amountOut: amt(497n) } });
    expect(await swapEvents('swap.succeeded', swapId)).toHaveLength(2);
  });

  it('reverted on chain: swap.failed, counted against its pool in the same transaction; the second revert trips the breaker', async () => {
    const key = poolBreaker(CHAIN, POOL);
    const first = await submittedSwap();
    await move(first.txId, 'submitted', 'reverted', 'reverted_on_chain');
    expect(await swapEvents('swap.failed', first.swapId)).toMatchObject([{ status: 'reverted', result: null }]);
    expect((await breakers.list()).find((b) => b.key === key)).toMatchObject({ state: 'closed', recentFailures: 1 });
    const second = await submittedSwap();
    await move(second.txId, 'submitted', 'reverted', 'reverted_on_chain');
    expect((await breakers.list()).find((b) => b.key === key)).toMatchObject({ state: 'open', trippedBy: 'auto' });
  });

  it('failed before reaching the chain: swap.failed, no breaker counted', async () => {
    const { swapId, txId } = await submittedSwap();
    const before = (await breakers.list()).find((b) => b.key === poolBreaker(CHAIN, POOL))?.recentFailures ?? 0;
    await move(txId, 'submitted', 'failed', 'broadcast_refused');
    expect(await swapEvents('swap.failed', swapId)).toMatchObject([{ status: 'failed' }]);
    expect((await breakers.list()).find((b) => b.key === poolBreaker(CHAIN, POOL))?.recentFailures ?? 0).toBe(before);
  });
});
