import type { Kysely } from 'kysely';
import { createPublicClient, defineChain, http, parseEther, type Address, type Hex } from 'viem';
import { createBundlerClient } from 'viem/account-abstraction';
import { privateKeyToAccount } from 'viem/accounts';
import type { DB } from '../../src/db/schema.ts';
import { devClient } from '../../src/devnet/client.ts';
import { newId } from '../../src/lib/ids.ts';
import { KEEL_MODULES } from '../../src/runtime/keel.ts';
import type { ModuleContext, ModuleFactory } from '../../src/runtime/module.ts';
import { smartAccountsModule } from '../../src/smart-accounts/module.ts';
import type { CapabilityOperationInput, CreateOperation } from '../../src/smart-accounts/session-key-service.ts';
import { userOperationResource } from '../../src/smart-accounts/user-operation-resource.ts';
import type { UserOperationOutcomes } from '../../src/smart-accounts/user-operation-outcomes.ts';
import { toKeelSmartAccount } from './simple-account.ts';

/**
 * A direct owner-operation sender for session keys' own tests, injected as `createOperation` in
 * place of the user-operation write path (`UserOperations.createForCapability`), so the
 * session-key logic (grant, revoke, refusals, reorgs, outcome handling) is tested on a real chain
 * and bundler in isolation. It records a minimal `user_operations` row, answers at once, and in
 * the background sends the owner-signed operation through the chain's real bundler with the
 * account's custodial owner key, waits for its receipt, writes the final status and calls the
 * `UserOperationOutcomes` handlers inside that transaction, as the worker does. No policy,
 * simulation, review or sponsorship: the account pays its gas. The real path is tested end to
 * end by test/account-abstraction.int.test.ts and test/dashboard-session-keys.e2e.test.ts.
 */
export function directOwnerOperations(opts: {
  db: Kysely<DB>;
  chainId: number;
  rpcUrl: string;
  bundlerUrl: string;
  /** The custodial owner's private key (the dev `smartAccountOwner`). */
  ownerKey: Hex;
  outcomes: UserOperationOutcomes;
}): {
  createOperation: CreateOperation;
  idle(): Promise<void>;
  errors: unknown[];
  /** The next createOperation throws `err` (as the real intake does on a policy denial) and records nothing. */
  refuseNext(err: Error): void;
} {
  const { db } = opts;
  const running = new Set<Promise<void>>();
  const errors: unknown[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  const chain = defineChain({
    id: opts.chainId,
    name: 'test',
    nativeCurrency: { name: 'ETH', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [opts.rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain, transport: http(opts.rpcUrl) });
  const dev = devClient(opts.rpcUrl);
  const owner = privateKeyToAccount(opts.ownerKey);

  async function run(opId: string, input: CapabilityOperationInput): Promise<void> {
    const account = await db
      .selectFrom('smart_accounts')
      .selectAll()
      .where('id', '=', input.smartAccountId)
      .executeTakeFirstOrThrow();
    const smart = await toKeelSmartAccount({
      client: publicClient,
      owner,
      factory: account.factory as Address,
      entryPoint: account.entry_point as Address,
      salt: BigInt(account.salt),
    });
    const sender = await smart.getAddress();
    if ((await dev.getBalance({ address: sender })) < parseEther('0.5'))
      await dev.setBalance({ address: sender, value: parseEther('1') });
    const bundler = createBundlerClient({
      account: smart,
      client: publicClient,
      transport: http(opts.bundlerUrl),
      pollingInterval: 100,
    });
    let status: 'confirmed' | 'failed' = 'failed';
    let receipt: Awaited<ReturnType<typeof bundler.waitForUserOperationReceipt>> | undefined;
    try {
      const hash = await bundler.sendUserOperation({
        calls: input.calls.map((c) => ({ to: c.to, data: c.data, value: BigInt(c.value) })),
      });
      receipt = await bundler.waitForUserOperationReceipt({ hash, timeout: 60_000 });
      status = receipt.success ? 'confirmed' : 'failed';
    } catch (err) {
      errors.push(err);
    }
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('user_operations')
        .set({
          status,
          updated_at: new Date(),
          finished_at: new Date(),
          ...(receipt
            ? {
                user_op_hash: receipt.userOpHash,
                tx_hash: receipt.receipt.transactionHash,
                block_number: receipt.receipt.blockNumber,
                block_hash: receipt.receipt.blockHash,
                success: receipt.success,
              }
            : {}),
        })
        .where('id', '=', opId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await opts.outcomes.deliver(trx, { kind: 'final', status, operation: row });
    });
  }

  let refusal: Error | undefined;
  const createOperation: CreateOperation = async (input) => {
    if (refusal) {
      const err = refusal;
      refusal = undefined;
      throw err;
    }
    const account = await db
      .selectFrom('smart_accounts')
      .selectAll()
      .where('id', '=', input.smartAccountId)
      .executeTakeFirstOrThrow();
    const id = newId('uop');
    const row = await db
      .insertInto('user_operations')
      .values({
        id,
        chain_id: account.chain_id,
        account_id: account.id,
        sender: account.address,
        entry_point: account.entry_point,
        user_id: account.user_id,
        session_id: null,
        session_key_id: null,
        signing: 'custodial',
        calls: JSON.stringify(
          input.calls.map((c) => ({
            kind: 'contract_call',
            to: c.to,
            recipient: null,
            value: c.value,
            data: c.data,
            asset: null,
            amount: null,
            call: null,
          })),
        ),
        call_data: '0x',
        sponsorship_policy_id: null,
        sponsorship_decision_id: null,
        status: 'queued',
        status_reason: null,
        decision: JSON.stringify({
          outcome: 'allow',
          reasons: [],
          policyVersion: 0,
          allowedBy: ['direct owner operation (test)'],
        }),
        exposure: null,
        simulation: null,
        preview: null,
        review: null,
        review_expires_at: null,
        user_op: null,
        user_op_hash: null,
        signature_deadline: null,
        submitted_at: null,
        tx_hash: null,
        block_number: null,
        block_hash: null,
        included_at: null,
        success: null,
        actual_gas_cost: null,
        actual_gas_used: null,
        revert: null,
        origin: input.origin,
        api_key_id: input.apiKeyId,
        created_by_principal: input.principalId,
        metadata: JSON.stringify(input.metadata ?? {}),
        next_run_at: null,
        lease_owner: null,
        lease_until: null,
        last_error: null,
        finished_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // One operation at a time (one account nonce lane), each after the answer is sent.
    const p = (queue = queue.then(
      () => run(id, input),
      () => run(id, input),
    )).then(
      () => undefined,
      (err: unknown) => void errors.push(err),
    );
    running.add(p);
    void p.finally(() => running.delete(p));
    return userOperationResource(row);
  };

  return {
    createOperation,
    errors,
    refuseNext: (err) => {
      refusal = err;
    },
    idle: async () => {
      while (running.size) await Promise.all([...running]);
    },
  };
}

/**
 * Keel's modules with smart accounts built on the stand-in (`createOperation`) and on the
 * outcome hooks it delivers to: pass to `startTestKeel(…, { modules })`.
 */
export function modulesWithDirectOperations(
  createOperation: CreateOperation,
  outcomes: UserOperationOutcomes,
): ModuleFactory[] {
  return KEEL_MODULES.map((make) =>
    make === smartAccountsModule
      ? (ctx: ModuleContext) => smartAccountsModule(ctx, { createOperation, userOperationOutcomes: outcomes })
      : make,
  );
}
