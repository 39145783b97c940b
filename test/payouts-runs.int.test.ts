import {
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  type Hex,
  http,
  keccak256,
  pad,
  parseUnits,
  toHex,
  type Address,
  type PublicClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi } from '../src/contracts/abis.ts';
import { operations, users } from '../src/devnet/accounts.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { createPayablePayees } from './helpers/payouts.ts';
import { api, pipelinePolicy } from './helpers/pipeline.ts';
import { waitFor } from './helpers/webhook-receiver.ts';

/**
 * Payout runs end to end on anvil with the demo world and a real Keel (API + workers): plans,
 * runs over fixed revenue and over real succeeded payment intents, rounding with carried dust,
 * review by a second principal, a failed batch retried without paying anyone twice.
 *
 * Payees are real payees of the payee book, created through the API with their addresses
 * approved by a second principal (no cool-off in this config).
 */

let a: TestChain;
let db: TestDatabase;
let keel: TestKeel;
let base: string;
let token: string;
let reviewer: string;
let client: PublicClient;
const usd = (v: string) => parseUnits(v, 6);
const mine = (n = 1) =>
  client.request({ method: 'anvil_mine' as 'eth_chainId', params: [`0x${n.toString(16)}`] as never });

/** New payable payees (created through the API, addresses approved by a second principal). */
async function payees(n: number, prefix: string): Promise<Array<{ id: string; address: Address }>> {
  return createPayablePayees({ url: base, writer: token, reviewer, chainId: a.chainId, n, prefix });
}
const balanceOf = (who: Address) =>
  client.readContract({ address: a.world.contracts.tUSD, abi: erc20Abi, functionName: 'balanceOf', args: [who] });

