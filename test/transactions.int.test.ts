import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, erc20Abi, getAddress, http, parseEther, parseUnits, type Address } from 'viem';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api, pipelinePolicy, statusIs, waitForTx } from './helpers/pipeline.ts';
import { waitFor } from './helpers/webhook-receiver.ts';

/**
 * The write path over HTTP against anvil with automine and the demo world: intake (validation,
 * policy with chain facts, simulation, preview), signing and tracking to `confirmed`, policy
 * denials, human review, cancellation before broadcast, and bad input.
 */

let chain: TestChain;
let chainB: TestChain;
let db: TestDatabase;
let keel: TestKeel;
let base: string;
let token: string;
let client: ReturnType<typeof createPublicClient>;
/** anvil's default account 9 (unlocked on every anvil; holds ETH only; account 7 is the dev attestation signer). */
const REMOTE_ACCOUNT = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720';
const fresh = () =>
  getAddress(
    `0x${[...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, '0')).join('')}`,
  );
const post = (body: Record<string, unknown>, t = token) =>
  api(base, t, 'POST', '/v1/transactions', { chainId: chain.chainId, signer: 'treasury', userId: 'u1', ...body });
const tusdOf = (a: Address) =>
  client.readContract({ address: chain.world.contracts.tUSD, abi: erc20Abi, functionName: 'balanceOf', args: [a] });
