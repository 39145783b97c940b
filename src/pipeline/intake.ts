import { encodeFunctionData, getAddress, maxUint256, parseUnits, type Address, type Hex } from 'viem';
import { z } from 'zod';
import { addressSchema, type ChainConfig, type Config } from '../config/schema.ts';
import { ValidationError, type FieldError } from '../lib/errors.ts';
import { decimalAmountSchema } from '../lib/money.ts';
import { endUserIdSchema } from '../lib/user-id.ts';
import { parseCall, resolveAsset } from '../policy/dry-run.ts';
import type { IntentKind } from '../policy/document.ts';
import type { Intent, IntentAsset } from '../policy/types.ts';
import type { Signer, SignerRegistry } from '../signers/index.ts';

/**
 * `POST /v1/transactions` input: the request schema and its translation into what the
 * pipeline runs — the policy `Intent` and the one call to sign (`to`, `data`, `value`).
 * Everything zod cannot check (chain, signer and asset against configuration, decimals,
 * ranges, ABI encoding) is checked here and reported at once as a 422 with `body.…` paths.
 */

/** Up to 20 string pairs a caller attaches to what it creates, returned as given (e.g. its own reference). */
export const metadataSchema = z
  .record(z.string().min(1).max(64), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 20, 'at most 20 keys')
  .default({});

export const createTransactionSchema = z.strictObject({
  chainId: z.number().int().positive(),
  /** The configured signer (by name) that signs and pays gas. */
  signer: z.string().min(1).max(64),
  kind: z.enum(['transfer', 'contract_call']),
  /** Transfer: the recipient. Contract call: the contract. */
  to: addressSchema,
  /** Transfer: the asset (a configured symbol on that chain, its address, or `native`). */
  asset: z.string().min(1).max(64).optional(),
  /** Transfer: the amount in the asset's units (a decimal string, at most the asset's decimals). */
  amount: decimalAmountSchema.optional(),
  /** Contract call: the function signature and its arguments. */
  call: z
    .strictObject({
      function: z.string().min(3).max(500).describe('A function signature such as approve(address,uint256)'),
      args: z
        .array(z.union([z.string(), z.boolean(), z.array(z.string())]))
        .max(32)
        .default([]),
    })
    .optional(),
  /** Contract call: native coin sent with the call, in the native unit (e.g. "0.01" ETH). */
  value: decimalAmountSchema.optional(),
  /** The end user this is on behalf of (per-user limits). */
  userId: endUserIdSchema(),
  /** A session of that user (per-session limits). */
  sessionId: endUserIdSchema().optional(),
  /** Up to 20 string pairs, returned as given (e.g. your own reference). */
  metadata: metadataSchema,
});

export type CreateTransactionBody = z.output<typeof createTransactionSchema>;

/** A request checked against configuration: the intent the policy judges and the call that gets signed. */
export interface PreparedRequest {
  chain: ChainConfig;
  /** Who sends it: a configured signer, or (a user operation) the smart account it is judged as. */
  signer: Pick<Signer, 'name' | 'role' | 'address'>;
  intent: Intent;
  asset: IntentAsset | null;
  /** The single call the transaction makes. */
  tx: { to: Address; data: Hex; value: bigint };
  /** Who receives a transfer; the contract of a call. */
  destination: Address;
  call: { function: string; args: unknown[]; selector: string } | null;
}

/** ERC-20 and ERC-4626 functions whose arguments say which amount of the contract's asset moves. */
const MOVES: Record<string, { amountArg: number }> = {
  '0xa9059cbb': { amountArg: 1 }, // transfer(address,uint256)
  '0x23b872dd': { amountArg: 2 }, // transferFrom(address,address,uint256)
};
const VAULT_DEPOSIT = '0x6e553f65'; // deposit(uint256,address)

function jsonArgs(args: readonly unknown[]): unknown[] {
  return args.map((a) => (typeof a === 'bigint' ? a.toString() : Array.isArray(a) ? jsonArgs(a) : a));
}

/** How many decimals a decimal string carries ("12.50" → 2). */
export function decimalsOf(s: string): number {
  return s.split('.')[1]?.length ?? 0;
}

/**
 * Validates `body` against configuration and builds the intent and the call. Throws a 422
 * listing every problem. `capability` names the capability whose transaction this is (its
 * intent kind: `swap`, `sweep`, `refund`); without it the intent is the raw `body.kind`.
 */
