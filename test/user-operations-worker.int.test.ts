import { erc20Abi, parseUnits, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { entryPoint08Abi } from 'viem/account-abstraction';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { treasury } from '../src/devnet/accounts.ts';
import { devClient, type DevClient } from '../src/devnet/client.ts';
import type { UserOperationRow } from '../src/smart-accounts/user-operation-resource.ts';
import { UserOperationOutcomes } from '../src/smart-accounts/user-operation-outcomes.ts';
import { accountSignature } from '../src/smart-accounts/user-operation-logic.ts';
import { UserOpWorkerStore } from '../src/smart-accounts/user-operation-worker-store.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api } from './helpers/pipeline.ts';
import { insertQueuedOperation } from './helpers/user-operation-rows.ts';

/**
 * The user-operation worker end to end on anvil + the shared alto bundler + the database, with
 * Keel running as API and worker in one process: rows are inserted `queued` (as the intake leaves
 * them) and the worker builds, sponsors, signs (custodial) or waits for the external signature,
 * sends, tracks to the configured confirmations, and heals a reorganisation.
 */
describe('user-operation worker', () => {
  let chain: TestChain;
  let client: DevClient;
  let db: TestDatabase;
  let keel: TestKeel;
  let store: UserOpWorkerStore;
  let tUSD: Address;
  let policyId: string;

  const rpc = (method: string, params: unknown[] = []) =>
    client.request({ method: method as never, params: params as never });
  const balance = (a: Address) =>
    client.readContract({ address: tUSD, abi: erc20Abi, functionName: 'balanceOf', args: [a] });
  const row = (id: string) => store.load(db.db, id);
  /** Waits for the operation to satisfy `ok`, mining a block per look (the test chain mines on transactions only). */
  const waitOp = async (id: string, ok: (r: UserOperationRow) => boolean, what: string, mine = true) => {
    const until = Date.now() + 60_000;
    for (;;) {
      const r = await row(id);
      if (ok(r)) return r;
      if (Date.now() > until)
        throw new Error(`timed out waiting for ${what}: ${r.status} ${r.status_reason} ${r.last_error}`);
      if (mine) await rpc('anvil_mine', ['0x1']);
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  const account = async (userId: string, owner?: Address) => {
    const r = await api(keel.url!, keel.adminToken, 'POST', '/v1/smart-accounts', {
      chainId: chain.chainId,
      userId,
      ...(owner ? { owner: { kind: 'external', address: owner } } : {}),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; address: Address };
  };
  const fund = async (to: Address, amount: bigint) => {
    const hash = await client.writeContract({
      account: treasury.address,
      chain: null,
      address: tUSD,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [to, amount],
    });
    await client.waitForTransactionReceipt({ hash });
  };
  const decision = (id: string) =>
    db.db.selectFrom('sponsorship_decisions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const eventsOf = async (id: string) =>
    (await db.db.selectFrom('events').select(['type', 'data']).orderBy('id').execute())
      .filter((e) => JSON.stringify(e.data).includes(id))
      .map((e) => e.type);
  const opEventsOnChain = async (hash: Hex) =>
    client.getContractEvents({
      address: chain.world.contracts.entryPoint,
      abi: entryPoint08Abi,
      eventName: 'UserOperationEvent',
      args: { userOpHash: hash },
      fromBlock: 0n,
    });

  beforeAll(async () => {
    chain = await startTestChain();
    client = devClient(chain.rpcUrl);
    tUSD = chain.world.contracts.tUSD;
    const bundler = await chain.bundler();
    db = await testDatabase();
    const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      chains: { [chain.chainId]: { bundlerUrls: [bundler.url], confirmations: 3, pollIntervalMs: 100 } },
      smartAccounts: {
        accountFactory: chain.world.contracts.smartAccountFactory,
        paymaster: chain.world.contracts.paymaster,
        userOperationWorker: { resendAfterSeconds: 2, pollIntervalMs: 100, reorgWatchBlocks: 20 },
      },
    });
    keel = await startTestKeel(config, db, 'all');
    store = new UserOpWorkerStore(db.db, new UserOperationOutcomes());
    const p = await api(keel.url!, keel.adminToken, 'POST', '/v1/sponsorship-policies', {
      name: 'uop worker',
      chains: [chain.chainId],
      maxCostUsdPerOperation: '1000',
      globalBudget: { amountUsd: '10000', period: 'day' },
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    policyId = p.body.id;
  }, 180_000);
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
    await chain?.stop();
  });

  it('custodial, sponsored first operation: deploys the account, a batch of two tUSD transfers, confirmed and settled', async () => {
    const acct = await account(`u-${Date.now()}-custodial`);
    await fund(acct.address, parseUnits('50', 6));
    const [a, b] = [
      privateKeyToAccount(generatePrivateKey()).address,
      privateKeyToAccount(generatePrivateKey()).address,
    ];
    const op = await insertQueuedOperation(db.db, {
      accountId: acct.id,
      transfers: [
        { token: tUSD, to: a, amount: parseUnits('10', 6) },
        { token: tUSD, to: b, amount: parseUnits('5', 6) },
      ],
      sponsorshipPolicyId: policyId,
    });
    const done = await waitOp(
      op.id,
      (r) => r.status === 'confirmed' || r.status === 'failed' || r.status === 'expired',
      'a final state',
    );
    expect(done.status, JSON.stringify(done)).toBe('confirmed');
    expect(done.success).toBe(true);
    expect(await balance(a)).toBe(parseUnits('10', 6));
    expect(await balance(b)).toBe(parseUnits('5', 6));
    expect(await balance(acct.address)).toBe(parseUnits('35', 6));
    expect(await client.getBalance({ address: acct.address })).toBe(0n); // gas paid by the paymaster
    const d = await decision(done.sponsorship_decision_id!);
    expect(d.status).toBe('settled');
    const sa = await db.db.selectFrom('smart_accounts').selectAll().where('id', '=', acct.id).executeTakeFirstOrThrow();
    expect(sa.deployed_at).not.toBeNull();
    expect(await eventsOf(op.id)).toEqual([
      'user_operation.submitted',
      'user_operation.included',
      'user_operation.confirmed',
    ]);
    const history = (await store.history(db.db, op.id)).map((h) => h.status);
    expect(history).toEqual(['queued', 'signed', 'submitted', 'included', 'confirmed']);
    expect(await opEventsOnChain(done.user_op_hash as Hex)).toHaveLength(1);
    const metrics = await (await fetch(`${keel.url}/metrics`)).text();
    expect(metrics).toMatch(/^keel_user_operations_finished_total\{status="confirmed"\} [1-9]/m);
    expect(metrics).toMatch(/^keel_user_operation_step_duration_seconds_count\{step="queued"\} [1-9]/m);
  }, 90_000);

  it('external owner: awaiting_signature, the owner signs userOpHash, confirmed', async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const acct = await account(`u-${Date.now()}-external`, owner.address);
    await fund(acct.address, parseUnits('20', 6));
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const op = await insertQueuedOperation(db.db, {
      accountId: acct.id,
      transfers: [{ token: tUSD, to, amount: parseUnits('7', 6) }],
      sponsorshipPolicyId: policyId,
    });
    const waiting = await waitOp(op.id, (r) => r.status !== 'queued', 'the signature request', false);
    expect(waiting.status, waiting.last_error ?? '').toBe('awaiting_signature');
    expect(waiting.user_op_hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(waiting.signature_deadline).not.toBeNull();
    const sig = await owner.sign({ hash: waiting.user_op_hash as Hex });
    await store.storeSignature(op.id, accountSignature('owner', sig));
    const done = await waitOp(op.id, (r) => r.status === 'confirmed' || r.status === 'failed', 'a final state');
    expect(done.status, JSON.stringify(done)).toBe('confirmed');
    expect(await balance(to)).toBe(parseUnits('7', 6));
    expect(await eventsOf(op.id)).toEqual([
      'user_operation.signature_required',
      'user_operation.submitted',
      'user_operation.included',
      'user_operation.confirmed',
    ]);
  }, 90_000);

  it('a bad signature: the bundler refuses it, failed, the sponsorship released, nothing moved', async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const acct = await account(`u-${Date.now()}-badsig`, owner.address);
    await fund(acct.address, parseUnits('20', 6));
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const op = await insertQueuedOperation(db.db, {
      accountId: acct.id,
      transfers: [{ token: tUSD, to, amount: parseUnits('7', 6) }],
      sponsorshipPolicyId: policyId,
    });
    // The intake's window reservation (ref = the operation's id): given back when it fails unmined.
    await db.db
      .insertInto('policy_window_usage')
      .values({ window_key: `test:${op.id}`, ref: op.id, rule_id: 'r', at: new Date(), amount: '7000000', count: 1 })
      .execute();
    const waiting = await waitOp(op.id, (r) => r.status === 'awaiting_signature', 'the signature request', false);
    const wrong = await privateKeyToAccount(generatePrivateKey()).sign({ hash: waiting.user_op_hash as Hex });
    await store.storeSignature(op.id, accountSignature('owner', wrong));
    const done = await waitOp(op.id, (r) => r.status === 'failed', 'failed', false);
    expect(done.status_reason).toBe('bundler_rejected');
    expect(done.success).toBeNull();
    const last = (await store.history(db.db, op.id)).at(-1)!;
    expect(JSON.stringify(last.detail)).toMatch(/AA2\d|signature/i);
    expect((await decision(done.sponsorship_decision_id!)).status).toBe('released');
    const usage = await db.db.selectFrom('policy_window_usage').selectAll().where('ref', '=', op.id).execute();
    expect(usage.map((u) => u.released_at)).toEqual([expect.any(Date)]);
    expect(await balance(to)).toBe(0n);
    expect(await eventsOf(op.id)).toEqual([
      'user_operation.signature_required',
      'user_operation.submitted',
      'user_operation.failed',
    ]);
  }, 90_000);

  it('calls that revert (a transfer beyond the balance): refused at estimation, failed, nothing reserved or sent', async () => {
    const acct = await account(`u-${Date.now()}-reverts`);
    const op = await insertQueuedOperation(db.db, {
      accountId: acct.id,
      transfers: [{ token: tUSD, to: acct.address, amount: parseUnits('1', 6) }],
      sponsorshipPolicyId: policyId,
    });
    const done = await waitOp(op.id, (r) => r.status !== 'queued', 'a failure', false);
    expect(done.status, done.last_error ?? '').toBe('failed');
    expect(done.status_reason).toBe('bundler_rejected');
    expect(done.sponsorship_decision_id).toBeNull();
    expect(done.submissions).toBe(0);
    expect(await eventsOf(op.id)).toEqual(['user_operation.failed']);
  }, 60_000);

  it('a reorg of an included operation: back to submitted, sent again, confirmed, one UserOperationEvent', async () => {
    const acct = await account(`u-${Date.now()}-reorg`);
    await fund(acct.address, parseUnits('20', 6));
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const op = await insertQueuedOperation(db.db, {
      accountId: acct.id,
      transfers: [{ token: tUSD, to, amount: parseUnits('3', 6) }],
      sponsorshipPolicyId: policyId,
    });
    const inc = await waitOp(op.id, (r) => r.status === 'included', 'included', false);
    const head = await client.getBlockNumber({ cacheTime: 0 });
    // Replace every block from the inclusion on with empty ones (anvil keeps the height).
    await rpc('anvil_reorg', [Number(head - BigInt(inc.block_number!) + 1n), []]);
    const moved = await waitOp(op.id, (r) => r.reorgs > 0, 'the reorg noticed', false);
    expect(moved.reorgs).toBe(1);
    const done = await waitOp(op.id, (r) => r.status === 'confirmed' || r.status === 'failed', 'confirmed again');
    expect(done.status, JSON.stringify(await store.history(db.db, op.id))).toBe('confirmed');
    expect(done.block_hash).not.toBe(inc.block_hash);
    expect(await balance(to)).toBe(parseUnits('3', 6));
    expect(await opEventsOnChain(done.user_op_hash as Hex)).toHaveLength(1);
    expect(await eventsOf(op.id)).toContain('user_operation.reorged');
    expect((await decision(done.sponsorship_decision_id!)).status).toBe('settled');
  }, 120_000);

  it('a confirmed operation whose block is reorganised away: reorged after final, sent again, confirmed again', async () => {
    const acct = await account(`u-${Date.now()}-deepreorg`);
    await fund(acct.address, parseUnits('20', 6));
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const op = await insertQueuedOperation(db.db, {
      accountId: acct.id,
      transfers: [{ token: tUSD, to, amount: parseUnits('2', 6) }],
      sponsorshipPolicyId: policyId,
    });
    const first = await waitOp(op.id, (r) => r.status === 'confirmed', 'confirmed');
    const head = await client.getBlockNumber({ cacheTime: 0 });
    await rpc('anvil_reorg', [Number(head - BigInt(first.block_number!) + 1n), []]);
    await waitOp(op.id, (r) => r.reorgs > 0, 'the reorg noticed', false);
    const done = await waitOp(op.id, (r) => r.status === 'confirmed' && r.reorgs > 0, 'confirmed again');
    expect(done.block_hash).not.toBe(first.block_hash);
    const reasons = (await store.history(db.db, op.id)).map((h) => `${h.status}:${h.reason}`);
    expect(reasons).toContain('submitted:reorged_after_final');
    expect(reasons.at(-1)).toBe('confirmed:confirmed');
    expect(await opEventsOnChain(done.user_op_hash as Hex)).toHaveLength(1);
    expect(await balance(to)).toBe(parseUnits('2', 6));
    // Settled once, at the first confirmation: the reorganisation does not charge it twice.
    expect((await decision(done.sponsorship_decision_id!)).status).toBe('settled');
  }, 120_000);

  it('a sponsorship denial fails the operation before anything is signed, with the decision’s reasons', async () => {
    const p = await api(keel.url!, keel.adminToken, 'POST', '/v1/sponsorship-policies', {
      name: 'too small',
      chains: [chain.chainId],
      maxCostUsdPerOperation: '0.00000001',
      globalBudget: { amountUsd: '10000', period: 'day' },
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    const acct = await account(`u-${Date.now()}-denied`);
    await fund(acct.address, 1n);
    const op = await insertQueuedOperation(db.db, {
      accountId: acct.id,
      transfers: [{ token: tUSD, to: acct.address, amount: 1n }],
      sponsorshipPolicyId: p.body.id,
    });
    const done = await waitOp(op.id, (r) => r.status !== 'queued', 'a decision', false);
    expect(done.status, done.last_error ?? '').toBe('failed');
    expect(done.status_reason).toBe('sponsorship_denied');
    expect(done.user_op_hash).toBeNull();
    const last = (await store.history(db.db, op.id)).at(-1)!;
    expect(JSON.stringify(last.detail)).toContain('reasons');
    expect((await decision(done.sponsorship_decision_id!)).status).toBe('denied');
    expect(await eventsOf(op.id)).toEqual(['user_operation.failed']);
  }, 60_000);

  it('an external signature that never comes: expired at its deadline, the sponsorship released', async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const acct = await account(`u-${Date.now()}-nosig`, owner.address);
    await fund(acct.address, 1n);
    const op = await insertQueuedOperation(db.db, {
      accountId: acct.id,
      transfers: [{ token: tUSD, to: owner.address, amount: 1n }],
      sponsorshipPolicyId: policyId,
    });
    const waiting = await waitOp(op.id, (r) => r.status === 'awaiting_signature', 'the signature request', false);
    expect(new Date(waiting.next_run_at!).getTime()).toBe(new Date(waiting.signature_deadline!).getTime());
    // The deadline passes (the paymaster's validity is at least 30 s: moved instead of waited for).
    await db.db
      .updateTable('user_operations')
      .set({ signature_deadline: new Date(Date.now() - 1_000), next_run_at: new Date() })
      .where('id', '=', op.id)
      .execute();
    const done = await waitOp(op.id, (r) => r.status === 'expired', 'expired', false);
    expect(done.status_reason).toBe('signature_expired');
    expect((await decision(done.sponsorship_decision_id!)).status).toBe('released');
    expect(await eventsOf(op.id)).toEqual(['user_operation.signature_required', 'user_operation.failed']);
  }, 60_000);

  it('runs outcome hooks in the transaction of a final state, and `retracted` when a reorg takes it back', async () => {
    const seen: string[] = [];
    const outcomes = new UserOperationOutcomes();
    outcomes.register('test.origin', async (_trx, o) => {
      seen.push(`${o.kind}:${o.status}:${o.operation.status}`);
    });
    const own = new UserOpWorkerStore(db.db, outcomes);
    const acct = await account(`u-${Date.now()}-hooks`);
    const op = await insertQueuedOperation(db.db, {
      accountId: acct.id,
      transfers: [{ token: tUSD, to: acct.address, amount: 1n }],
    });
    // Out of the worker's reach: this test moves it by hand.
    await db.db
      .updateTable('user_operations')
      .set({ origin: 'test.origin', next_run_at: null })
      .where('id', '=', op.id)
      .execute();
    const step = (from: UserOperationRow['status'], to: UserOperationRow['status'], mined = false) =>
      db.db.transaction().execute((trx) => own.transition(trx, op.id, { from, to, reason: 'test', mined }));
    await step('queued', 'signed');
    await step('signed', 'submitted');
    await step('submitted', 'included');
    await step('included', 'confirmed', true);
    await step('confirmed', 'submitted');
    await expect(step('submitted', 'queued')).rejects.toMatchObject({ code: 'user_operation_state_conflict' });
    expect(seen).toEqual(['final:confirmed:confirmed', 'retracted:confirmed:submitted']);
  });
});
