import { randomBytes } from 'node:crypto';
import { encodeFunctionData, getAddress, keccak256, parseUnits, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { keelTestTokenAbi } from '../src/contracts/abis.ts';
import { deployer, users } from '../src/devnet/accounts.ts';
import { devClient, sendDevTx } from '../src/devnet/client.ts';
import { transitionUserOperation } from '../src/smart-accounts/user-operation-store.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { createPayablePayees } from './helpers/payouts.ts';
import { api, pipelinePolicy } from './helpers/pipeline.ts';
import { modulesWithDirectOperations, directOwnerOperations } from './helpers/session-key-direct-operations.ts';
import { waitFor } from './helpers/webhook-receiver.ts';
import { smartAccountOwner } from '../src/devnet/accounts.ts';
import { UserOperationOutcomes } from '../src/smart-accounts/user-operation-outcomes.ts';

/**
 * Every POST route records its answer inside the write transaction of its effect (the
 * crash-safety of `Idempotency-Key`, docs/transactions.md#idempotency). For each POST of the
 * OpenAPI document — so a new route without a case here fails this test — a request with a
 * key on its happy path must leave the key `done` with the `outcome` its write path recorded,
 * and the same key must answer the same again. Routes that write nothing (`outcome: 'none'`)
 * record none.
 */

let chain: TestChain;
let db: TestDatabase;
let keel: TestKeel;
let other: string;
let standIn: ReturnType<typeof directOwnerOperations>;

beforeAll(async () => {
  [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
  const c = chain.world.contracts;
  // Session keys' grants and revocations go through a direct owner-operation sender.
  const outcomes = new UserOperationOutcomes();
  standIn = directOwnerOperations({
    db: db.db,
    chainId: chain.chainId,
    rpcUrl: chain.rpcUrl,
    bundlerUrl: (await chain.bundler()).url,
    ownerKey: smartAccountOwner.privateKey,
    outcomes,
  });
  keel = await startTestKeel(
    devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      policy: {
        document: pipelinePolicy(chain, [
          { id: 'weth', kind: 'asset', effect: 'allow', assets: ['WETH'] },
          {
            id: 'router-swaps',
            kind: 'contract',
            effect: 'allow',
            contracts: [c.uniswapV2Router],
            functions: [
              {
                selector: 'swapExactTokensForTokens(uint256,uint256,address[],address,uint256)',
                args: [{ index: 3, oneOf: [chain.world.accounts.treasury] }],
              },
            ],
          },
        ]),
      },
      payments: { depositFactory: c.depositFactory },
      payouts: { batchContract: c.batchPayout, addressCoolOffSeconds: 0 },
      smartAccounts: { accountFactory: c.smartAccountFactory },
      webhooks: { allowHttp: true, allowPrivateNetworks: true },
    }),
    db,
    'api',
    { modules: modulesWithDirectOperations(standIn.createOperation, outcomes) },
  );
  // Reviews and approvals must come from another key than the one that asked.
  other = await keel.tokenWith(['review', 'policy:approve']);
}, 90_000);

afterAll(async () => {
  await standIn?.idle();
  await keel?.stop();
  await Promise.all([chain?.stop(), db?.close()]);
});