export function prepareRequest(
  config: Config,
  signers: SignerRegistry,
  body: CreateTransactionBody,
  apiKeyId: string,
  capability?: Exclude<IntentKind, 'transfer' | 'contract_call'>,
): PreparedRequest {
  const errors: FieldError[] = [];
  const fail = (field: string, code: string, message: string) => errors.push({ field: `body.${field}`, code, message });
  const chain = config.chains.find((c) => c.chainId === body.chainId);
  if (!chain)
    fail(
      'chainId',
      'unknown_chain',
      `chain ${body.chainId} is not configured (configured: ${config.chains.map((c) => c.chainId).join(', ')})`,
    );
  const signer = signers.get(body.signer);
  if (!signer)
    fail(
      'signer',
      'unknown_signer',
      `no signer named ${body.signer}; configured: ${
        signers
          .all()
          .map((s) => s.name)
          .join(', ') || 'none'
      }`,
    );

  const prepared = prepareCall(config, chain, body, 'body.', errors);
  if (errors.length || !chain || !signer || !prepared.tx)
    throw new ValidationError('the transaction request is not valid', errors);
  return requestOf(chain, signer, body.kind, prepared as PreparedCall & { tx: PreparedRequest['tx'] }, {
    to: body.to as Address,
    kind: capability ?? body.kind,
    userId: body.userId,
    apiKeyId,
    ...(body.sessionId ? { sessionId: body.sessionId } : {}),
  });
}

/** The prepared request of a checked call sent by `signer`: the intent the policy judges and the call. */
export function requestOf(
  chain: ChainConfig,
  signer: PreparedRequest['signer'],
  shape: 'transfer' | 'contract_call',
  prepared: PreparedCall & { tx: PreparedRequest['tx'] },
  who: { to: Address; kind: IntentKind; userId: string; apiKeyId: string; sessionId?: string },
): PreparedRequest {
  const { asset, amount, tx, call, policyArgs } = prepared;
  const destination = shape === 'transfer' ? who.to : tx.to;
  const intent: Intent = {
    chainId: chain.chainId,
    from: signer.address,
    kind: who.kind,
    shape: shape === 'transfer' ? 'transfer' : 'call',
    ...(asset ? { asset } : {}),
    amount,
    to: destination,
    ...(call && policyArgs ? { call: { contract: tx.to, selector: call.selector, args: policyArgs } } : {}),
    userId: who.userId,
    apiKeyId: who.apiKeyId,
    ...(who.sessionId ? { sessionId: who.sessionId } : {}),
  };
  return { chain, signer, intent, asset, tx, destination, call };
}

/** The per-call fields of a request (a transaction, or one call of a user operation). */
export type CallFields = Pick<CreateTransactionBody, 'kind' | 'to' | 'asset' | 'amount' | 'call' | 'value'>;

/** One call checked against its chain's configuration: what it moves and the call to make. */
export interface PreparedCall {
  asset: IntentAsset | null;
  amount: bigint;
  tx: PreparedRequest['tx'] | null;
  call: PreparedRequest['call'];
  policyArgs: unknown[] | null;
}

/**
 * Checks the per-call fields of a request against the chain (`undefined`: unknown, already
 * reported) and encodes the call: an ERC-20 or native transfer, or a contract call from its
 * signature and arguments. Problems are added to `errors` under `prefix` (`body.` for a
 * transaction, `body.calls[2].` for a call of a user operation); `tx` is null when the call
 * cannot be made. Shared by transactions and user operations.
 */
