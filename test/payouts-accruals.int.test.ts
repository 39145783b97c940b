import { createPublicClient, http, type Address, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi } from '../src/contracts/abis.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { createPayablePayees } from './helpers/payouts.ts';
import { api, pipelinePolicy } from './helpers/pipeline.ts';

/**
 * Accruals end to end on anvil with the demo world and a real Keel (API + workers): micro-payout
 * credits paid only once above K × the fee of one recipient, a stream settled at its instant for
 * exactly what it accrued, both paid on chain through real payout runs (`runLines`); credits once
 * per reference; the balance invariant credited = accrued + reserved + paid.
 *
 * Payees are real payees of the payee book, created through the API with their addresses
 * approved by a second principal (no cool-off in this config); a credit names an existing payee.
 */

let a: TestChain;
let db: TestDatabase;
let keel: TestKeel;
let base: string;
let token: string;
let reviewer: string;
let client: PublicClient;
const mine = (n = 1) =>
  client.request({ method: 'anvil_mine' as 'eth_chainId', params: [`0x${n.toString(16)}`] as never });

/** A payable payee (its address approved by a second principal). */
async function payee(prefix: string): Promise<{ id: string; address: Address }> {
  const [p] = await createPayablePayees({ url: base, writer: token, reviewer, chainId: a.chainId, n: 1, prefix });
  return p!;
}
/** A payee without any payout address: runs answer its lines `no_address`. */
async function payeeWithoutAddress(reference: string): Promise<string> {
  const r = await api(base, token, 'POST', '/v1/payees', { name: reference, reference });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}
const tokenBalance = (who: Address) =>
  client.readContract({ address: a.world.contracts.tUSD, abi: erc20Abi, functionName: 'balanceOf', args: [who] });