async function post(path: string, body: unknown, key: string, token = keel.adminToken) {
  // A string body is CSV (the payee import); anything else is JSON.
  const csv = typeof body === 'string';
  const r = await fetch(`${keel.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'idempotency-key': key,
      ...(body !== undefined ? { 'content-type': csv ? 'text/csv' : 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: csv ? body : JSON.stringify(body) } : {}),
  });
  return { status: r.status, replayed: r.headers.get('idempotent-replayed'), body: (await r.json()) as any };
}

const freshAddress = () => getAddress(`0x${randomBytes(20).toString('hex')}`);

describe('every POST route records its answer with its effect', () => {
  it('covers each POST operation of the OpenAPI document', { timeout: 120_000 }, async () => {
    const c = chain.world.contracts;
    const transfer = (userId: string, amount = '3') => ({
      chainId: chain.chainId,
      signer: 'treasury',
      kind: 'transfer',
      to: freshAddress(),
      asset: 'tUSD',
      amount,
      userId,
    });
    const checked = new Set<string>();
    let n = 0;

    /** Sends `body` to `path` with a fresh key as `route`, expects `status`, checks the stored key, and returns the answer. */
    const once = async (
      route: string,
      path: string,
      body: unknown,
      status: number,
      opts: { token?: string; records?: boolean } = {},
    ) => {
      const key = `route-${++n}`;
      const first = await post(path, body, key, opts.token);
      expect(first.status, `${route}: ${JSON.stringify(first.body)}`).toBe(status);
      const row = await db.db
        .selectFrom('idempotency_keys')
        .select(['status', 'outcome', 'response_code'])
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      expect(row.status, route).toBe('done');
      expect(row.response_code, route).toBe(status);
      if (opts.records === false) expect(row.outcome, `${route} writes nothing and records nothing`).toBeNull();
      else
        expect(
          row.outcome,
          `${route}: its write path records its answer inside its transaction (recordResponse with its config.outcome)`,
        ).toEqual(expect.any(String));
      const again = await post(path, body, key, opts.token);
      expect(again, route).toMatchObject({ status, replayed: 'true' });
      expect(again.body, route).toEqual(first.body);
      checked.add(route);
      return first.body;
    };

    // API keys: one's own without a privileged scope is active at once (201); a privileged one
    // waits behind an access request (202). Both answers, and their one-time tokens, commit with the key.
    const created = await once(
      'POST /v1/api-keys',
      '/v1/api-keys',
      { name: 'routes', scopes: ['transactions:read'] },
      201,
    );
    expect(created).toMatchObject({ status: 'active', accessRequest: null, token: expect.stringMatching(/^keel_sk_/) });
    const pendingKey = await once(
      'POST /v1/api-keys (pending, 202)',
      '/v1/api-keys',
      { name: 'routes privileged', scopes: ['review'] },
      202,
    );
    expect(pendingKey).toMatchObject({
      status: 'pending',
      accessRequest: { status: 'pending' },
      token: expect.stringMatching(/^keel_sk_/),
    });
    await once('POST /v1/api-keys/{id}/revoke', `/v1/api-keys/${created.id}/revoke`, undefined, 200);

    // Principals and access requests: decided by another principal than the one that asked.
    const approver = await keel.tokenWith(['admin']);
    const asked = await once(
      'POST /v1/principals',
      '/v1/principals',
      { name: 'routes-principal', kind: 'service', key: { name: 'routes-service', scopes: ['transactions:read'] } },
      202,
    );
    expect(asked).toMatchObject({
      principal: { status: 'pending' },
      accessRequest: { status: 'pending' },
      apiKey: { status: 'pending', token: expect.stringMatching(/^keel_sk_/) },
    });
    const approved = await once(
      'POST /v1/access-requests/{id}/approve',
      `/v1/access-requests/${asked.accessRequest.id}/approve`,
      {},
      200,
      { token: approver },
    );
    expect(approved.status).toBe('approved');
    await once(
      'POST /v1/access-requests/{id}/reject',
      `/v1/access-requests/${pendingKey.accessRequest.id}/reject`,
      { note: 'no' },
      200,
      { token: approver },
    );

    // Webhooks
    const endpoint = await once(
      'POST /v1/webhook-endpoints',
      '/v1/webhook-endpoints',
      { url: 'http://127.0.0.1:9/routes', eventTypes: ['*'] },
      201,
    );
    await once(
      'POST /v1/webhook-endpoints/{id}/rotate-secret',
      `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`,
      undefined,
      200,
    );
    const delivery = await once(
      'POST /v1/webhook-endpoints/{id}/test',
      `/v1/webhook-endpoints/${endpoint.id}/test`,
      undefined,
      202,
    );
    await once(
      'POST /v1/webhook-endpoints/{id}/replay',
      `/v1/webhook-endpoints/${endpoint.id}/replay`,
      { since: new Date(Date.now() - 3_600_000).toISOString() },
      200,
    );
    // No delivery worker runs here: finish the test delivery by hand so it can be retried.
    await db.db.updateTable('webhook_deliveries').set({ status: 'failed' }).where('id', '=', delivery.id).execute();
    await once('POST /v1/webhook-deliveries/{id}/retry', `/v1/webhook-deliveries/${delivery.id}/retry`, undefined, 200);

    // Policy
    const active = (await fetch(`${keel.url}/v1/policy`, {
      headers: { authorization: `Bearer ${keel.adminToken}` },
    }).then((r) => r.json())) as any;
    const withRule = (id: string) => ({
      ...active.document,
      rules: [...active.document.rules, { id, kind: 'chain', effect: 'allow', chainIds: [chain.chainId] }],
    });
    const toApprove = await once(
      'POST /v1/policy/proposals',
      '/v1/policy/proposals',
      { document: withRule('routes-a') },
      201,
    );
    await once('POST /v1/policy/proposals/{id}/approve', `/v1/policy/proposals/${toApprove.id}/approve`, {}, 200, {
      token: other,
    });
    const toReject = await post('/v1/policy/proposals', { document: withRule('routes-b') }, 'proposal-to-reject');
    await once(
      'POST /v1/policy/proposals/{id}/reject',
      `/v1/policy/proposals/${toReject.body.id}/reject`,
      { note: 'no' },
      200,
      { token: other },
    );
    const treasury = keel.signers.get('treasury')!.address;
    await once(
      'POST /v1/policy/evaluate',
      '/v1/policy/evaluate',
      { chainId: chain.chainId, kind: 'transfer', from: treasury, to: freshAddress(), asset: 'tUSD', amount: '1' },
      200,
      { records: false },
    );

    // Signing previews write nothing: the answer is rendered again on a retry.
    await once(
      'POST /v1/signing-previews',
      '/v1/signing-previews',
      { chainId: chain.chainId, message: 'Sign in to example.com', origin: 'example.com' },
      200,
      { records: false },
    );

    // Transactions and reviews
    const tx = await once('POST /v1/transactions', '/v1/transactions', transfer('routes-user'), 201);
    await once('POST /v1/transactions/{id}/cancel', `/v1/transactions/${tx.id}/cancel`, {}, 200);
    const big = [
      await post('/v1/transactions', transfer('routes-review', '15000'), 'big-1'),
      await post('/v1/transactions', transfer('routes-review', '15000'), 'big-2'),
    ];
    expect(big.map((b) => b.body.status)).toEqual(['pending_review', 'pending_review']);
    await once('POST /v1/reviews/{id}/approve', `/v1/reviews/${big[0]!.body.id}/approve`, {}, 200, { token: other });
    await once('POST /v1/reviews/{id}/reject', `/v1/reviews/${big[1]!.body.id}/reject`, { note: 'no' }, 200, {
      token: other,
    });
    // A denial records the rejected transaction and answers 403: that answer commits with it.
    const denied = await once(
      'POST /v1/transactions (denied)',
      '/v1/transactions',
      { ...transfer('routes-denied'), to: '0x000000000000000000000000000000000000dEaD' },
      403,
    );
    expect(denied.code).toBe('policy_denied');

    // Swaps
    const quote = await once(
      'POST /v1/swaps/quotes',
      '/v1/swaps/quotes',
      {
        chainId: chain.chainId,
        account: 'treasury',
        userId: 'routes-swap',
        tokenIn: 'tUSD',
        tokenOut: 'WETH',
        amountIn: '10',
      },
      201,
    );
    await once('POST /v1/swaps', '/v1/swaps', { quoteId: quote.id }, 201);

    // Breakers
    await once('POST /v1/breakers/{key}/trip', '/v1/breakers/routes-breaker:1/trip', { reason: 'routes' }, 200);
    await once('POST /v1/breakers/{key}/reset', '/v1/breakers/routes-breaker:1/reset', {}, 200);

    // Treasury mandates: decided by another principal than the proposer's.
    const mandateDoc = (name: string) => ({
      name,
      chainId: chain.chainId,
      signer: 'treasury',
      asset: 'tUSD',
      vaults: [{ address: c.vault, targetBps: 4500, maxAllocation: { bps: 5000 } }],
      buffer: { bps: 1000 },
      maxShareOfVaultBps: 10_000,
      reviewThreshold: '1000',
      maxDailyMovement: '5000',
    });
    const mandate = await once(
      'POST /v1/treasury/mandates',
      '/v1/treasury/mandates',
      { document: mandateDoc('routes-a') },
      201,
    );
    await once(
      'POST /v1/treasury/mandates/{id}/approve',
      `/v1/treasury/mandates/${mandate.mandateId}/approve`,
      { version: 1 },
      200,
      { token: other },
    );
    await post(
      `/v1/treasury/mandates/${mandate.mandateId}/approve`,
      { version: 1 },
      'mandate-second-approval',
      await keel.tokenWith(['policy:approve']),
    );
    // Its plans: made, then executed (the test policy knows no `treasury` rules: denied, and the
    // denial is the recorded answer).
    const plan = await once(
      'POST /v1/treasury/mandates/{id}/plans',
      `/v1/treasury/mandates/${mandate.mandateId}/plans`,
      {},
      201,
    );
    await once('POST /v1/treasury/plans/{planId}/execute', `/v1/treasury/plans/${plan.id}/execute`, {}, 403);
    const mandateToReject = await post(
      '/v1/treasury/mandates',
      { document: mandateDoc('routes-b') },
      'mandate-to-reject',
    );
    await once(
      'POST /v1/treasury/mandates/{id}/reject',
      `/v1/treasury/mandates/${mandateToReject.body.mandateId}/reject`,
      { version: 1, note: 'no' },
      200,
      { token: other },
    );

    // Payees: created, imported, an address changed and decided on (by another principal), disabled.
    const payee = await once(
      'POST /v1/payees',
      '/v1/payees',
      {
        name: 'Routes payee',
        reference: 'routes-payee',
        addresses: [{ chainId: chain.chainId, asset: 'tUSD', address: freshAddress() }],
      },
      201,
    );
    await once(
      'POST /v1/payees/import',
      '/v1/payees/import',
      `name,reference,chainId,asset,address\nImported,routes-import,${chain.chainId},tUSD,${freshAddress()}\n`,
      201,
    );
    await once(
      'POST /v1/payees/{id}/address-changes/{changeId}/approve',
      `/v1/payees/${payee.id}/address-changes/${payee.addresses[0].id}/approve`,
      {},
      200,
      { token: other },
    );
    const payeeChange = await once(
      'POST /v1/payees/{id}/address-changes',
      `/v1/payees/${payee.id}/address-changes`,
      { chainId: chain.chainId, asset: 'tUSD', address: freshAddress() },
      201,
    );
    await once(
      'POST /v1/payees/{id}/address-changes/{changeId}/reject',
      `/v1/payees/${payee.id}/address-changes/${payeeChange.id}/reject`,
      { note: 'no' },
      200,
      { token: other },
    );

    // Accruals: a credit, a stream, its stop.
    await once(
      'POST /v1/accruals',
      '/v1/accruals',
      { payeeId: payee.id, chainId: chain.chainId, asset: 'tUSD', amount: '0.25', reference: 'routes-credit-1' },
      201,
    );
    const stream = await once(
      'POST /v1/accruals/streams',
      '/v1/accruals/streams',
      {
        payeeId: payee.id,
        chainId: chain.chainId,
        asset: 'tUSD',
        ratePerSecond: '0.000001',
        startAt: new Date(Date.now() - 60_000).toISOString(),
      },
      201,
    );
    await once('POST /v1/accruals/streams/{id}/stop', `/v1/accruals/streams/${stream.id}/stop`, {}, 200);
    await once('POST /v1/payees/{id}/disable', `/v1/payees/${payee.id}/disable`, {}, 200);

    // Payments
    const intent = await once(
      'POST /v1/payment-intents',
      '/v1/payment-intents',
      { amount: '25', asset: 'tUSD', customerReference: 'routes-customer' },
      201,
    );
    const paid = (await post('/v1/payment-intents', { amount: '25', asset: 'tUSD' }, 'paid-intent')).body;
    await once('POST /v1/payment-intents/{id}/cancel', `/v1/payment-intents/${intent.id}/cancel`, {}, 200);
    // No watcher runs here: record a final deposit of 25 tUSD by hand so there is something to refund.
    await db.db
      .insertInto('payment_deposits')
      .values({
        id: `dep_${randomBytes(8).toString('hex')}`,
        intent_id: paid.id,
        chain_id: chain.chainId,
        tx_hash: `0x${randomBytes(32).toString('hex')}`,
        log_index: 0,
        block_number: 1,
        block_hash: `0x${randomBytes(32).toString('hex')}`,
        token: c.tUSD,
        asset: 'tUSD',
        from_address: freshAddress(),
        amount: '25000000',
        kind: 'payment',
        status: 'confirmed',
        block_time: new Date(),
        confirmed_at: new Date(),
      } as never)
      .execute();
    await once(
      'POST /v1/payment-intents/{id}/refunds',
      `/v1/payment-intents/${paid.id}/refunds`,
      { amount: '5', to: freshAddress(), reason: 'overpayment' },
      201,
    );

    // Payout plans and runs (docs/payouts.md), to a payable payee (its address approved by another principal).
    const [routesPayee] = await createPayablePayees({
      url: keel.url!,
      writer: keel.adminToken,
      reviewer: other,
      chainId: chain.chainId,
      n: 1,
      prefix: 'routes-run',
    });
    const payoutPlan = (amount: string) => ({
      name: 'routes',
      chainId: chain.chainId,
      asset: 'tUSD',
      recipients: [{ payeeId: routesPayee!.id, shareBps: 10_000 }],
      source: { kind: 'fixed', amount },
    });
    const period = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' };
    const bigPlan = await once('POST /v1/payout-plans', '/v1/payout-plans', payoutPlan('5000'), 201);
    const inReview = await once('POST /v1/payout-runs', '/v1/payout-runs', { planId: bigPlan.id, period }, 201);
    expect(inReview.status).toBe('pending_review');
    // Approved by another principal; the test policy knows no `payout` rules, so its batch is
    // denied and its line fails (`not_sent:policy_denied`): what a retry sends again.
    await once('POST /v1/payout-runs/{id}/approve', `/v1/payout-runs/${inReview.id}/approve`, {}, 200, {
      token: other,
    });
    await once('POST /v1/payout-runs/{id}/retry', `/v1/payout-runs/${inReview.id}/retry`, {}, 200);
    const otherPlan = (await post('/v1/payout-plans', payoutPlan('4000'), 'payout-plan-2')).body;
    const runToReject = (await post('/v1/payout-runs', { planId: otherPlan.id, period }, 'payout-run-2')).body;
    await once('POST /v1/payout-runs/{id}/reject', `/v1/payout-runs/${runToReject.id}/reject`, {}, 200, {
      token: other,
    });
    // Proof of reserves: a snapshot, a draft with one external reserve address, its signature, publish.
    const snapshot = await once(
      'POST /v1/liability-snapshots',
      '/v1/liability-snapshots',
      { asOf: '2026-12-01T00:00:00Z', rows: [{ userId: 'u1', asset: 'tUSD', balance: '10' }] },
      201,
    );
    const holder = privateKeyToAccount(users[0]!.privateKey);
    const draft = await once(
      'POST /v1/attestations',
      '/v1/attestations',
      {
        snapshotId: snapshot.id,
        chains: [{ chainId: chain.chainId }],
        extraReserves: [{ chainId: chain.chainId, address: holder.address }],
      },
      201,
    );
    await once(
      'POST /v1/attestations/{id}/signatures',
      `/v1/attestations/${draft.id}/signatures`,
      { address: holder.address, signature: await holder.signMessage({ message: draft.message }) },
      200,
    );
    await once('POST /v1/attestations/{id}/publish', `/v1/attestations/${draft.id}/publish`, {}, 200);

    // Account abstraction: an end user's smart account (created once: the same key replays 201),
    // a sponsorship policy, a dry-run decision and its disabling.
    const smartAccount = await once(
      'POST /v1/smart-accounts',
      '/v1/smart-accounts',
      { chainId: chain.chainId, userId: 'routes-user' },
      201,
    );
    // A session key: granted (pending), active once its owner operation is confirmed, then revoked.
    const sessionKey = await once(
      'POST /v1/smart-accounts/{id}/session-keys',
      `/v1/smart-accounts/${smartAccount.id}/session-keys`,
      {
        keyAddress: freshAddress(),
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        token: { asset: 'tUSD', recipients: [freshAddress()], perOperation: '1', total: '2' },
      },
      201,
    );
    await waitFor(
      async () =>
        (
          await api(
            keel.url!,
            keel.adminToken,
            'GET',
            `/v1/smart-accounts/${smartAccount.id}/session-keys/${sessionKey.id}`,
          )
        ).body.status === 'active',
      'the session key grant',
      60_000,
    );
    await once(
      'POST /v1/smart-accounts/{id}/session-keys/{keyId}/revoke',
      `/v1/smart-accounts/${smartAccount.id}/session-keys/${sessionKey.id}/revoke`,
      undefined,
      200,
    );
    // User operations of that account (funded with tUSD): one queued and cancelled, one held for
    // review and approved by another principal, and an external owner's signature.
    const mintTusd = (to: string, amount: string) =>
      sendDevTx(devClient(chain.rpcUrl), {
        label: 'mint tUSD',
        from: deployer.address,
        to: c.tUSD,
        data: encodeFunctionData({
          abi: keelTestTokenAbi,
          functionName: 'mint',
          args: [to as `0x${string}`, parseUnits(amount, 6)],
        }),
      });
    await mintTusd(smartAccount.address, '20000');
    const uopTransfer = (amount: string) => ({
      smartAccountId: smartAccount.id,
      calls: [{ kind: 'transfer', to: freshAddress(), asset: 'tUSD', amount }],
    });
    const queuedOp = await once('POST /v1/user-operations', '/v1/user-operations', uopTransfer('1'), 201);
    await once('POST /v1/user-operations/{id}/cancel', `/v1/user-operations/${queuedOp.id}/cancel`, {}, 200);
    const heldOp = (await post('/v1/user-operations', uopTransfer('12000'), 'uop-held')).body;
    expect(heldOp.status).toBe('pending_review');
    await once(
      'POST /v1/user-operations/{id}/review',
      `/v1/user-operations/${heldOp.id}/review`,
      { decision: 'approve' },
      200,
      { token: other },
    );
    const owner = privateKeyToAccount(generatePrivateKey());
    const external = (
      await post(
        '/v1/smart-accounts',
        { chainId: chain.chainId, userId: 'routes-external', owner: { kind: 'external', address: owner.address } },
        'sa-external',
      )
    ).body;
    await mintTusd(external.address, '10');
    const signOp = (await post('/v1/user-operations', { ...uopTransfer('1'), smartAccountId: external.id }, 'uop-ext'))
      .body;
    const userOpHash = keccak256(toHex(signOp.id));
    await db.db.transaction().execute((trx) =>
      transitionUserOperation(trx, signOp.id, {
        from: ['queued'],
        to: 'awaiting_signature',
        reason: 'test',
        patch: {
          user_op: JSON.stringify({ signature: '0x' }),
          user_op_hash: userOpHash,
          signature_deadline: new Date(Date.now() + 600_000),
        },
      }),
    );
    await once(
      'POST /v1/user-operations/{id}/signature',
      `/v1/user-operations/${signOp.id}/signature`,
      { signature: await owner.sign({ hash: userOpHash }) },
      200,
    );
    const sponsorPolicy = await once(
      'POST /v1/sponsorship-policies',
      '/v1/sponsorship-policies',
      {
        name: 'routes',
        maxCostUsdPerOperation: '1',
        chains: [chain.chainId],
        globalBudget: { amountUsd: '100', period: 'day' },
      },
      201,
    );
    await once(
      'POST /v1/sponsorship-policies/{id}/evaluate',
      `/v1/sponsorship-policies/${sponsorPolicy.id}/evaluate`,
      {
        chainId: chain.chainId,
        sender: freshAddress(),
        userId: 'routes-user',
        calls: [{ to: c.tUSD, selector: '0xa9059cbb' }],
        maxCostUsd: '0.5',
        maxGas: '300000',
      },
      200,
    );
    // The ERC-7677 paymaster endpoint answers JSON-RPC (always 200) and writes no answer of its
    // own: a signature is a fresh reservation each time (`outcome: 'none'`).
    const rpc = await once(
      'POST /v1/paymaster/{policyId}',
      `/v1/paymaster/${sponsorPolicy.id}`,
      { jsonrpc: '2.0', id: 1, method: 'pm_getPaymasterStubData', params: [] },
      200,
      { records: false },
    );
    expect(rpc).toMatchObject({ jsonrpc: '2.0', id: 1, error: { code: -32602 } });
    await once(
      'POST /v1/sponsorship-policies/{id}/disable',
      `/v1/sponsorship-policies/${sponsorPolicy.id}/disable`,
      {},
      200,
    );

    const doc = (await fetch(`${keel.url}/openapi.json`).then((r) => r.json())) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const posts = Object.entries(doc.paths).flatMap(([p, methods]) => ('post' in methods ? [`POST ${p}`] : []));
    expect(
      posts.filter((p) => !checked.has(p)),
      'POST routes without a case here: add one',
    ).toEqual([]);
  });
});
