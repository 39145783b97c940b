import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createWalletClient, erc20Abi, getAddress, http, type Address, type Hash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { allocateNonce } from '../src/pipeline/nonces.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api, pipelinePolicy, statusIs, waitForTx } from './helpers/pipeline.ts';

/**
 * Tracking after broadcast, on a chain Keel does not control the mining of: confirmations
 * (3 here), a reorg that removes the block holding a transaction, a transaction dropped from
 * the mempool, a stuck transaction replaced with a higher fee, cancellation after broadcast,
 * a transaction that reverts on chain after a good simulation, and a nonce gap healed.
 * Automine is switched off where a test needs transactions to wait in the mempool.
 */

let chain: TestChain;
let db: TestDatabase;
let keel: TestKeel;
let base: string;
let token: string;
let client: ReturnType<typeof createPublicClient>;
const fresh = () =>
  getAddress(
    `0x${[...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, '0')).join('')}`,
  );
const post = (body: Record<string, unknown>) =>
  api(base, token, 'POST', '/v1/transactions', { chainId: chain.chainId, signer: 'treasury', userId: 'u1', ...body });
const rpc = (method: string, params: unknown[] = []) =>
  client.request({ method: method as 'eth_chainId', params: params as never });
const mine = (n = 1) => rpc('anvil_mine', [`0x${n.toString(16)}`]);
const automine = (on: boolean) => rpc('evm_setAutomine', [on]);
const tusdOf = (a: Address) =>
  client.readContract({ address: chain.world.contracts.tUSD, abi: erc20Abi, functionName: 'balanceOf', args: [a] });
const reasons = (tx: any) => tx.history.map((h: any) => h.reason);
const hasReason = (r: string) => (tx: any) => reasons(tx).includes(r);

beforeAll(async () => {
  [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
  const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
    policy: { document: pipelinePolicy(chain, [{ id: 'ops-any', kind: 'asset', effect: 'allow', assets: ['tVOL'] }]) },
    pipeline: { pollIntervalMs: 100, stuckAfterSeconds: 1, nonceCheckSeconds: 3600, leaseMs: 5_000 },
    chains: { [chain.chainId]: { confirmations: 3, pollIntervalMs: 100 } },
  });
  keel = await startTestKeel(config, db, 'all');
  base = keel.url!;
  token = keel.adminToken;
  client = createPublicClient({ transport: http(chain.rpcUrl) });
}, 60_000);

afterAll(async () => {
  await keel?.stop();
  await Promise.all([chain?.stop(), db?.close()]);
});

describe('tracking to finality', () => {
  it('waits for the configured confirmations before confirmed', async () => {
    const r = await post({ kind: 'transfer', to: fresh(), asset: 'tUSD', amount: '1' });
    const included = await waitForTx(base, token, r.body.id, hasReason('included'));
    expect(included.status).toBe('submitted');
    expect(included.inclusion.hash).toBe(included.hash);
    await new Promise((res) => setTimeout(res, 400));
    expect((await api(base, token, 'GET', `/v1/transactions/${r.body.id}`)).body.status).toBe('submitted');
    await mine(2);
    const tx = await waitForTx(base, token, r.body.id, statusIs('confirmed'));
    expect(tx.receipt.confirmations).toBeGreaterThanOrEqual(3);
  });

  it('a reorg that removes the block sends it back to submitted; it is included again and confirms', async () => {
    const to = fresh();
    const r = await post({ kind: 'transfer', to, asset: 'tUSD', amount: '7' });
    const first = await waitForTx(base, token, r.body.id, hasReason('included'));
    await rpc('anvil_reorg', [1, []]); // replace the newest block (ours) with an empty one
    const back = await waitForTx(base, token, r.body.id, hasReason('reorged'));
    expect(back.history.find((h: any) => h.reason === 'reorged').detail.blockHash).toBe(first.inclusion.blockHash);
    const again = await waitForTx(
      base,
      token,
      r.body.id,
      (t) => reasons(t).lastIndexOf('included') > reasons(t).indexOf('reorged'),
    );
    expect(again.inclusion.blockHash).not.toBe(first.inclusion.blockHash);
    await mine(3);
    const tx = await waitForTx(base, token, r.body.id, statusIs('confirmed'));
    expect(reasons(tx)).toEqual(expect.arrayContaining(['included', 'reorged', 'rebroadcast', 'confirmed']));
    expect(await tusdOf(to)).toBe(7_000_000n);
    const events = await api(base, token, 'GET', '/v1/events?type=transaction.reorged&limit=500');
    expect(events.body.data.some((e: any) => e.data.object.id === r.body.id)).toBe(true);
  });
});

