import { encodeFunctionData, erc20Abi, getAddress, type Address, type Hex } from 'viem';
import { keelSmartAccountAbi } from '../../src/contracts/smart-account-abis.ts';
import type { DB } from '../../src/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import type { UserOperationRow } from '../../src/smart-accounts/user-operation-resource.ts';
import type { UserOpSigning } from '../../src/smart-accounts/user-operation-tables.ts';
import { UserOperationOutcomes } from '../../src/smart-accounts/user-operation-outcomes.ts';
import { UserOpWorkerStore } from '../../src/smart-accounts/user-operation-worker-store.ts';
import type { Kysely } from 'kysely';

/**
 * User-operation rows as the intake leaves them (`queued`, due now, calls and call data set),
 * inserted through the worker's store: the intake (POST /v1/user-operations) is another part.
 */

export interface TokenTransfer {
  token: Address;
  to: Address;
  amount: bigint;
}

/** Inserts a queued operation of `accountId` making `transfers` (one → execute, more → executeBatch). */
export async function insertQueuedOperation(
  db: Kysely<DB>,
  args: {
    accountId: string;
    transfers: TokenTransfer[];
    signing?: UserOpSigning;
    sponsorshipPolicyId?: string | null;
  },
): Promise<UserOperationRow> {
  const account = await db
    .selectFrom('smart_accounts')
    .selectAll()
    .where('id', '=', args.accountId)
    .executeTakeFirstOrThrow();
  const calls = args.transfers.map((t) => ({
    target: t.token,
    value: 0n,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [t.to, t.amount] }) as Hex,
  }));
  const callData =
    calls.length === 1
      ? encodeFunctionData({
          abi: keelSmartAccountAbi,
          functionName: 'execute',
          args: [calls[0]!.target, 0n, calls[0]!.data],
        })
      : encodeFunctionData({ abi: keelSmartAccountAbi, functionName: 'executeBatch', args: [calls] });
  const store = new UserOpWorkerStore(db, new UserOperationOutcomes());
  return store.insertQueued({
    id: newId('uop'),
    chain_id: account.chain_id,
    account_id: account.id,
    sender: getAddress(account.address),
    entry_point: getAddress(account.entry_point),
    user_id: account.user_id,
    signing: args.signing ?? (account.owner_kind === 'custodial' ? 'custodial' : 'external'),
    calls: JSON.stringify(
      args.transfers.map((t, i) => ({
        kind: 'transfer',
        to: t.token,
        recipient: t.to,
        value: '0',
        data: calls[i]!.data,
        asset: { symbol: 'tUSD', address: t.token, decimals: 6 },
        amount: { amount: t.amount.toString(), baseUnits: t.amount.toString() },
        call: null,
      })),
    ),
    call_data: callData,
    sponsorship_policy_id: args.sponsorshipPolicyId ?? null,
    status: 'queued',
    decision: JSON.stringify({ outcome: 'allow', reasons: [], policyVersion: 1, allowedBy: [] }),
    api_key_id: account.created_by,
    created_by_principal: account.created_by_principal,
    metadata: '{}',
  });
}
