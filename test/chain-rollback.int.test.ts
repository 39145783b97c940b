import { createPublicClient, createWalletClient, erc20Abi, getAddress, http, parseUnits, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/devnet/accounts.ts';
import { allocateNonce } from '../src/pipeline/nonces.ts';
import type { ReconcileReport } from '../src/pipeline/reconcile.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api, pipelinePolicy, statusIs, waitForTx } from './helpers/pipeline.ts';

/**
 * The chain contradicting Keel's final records (issue 12, part 2): transfers confirmed through
 * Keel, then the chain rolled back behind them — `evm_revert` to a snapshot (what a dev chain
 * restored from an older state file looks like: a shorter chain) or `anvil_reorg` deeper than
 * the confirmations (other blocks at the same heights). Each time: the transactions are flagged
 * `reorgedAfterFinal` with the event, `/ready` is degraded while they are re-submitted and ready
 * after, every transfer ends on chain exactly once (balances, the signer's nonce, one signed
 * attempt each), and a new transfer from the same signer goes through. Also: a lost transaction
 * whose nonce the new chain used for something else ends failed (never re-signed), a gap
 * filler lost in the rollback is replaced so nothing waits behind it, and a final deposit
 * reorganised away is flagged and counted in `/ready`.
 *
 * Reconciliation passes are run by the test (`pipelineWorker.reconcile()`, the pass the worker
 * runs on its timer and at start), so what each pass sees is deterministic.
 */

const CONFIRMATIONS = 2;
let chain: TestChain;
let db: TestDatabase;
let keel: TestKeel;
let base: string;
let token: string;
let client: ReturnType<typeof createPublicClient>;
let treasury: Address;
const fresh = () =>
  getAddress(
    `0x${[...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, '0')).join('')}`,
  );
const rpc = (method: string, params: unknown[] = []) =>
  client.request({ method: method as 'eth_chainId', params: params as never });
const mine = (n = 1) => rpc('anvil_mine', [`0x${n.toString(16)}`]);
const tusdOf = (a: Address) =>
  client.readContract({ address: chain.world.contracts.tUSD, abi: erc20Abi, functionName: 'balanceOf', args: [a] });
const nonceOf = (a: Address) => client.getTransactionCount({ address: a, blockTag: 'latest' });
const getTx = async (id: string) => (await api(base, token, 'GET', `/v1/transactions/${id}`)).body;
const ready = async () => {
  const r = await fetch(`${base}/ready`);
  return { status: r.status, body: (await r.json()) as any };
};
const reasons = (tx: any): string[] => tx.history.map((h: any) => h.reason);
const reportOf = (reports: ReconcileReport[]) => reports.find((r) => r.chainId === chain.chainId)!;

/** Sends a tUSD transfer from the treasury through Keel; returns its id. */
async function send(to: Address, amount: string): Promise<string> {
  const r = await api(base, token, 'POST', '/v1/transactions', {
    chainId: chain.chainId,
    signer: 'treasury',
    userId: 'u-rollback',
    kind: 'transfer',
    to,
    asset: 'tUSD',
    amount,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

/** Mines a block per poll until every transaction satisfies `until` (confirmations need blocks on top). */
async function settle(
  ids: string[],
  until: (tx: any) => boolean = statusIs('confirmed'),
  timeoutMs = 60_000,
): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  let txs: any[] = [];
  while (Date.now() < deadline) {
    txs = await Promise.all(ids.map(getTx));
    if (txs.every(until)) return txs;
    await mine(1);
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`not settled: ${JSON.stringify(txs.map((t) => [t.id, t.status, reasons(t)]))}`);
}

/** Every transfer exactly once on chain: each recipient holds exactly its amount. */
async function expectPaidOnce(sent: Array<{ to: Address; amount: string }>): Promise<void> {
  for (const s of sent) expect(await tusdOf(s.to), `balance of ${s.to}`).toBe(parseUnits(s.amount, 6));
}

/** A new transfer from the same signer is mined and confirmed (the signer is not wedged). */
async function expectSignerWorks(): Promise<void> {
  const to = fresh();
  const id = await send(to, '0.5');
  await settle([id]);
  expect(await tusdOf(to)).toBe(500_000n);
}

beforeAll(async () => {
  [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
  treasury = chain.world.accounts.treasury;
  const factory = chain.world.contracts.depositFactory;
  const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
    policy: { document: pipelinePolicy(chain) },
    // Passes run when the test says (plus the one at start); no fee bumps or gap checks on timers.
    pipeline: {
      pollIntervalMs: 100,
      stuckAfterSeconds: 3_600,
      nonceCheckSeconds: 3_600,
      leaseMs: 5_000,
      reconcileIntervalSeconds: 3_600,
    },
    payments: { depositFactory: factory, tickMs: 100, sweep: { intervalSeconds: 86_400 } },
    chains: { [chain.chainId]: { confirmations: CONFIRMATIONS, pollIntervalMs: 100 } },
  });
  keel = await startTestKeel(config, db, 'all');
  base = keel.url!;
  token = keel.adminToken;
  client = createPublicClient({ transport: http(chain.rpcUrl) });
}, 90_000);

afterAll(async () => {
  await keel?.stop();
  await Promise.all([chain?.stop(), db?.close()]);
});

describe('a chain rolled back behind confirmed transfers', () => {
  it('a shorter chain (restored older state): flagged, re-submitted with the same bytes, exactly once; /ready degraded, then ready', async () => {
    const n0 = await nonceOf(treasury);
    const snapshot = await rpc('evm_snapshot');
    const sent = [1, 2, 3, 4].map((i) => ({ to: fresh(), amount: String(i) }));
    const ids: string[] = [];
    for (const s of sent) ids.push(await send(s.to, s.amount));
    const confirmed = await settle(ids);
    await expectPaidOnce(sent);
    expect((await ready()).body.status).toBe('ready');

    await rpc('evm_revert', [snapshot]);
    expect(await nonceOf(treasury)).toBe(n0);
    for (const s of sent) expect(await tusdOf(s.to)).toBe(0n); // the chain no longer has them

    // The head is merely below the recorded blocks: a node behind looks the same, so the first
    // pass only suspects, and the second (seeing the same) acts.
    const first = reportOf(await keel.pipelineWorker!.reconcile());
    expect(first).toMatchObject({ verdict: 'suspect', evidence: 'missing', reopened: [] });
    expect((await getTx(ids[0]!)).status).toBe('confirmed');
    const second = reportOf(await keel.pipelineWorker!.reconcile());
    expect(second).toMatchObject({ verdict: 'rolled_back', evidence: 'missing' });
    expect([...second.reopened].sort()).toEqual([...ids].sort());
    expect(second.rebroadcast).toBe(ids.length);

    // Being reconciled: flagged, back to submitted, /ready degraded with a reason naming the chain.
    const reopened = await Promise.all(ids.map(getTx));
    for (const tx of reopened) {
      expect(tx.reorgedAfterFinal).toBe(true);
      expect(['submitted', 'confirmed']).toContain(tx.status);
      expect(reasons(tx)).toContain('reorged_after_final');
    }
    const during = await ready();
    expect(during.status).toBe(200);
    expect(during.body.status).toBe('degraded');
    const rec = during.body.reconciliation.find((r: any) => r.chainId === chain.chainId);
    expect(rec).toMatchObject({ status: 'reconciling', signers: ['treasury'] });
    expect(rec.transactions).toBeGreaterThan(0);
    expect(rec.reason).toMatch(new RegExp(`chain ${chain.chainId} .*re-submitted`));
    // Events become visible once every older writer has committed (commit-safe paging): poll.
    const events = await pollEvents('transaction.reorged_after_final', (data) =>
      ids.every((id) => data.some((e: any) => e.data.object.id === id)),
    );
    for (const id of ids)
      expect(
        events.filter((e: any) => e.data.object.id === id),
        id,
      ).toHaveLength(1);
    expect(events.find((e: any) => e.data.object.id === ids[0]).data.object).toMatchObject({
      status: 'submitted',
      reorgedAfterFinal: true,
      receipt: null,
    });

    const after = await settle(ids);
    expect((await ready()).body).toMatchObject({ status: 'ready', reconciliation: [] });
    await expectPaidOnce(sent);
    expect(await nonceOf(treasury)).toBe(n0 + ids.length);
    for (const [i, tx] of after.entries()) {
      expect(tx.reorgedAfterFinal).toBe(true);
      expect(tx.attempts, 'never re-signed').toHaveLength(1);
      expect(tx.receipt.hash).toBe(confirmed[i].receipt.hash);
      expect(tx.receipt.blockHash).not.toBe(confirmed[i].receipt.blockHash);
    }
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/keel_pipeline_reconciling_transactions/);
    await expectSignerWorks();
  });

  it('a reorganisation deeper than the confirmations (other blocks at the same heights) is acted on in one pass', async () => {
    const n0 = await nonceOf(treasury);
    const sent = [5, 6, 7].map((i) => ({ to: fresh(), amount: String(i) }));
    const ids: string[] = [];
    for (const s of sent) ids.push(await send(s.to, s.amount));
    const confirmed = await settle(ids);
    await mine(CONFIRMATIONS + 2);
    const head = await client.getBlockNumber({ cacheTime: 0 });
    const lowest = confirmed.reduce(
      (m, t) => (BigInt(t.receipt.blockNumber) < m ? BigInt(t.receipt.blockNumber) : m),
      head,
    );
    await rpc('anvil_reorg', [Number(head - lowest + 1n), []]);
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(head);

    const report = reportOf(await keel.pipelineWorker!.reconcile());
    expect(report).toMatchObject({ verdict: 'rolled_back', evidence: 'changed', rebroadcast: ids.length });
    expect([...report.reopened].sort()).toEqual([...ids].sort());
    expect((await ready()).body.status).toBe('degraded');
    const after = await settle(ids);
    for (const tx of after) expect(tx).toMatchObject({ reorgedAfterFinal: true, status: 'confirmed' });
    await expectPaidOnce(sent);
    expect(await nonceOf(treasury)).toBe(n0 + ids.length);
    expect((await ready()).body.status).toBe('ready');
    // Nothing to do once healed: the newest recorded block is canonical again.
    expect(reportOf(await keel.pipelineWorker!.reconcile())).toMatchObject({ verdict: 'consistent', reopened: [] });
    await expectSignerWorks();
  });

  it('a lost transfer whose nonce the new chain used for another transaction ends failed (lost_after_reorg), never re-signed', async () => {
    const snapshot = await rpc('evm_snapshot');
    const lostTo = fresh();
    const keptTo = fresh();
    const lost = await send(lostTo, '8');
    const kept = await send(keptTo, '9');
    await settle([lost, kept]);
    const [lostTx, keptTx] = await Promise.all([getTx(lost), getTx(kept)]);
    await rpc('evm_revert', [snapshot]);
    // The treasury's key used outside Keel on the new chain, at the lost transfer's nonce; the
    // new chain then grows past the recorded blocks (so they show as replaced: one pass).
    const outside = createWalletClient({
      account: privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'),
      transport: http(chain.rpcUrl),
    });
    const hash = await outside.sendTransaction({ chain: null, to: fresh(), value: 1n, nonce: lostTx.nonce });
    await client.waitForTransactionReceipt({ hash });
    await mineTo(BigInt(keptTx.receipt.blockNumber));

    const report = reportOf(await keel.pipelineWorker!.reconcile());
    expect(report).toMatchObject({ verdict: 'rolled_back', evidence: 'changed', rebroadcast: 1 });
    expect([...report.reopened].sort()).toEqual([lost, kept].sort());
    const failed = await waitForTx(base, token, lost, statusIs('failed'), 30_000);
    expect(failed).toMatchObject({ statusReason: 'lost_after_reorg', reorgedAfterFinal: true });
    expect(failed.attempts).toHaveLength(1);
    await settle([kept]);
    expect(await tusdOf(lostTo)).toBe(0n);
    expect(await tusdOf(keptTo)).toBe(9_000_000n);
    expect((await ready()).body.status).toBe('ready');
    await expectSignerWorks();
  });

  it('a gap filler lost in the rollback is replaced, so the transfer above it is mined again', async () => {
    const n0 = await nonceOf(treasury);
    const snapshot = await rpc('evm_snapshot');
    // A worker died between allocating a nonce and signing, long ago: the gap healer fills it.
    const pending = await client.getTransactionCount({ address: treasury, blockTag: 'pending' });
    expect(pending).toBe(n0);
    await db.db.transaction().execute((trx) =>
      allocateNonce(trx, {
        chainId: chain.chainId,
        address: treasury,
        chainPendingNonce: pending,
        ref: 'tx_ghost_rollback',
      }),
    );
    await db.db
      .updateTable('nonce_allocations')
      .set({ allocated_at: new Date(Date.now() - 3_600_000) })
      .where('ref', '=', 'tx_ghost_rollback')
      .execute();
    const to = fresh();
    const id = await send(to, '3');
    await waitForTx(base, token, id, statusIs('submitted'));
    await keel.pipelineWorker!.checkNonces();
    await settle([id]);
    expect(await nonceOf(treasury)).toBe(n0 + 2);

    const recorded = BigInt((await getTx(id)).receipt.blockNumber);
    await rpc('evm_revert', [snapshot]);
    await mineTo(recorded); // the chain grows again: the recorded blocks now have other hashes
    const report = reportOf(await keel.pipelineWorker!.reconcile());
    expect(report).toMatchObject({ verdict: 'rolled_back', reopened: [id], rebroadcast: 1, noncesReopened: 1 });
    const tx = await settle([id]);
    expect(tx[0].attempts).toHaveLength(1);
    expect(await tusdOf(to)).toBe(3_000_000n);
    expect(await nonceOf(treasury)).toBe(n0 + 2);
    const filler = await db.db
      .selectFrom('nonce_allocations')
      .selectAll()
      .where('address', '=', treasury)
      .where('nonce', '=', n0)
      .executeTakeFirstOrThrow();
    expect(filler).toMatchObject({ status: 'broadcast', ref: 'gap_fill' });
    await expectSignerWorks();
  });
});

describe('capabilities that settled on a transaction before the rollback', () => {
  it('a refund settled before the rollback is pending again while its transfer is re-submitted, and settles again (counted once) when it is confirmed again', async () => {
    const intent = await api(base, token, 'POST', '/v1/payment-intents', { asset: 'tUSD', amount: '5' });
    expect(intent.status, JSON.stringify(intent.body)).toBe(201);
    const pi = intent.body;
    const u = users[1]!;
    const payer = createWalletClient({ account: privateKeyToAccount(u.privateKey), transport: http(chain.rpcUrl) });
    const hash = await payer.writeContract({
      chain: null,
      address: chain.world.contracts.tUSD,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [pi.depositAddress, 5_000_000n],
    });
    await client.waitForTransactionReceipt({ hash });
    await pollIntent(pi.id, (x) => x.status === 'succeeded');
    const snapshot = await rpc('evm_snapshot');
    const before = await tusdOf(u.address);
    const r = await api(base, token, 'POST', `/v1/payment-intents/${pi.id}/refunds`, {
      amount: '2',
      to: u.address,
      reason: 'other',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await pollIntent(pi.id, (x) => x.refunds[0]?.status === 'succeeded');
    await pollEvents('refund.succeeded', (d) => d.some((e: any) => e.data.object.id === r.body.id));

    await rpc('evm_revert', [snapshot]);
    expect(await tusdOf(u.address)).toBe(before);
    await mineTo(BigInt((await getTx(r.body.transactionId)).receipt.blockNumber));
    const report = reportOf(await keel.pipelineWorker!.reconcile());
    expect(report.reopened).toContain(r.body.transactionId);
    // Unsettled in the reconciler's own database transaction (the refund's outcome hook), still counted as refunded.
    const reopened = (await api(base, token, 'GET', `/v1/payment-intents/${pi.id}`)).body;
    if ((await getTx(r.body.transactionId)).status === 'submitted') {
      expect(reopened.refunds[0]).toMatchObject({ id: r.body.id, status: 'pending', finishedAt: null });
    }
    expect(reopened.amountRefunded.amount).toBe('2');
    const [tx] = await settle([r.body.transactionId]);
    expect(tx.reorgedAfterFinal).toBe(true);
    expect(await tusdOf(u.address)).toBe(before + 2_000_000n);
    expect((await pollIntent(pi.id, (x) => x.refunds[0]?.status === 'succeeded')).amountRefunded.amount).toBe('2');
    // A second refund: the first one's amount is still counted once.
    const r2 = await api(base, token, 'POST', `/v1/payment-intents/${pi.id}/refunds`, {
      amount: '1',
      to: u.address,
      reason: 'other',
    });
    expect(r2.status, JSON.stringify(r2.body)).toBe(201);
    const after = await pollIntent(
      pi.id,
      (x) => x.refunds.length === 2 && x.refunds.every((f: any) => f.status === 'succeeded'),
    );
    expect(after.amountRefunded.amount).toBe('3');
    expect(await tusdOf(u.address)).toBe(before + 3_000_000n);
    const events = await pollEvents('refund.succeeded', (d) => d.some((e: any) => e.data.object.id === r2.body.id));
    // One refund.succeeded per final state of its transfer: before the rollback and after.
    expect(events.filter((e: any) => e.data.object.id === r.body.id)).toHaveLength(2);
  });
});

describe('a final deposit reorganised away', () => {
  it('is flagged reorgedAfterFinal, its intent moves back, and /ready counts it', async () => {
    const intent = await api(base, token, 'POST', '/v1/payment-intents', { asset: 'tUSD', amount: '5' });
    expect(intent.status, JSON.stringify(intent.body)).toBe(201);
    const pi = intent.body;
    const snapshot = await rpc('evm_snapshot');
    const u = users[0]!;
    const payer = createWalletClient({ account: privateKeyToAccount(u.privateKey), transport: http(chain.rpcUrl) });
    const hash = await payer.writeContract({
      chain: null,
      address: chain.world.contracts.tUSD,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [pi.depositAddress, 5_000_000n],
    });
    await client.waitForTransactionReceipt({ hash });
    let cur = await pollIntent(pi.id, (x) => x.status === 'succeeded');
    const head = await client.getBlockNumber({ cacheTime: 0 });

    await rpc('evm_revert', [snapshot]);
    // The chain grows past where the watcher stood, with other blocks: it sees the reorganisation.
    await mine(Number(head - (await client.getBlockNumber({ cacheTime: 0 }))) + CONFIRMATIONS + 1);
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      cur = (await api(base, token, 'GET', `/v1/payment-intents/${pi.id}`)).body;
      if (cur.payments.every((p: any) => p.status === 'reorged')) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(cur.payments).toHaveLength(1);
    expect(cur.payments[0]).toMatchObject({ status: 'reorged', reorgedAfterFinal: true });
    expect(cur.status).not.toBe('succeeded');
    // Once the watcher has read the new chain past the final depth without seeing it again, it
    // is reported (not degrading: nothing left for Keel to heal; the intent says what happened).
    const r = await pollReady((b) =>
      b.reconciliation?.some((x: any) => x.chainId === chain.chainId && x.deposits.lost === 1),
    );
    expect(r.status).toBe('ready');
    expect(r.reconciliation.find((x: any) => x.chainId === chain.chainId)).toMatchObject({
      status: 'attention',
      transactions: 0,
    });
  });
});

/** Polls a payment intent (mining a block per poll, for confirmations) until `until` holds. */
async function pollIntent(id: string, until: (pi: any) => boolean, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = (await api(base, token, 'GET', `/v1/payment-intents/${id}`)).body;
    if (until(last)) return last;
    await mine(1);
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`payment intent ${id} never matched; last: ${JSON.stringify(last)}`);
}

/** Mines empty blocks until the head is at least `n`. */
async function mineTo(n: bigint): Promise<void> {
  const head = await client.getBlockNumber({ cacheTime: 0 });
  if (n > head) await mine(Number(n - head));
}

async function pollEvents(type: string, until: (data: any[]) => boolean, timeoutMs = 30_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  let data: any[] = [];
  while (Date.now() < deadline) {
    data = (await api(base, token, 'GET', `/v1/events?type=${type}&limit=100`)).body.data;
    if (until(data)) return data;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`events ${type} never matched; got ${data.length}`);
}

async function pollReady(until: (body: any) => boolean, timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = (await ready()).body;
    if (until(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`/ready never matched; last: ${JSON.stringify(last)}`);
}