describe('with transactions waiting in the mempool (automine off)', () => {
  it('replaces a stuck transaction at the same nonce with a fee at least 12.5% higher', async () => {
    await automine(false);
    try {
      const to = fresh();
      const r = await post({ kind: 'transfer', to, asset: 'tUSD', amount: '2' });
      const bumped = await waitForTx(base, token, r.body.id, hasReason('fee_bumped'));
      const [a0, a1] = bumped.attempts;
      expect(a1.kind).toBe('fee_bump');
      expect(a1.nonce).toBe(a0.nonce);
      expect(BigInt(a1.maxFeePerGas) * 1000n).toBeGreaterThanOrEqual(BigInt(a0.maxFeePerGas) * 1125n);
      expect(BigInt(a1.maxPriorityFeePerGas) * 1000n).toBeGreaterThanOrEqual(BigInt(a0.maxPriorityFeePerGas) * 1125n);
      await mine(3);
      const tx = await waitForTx(base, token, r.body.id, statusIs('confirmed'));
      expect(tx.receipt.hash).not.toBe(a0.hash);
      expect(tx.attempts.slice(1).map((a: any) => a.hash)).toContain(tx.receipt.hash);
      expect(await tusdOf(to)).toBe(2_000_000n);
    } finally {
      await automine(true);
    }
  });

  it('re-broadcasts a transaction dropped from the mempool', async () => {
    await automine(false);
    try {
      const to = fresh();
      const r = await post({ kind: 'transfer', to, asset: 'tUSD', amount: '4' });
      const sent = await waitForTx(base, token, r.body.id, statusIs('submitted'));
      await rpc('anvil_dropTransaction', [sent.hash]);
      await waitForTx(base, token, r.body.id, hasReason('rebroadcast'));
      await mine(3);
      await waitForTx(base, token, r.body.id, statusIs('confirmed'));
      expect(await tusdOf(to)).toBe(4_000_000n);
    } finally {
      await automine(true);
    }
  });

  it('cancels after broadcast with a 0-value self-transfer at the same nonce', async () => {
    await automine(false);
    try {
      const to = fresh();
      const r = await post({ kind: 'transfer', to, asset: 'tUSD', amount: '5' });
      await waitForTx(base, token, r.body.id, statusIs('submitted'));
      const c = await api(base, token, 'POST', `/v1/transactions/${r.body.id}/cancel`, {
        reason: 'sent to the wrong customer',
      });
      expect(c.status, JSON.stringify(c.body)).toBe(200);
      expect(c.body.cancelRequestedAt).toBeTruthy();
      const sent = await waitForTx(base, token, r.body.id, hasReason('cancellation_sent'));
      const cancel = sent.attempts.find((a: any) => a.kind === 'cancel');
      const previous = sent.attempts[sent.attempts.indexOf(cancel) - 1];
      expect(cancel.nonce).toBe(sent.nonce);
      expect(BigInt(cancel.maxFeePerGas) * 1000n).toBeGreaterThanOrEqual(BigInt(previous.maxFeePerGas) * 1125n);
      await mine(3);
      const tx = await waitForTx(base, token, r.body.id, statusIs('cancelled'));
      expect(tx.statusReason).toBe('replaced_by_cancellation');
      const mined = await client.getTransaction({ hash: tx.receipt.hash as Hash });
      expect(mined.to).toBe(chain.world.accounts.treasury.toLowerCase());
      expect(mined.value).toBe(0n);
      expect(await tusdOf(to)).toBe(0n);
    } finally {
      await automine(true);
    }
  });

  it('a transaction that reverts on chain after a good simulation ends reverted with the decoded reason', async () => {
    // operations holds 5,000 tVOL: two transfers of 3,000 each simulate fine alone; mined together, the second reverts.
    await automine(false);
    try {
      const a = await post({ signer: 'operations', kind: 'transfer', to: fresh(), asset: 'tVOL', amount: '3000' });
      const b = await post({ signer: 'operations', kind: 'transfer', to: fresh(), asset: 'tVOL', amount: '3000' });
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      expect(b.status, JSON.stringify(b.body)).toBe(201);
      await waitForTx(base, token, a.body.id, statusIs('submitted'));
      await waitForTx(base, token, b.body.id, statusIs('submitted'));
      await mine(3);
      const ta = await waitForTx(base, token, a.body.id, statusIs('confirmed', 'reverted'));
      const tb = await waitForTx(base, token, b.body.id, statusIs('confirmed', 'reverted'));
      const [ok, bad] = ta.nonce < tb.nonce ? [ta, tb] : [tb, ta];
      expect(ok.status).toBe('confirmed');
      expect(bad.status).toBe('reverted');
      expect(bad.receipt.status).toBe('reverted');
      expect(bad.revert.source).toBe('receipt');
      expect(bad.revert.decoded.name).toBe('ERC20InsufficientBalance');
      expect(bad.revert.description).toMatch(/balance is too low/);
    } finally {
      await automine(true);
    }
  });
});

