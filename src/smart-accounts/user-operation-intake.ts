import {
  type Address,
  decodeFunctionData,
  encodeFunctionData,
  formatUnits,
  getAddress,
  type Hex,
  toFunctionSignature,
} from 'viem';
import { z } from 'zod';
import type { ChainConfig, Config } from '../config/schema.ts';
import { keelSmartAccountAbi } from '../contracts/smart-account-abis.ts';
import { type FieldError, ValidationError } from '../lib/errors.ts';
import { idPattern } from '../lib/ids.ts';
import { endUserIdSchema } from '../lib/user-id.ts';
import {
  createTransactionSchema,
  metadataSchema,
  type PreparedCall,
  type PreparedRequest,
  prepareCall,
  requestOf,
} from '../pipeline/intake.ts';
import type { IntentKind } from '../policy/document.ts';
import type { IntentAsset } from '../policy/types.ts';
import type { UserOperationCall } from './user-operation-resource.ts';

/**
 * `POST /v1/user-operations` input and its translation into what the write path judges: one
 * prepared request per call (the per-call checks of `POST /v1/transactions`, shared through
 * `prepareCall`), sent by the smart account, and the account's `execute` / `executeBatch`
 * calldata. Everything is checked at once; problems are a 422 with `body.calls[i].…` paths.
 */

/** One call of a user operation: the per-call fields of a transaction. */
export const userOperationCallInputSchema = createTransactionSchema.pick({
  kind: true,
  to: true,
  asset: true,
  amount: true,
  call: true,
  value: true,
});

export const createUserOperationSchema = z.strictObject({
  /** The smart account that makes the calls (sa_…); the operation is on behalf of its user. */
  smartAccountId: z.string().regex(idPattern('sa'), 'a smart account id (sa_…)'),
  calls: z.array(userOperationCallInputSchema).min(1).max(16),
  /** A session key of the account (sk_…) that signs instead of the owner: its scope must allow every call. */
  sessionKeyId: z.string().min(1).max(64).optional(),
  /** A session of the user (per-session limits). */
  sessionId: endUserIdSchema().optional(),
  /** The sponsorship policy (spp_…) asked to pay gas through Keel's paymaster; without it the account pays. */
  sponsorshipPolicyId: z.string().regex(idPattern('spp'), 'a sponsorship policy id (spp_…)').optional(),
  /** Abuse signals for the sponsorship decision, as your backend saw the end user (per-IP and per-device limits). */
  sponsorship: z
    .strictObject({
      clientIp: z.string().min(1).max(100).optional().describe('The end user’s IP address'),
      deviceId: z.string().min(1).max(200).optional().describe('Your id of the end user’s device'),
    })
    .optional(),
  metadata: metadataSchema,
});
export type CreateUserOperationBody = z.output<typeof createUserOperationSchema>;

/** The account as the write path judges it: the sender of every call. */
export interface OperationSender {
  id: string;
  address: Address;
  userId: string;
}

/** What the prepared calls are judged as sending from (the `signer` of each prepared request). */
export function senderOf(account: OperationSender): PreparedRequest['signer'] {
  return { name: account.id, role: 'smart_account', address: account.address };
}

/** The sender of a stored account row. */
export function senderOfAccount(account: { id: string; address: string; user_id: string }): OperationSender {
  return { id: account.id, address: getAddress(account.address), userId: account.user_id };
}

/** The preview's label of the account. */
export function senderLabel(account: OperationSender): string {
  return `${account.id} (smart account of user ${account.userId})`;
}

/**
 * The calls of `body` checked against the account's chain: one prepared request each, its intent
 * sent by the account for its user. Throws a 422 listing every problem (nothing is written).
 */