const countTx = async () =>
  Number(
    (
      await db.db
        .selectFrom('transactions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  [chain, chainB, db] = await Promise.all([startTestChain(), startTestChain({ chainId: 31338 }), testDatabase()]);
  const devSigners = (parseYaml(readFileSync('config/development.yaml', 'utf8')) as { signers: unknown[] }).signers;
  const policy = pipelinePolicy(chain);
  (policy.rules as Array<Record<string, unknown>>)[0]!.chainIds = [chain.chainId, chainB.chainId];
  const config = devConfigFor(
    [
      { chainId: chain.chainId, rpcUrls: [chain.rpcUrl] },
      { chainId: chainB.chainId, rpcUrls: [chainB.rpcUrl] },
    ],
    {
      policy: { document: policy },
      pipeline: { pollIntervalMs: 100, stuckAfterSeconds: 3600, nonceCheckSeconds: 3600 },
      chains: {
        [chain.chainId]: { confirmations: 1, pollIntervalMs: 100 },
        [chainB.chainId]: { confirmations: 1, pollIntervalMs: 100 },
      },
      // A remote JSON-RPC signer: anvil signing for one of its unlocked accounts (eth_signTransaction).
      signers: [
        ...devSigners,
        { name: 'remote-ops', role: 'operations', type: 'remote', url: chain.rpcUrl, address: REMOTE_ACCOUNT },
      ],
    },
  );
  keel = await startTestKeel(config, db, 'all');
  base = keel.url!;
  token = keel.adminToken;
  client = createPublicClient({ transport: http(chain.rpcUrl) });
}, 60_000);

afterAll(async () => {
  await keel?.stop();
  await Promise.all([chain?.stop(), chainB?.stop(), db?.close()]);
});

describe('transfers and calls end to end', () => {
  it('sends an ERC-20 transfer: queued → signed → submitted → confirmed, with preview, history and events', async () => {
    const to = fresh();
    const r = await post({ kind: 'transfer', to, asset: 'tUSD', amount: '125.5', metadata: { ref: 'inv-1' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      object: 'transaction',
      status: 'queued',
      kind: 'transfer',
      recipient: to,
      asset: { symbol: 'tUSD', decimals: 6 },
      amount: { amount: '125.5', baseUnits: '125500000' },
      amountUsd: '125.5',
      metadata: { ref: 'inv-1' },
    });
    expect(r.body.decision).toMatchObject({ outcome: 'allow', policyVersion: 1 });
    expect(r.body.preview.lines[0].text).toContain('Send 125.50 tUSD');
    expect(r.body.preview.lines[0].text).toContain('first-time recipient');
    expect(r.body.simulation.balanceChanges).toContainEqual({
      address: to,
      asset: chain.world.contracts.tUSD,
      delta: '125500000',
    });
    const tx = await waitForTx(base, token, r.body.id, statusIs('confirmed'));
    expect(tx.history.map((h: any) => h.status)).toEqual([
      'pending_policy',
      'queued',
      'signed',
      'submitted',
      'submitted',
      'confirmed',
    ]);
    expect(tx.history.map((h: any) => h.reason)).toEqual([
      'created',
      'policy_allowed',
      'signed',
      'broadcast',
      'included',
      'confirmed',
    ]);
    expect(tx.receipt).toMatchObject({ status: 'success', hash: tx.hash });
    expect(tx.attempts).toHaveLength(1);
    const onChain = await client.getTransaction({ hash: tx.hash });
    expect(onChain.nonce).toBe(tx.nonce);
    expect(await tusdOf(to)).toBe(parseUnits('125.5', 6));
    // The events API lists an event once no older database transaction is open: wait for the last.
    const listed = async () =>
      (
        await api(
          base,
          token,
          'GET',
          '/v1/events?type=transaction.created,transaction.submitted,transaction.confirmed&limit=500',
        )
      ).body.data
        .filter((e: any) => e.data.object.id === tx.id)
        .map((e: any) => e.type as string);
    await waitFor(async () => (await listed()).includes('transaction.confirmed'), 'transaction.confirmed listed');
    expect(await listed()).toEqual(['transaction.created', 'transaction.submitted', 'transaction.confirmed']);
  });

  it('sends native coin and remembers the recipient as paid', async () => {
    const to = fresh();
    const r = await post({ kind: 'transfer', to, asset: 'native', amount: '0.25' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await waitForTx(base, token, r.body.id, statusIs('confirmed'));
    expect(await client.getBalance({ address: to })).toBe(parseEther('0.25'));
    const again = await post({ kind: 'transfer', to, asset: 'native', amount: '0.01' });
    expect(again.body.preview.lines[0].text).not.toContain('first-time');
  });

  it('runs an allowlisted contract call (exact approval of the router)', async () => {
    const router = chain.world.contracts.uniswapV2Router;
    const r = await post({
      kind: 'contract_call',
      to: chain.world.contracts.tUSD,
      call: { function: 'approve(address,uint256)', args: [router.toLowerCase(), '250000000'] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.preview.lines[0].text).toMatch(/Approve .*Uniswap V2 Router.* exactly 250\.00 tUSD/);
    expect(r.body.call).toMatchObject({
      function: 'approve(address,uint256)',
      selector: '0x095ea7b3',
      args: [router, '250000000'],
    });
    await waitForTx(base, token, r.body.id, statusIs('confirmed'));
    const allowance = await client.readContract({
      address: chain.world.contracts.tUSD,
      abi: erc20Abi,
      functionName: 'allowance',
      args: [chain.world.accounts.treasury, router],
    });
    expect(allowance).toBe(250_000_000n);
  });

  it('flows on the second dev chain with its own nonces', async () => {
    const to = fresh();
    const clientB = createPublicClient({ transport: http(chainB.rpcUrl) });
    const r = await post({ chainId: chainB.chainId, kind: 'transfer', to, asset: 'tEUR', amount: '42' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const tx = await waitForTx(base, token, r.body.id, statusIs('confirmed'));
    expect(tx.chainId).toBe(31338);
    expect(
      await clientB.readContract({
        address: chainB.world.contracts.tEUR,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [to],
      }),
    ).toBe(42_000_000n);
    expect(
      await client.readContract({
        address: chain.world.contracts.tEUR,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [to],
      }),
    ).toBe(0n);
    expect((await clientB.getTransaction({ hash: tx.hash })).nonce).toBe(tx.nonce);
  });

  it('signs through a remote JSON-RPC signer', async () => {
    const to = fresh();
    const r = await post({ signer: 'remote-ops', kind: 'transfer', to, asset: 'native', amount: '0.5' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const tx = await waitForTx(base, token, r.body.id, statusIs('confirmed'));
    expect(tx.signer).toEqual({ name: 'remote-ops', address: REMOTE_ACCOUNT });
    expect((await client.getTransaction({ hash: tx.hash })).from).toBe(REMOTE_ACCOUNT.toLowerCase());
    expect(await client.getBalance({ address: to })).toBe(parseEther('0.5'));
  });

  it('lists with filters and pages by id', async () => {
    const all = await api(base, token, 'GET', '/v1/transactions?status=confirmed&userId=u1&limit=2');
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(2);
    expect(all.body.hasMore).toBe(true);
    expect(all.body.data.every((t: any) => t.status === 'confirmed' && t.userId === 'u1')).toBe(true);
    // `user`, the filter's old name, keeps working for one release (deprecated in the document).
    const old = await api(base, token, 'GET', '/v1/transactions?status=confirmed&user=u1&limit=2');
    expect(old.body.data.map((t: any) => t.id)).toEqual(all.body.data.map((t: any) => t.id));
    const both = await api(base, token, 'GET', '/v1/transactions?userId=u1&user=u2');
    expect(both.status).toBe(422);
    expect(both.body.errors).toEqual([
      expect.objectContaining({ field: 'querystring.user', code: 'conflicting_filter' }),
    ]);
    const next = await api(
      base,
      token,
      'GET',
      `/v1/transactions?status=confirmed&limit=2&startingAfter=${all.body.data[1].id}`,
    );
    expect(next.body.data[0].id < all.body.data[1].id).toBe(true);
    expect((await api(base, token, 'GET', '/v1/transactions?status=nope')).status).toBe(422);
  });
});

describe('metrics', () => {
  it('counts transactions by status and worker steps', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const confirmed = Number(/^keel_pipeline_transactions\{status="confirmed"\} (\d+)$/m.exec(text)?.[1]);
    const rows = await db.db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'confirmed')
      .executeTakeFirstOrThrow();
    expect(confirmed).toBe(Number(rows.n));
    expect(confirmed).toBeGreaterThan(0);
    expect(text).toMatch(/^keel_pipeline_steps_total\{step="queued",result="ok"\} [1-9]/m);
    expect(text).toMatch(/^keel_pipeline_step_duration_seconds_count\{step="submitted"\} [1-9]/m);
  });
});

describe('policy at intake', () => {
  it('denies with 403, the decision, and a recorded rejected transaction', async () => {
    const r = await post({
      kind: 'transfer',
      to: '0x000000000000000000000000000000000000dEaD',
      asset: 'tUSD',
      amount: '10',
    });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('policy_denied');
    expect(r.body.decision.reasons.map((x: any) => x.code)).toContain('destination_denied');
    expect(r.body.userMessage).toBeTruthy();
    expect(r.body.transaction.status).toBe('rejected');
    const got = await api(base, token, 'GET', `/v1/transactions/${r.body.transaction.id}`);
    expect(got.body.history.map((h: any) => h.status)).toEqual(['pending_policy', 'rejected']);
  });

  it('denies unlimited approvals, non-allowlisted spenders and selectors', async () => {
    const tusd = chain.world.contracts.tUSD;
    const unlimited = await post({
      kind: 'contract_call',
      to: tusd,
      call: {
        function: 'approve(address,uint256)',
        args: [chain.world.contracts.uniswapV2Router, (2n ** 256n - 1n).toString()],
      },
    });
    expect(unlimited.status).toBe(403);
    expect(unlimited.body.decision.reasons.map((x: any) => x.code)).toContain('approve_unlimited');
    const spender = await post({
      kind: 'contract_call',
      to: tusd,
      call: { function: 'approve(address,uint256)', args: [fresh(), '1'] },
    });
    expect(spender.body.decision.reasons.map((x: any) => x.code)).toContain('approve_spender_not_allowed');
    const selector = await post({
      kind: 'contract_call',
      to: tusd,
      call: { function: 'transferFrom(address,address,uint256)', args: [fresh(), fresh(), '1'] },
    });
    expect(selector.status).toBe(403);
    const contract = await post({
      kind: 'contract_call',
      to: chain.world.contracts.tEUR,
      call: { function: 'approve(address,uint256)', args: [chain.world.contracts.uniswapV2Router, '1'] },
    });
    expect(contract.status).toBe(403);
  });

  it('the policy dry run reads the same chain facts as a real request', async () => {
    const router = chain.world.contracts.uniswapV2Router;
    const r = await api(base, token, 'POST', '/v1/policy/evaluate', {
      chainId: chain.chainId,
      kind: 'transfer',
      from: chain.world.accounts.treasury,
      to: router,
      asset: 'tUSD',
      amount: '20000',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      chainFacts: 'read',
      outcome: 'review',
      intent: { amountUsd: '20000' },
      destination: { isContract: true },
    });
    const over = await api(base, token, 'POST', '/v1/policy/evaluate', {
      chainId: chain.chainId,
      kind: 'transfer',
      from: chain.world.accounts.treasury,
      to: router,
      asset: 'tUSD',
      amount: '20000',
      facts: { isContract: false, amountUsd: '60000' },
    });
    expect(over.body).toMatchObject({ outcome: 'deny', destination: { isContract: false } });
  });

  it('refuses a transfer the simulation says would revert (422, decoded reason, recorded as failed)', async () => {
    const r = await post({ signer: 'operations', kind: 'transfer', to: fresh(), asset: 'tEUR', amount: '10001' });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.code).toBe('simulation_reverted');
    expect(r.body.transaction.status).toBe('failed');
    expect(r.body.transaction.revert.decoded.name ?? r.body.transaction.revert.decoded.kind).toMatch(
      /ERC20InsufficientBalance|error_string/,
    );
    expect(r.body.transaction.revert.description).toMatch(/balance/i);
  });
});

describe('human review', () => {
  it('waits in pending_review; the creator cannot approve; another reviewer approves and it confirms', async () => {
    const creator = await keel.tokenWith(['transactions:write', 'transactions:read', 'review']);
    const reviewer = await keel.tokenWith(['review', 'transactions:read']);
    const to = fresh();
    const r = await post({ kind: 'transfer', to, asset: 'tUSD', amount: '12000' }, creator);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.status).toBe('pending_review');
    expect(r.body.decision.reasons.map((x: any) => x.code)).toContain('review_threshold');
    expect(Date.parse(r.body.review.expiresAt)).toBeGreaterThan(Date.now());
    const queue = await api(base, reviewer, 'GET', '/v1/reviews');
    expect(queue.body.data.map((t: any) => t.id)).toContain(r.body.id);
    // The queue pages like every list: oldest first, `startingAfter` the last id, `hasMore`.
    const ids: string[] = [];
    for (let cursor = '', more = true; more; ) {
      const page = await api(base, reviewer, 'GET', `/v1/reviews?limit=1${cursor && `&startingAfter=${cursor}`}`);
      expect(page.body.data.length).toBeLessThanOrEqual(1);
      ids.push(...page.body.data.map((t: any) => t.id));
      more = page.body.hasMore;
      cursor = page.body.data.at(-1)?.id ?? '';
    }
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain(r.body.id);
    const self = await api(base, creator, 'POST', `/v1/reviews/${r.body.id}/approve`, { note: 'mine' });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('self_review');
    const noScope = await api(
      base,
      await keel.tokenWith(['transactions:read']),
      'POST',
      `/v1/reviews/${r.body.id}/approve`,
      {},
    );
    expect(noScope.status).toBe(403);
    const ok = await api(base, reviewer, 'POST', `/v1/reviews/${r.body.id}/approve`, { note: 'invoice 8812 checked' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.review).toMatchObject({ decision: 'approved', note: 'invoice 8812 checked' });
    const twice = await api(base, reviewer, 'POST', `/v1/reviews/${r.body.id}/approve`, {});
    expect(twice.status).toBe(409);
    const tx = await waitForTx(base, token, r.body.id, statusIs('confirmed'));
    expect(tx.history.map((h: any) => h.status)).toEqual([
      'pending_policy',
      'pending_review',
      'queued',
      'signed',
      'submitted',
      'submitted',
      'confirmed',
    ]);
    expect(await tusdOf(to)).toBe(parseUnits('12000', 6));
    const audit = await api(base, token, 'GET', `/v1/audit-log?subject=${r.body.id}`);
    expect(audit.body.data.map((e: any) => e.action)).toContain('review.approved');
  });

  it('self-review is refused per principal: an admin’s own review key, even approved by others, and any other key of the creator', async () => {
    // issue 12 part 4: an admin key minted a review key and approved its own 10,002 tUSD transfer
    const adminPrincipal = keel.adminPrincipal;
    const r = await post({ kind: 'transfer', to: fresh(), asset: 'tUSD', amount: '10002' });
    expect(r.body.status).toBe('pending_review');
    expect(r.body.createdByPrincipal).toBe(adminPrincipal);
    const minted = await api(base, token, 'POST', '/v1/api-keys', { name: 'my reviewer', scopes: ['review'] });
    expect(minted.status, JSON.stringify(minted.body)).toBe(202);
    expect((await api(base, minted.body.token, 'POST', `/v1/reviews/${r.body.id}/approve`, {})).status).toBe(401);
    const other = await keel.tokenWith(['admin']);
    expect(
      (await api(base, other, 'POST', `/v1/access-requests/${minted.body.accessRequest.id}/approve`, {})).body.status,
    ).toBe('approved');
    const self = await api(base, minted.body.token, 'POST', `/v1/reviews/${r.body.id}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('self_review');
    const bootstrapped = await keel.tokenWith(['review'], { principal: adminPrincipal });
    expect((await api(base, bootstrapped, 'POST', `/v1/reviews/${r.body.id}/approve`, {})).body.code).toBe(
      'self_review',
    );
    expect((await api(base, token, 'GET', `/v1/transactions/${r.body.id}`)).body.status).toBe('pending_review');
    // another principal's reviewer decides, and the resource names both principals
    const reviewerPrincipal = await keel.principal('reviewer');
    const reviewer = await keel.tokenWith(['review'], { principal: reviewerPrincipal });
    const rej = await api(base, reviewer, 'POST', `/v1/reviews/${r.body.id}/reject`, { note: 'not needed' });
    expect(rej.status, JSON.stringify(rej.body)).toBe(200);
    expect(rej.body.review).toMatchObject({ decision: 'rejected', decidedByPrincipal: reviewerPrincipal });
  });

  it('a rejection needs a note, ends the transaction and gives the window usage back', async () => {
    const reviewer = await keel.tokenWith(['review']);
    const r = await post({ kind: 'transfer', to: fresh(), asset: 'tUSD', amount: '15000' });
    expect(r.body.status).toBe('pending_review');
    expect((await api(base, reviewer, 'POST', `/v1/reviews/${r.body.id}/reject`, {})).status).toBe(422);
    const rej = await api(base, reviewer, 'POST', `/v1/reviews/${r.body.id}/reject`, { note: 'unknown payee' });
    expect(rej.status).toBe(200);
    expect(rej.body.status).toBe('rejected');
    expect(rej.body.review).toMatchObject({ decision: 'rejected', note: 'unknown payee' });
    const audit = await api(base, token, 'GET', `/v1/audit-log?subject=${r.body.id}`);
    expect(audit.body.data.map((e: any) => e.action)).toContain('review.rejected');
  });

  it('an expired review ends as expired, and approving it afterwards is refused', async () => {
    const reviewer = await keel.tokenWith(['review']);
    const a = await post({ kind: 'transfer', to: fresh(), asset: 'tUSD', amount: '11000' });
    const b = await post({ kind: 'transfer', to: fresh(), asset: 'tUSD', amount: '11000' });
    // Time passes: move both reviews' deadline into the past; the worker expires `a`.
    await db.db
      .updateTable('transactions')
      .set({ review_expires_at: new Date(Date.now() - 1000), next_run_at: new Date() })
      .where('id', '=', a.body.id)
      .execute();
    await db.db
      .updateTable('transactions')
      .set({ review_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', b.body.id)
      .execute();
    const ta = await waitForTx(base, token, a.body.id, statusIs('expired'));
    expect(ta.statusReason).toBe('review_expired');
    const late = await api(base, reviewer, 'POST', `/v1/reviews/${b.body.id}/approve`, {});
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('review_expired');
    expect((await api(base, token, 'GET', `/v1/transactions/${b.body.id}`)).body.status).toBe('expired');
  });

  it('cancels a transaction waiting for review (audit-logged); a final one cannot be cancelled', async () => {
    const r = await post({ kind: 'transfer', to: fresh(), asset: 'tUSD', amount: '11000' });
    const c = await api(base, token, 'POST', `/v1/transactions/${r.body.id}/cancel`, { reason: 'customer withdrew' });
    expect(c.status).toBe(200);
    expect(c.body.status).toBe('cancelled');
    expect((await api(base, token, 'POST', `/v1/transactions/${r.body.id}/cancel`, {})).status).toBe(409);
    const audit = await api(base, token, 'GET', `/v1/audit-log?subject=${r.body.id}`);
    expect(audit.body.data.map((e: any) => e.action)).toContain('transaction.cancelled');
  });
});

describe('bad input', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    [
      'unknown chain',
      { chainId: 999, kind: 'transfer', to: '0x1111111111111111111111111111111111111111', asset: 'tUSD', amount: '1' },
      'body.chainId',
    ],
    [
      'unknown asset',
      { kind: 'transfer', to: '0x1111111111111111111111111111111111111111', asset: 'DOGE', amount: '1' },
      'body.asset',
    ],
    [
      'too many decimals',
      { kind: 'transfer', to: '0x1111111111111111111111111111111111111111', asset: 'tUSD', amount: '1.0000001' },
      'body.amount',
    ],
    [
      'zero',
      { kind: 'transfer', to: '0x1111111111111111111111111111111111111111', asset: 'tUSD', amount: '0' },
      'body.amount',
    ],
    [
      'negative',
      { kind: 'transfer', to: '0x1111111111111111111111111111111111111111', asset: 'tUSD', amount: '-5' },
      'body.amount',
    ],
    [
      'overflowing',
      { kind: 'transfer', to: '0x1111111111111111111111111111111111111111', asset: 'tUSD', amount: '9'.repeat(80) },
      'body.amount',
    ],
    ['malformed address', { kind: 'transfer', to: '0x12345', asset: 'tUSD', amount: '1' }, 'body.to'],
    [
      'unknown signer',
      {
        signer: 'nobody',
        kind: 'transfer',
        to: '0x1111111111111111111111111111111111111111',
        asset: 'tUSD',
        amount: '1',
      },
      'body.signer',
    ],
    [
      'mis-encoded argument',
      {
        kind: 'contract_call',
        to: '0x97a7E38964F1caa587a5383EfCF7c4b0085D1750',
        call: { function: 'approve(address,uint256)', args: ['0x1111111111111111111111111111111111111111', 'lots'] },
      },
      'body.call.args.1',
    ],
    [
      'wrong arity',
      {
        kind: 'contract_call',
        to: '0x97a7E38964F1caa587a5383EfCF7c4b0085D1750',
        call: { function: 'approve(address,uint256)', args: ['0x1111111111111111111111111111111111111111'] },
      },
      'body.call.args',
    ],
    [
      'bad signature',
      {
        kind: 'contract_call',
        to: '0x97a7E38964F1caa587a5383EfCF7c4b0085D1750',
        call: { function: 'approve(address', args: [] },
      },
      'body.call.function',
    ],
    [
      'bare selector',
      {
        kind: 'contract_call',
        to: '0x97a7E38964F1caa587a5383EfCF7c4b0085D1750',
        call: { function: '0x095ea7b3', args: [] },
      },
      'body.call.function',
    ],
    [
      'call on a transfer',
      {
        kind: 'transfer',
        to: '0x1111111111111111111111111111111111111111',
        asset: 'tUSD',
        amount: '1',
        call: { function: 'approve(address,uint256)', args: [] },
      },
      'body.call',
    ],
  ];
  it.each(cases)('%s → 422 naming the field, nothing recorded', async (_name, body, field) => {
    const before = await countTx();
    const r = await post(body);
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.code).toBe('validation_failed');
    expect(r.body.errors.map((e: any) => e.field)).toContain(field);
    expect(await countTx()).toBe(before);
  });

  it('an unknown id is 404, a malformed one 422', async () => {
    expect((await api(base, token, 'GET', '/v1/transactions/tx_01jzzzzzzzzzzzzzzzzzzzzzzz')).status).toBe(404);
    expect((await api(base, token, 'GET', '/v1/transactions/nope')).status).toBe(422);
  });

  it('the same Idempotency-Key returns the same transaction without a second send', async () => {
    const to = fresh();
    const body = {
      chainId: chain.chainId,
      signer: 'treasury',
      userId: 'u1',
      kind: 'transfer',
      to,
      asset: 'tUSD',
      amount: '3',
    };
    const a = await api(base, token, 'POST', '/v1/transactions', body, { 'idempotency-key': `k-${to}` });
    const b = await api(base, token, 'POST', '/v1/transactions', body, { 'idempotency-key': `k-${to}` });
    expect(b.body.id).toBe(a.body.id);
    await waitForTx(base, token, a.body.id, statusIs('confirmed'));
    expect(await tusdOf(to)).toBe(3_000_000n);
  });
});