describe('nonce gaps', () => {
  it('heals a gap (a nonce allocated and never sent) so the transactions above it are mined', async () => {
    const treasury = chain.world.accounts.treasury;
    const pending = await client.getTransactionCount({ address: treasury, blockTag: 'pending' });
    // A worker died between allocating and signing, long ago: the nonce is held by nobody alive.
    await db.db
      .transaction()
      .execute((trx) =>
        allocateNonce(trx, { chainId: chain.chainId, address: treasury, chainPendingNonce: pending, ref: 'tx_ghost' }),
      );
    await db.db
      .updateTable('nonce_allocations')
      .set({ allocated_at: new Date(Date.now() - 3_600_000) })
      .where('ref', '=', 'tx_ghost')
      .execute();
    const to = fresh();
    const r = await post({ kind: 'transfer', to, asset: 'tUSD', amount: '6' });
    const stuck = await waitForTx(base, token, r.body.id, statusIs('submitted'));
    expect(stuck.nonce).toBe(pending + 1);
    await new Promise((res) => setTimeout(res, 300));
    expect(await tusdOf(to)).toBe(0n); // waits behind the gap
    await keel.pipelineWorker!.checkNonces();
    expect(keel.pipelineWorker!.stats().gapsHealed).toBe(1);
    await mine(3);
    await waitForTx(base, token, r.body.id, statusIs('confirmed'));
    expect(await tusdOf(to)).toBe(6_000_000n);
    const filler = await db.db
      .selectFrom('nonce_allocations')
      .selectAll()
      .where('nonce', '=', pending)
      .where('address', '=', treasury)
      .executeTakeFirstOrThrow();
    expect(filler).toMatchObject({ status: 'broadcast', ref: 'gap_fill' });
  });

  it('moves forward when the key was used outside Keel', async () => {
    const wallet = createWalletClient({
      account: privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'),
      transport: http(chain.rpcUrl),
    });
    const outside = await wallet.sendTransaction({ chain: null, to: fresh(), value: 1n });
    await client.waitForTransactionReceipt({ hash: outside });
    const r = await post({ kind: 'transfer', to: fresh(), asset: 'tUSD', amount: '1' });
    const tx = await waitForTx(base, token, r.body.id, hasReason('included'));
    const signed = tx.history.find((h: any) => h.reason === 'signed');
    expect(signed.detail.resynced).toBeTruthy();
  });
});