async function balances(payeeId: string): Promise<any[]> {
  const r = await api(base, token, 'GET', `/v1/accruals?payeeId=${payeeId}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.balances;
}

/** Waits (mining blocks so runs reach their confirmations) until `until` holds for the payee's balance. */
async function waitBalance(payeeId: string, until: (b: any) => boolean, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = (await balances(payeeId))[0];
    if (last && until(last)) return last;
    await mine();
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`balance of ${payeeId} did not reach the expected state; last: ${JSON.stringify(last)}`);
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
      ]),
    },
    pipeline: { pollIntervalMs: 100, nonceCheckSeconds: 3600 },
    payments: { depositFactory: c.depositFactory, sweep: { intervalSeconds: 3600 } },
    payouts: {
      batchContract: c.batchPayout,
      reviewThresholdUsd: '1000',
      dispatchIntervalMs: 500,
      micro: { feeMultiple: 20, maxIntervalSeconds: 86_400, checkIntervalSeconds: 1 },
      streams: { settleIntervalSeconds: 2 },
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

describe('accruals', () => {
  it('pays a balance above K × the fee on chain through a run, and leaves one below it accrued', async () => {
    const { id: big, address: bigAddr } = await payee('big');
    const { id: smallId, address: smallAddr } = await payee('small');
    // One base unit is below any threshold (the fee rounds up to at least 1, × 20); 500 tUSD is far above
    // a batch recipient's fee on anvil (cents).
    const small = await api(base, token, 'POST', '/v1/accruals', {
      payeeId: smallId,
      chainId: a.chainId,
      asset: 'tUSD',
      amount: '0.000001',
      reference: 'loyalty-small-1',
    });
    expect(small.status, JSON.stringify(small.body)).toBe(201);
    const credits = ['200', '300'];
    for (const [i, amount] of credits.entries()) {
      const r = await api(base, token, 'POST', '/v1/accruals', {
        payeeId: big,
        chainId: a.chainId,
        asset: a.world.contracts.tUSD.toLowerCase(),
        amount,
        reference: `loyalty-big-${i}`,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.balance.asset.symbol).toBe('tUSD');
    }
    const paid = await waitBalance(big, (b) => b.paid.amount === '500');
    expect(paid).toMatchObject({ credited: { amount: '500' }, accrued: { amount: '0' }, reserved: { amount: '0' } });
    expect(await tokenBalance(bigAddr)).toBe(500_000_000n);
    // The passes that paid the big balance judged the small one too: still accrued, nothing reserved.
    const [s] = await balances(smallId);
    expect(s).toMatchObject({ accrued: { baseUnits: '1' }, reserved: { baseUnits: '0' }, paid: { baseUnits: '0' } });
    expect(await tokenBalance(smallAddr)).toBe(0n);
    // The settlement is recorded with its run and transaction.
    const settled = await db.db
      .selectFrom('payout_accrual_settlements')
      .selectAll()
      .where('payee_id', '=', big)
      .execute();
    expect(settled).toHaveLength(1);
    expect(settled[0]).toMatchObject({ status: 'paid', amount: '500000000', line_status: 'paid' });
    expect(settled[0]!.run_id).toMatch(/^\w+_/);
    expect(settled[0]!.tx_id).toMatch(/^tx_/);
  });

  it('credits a reference once: the same credit again answers the first, another one 409', async () => {
    const ref = (await payee('ref')).id;
    const body = { payeeId: ref, chainId: a.chainId, asset: 'tUSD', amount: '1.5', reference: 'evt-ref-1' };
    const first = await api(base, token, 'POST', '/v1/accruals', body);
    expect(first.status).toBe(201);
    const again = await api(base, token, 'POST', '/v1/accruals', body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const other = await api(base, token, 'POST', '/v1/accruals', { ...body, amount: '2' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('accrual_reference_conflict');
    const [b] = await balances(ref);
    expect(b.credited.amount).toBe('1.5');
    const bad = await api(base, token, 'POST', '/v1/accruals', {
      ...body,
      reference: 'evt-ref-2',
      amount: '0.0000001',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'body.amount', code: 'too_many_decimals' });
  });

  it('settles a stream for exactly what it accrued (1.5 base units a second for 37 s = 55) and pays it', async () => {
    const { id: streamPayee, address: addr } = await payee('stream');
    const start = Math.floor(Date.now() / 1000) - 100;
    const r = await api(base, token, 'POST', '/v1/accruals/streams', {
      payeeId: streamPayee,
      chainId: a.chainId,
      asset: 'tUSD',
      ratePerSecond: '0.0000015',
      startAt: new Date(start * 1000).toISOString(),
      endAt: new Date((start + 37) * 1000).toISOString(),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'ended', accrued: { baseUnits: '55' } });
    const paid = await waitBalance(streamPayee, (b) => b.paid.baseUnits === '55');
    expect(paid).toMatchObject({ credited: { baseUnits: '55' }, accrued: { baseUnits: '0' } });
    expect(await tokenBalance(addr)).toBe(55n);
    const s = await api(base, token, 'GET', `/v1/accruals/streams/${r.body.id}`);
    expect(s.body).toMatchObject({ accrued: { baseUnits: '55' }, settled: { baseUnits: '55' } });
  });

  it('stops a running stream once; its accrual is always queryable', async () => {
    const stopPayee = (await payee('stop')).id;
    const start = Math.floor(Date.now() / 1000) - 10;
    const r = await api(base, token, 'POST', '/v1/accruals/streams', {
      payeeId: stopPayee,
      chainId: a.chainId,
      asset: 'tUSD',
      ratePerSecond: '1',
      startAt: new Date(start * 1000).toISOString(),
    });
    expect(r.body.status).toBe('active');
    expect(BigInt(r.body.accrued.baseUnits)).toBeGreaterThanOrEqual(10_000_000n);
    const stopped = await api(base, token, 'POST', `/v1/accruals/streams/${r.body.id}/stop`, {});
    expect(stopped.status).toBe(200);
    expect(stopped.body.status).toBe('stopped');
    const accrued = BigInt(stopped.body.accrued.baseUnits);
    expect(accrued).toBe(BigInt(Date.parse(stopped.body.stoppedAt) / 1000 - start) * 1_000_000n);
    const again = await api(base, token, 'POST', `/v1/accruals/streams/${r.body.id}/stop`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('accrual_stream_ended');
    await new Promise((res) => setTimeout(res, 1_100));
    const later = await api(base, token, 'GET', `/v1/accruals/streams/${r.body.id}`);
    expect(later.body.accrued.baseUnits).toBe(accrued.toString());
  });

  it('releases the amount of a line that failed (payee without an address) back to accrued, not retried at once', async () => {
    const credit = (payeeId: string, reference: string) =>
      api(base, token, 'POST', '/v1/accruals', {
        payeeId,
        chainId: a.chainId,
        asset: 'tUSD',
        amount: '100',
        reference,
      });
    const nowhere = await payeeWithoutAddress('nowhere');
    expect((await credit(nowhere, 'nowhere-1')).status).toBe(201);
    // Wait for the run to tell the line's final state (failed: no address) and the release.
    const deadline = Date.now() + 60_000;
    let s1: any;
    while (Date.now() < deadline) {
      s1 = await db.db
        .selectFrom('payout_accrual_settlements')
        .selectAll()
        .where('payee_id', '=', nowhere)
        .executeTakeFirst();
      if (s1 && s1.status !== 'reserved') break;
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(s1).toMatchObject({ status: 'released', line_status: 'failed' });
    const [released] = await balances(nowhere);
    expect(released).toMatchObject({ accrued: { amount: '100' }, reserved: { amount: '0' }, paid: { amount: '0' } });
    // A payable payee credited afterwards is paid in a later window; the released one waits its retry time.
    const { id: later, address: addr } = await payee('later');
    expect((await credit(later, 'later-1')).status).toBe(201);
    await waitBalance(later, (b) => b.paid.amount === '100');
    expect(await tokenBalance(addr)).toBe(100_000_000n);
    const all = await db.db
      .selectFrom('payout_accrual_settlements')
      .select('id')
      .where('payee_id', '=', nowhere)
      .execute();
    expect(all).toHaveLength(1);
  });

  it('keeps credited = accrued + reserved + paid, and credited = credits + stream money', async () => {
    const rows = await db.db.selectFrom('payout_accrual_balances').selectAll().execute();
    for (const b of rows) expect(BigInt(b.credited)).toBe(BigInt(b.accrued) + BigInt(b.reserved) + BigInt(b.paid));
    const credits = await db.db.selectFrom('payout_accrual_credits').select('amount').execute();
    const streams = await db.db.selectFrom('payout_accrual_streams').select('moved').execute();
    const total = [...credits.map((c) => c.amount), ...streams.map((s) => s.moved)].reduce((x, y) => x + BigInt(y), 0n);
    expect(rows.reduce((x, b) => x + BigInt(b.credited), 0n)).toBe(total);
  });
});
