import { type Address, encodeFunctionData, getAddress, keccak256, parseUnits, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keelTestTokenAbi } from '../src/contracts/abis.ts';
import { deployer } from '../src/devnet/accounts.ts';
import { newId } from '../src/lib/ids.ts';
import { type DevClient, devClient, sendDevTx } from '../src/devnet/client.ts';
import { UserOperationOutcomes } from '../src/smart-accounts/user-operation-outcomes.ts';
import { type SessionKeyLookup, UserOperations } from '../src/smart-accounts/user-operation-service.ts';
import { transitionUserOperation } from '../src/smart-accounts/user-operation-store.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api, pipelinePolicy } from './helpers/pipeline.ts';

/**
 * POST /v1/user-operations and its synchronous half on a dev chain with the demo world: a smart
 * account's batch judged like transactions (policy per call, one simulation from the account,
 * preview, review with four eyes, window reservation), cancellation, the external signature, and
 * a session key's scope. The worker (queued onwards) is not part of this process's role.
 */
describe('user operations: intake, review, cancel, signature', () => {
  let chain: TestChain;
  let client: DevClient;
  let db: TestDatabase;
  let keel: TestKeel;
  let tUSD: Address;
  const recipientA = getAddress('0x00000000000000000000000000000000000a11ce');
  const recipientB = getAddress('0x0000000000000000000000000000000000000b0b');

  const post = (path: string, body: unknown, token = keel.adminToken) => api(keel.url!, token, 'POST', path, body);
  const get = (path: string, token = keel.adminToken) => api(keel.url!, token, 'GET', path);
  const transfer = (to: Address, amount: string) => ({ kind: 'transfer', to, asset: 'tUSD', amount });
  async function account(userId: string, owner?: Address, token = keel.adminToken) {
    const r = await post(
      '/v1/smart-accounts',
      { chainId: chain.chainId, userId, ...(owner ? { owner: { kind: 'external', address: owner } } : {}) },
      token,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; address: Address };
  }
  const fund = (to: Address, amount: string) =>
    sendDevTx(client, {
      label: 'mint tUSD',
      from: deployer.address,
      to: tUSD,
      data: encodeFunctionData({
        abi: keelTestTokenAbi,
        functionName: 'mint',
        args: [to, parseUnits(amount, 6)],
      }),
    });
  const historyOf = (op: { history: Array<{ status: string }> }) => op.history.map((h) => h.status);

  beforeAll(async () => {
    chain = await startTestChain();
    client = devClient(chain.rpcUrl);
    tUSD = chain.world.contracts.tUSD;
    db = await testDatabase();
    const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      smartAccounts: { accountFactory: chain.world.contracts.smartAccountFactory },
      policy: {
        document: pipelinePolicy(chain, [
          { id: 'daily', kind: 'window', effect: 'deny', per: 'user', windowSeconds: 86_400, limit: { usd: '40000' } },
        ]),
      },
    });
    keel = await startTestKeel(config, db);
  }, 120_000);
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
    await chain?.stop();
  });

  it('queues a batch of two tUSD transfers from a funded counterfactual custodial account', async () => {
    const sa = await account(`uop-batch-${Date.now()}`);
    await fund(sa.address, '100');
    const r = await post('/v1/user-operations', {
      smartAccountId: sa.id,
      calls: [transfer(recipientA, '10'), transfer(recipientB, '2.5')],
      metadata: { ref: 'batch-1' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const op = r.body;
    expect(op).toMatchObject({
      object: 'user_operation',
      status: 'queued',
      signing: 'custodial',
      sender: sa.address,
      smartAccountId: sa.id,
      metadata: { ref: 'batch-1' },
      sponsorship: null,
    });
    expect(
      op.calls.map((c: { to: string; recipient: string; amount: { amount: string } }) => [
        c.to,
        c.recipient,
        c.amount.amount,
      ]),
    ).toEqual([
      [tUSD, recipientA, '10'],
      [tUSD, recipientB, '2.5'],
    ]);
    expect(historyOf(op)).toEqual(['pending_policy', 'queued']);
    // The preview describes both calls; the simulation shows the account's tUSD going out.
    expect(op.preview.lines.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(op.preview.lines)).toContain('10');
    const out = op.simulation.balanceChanges.filter(
      (b: { address: string; asset: string }) =>
        b.address.toLowerCase() === sa.address.toLowerCase() && b.asset.toLowerCase() === tUSD.toLowerCase(),
    );
    expect(out.map((b: { delta: string }) => b.delta)).toEqual([(-parseUnits('12.5', 6)).toString()]);
    // Valued as an outflow of the account (what the policy judged).
    expect(op.exposure.assets[0].outflow.amount).toBe('12.5');
    const row = await db.db.selectFrom('user_operations').selectAll().where('id', '=', op.id).executeTakeFirstOrThrow();
    expect(row.call_data.startsWith('0x34fcd5be')).toBe(true); // executeBatch
    expect(row.entry_point).toBe(chain.world.contracts.entryPoint);
    expect(row.next_run_at).not.toBeNull();
    const usage = await db.db.selectFrom('policy_window_usage').select('ref').where('ref', '=', op.id).execute();
    expect(usage.length).toBeGreaterThan(0);
    const events = await db.db
      .selectFrom('events')
      .select('type')
      .where(sql<string>`data->>'id'`, '=', op.id)
      .execute();
    expect(events.map((e) => e.type)).toEqual(['user_operation.created']);
    const got = await get(`/v1/user-operations/${op.id}`);
    expect(got.body.history).toHaveLength(2);
    const listed = await get(`/v1/user-operations?smartAccountId=${sa.id}`);
    expect(listed.body.data.map((o: { id: string }) => o.id)).toEqual([op.id]);
  });

  it('simulates from an account that already has code (a deployed account) as from a counterfactual one', async () => {
    const sa = await account(`uop-deployed-${Date.now()}`);
    await fund(sa.address, '10');
    // Any contract code at the address: simulation must not refuse a sender that is a contract.
    const code = await client.getCode({ address: chain.world.contracts.smartAccountFactory });
    await client.setCode({ address: sa.address, bytecode: code! });
    const r = await post('/v1/user-operations', { smartAccountId: sa.id, calls: [transfer(recipientA, '3')] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.status).toBe('queued');
    expect(r.body.exposure.assets[0].outflow.amount).toBe('3');
    const row = await db.db
      .selectFrom('user_operations')
      .select('call_data')
      .where('id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    expect(row.call_data.startsWith('0xb61d27f6')).toBe(true); // execute(address,uint256,bytes)
  });

  it('denies the whole batch when one call is not allowed: 403, a rejected row, nothing queued', async () => {
    const sa = await account(`uop-deny-${Date.now()}`);
    await fund(sa.address, '100');
    const r = await post('/v1/user-operations', {
      smartAccountId: sa.id,
      calls: [
        transfer(recipientA, '1'),
        {
          kind: 'contract_call',
          to: chain.world.contracts.tEUR,
          call: { function: 'approve(address,uint256)', args: [recipientB, '1'] },
        },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(r.body.code).toBe('policy_denied');
    expect(r.body.decision.outcome).toBe('deny');
    expect(r.body.userOperation.status).toBe('rejected');
    const rows = await db.db
      .selectFrom('user_operations')
      .select(['status', 'next_run_at'])
      .where('account_id', '=', sa.id)
      .execute();
    expect(rows).toEqual([{ status: 'rejected', next_run_at: null }]);
  });

  it('answers bad input with body.calls[i] paths and writes nothing; another principal’s account as unknown', async () => {
    const sa = await account(`uop-bad-${Date.now()}`);
    const bad = await post('/v1/user-operations', {
      smartAccountId: sa.id,
      calls: [
        transfer(recipientA, '1'),
        { kind: 'transfer', to: recipientB, asset: 'NOPE', amount: '1' },
        transfer(recipientA, '0.0000001'),
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['body.calls[1].asset', 'unknown_asset'],
      ['body.calls[2].amount', 'too_many_decimals'],
    ]);
    const none = await post('/v1/user-operations', { smartAccountId: sa.id, calls: [] });
    expect(none.status).toBe(422);
    const bob = await keel.tokenWith(['smart_accounts:write', 'smart_accounts:read']);
    const foreign = await post(
      '/v1/user-operations',
      { smartAccountId: sa.id, calls: [transfer(recipientA, '1')] },
      bob,
    );
    const unknown = await post(
      '/v1/user-operations',
      { smartAccountId: newId('sa'), calls: [transfer(recipientA, '1')] },
      bob,
    );
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toEqual(unknown.body.errors);
    const rows = await db.db.selectFrom('user_operations').select('id').where('account_id', '=', sa.id).execute();
    expect(rows).toEqual([]);
  });

  it('holds a large batch for review: self-review refused, another principal approves → queued; cancel', async () => {
    const sa = await account(`uop-review-${Date.now()}`);
    await fund(sa.address, '30000');
    const held = await post('/v1/user-operations', { smartAccountId: sa.id, calls: [transfer(recipientA, '12000')] });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    expect(held.body.status).toBe('pending_review');
    expect(held.body.review.expiresAt).toBeTruthy();
    const heldEvents = await db.db
      .selectFrom('events')
      .select('type')
      .where(sql<string>`data->>'id'`, '=', held.body.id)
      .orderBy('id')
      .execute();
    expect(heldEvents.map((e) => e.type)).toEqual(['user_operation.created', 'user_operation.review_required']);
    const self = await post(`/v1/user-operations/${held.body.id}/review`, { decision: 'approve' });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('self_review');
    const reviewer = await keel.tokenWith(['review']);
    const ok = await post(
      `/v1/user-operations/${held.body.id}/review`,
      { decision: 'approve', note: 'checked' },
      reviewer,
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('queued');
    expect(ok.body.review).toMatchObject({ decision: 'approved', note: 'checked' });
    const again = await post(`/v1/user-operations/${held.body.id}/review`, { decision: 'reject' }, reviewer);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('user_operation_state');

    // Cancel: only the account's principal; then its window usage is given back.
    const bob = await keel.tokenWith(['smart_accounts:write', 'smart_accounts:read']);
    expect((await post(`/v1/user-operations/${held.body.id}/cancel`, {}, bob)).status).toBe(404);
    expect((await get(`/v1/user-operations/${held.body.id}`, bob)).status).toBe(404);
    const cancelled = await post(`/v1/user-operations/${held.body.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(historyOf(cancelled.body)).toEqual(['pending_policy', 'pending_review', 'queued', 'cancelled']);
    const usage = await db.db
      .selectFrom('policy_window_usage')
      .select('ref')
      .where('ref', '=', held.body.id)
      .where('released_at', 'is', null)
      .execute();
    expect(usage).toEqual([]);
    const twice = await post(`/v1/user-operations/${held.body.id}/cancel`, {});
    expect(twice.status).toBe(409);
  });

  it('takes the external owner’s signature over userOpHash only, before the deadline', async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const sa = await account(`uop-sig-${Date.now()}`, owner.address);
    await fund(sa.address, '10');
    const mk = async () => {
      const r = await post('/v1/user-operations', { smartAccountId: sa.id, calls: [transfer(recipientA, '1')] });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.signing).toBe('external');
      return r.body.id as string;
    };
    // What the worker would do: build the operation, hash it, wait for the owner.
    const awaiting = async (id: string, deadline: Date) => {
      const hash = keccak256(toHex(id));
      await db.db.transaction().execute((trx) =>
        transitionUserOperation(trx, id, {
          from: ['queued'],
          to: 'awaiting_signature',
          reason: 'test',
          patch: {
            user_op: JSON.stringify({ sender: sa.address, nonce: '0', signature: '0x' }),
            user_op_hash: hash,
            signature_deadline: deadline,
            next_run_at: deadline,
          },
        }),
      );
      return hash;
    };
    const id = await mk();
    const early = await post(`/v1/user-operations/${id}/signature`, { signature: `0x${'11'.repeat(65)}` });
    expect(early.status).toBe(409);
    const hash = await awaiting(id, new Date(Date.now() + 600_000));
    const stranger = privateKeyToAccount(generatePrivateKey());
    const wrong = await post(`/v1/user-operations/${id}/signature`, { signature: await stranger.sign({ hash }) });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('invalid_signature');
    expect((await get(`/v1/user-operations/${id}`)).body.status).toBe('awaiting_signature');
    const sig = await owner.sign({ hash });
    const signed = await post(`/v1/user-operations/${id}/signature`, { signature: sig });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.status).toBe('signed');
    expect(signed.body.userOperation.signature).toBe(`0x00${sig.slice(2)}`);

    const late = await mk();
    const lateHash = await awaiting(late, new Date(Date.now() - 1_000));
    const tooLate = await post(`/v1/user-operations/${late}/signature`, {
      signature: await owner.sign({ hash: lateHash }),
    });
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.code).toBe('signature_window_passed');
    expect((await get(`/v1/user-operations/${late}`)).body.status).toBe('awaiting_signature');
  });

  it('refuses calls outside a session key’s scope with session_scope_violation', async () => {
    const sa = await account(`uop-session-${Date.now()}`);
    await fund(sa.address, '100');
    const key = privateKeyToAccount(generatePrivateKey());
    const sessionKeys: SessionKeyLookup = {
      async scopeFor(accountId, sessionKeyId) {
        if (accountId !== sa.id || sessionKeyId !== 'sk_test') return null;
        return {
          address: key.address,
          status: 'active',
          spent: 0n,
          scope: {
            validAfter: 0,
            validUntil: 0,
            token: tUSD,
            perOpCap: parseUnits('5', 6),
            totalCap: parseUnits('50', 6),
            valuePerCall: 0n,
            targets: [],
            selectors: [],
            recipients: [recipientA],
          },
        };
      },
    };
    const service = new UserOperations({
      db: db.db,
      config: keel.config,
      pipeline: keel.pipeline,
      sponsorship: {
        get: async () => {
          throw new Error('unused');
        },
        releaseSponsorship: async () => {
          throw new Error('unused');
        },
      },
      outcomes: new UserOperationOutcomes(),
      sessionKeys,
    });
    const actor = { keyId: 'key_test', principalId: keel.adminPrincipal, scopes: ['smart_accounts:write'] };
    const within = await service.create(
      { smartAccountId: sa.id, sessionKeyId: 'sk_test', calls: [transfer(recipientA, '4') as never], metadata: {} },
      actor,
    );
    expect(within).toMatchObject({ status: 'queued', signing: 'session', sessionKeyId: 'sk_test' });
    const outside = await service
      .create(
        { smartAccountId: sa.id, sessionKeyId: 'sk_test', calls: [transfer(recipientB, '1') as never], metadata: {} },
        actor,
      )
      .catch((e: unknown) => e as { code: string; status?: number; extra?: Record<string, any> });
    expect(outside).toMatchObject({ code: 'policy_denied' });
    const rejected = await db.db
      .selectFrom('user_operations')
      .select(['status', 'decision'])
      .where('account_id', '=', sa.id)
      .where('status', '=', 'rejected')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(rejected.decision)).toContain('session_scope_violation');
    const unknownKey = await service
      .create(
        { smartAccountId: sa.id, sessionKeyId: 'sk_other', calls: [transfer(recipientA, '1') as never], metadata: {} },
        actor,
      )
      .catch((e: unknown) => e as { code: string; errors?: Array<{ field: string; code: string }> });
    expect(unknownKey).toMatchObject({ code: 'validation_failed' });
  });

  it('creates a capability’s operation of raw calls with its origin; a denial reaches its outcome handler', async () => {
    const sa = await account(`uop-capability-${Date.now()}`);
    await fund(sa.address, '10');
    const outcomes = new UserOperationOutcomes();
    const seen: Array<{ status: string; id: string }> = [];
    outcomes.register('test.capability', async (_trx, o) => {
      seen.push({ status: o.status, id: o.operation.id });
    });
    const service = new UserOperations({
      db: db.db,
      config: keel.config,
      pipeline: keel.pipeline,
      sponsorship: {
        get: async () => {
          throw new Error('unused');
        },
        releaseSponsorship: async () => {
          throw new Error('unused');
        },
      },
      outcomes,
    });
    const data = encodeFunctionData({
      abi: keelTestTokenAbi,
      functionName: 'transfer',
      args: [recipientA, parseUnits('2', 6)],
    });
    const op = await service.createForCapability({
      smartAccountId: sa.id,
      calls: [{ to: tUSD, data, value: '0' }],
      origin: 'test.capability',
      apiKeyId: 'key_capability',
      principalId: keel.adminPrincipal,
      metadata: { grant: 'g1' },
    });
    expect(op).toMatchObject({ status: 'queued', signing: 'custodial', metadata: { grant: 'g1' } });
    expect(op.calls[0]).toMatchObject({ kind: 'contract_call', to: tUSD, data });
    expect(op.exposure?.assets[0]?.outflow.amount).toBe('2');
    const row = await db.db
      .selectFrom('user_operations')
      .select('origin')
      .where('id', '=', op.id)
      .executeTakeFirstOrThrow();
    expect(row.origin).toBe('test.capability');

    const denied = await service
      .createForCapability({
        smartAccountId: sa.id,
        calls: [{ to: chain.world.contracts.tEUR, data, value: 0n }],
        origin: 'test.capability',
        apiKeyId: 'key_capability',
        principalId: keel.adminPrincipal,
      })
      .catch((e: { code: string }) => e);
    expect(denied).toMatchObject({ code: 'policy_denied' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.status).toBe('rejected');
    // Another principal's account is refused as unknown.
    const foreign = await service
      .createForCapability({
        smartAccountId: sa.id,
        calls: [{ to: tUSD, data, value: 0n }],
        origin: 'test.capability',
        apiKeyId: 'key_other',
        principalId: 'prn_someone_else',
      })
      .catch((e: { code: string }) => e);
    expect(foreign).toMatchObject({ code: 'validation_failed' });
  });
});