export function prepareOperationCalls(
  config: Config,
  chain: ChainConfig,
  account: OperationSender,
  calls: CreateUserOperationBody['calls'],
  who: { apiKeyId: string; sessionId?: string | undefined },
): PreparedRequest[] {
  const errors: FieldError[] = [];
  const prepared = calls.map((c, i) => prepareCall(config, chain, c, `body.calls[${i}].`, errors));
  if (errors.length || prepared.some((p) => !p.tx))
    throw new ValidationError('the user operation request is not valid', errors);
  return prepared.map((p, i) =>
    requestOf(chain, senderOf(account), calls[i]!.kind, p as PreparedCall & { tx: PreparedRequest['tx'] }, {
      to: getAddress(calls[i]!.to),
      kind: calls[i]!.kind,
      userId: account.userId,
      apiKeyId: who.apiKeyId,
      ...(who.sessionId ? { sessionId: who.sessionId } : {}),
    }),
  );
}

/**
 * Raw calls of a capability (a session-key grant: `grantSession` on the account itself) as
 * prepared contract calls. The function and its arguments are decoded with the KeelSmartAccount
 * ABI when they match it (for the preview and the policy's argument rules); otherwise only the
 * selector is known.
 */
export function prepareRawCalls(
  chain: ChainConfig,
  account: OperationSender,
  calls: ReadonlyArray<{
    to: Address;
    data: Hex;
    value: bigint;
    declared?: { asset: IntentAsset; amount: bigint } | undefined;
  }>,
  apiKeyId: string,
  kind: IntentKind = 'contract_call',
): PreparedRequest[] {
  return calls.map((c) => {
    const selector = c.data.slice(0, 10).toLowerCase();
    let call: PreparedRequest['call'] = null;
    let args: unknown[] = [];
    try {
      const decoded = decodeFunctionData({ abi: keelSmartAccountAbi, data: c.data });
      const fn = keelSmartAccountAbi.find((x) => x.type === 'function' && x.name === decoded.functionName);
      args = [...(decoded.args ?? [])];
      call = {
        function: fn && fn.type === 'function' ? toFunctionSignature(fn) : selector,
        args: jsonArgs(args),
        selector,
      };
    } catch {
      call = c.data.length >= 10 ? { function: selector, args: [], selector } : null;
    }
    const native = c.value > 0n ? { symbol: chain.nativeSymbol, address: null, decimals: chain.nativeDecimals } : null;
    const stake = c.declared ?? (native ? { asset: native, amount: c.value } : { asset: null, amount: 0n });
    return requestOf(
      chain,
      senderOf(account),
      'contract_call',
      {
        asset: stake.asset,
        amount: stake.amount,
        tx: { to: getAddress(c.to), data: c.data, value: c.value },
        call,
        policyArgs: call ? args : null,
      },
      { to: getAddress(c.to), kind, userId: account.userId, apiKeyId },
    );
  });
}

function jsonArgs(args: readonly unknown[]): unknown[] {
  return args.map((a) =>
    typeof a === 'bigint'
      ? a.toString()
      : Array.isArray(a)
        ? jsonArgs(a)
        : a && typeof a === 'object'
          ? JSON.parse(JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
          : a,
  );
}

/** The `calls` column: each call as stored and shown (userOperationCallSchema). */
export function storedCalls(reqs: readonly PreparedRequest[], kinds: readonly ('transfer' | 'contract_call')[]) {
  return reqs.map(
    (r, i): UserOperationCall => ({
      kind: kinds[i]!,
      to: r.tx.to,
      recipient: kinds[i] === 'transfer' ? r.destination : null,
      value: r.tx.value.toString(),
      data: r.tx.data,
      asset: r.asset,
      amount: r.asset
        ? { amount: formatUnits(r.intent.amount, r.asset.decimals), baseUnits: r.intent.amount.toString() }
        : null,
      call: r.call,
    }),
  );
}

/** The account's calldata: `execute(target, value, data)` for one call, `executeBatch(calls)` for several. */
export function accountCallData(calls: ReadonlyArray<{ to: Address; value: bigint; data: Hex }>): Hex {
  if (calls.length === 1) {
    const c = calls[0]!;
    return encodeFunctionData({ abi: keelSmartAccountAbi, functionName: 'execute', args: [c.to, c.value, c.data] });
  }
  return encodeFunctionData({
    abi: keelSmartAccountAbi,
    functionName: 'executeBatch',
    args: [calls.map((c) => ({ target: c.to, value: c.value, data: c.data }))],
  });
}