async function waitRun(id: string, until: (r: any) => boolean, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = (await api(base, token, 'GET', `/v1/payout-runs/${id}`)).body;
    if (until(last)) return last;
    await mine();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${id} did not reach the expected state; last: ${JSON.stringify(last)}`);
}
const finished = (r: any) => ['completed', 'completed_with_failures'].includes(r.status);

async function plan(body: Record<string, unknown>) {
  const r = await api(base, token, 'POST', '/v1/payout-plans', { chainId: a.chainId, asset: 'tUSD', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

beforeAll(async () => {
  [a, db] = await Promise.all([startTestChain({ chainId: 31337 }), testDatabase()]);
  client = createPublicClient({ transport: http(a.rpcUrl) }) as PublicClient;
  const c = a.world.contracts;
  const config = devConfigFor([{ chainId: a.chainId, rpcUrls: [a.rpcUrl] }], {
    policy: {
      document: pipelinePolicy(a, [
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
        {
          id: 'sweeps',
          kind: 'contract',
          effect: 'allow',
          contracts: [c.depositFactory],
          functions: [{ selector: 'sweepMany(bytes32[],address[])' }],
        },
      ]),
    },
    pipeline: { pollIntervalMs: 100, nonceCheckSeconds: 3600 },
    payments: { depositFactory: c.depositFactory, tickMs: 100, sweep: { intervalSeconds: 3600 } },
    payouts: {
      batchContract: c.batchPayout,
      reviewThresholdUsd: '1000',
      maxRecipientsPerTx: 2,
      dispatchIntervalMs: 500,
      addressCoolOffSeconds: 0,
    },
    chains: { [a.chainId]: { confirmations: 2, pollIntervalMs: 100 } },
  });
  keel = await startTestKeel(config, db, 'all');
  base = keel.url!;
  token = keel.adminToken;
  reviewer = await keel.tokenWith(['review']);
}, 120_000);

afterAll(async () => {
  await keel?.stop();
  await Promise.all([a?.stop(), db?.close()]);
});

describe('payout runs', () => {
  it('splits a fixed amount exactly, carries dust under a minimum, pays in batches, once per period', async () => {
    const ps = await payees(4, 'fx');
    const p = await plan({
      name: 'fixed',
      recipients: [
        { payeeId: ps[0]!.id, shareBps: 3333 },
        { payeeId: ps[1]!.id, shareBps: 3333 },
        { payeeId: ps[2]!.id, shareBps: 3300 },
        // 0.34 % of 10.000001 is 0.034000: under its minimum, carried.
        { payeeId: ps[3]!.id, shareBps: 34, minimum: '0.05' },
      ],
      source: { kind: 'fixed', amount: '10.000001' },
    });
    const period = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' };
    const created = await api(base, token, 'POST', '/v1/payout-runs', { planId: p.id, period });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = created.body;
    expect(run.revenue.baseUnits).toBe('10000001');
    const sum = (f: (l: any) => string) => run.lines.reduce((s: bigint, l: any) => s + BigInt(f(l)), 0n);
    // Σ lines + carried = revenue (+ carried in): always.
    expect(sum((l) => l.amount.baseUnits) + sum((l) => l.carriedOut.baseUnits)).toBe(10_000_001n);
    const dust = run.lines.find((l: any) => l.payeeId === ps[3]!.id);
    expect(dust).toMatchObject({ status: 'carried', reason: 'below_minimum', carriedOut: { baseUnits: '34000' } });
    expect(run.preview).toMatchObject({ recipients: 3, transactions: 3, reviewRequired: false });

    const done = await waitRun(run.id, finished);
    expect(done.status).toBe('completed');
    for (const l of done.lines.filter((x: any) => x.status === 'paid')) {
      const who = ps.find((x) => x.id === l.payeeId)!;
      expect(await balanceOf(who.address)).toBe(BigInt(l.amount.baseUnits));
      expect(l.txHash).toMatch(/^0x/);
    }
    expect(new Set(done.lines.filter((l: any) => l.txId).map((l: any) => l.txId)).size).toBe(2);
    expect(await balanceOf(ps[3]!.address)).toBe(0n);
    const planNow = (await api(base, token, 'GET', `/v1/payout-plans/${p.id}`)).body;
    expect(planNow.carried).toEqual([{ payeeId: ps[3]!.id, amount: { amount: '0.034', baseUnits: '34000' } }]);

    // The identical period again: the first run (200); a partial overlap: 422.
    const again = await api(base, token, 'POST', '/v1/payout-runs', { planId: p.id, period });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(run.id);
    const overlap = await api(base, token, 'POST', '/v1/payout-runs', {
      planId: p.id,
      period: { from: '2026-01-15T00:00:00Z', to: '2026-02-15T00:00:00Z' },
    });
    expect(overlap.status).toBe(422);
    expect(overlap.body.code).toBe('payout_period_overlaps');

    // The next period carries the dust in: 0.034 + 0.034 = 0.068 ≥ 0.05 is paid.
    const next = await api(base, token, 'POST', '/v1/payout-runs', {
      planId: p.id,
      period: { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' },
    });
    expect(next.status).toBe(201);
    const second = await waitRun(next.body.id, finished);
    expect(second.lines.find((l: any) => l.payeeId === ps[3]!.id)).toMatchObject({
      status: 'paid',
      carriedIn: { baseUnits: '34000' },
      amount: { baseUnits: '68000' },
    });
    expect(await balanceOf(ps[3]!.address)).toBe(68_000n);

    // The statement: earned, paid with its transaction, carried.
    const st = await api(
      base,
      token,
      'GET',
      `/v1/payees/${ps[3]!.id}/statements?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`,
    );
    expect(st.status).toBe(200);
    expect(st.body.totals).toEqual([
      { chainId: a.chainId, asset: 'tUSD', earned: '0.068', paid: '0.068', carried: '0' },
    ]);
    expect(st.body.entries.map((e: any) => e.status)).toEqual(['carried', 'paid']);
    expect(st.body.entries[1].txHash).toMatch(/^0x/);
    const csv = await fetch(
      `${base}/v1/payees/${ps[3]!.id}/statements?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&format=csv`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text.split('\n')[0]).toMatch(/^runId,lineId,planId/);
    expect(text.trim().split('\n')).toHaveLength(3);
  });

  it('pays out the succeeded payment intents of a period, filtered by metadata', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    const intents: any[] = [];
    for (const [amount, creatorId] of [
      ['7', 'c1'],
      ['3.5', 'c1'],
      ['50', 'c2'],
    ] as const) {
      const r = await api(base, token, 'POST', '/v1/payment-intents', {
        asset: 'tUSD',
        amount,
        chains: [a.chainId],
        metadata: { creatorId },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      intents.push(r.body);
    }
    const wallet = createWalletClient({
      account: privateKeyToAccount(users[0]!.privateKey),
      transport: http(a.rpcUrl),
      chain: {
        id: a.chainId,
        name: 't',
        nativeCurrency: { name: 'E', symbol: 'ETH', decimals: 18 },
        rpcUrls: { default: { http: [a.rpcUrl] } },
      },
    });
    for (const pi of intents) {
      const hash = await wallet.writeContract({
        address: a.world.contracts.tUSD,
        abi: erc20Abi,
        functionName: 'transfer',
        args: [pi.depositAddress, usd(pi.amount.amount)],
      });
      await client.waitForTransactionReceipt({ hash });
    }
    const deadline = Date.now() + 60_000;
    for (const pi of intents)
      for (;;) {
        const cur = (await api(base, token, 'GET', `/v1/payment-intents/${pi.id}`)).body;
        if (cur.status === 'succeeded') break;
        if (Date.now() > deadline) throw new Error(`intent ${pi.id} stuck: ${cur.status}`);
        await mine();
        await new Promise((r) => setTimeout(r, 100));
      }
    const ps = await payees(2, 'pi');
    const p = await plan({
      name: 'creator c1',
      recipients: [
        { payeeId: ps[0]!.id, shareBps: 7000 },
        { payeeId: ps[1]!.id, shareBps: 3000 },
      ],
      source: { kind: 'payment_intents', metadata: { creatorId: 'c1' } },
    });
    const r = await api(base, token, 'POST', '/v1/payout-runs', {
      planId: p.id,
      period: { from: start, to: new Date(Date.now() + 1000).toISOString() },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.revenue.amount).toBe('10.5');
    const done = await waitRun(r.body.id, finished);
    expect(done.status).toBe('completed');
    expect(await balanceOf(ps[0]!.address)).toBe(usd('7.35'));
    expect(await balanceOf(ps[1]!.address)).toBe(usd('3.15'));
  });

  it('a run above the review threshold waits for a principal other than its creator', async () => {
    const ps = await payees(2, 'rv');
    const p = await plan({
      name: 'big',
      recipients: [
        { payeeId: ps[0]!.id, shareBps: 5000 },
        { payeeId: ps[1]!.id, shareBps: 5000 },
      ],
      source: { kind: 'fixed', amount: '2000' },
    });
    const r = await api(base, token, 'POST', '/v1/payout-runs', {
      planId: p.id,
      period: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'pending_review', preview: { reviewRequired: true } });
    expect(r.body.preview.reviewReasons).toContain('payout_above_review_threshold');
    // The creator's principal, through another key, cannot approve its own run.
    const sameKey = await keel.tokenWith(['review'], { principal: keel.adminPrincipal });
    const self = await api(base, sameKey, 'POST', `/v1/payout-runs/${r.body.id}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('payout_self_review');
    // Creating the next period's run while this one waits: 409.
    const blocked = await api(base, token, 'POST', '/v1/payout-runs', {
      planId: p.id,
      period: { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' },
    });
    expect(blocked.body.code).toBe('payout_run_in_review');
    expect(await balanceOf(ps[0]!.address)).toBe(0n);
    const reviewer = await keel.tokenWith(['review']);
    const ok = await api(base, reviewer, 'POST', `/v1/payout-runs/${r.body.id}/approve`, { note: 'checked' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.decision).toMatchObject({ note: 'checked' });
    const done = await waitRun(r.body.id, finished);
    expect(done.status).toBe('completed');
    expect(await balanceOf(ps[0]!.address)).toBe(usd('1000'));
    const twice = await api(base, reviewer, 'POST', `/v1/payout-runs/${r.body.id}/approve`, {});
    expect(twice.body.code).toBe('payout_run_not_reviewable');
  });

  it('a failed batch is retried on its own lines only, and nobody is paid twice', async () => {
    const ps = await payees(3, 'rt');
    const p = await plan({
      name: 'retry',
      recipients: ps.map((x, i) => ({ payeeId: x.id, shareBps: i === 0 ? 3334 : 3333 })),
      source: { kind: 'fixed', amount: '30' },
    });
    // The payer cannot pay for gas: the node refuses the batch (failed before any block).
    const eth = await client.getBalance({ address: operations.address });
    await client.request({ method: 'anvil_setBalance' as 'eth_chainId', params: [operations.address, '0x0'] as never });
    let failed: any;
    try {
      const r = await api(base, token, 'POST', '/v1/payout-runs', {
        planId: p.id,
        period: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      failed = await waitRun(r.body.id, finished);
    } finally {
      await client.request({
        method: 'anvil_setBalance' as 'eth_chainId',
        params: [operations.address, `0x${eth.toString(16)}`] as never,
      });
    }
    expect(failed.status).toBe('completed_with_failures');
    expect(failed.lines.every((l: any) => l.status === 'failed' && l.reason.startsWith('batch_failed'))).toBe(true);
    for (const x of ps) expect(await balanceOf(x.address)).toBe(0n);
    // The events API lists an event once no older database transaction is open: wait for it.
    await waitFor(
      async () =>
        (await api(base, token, 'GET', '/v1/events?type=payout_run.line_failed&limit=500')).body.data.some(
          (e: any) => e.data.object.id === failed.id,
        ),
      'payout_run.line_failed listed',
    );

    const retried = await api(base, token, 'POST', `/v1/payout-runs/${failed.id}/retry`, {});
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    const done = await waitRun(failed.id, finished);
    expect(done.status, JSON.stringify(done.lines)).toBe('completed');
    expect(done.lines.every((l: any) => l.status === 'paid' && l.attempts === 2)).toBe(true);
    expect(await balanceOf(ps[0]!.address)).toBe(usd('10.002'));
    expect(await balanceOf(ps[1]!.address)).toBe(usd('9.999'));
    // Nothing left to retry: the paid lines are never sent again.
    const none = await api(base, token, 'POST', `/v1/payout-runs/${failed.id}/retry`, {});
    expect(none.body.code).toBe('payout_nothing_to_retry');
  });

  it('a batch failing after an earlier batch of the same run was paid: the retry sends only its lines', async () => {
    // Four payees, two per `payout` (maxRecipientsPerTx: 2): one run, one approval and two batches.
    const ps = await payees(4, 'mid');
    const p = await plan({
      name: 'mid-run failure',
      recipients: ps.map((x) => ({ payeeId: x.id, shareBps: 2500 })),
      source: { kind: 'fixed', amount: '40' },
    });
    const rpc = (method: string, params: unknown[]) =>
      client.request({ method: method as 'eth_chainId', params: params as never }) as Promise<any>;
    // The payer's tUSD balance slot (OpenZeppelin ERC20: a mapping), found by reading it back.
    const tusd = a.world.contracts.tUSD;
    const held = await balanceOf(operations.address);
    let slot: Hex | undefined;
    for (let i = 0n; i < 10n && !slot; i++) {
      const s = keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [operations.address, i]));
      if (BigInt(await rpc('eth_getStorageAt', [tusd, s, 'latest'])) === held) slot = s;
    }
    expect(slot, 'the balance slot of tUSD').toBeDefined();
    const setPayerTusd = (v: bigint) => rpc('anvil_setStorageAt', [tusd, slot, pad(toHex(v), { size: 32 })]);
    const gasLimit = (await client.getBlock()).gasLimit;
    // Blocks mined on demand: the run's three transactions wait in the pool, in nonce order.
    await rpc('evm_setAutomine', [false]);
    let runId = '';
    let afterFirst: bigint | undefined;
    try {
      const r = await api(base, token, 'POST', '/v1/payout-runs', {
        planId: p.id,
        period: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      runId = r.body.id;
      const deadline = Date.now() + 60_000;
      let pool: Array<{ nonce: string; gas: string; to: string }> = [];
      while (pool.length < 3) {
        if (Date.now() > deadline) throw new Error(`the run's transactions were not sent: ${JSON.stringify(pool)}`);
        await new Promise((res) => setTimeout(res, 100));
        const content = await rpc('txpool_content', []);
        const key = Object.keys(content.pending ?? {}).find(
          (k) => k.toLowerCase() === operations.address.toLowerCase(),
        );
        pool = key ? Object.values(content.pending[key] as Record<string, any>) : [];
      }
      pool.sort((x, y) => Number(BigInt(x.nonce) - BigInt(y.nonce)));
      expect(pool.map((t) => t.to.toLowerCase())).toEqual([
        tusd.toLowerCase(),
        a.world.contracts.batchPayout.toLowerCase(),
        a.world.contracts.batchPayout.toLowerCase(),
      ]);
      // One block with room for the approval and the first batch only: they are mined.
      await rpc('evm_setBlockGasLimit', [toHex(BigInt(pool[0]!.gas) + BigInt(pool[1]!.gas))]);
      await mine();
      const paidSoFar = (await Promise.all(ps.map((x) => balanceOf(x.address)))).filter((b) => b > 0n);
      expect(paidSoFar).toEqual([usd('10'), usd('10')]);
      // Then the payer's tUSD is gone (moved elsewhere) before the second batch is mined: it reverts.
      afterFirst = await balanceOf(operations.address);
      await setPayerTusd(0n);
      await rpc('evm_setBlockGasLimit', [toHex(gasLimit)]);
      await mine();
    } finally {
      await rpc('evm_setAutomine', [true]);
      await rpc('evm_setBlockGasLimit', [toHex(gasLimit)]);
      // The second batch is mined (reverted): the payer's tUSD comes back for the retry.
      if (afterFirst !== undefined) await setPayerTusd(afterFirst);
    }
    const failed = await waitRun(runId, finished);
    expect(failed.status, JSON.stringify(failed.lines)).toBe('completed_with_failures');
    const first = failed.lines.filter((l: any) => l.status === 'paid');
    const second = failed.lines.filter((l: any) => l.status === 'failed');
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(2);
    expect(new Set(first.map((l: any) => l.txId)).size).toBe(1);
    for (const l of second) expect(l.reason).toMatch(/^batch_failed/);
    const unpaid = ps.filter((x) => second.some((l: any) => l.payeeId === x.id));
    for (const x of unpaid) expect(await balanceOf(x.address)).toBe(0n);

    const retried = await api(base, token, 'POST', `/v1/payout-runs/${runId}/retry`, {});
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    const done = await waitRun(runId, finished);
    expect(done.status, JSON.stringify(done.lines)).toBe('completed');
    // Each payee holds exactly its line: the first batch's payees were not paid again.
    for (const l of done.lines) {
      const who = ps.find((x) => x.id === l.payeeId)!;
      expect(l.status).toBe('paid');
      expect(await balanceOf(who.address)).toBe(BigInt(l.amount.baseUnits));
      expect(l.attempts).toBe(first.some((f: any) => f.id === l.id) ? 1 : 2);
    }
    expect(BigInt(done.lines[0].amount.baseUnits)).toBe(usd('10'));
    const none = await api(base, token, 'POST', `/v1/payout-runs/${runId}/retry`, {});
    expect(none.body.code).toBe('payout_nothing_to_retry');
  });

  it('refuses shares that do not sum to 10,000, naming the field', async () => {
    const r = await api(base, token, 'POST', '/v1/payout-plans', {
      name: 'bad',
      chainId: a.chainId,
      asset: 'tUSD',
      recipients: [{ payeeId: 'pye_00000000000000000000000000', shareBps: 9999 }],
      source: { kind: 'fixed', amount: '1' },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({ field: 'body.recipients', code: 'shares_not_10000' });
  });
});