export function prepareCall(
  config: Config,
  chain: ChainConfig | undefined,
  body: CallFields,
  prefix: string,
  errors: FieldError[],
): PreparedCall {
  const fail = (field: string, code: string, message: string) =>
    errors.push({ field: `${prefix}${field}`, code, message });
  const to = body.to as Address;
  let asset: IntentAsset | null = null;
  let amount = 0n;
  let tx: PreparedRequest['tx'] | null = null;
  let call: PreparedRequest['call'] = null;
  let policyArgs: unknown[] | null = null;

  if (body.kind === 'transfer') {
    if (body.call) fail('call', 'unexpected', 'a transfer carries no call');
    if (body.value !== undefined) fail('value', 'unexpected', 'a transfer names its amount in `amount`');
    if (body.asset === undefined) fail('asset', 'required', 'a transfer names its asset');
    if (body.amount === undefined) fail('amount', 'required', 'a transfer names its amount');
    if (chain && body.asset !== undefined) {
      asset = resolveAsset(config, chain.chainId, body.asset);
      if (!asset) fail('asset', 'unknown_asset', `asset ${body.asset} is not configured on chain ${chain.chainId}`);
    }
    if (asset && body.amount !== undefined) {
      if (decimalsOf(body.amount) > asset.decimals)
        fail(
          'amount',
          'too_many_decimals',
          `${asset.symbol} has ${asset.decimals} decimals; the amount has ${decimalsOf(body.amount)}`,
        );
      else {
        amount = parseUnits(body.amount, asset.decimals);
        if (amount === 0n) fail('amount', 'not_positive', 'a transfer moves more than zero');
        else if (amount > maxUint256) fail('amount', 'too_big', 'the amount does not fit in 256 bits');
      }
    }
    if (asset && amount > 0n && amount <= maxUint256) {
      tx = asset.address
        ? {
            to: asset.address,
            value: 0n,
            data: encodeFunctionData({ abi: erc20TransferAbi, functionName: 'transfer', args: [to, amount] }),
          }
        : { to, value: amount, data: '0x' };
    }
  } else {
    if (body.asset !== undefined || body.amount !== undefined)
      fail(
        body.asset !== undefined ? 'asset' : 'amount',
        'unexpected',
        'a contract call moves what its arguments say; use `value` for native coin',
      );
    let value = 0n;
    if (body.value !== undefined && chain) {
      if (decimalsOf(body.value) > chain.nativeDecimals)
        fail('value', 'too_many_decimals', `${chain.nativeSymbol} has ${chain.nativeDecimals} decimals`);
      else value = parseUnits(body.value, chain.nativeDecimals);
      if (value > maxUint256) fail('value', 'too_big', 'the value does not fit in 256 bits');
    }
    if (!body.call) fail('call', 'required', 'a contract call names its function and arguments');
    else if (/^0x[0-9a-fA-F]{8}$/.test(body.call.function))
      fail(
        'call.function',
        'signature_required',
        'give the function signature (e.g. approve(address,uint256)) so the call can be encoded and described',
      );
    else {
      const parseErrors: FieldError[] = [];
      const parsed = parseCall(body.call, parseErrors);
      for (const e of parseErrors) errors.push({ ...e, field: e.field.replace(/^body\./, prefix) });
      if (parsed?.fn) {
        const fn = parsed.fn;
        // Normalise addresses (any case accepted at the edge) before encoding.
        const args = parsed.args.map((a, i) =>
          fn.inputs[i]?.type === 'address' && typeof a === 'string' ? getAddress(a.toLowerCase()) : a,
        );
        let data: Hex | null = null;
        try {
          data = encodeFunctionData({ abi: [fn], functionName: fn.name, args });
        } catch (err) {
          fail(
            'call.args',
            'invalid_arguments',
            `the arguments do not encode for ${fn.name}: ${(err as Error).message.split('\n')[0]}`,
          );
        }
        if (data) {
          tx = { to, data, value };
          call = { function: body.call.function, args: jsonArgs(args), selector: parsed.selector };
          policyArgs = args;
          if (chain) {
            const token = chain.assets.find((a) => a.address.toLowerCase() === to.toLowerCase());
            const vault = chain.vaults.find((v) => v.address.toLowerCase() === to.toLowerCase());
            const moves = MOVES[parsed.selector];
            if (token) {
              asset = { symbol: token.symbol, address: token.address as Address, decimals: token.decimals };
              if (moves) amount = args[moves.amountArg] as bigint;
            } else if (vault && parsed.selector === VAULT_DEPOSIT) {
              const under = chain.assets.find((a) => a.symbol === vault.asset)!;
              asset = { symbol: under.symbol, address: under.address as Address, decimals: under.decimals };
              amount = args[0] as bigint;
            }
            if (value > 0n) {
              if (asset) fail('value', 'unexpected', 'a call that moves a token cannot also send native coin');
              asset = { symbol: chain.nativeSymbol, address: null, decimals: chain.nativeDecimals };
              amount = value;
            }
          }
        }
      }
    }
  }
  return { asset, amount, tx, call, policyArgs };
}

const erc20TransferAbi = [
  {
    type: 'function',
    name: 'transfer',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'to', type: 'address' },
      { name: 'amount', type: 'uint256' },
    ],
    outputs: [{ type: 'bool' }],
  },
] as const;
