import type { Kysely } from 'kysely';
import {
  formatUnits,
  isAddress,
  maxUint256,
  parseAbiItem,
  parseUnits,
  toFunctionSelector,
  type AbiFunction,
  type Address,
} from 'viem';
import { z } from 'zod';
import { addressSchema, type Config } from '../config/schema.ts';
import { endUserIdSchema } from '../lib/user-id.ts';
import type { DB } from '../db/schema.ts';
import { ValidationError, type FieldError } from '../lib/errors.ts';
import { decimalAmountSchema, usdAmountSchema } from '../lib/money.ts';
import type { CompiledPolicy } from './compile.ts';
import { intentKinds } from './document.ts';
import { evaluate, windowNeeds } from './evaluate.ts';
import type { Decision, DestinationFacts, Intent, IntentAsset } from './types.ts';
import { readWindowTotals } from './windows-store.ts';

/**
 * `POST /v1/policy/evaluate`: turns an API-edge intent (asset by symbol or address, amount as a
 * decimal string) into a policy `Intent`, gathers the window totals it touches, and evaluates
 * it without reserving anything. Destination facts and the USD value are read from the chains
 * and the address book like a real request (when the API wires a reader in), and any of them
 * can be overridden in the request's `facts` (without a reader: not a contract anywhere, never
 * paid before, no past counterparties, no USD price — USD limits then answer `price_unavailable`).
 */

/** The dry run's request body. */
export const dryRunBodySchema = z.strictObject({
  chainId: z.number().int().positive(),
  kind: z.enum(intentKinds),
  /** The Keel-managed account that would sign. */
  from: addressSchema,
  /** The recipient of a transfer; the contract of a call. */
  to: addressSchema,
  /** A configured symbol on that chain, the asset's address, or `native`. Required for transfers. */
  asset: z.string().min(1).max(64).optional(),
  amount: decimalAmountSchema.default('0'),
  userId: endUserIdSchema().default('dry-run'),
  sessionId: endUserIdSchema().optional(),
  /** Evaluate as if this API key sent the intent (default: the calling key). */
  apiKeyId: z.string().min(1).max(200).optional(),
  call: z
    .strictObject({
      /** A function signature such as `approve(address,uint256)`, or a bare 4-byte selector (then no arguments are checked). */
      function: z.string().min(3).max(500),
      /** Arguments as strings (numbers as decimal strings), booleans, or arrays of those. */
      args: z
        .array(z.union([z.string(), z.boolean(), z.array(z.string())]))
        .max(32)
        .default([]),
    })
    .optional(),
  facts: z
    .strictObject({
      isContract: z.boolean().optional(),
      isContractOnOtherChains: z.array(z.number().int().positive()).optional(),
      seenBefore: z.boolean().optional(),
      firstSeenAt: z.iso.datetime().optional(),
      pastCounterparties: z.array(addressSchema).max(10_000).optional(),
      /** The USD value of the amount (the dry run reads no price feed). */
      amountUsd: usdAmountSchema.optional(),
    })
    .optional(),
});

/** The parsed request body. */
export type DryRunBody = z.output<typeof dryRunBodySchema>;

/** The configured asset named `name` (symbol, address or `native`) on a configured chain. */
export function resolveAsset(config: Config, chainId: number, name: string): IntentAsset | null {
  const chain = config.chains.find((c) => c.chainId === chainId)!;
  if (name === 'native' || name === chain.nativeSymbol)
    return { symbol: chain.nativeSymbol, address: null, decimals: chain.nativeDecimals };
  const a = chain.assets.find(
    (x) => x.symbol === name || (isAddress(name, { strict: false }) && x.address.toLowerCase() === name.toLowerCase()),
  );
  return a ? { symbol: a.symbol, address: a.address as Address, decimals: a.decimals } : null;
}

/** Converts one API-edge argument (strings, booleans, arrays) to the ABI type's value; problems go to `errors`. */
export function parseArg(type: string, v: unknown, field: string, errors: FieldError[]): unknown {
  if (type.endsWith(']')) {
    if (!Array.isArray(v))
      return void errors.push({ field, code: 'invalid_type', message: `expected an array for ${type}` });
    const inner = type.slice(0, type.lastIndexOf('['));
    return v.map((x, k) => parseArg(inner, x, `${field}.${k}`, errors));
  }
  if (type === 'address') {
    if (typeof v !== 'string' || !isAddress(v, { strict: false }))
      return void errors.push({ field, code: 'invalid_address', message: 'must be a 0x-prefixed 20-byte hex address' });
    return v;
  }
  if (/^u?int\d*$/.test(type)) {
    if (typeof v !== 'string' || !/^-?\d{1,78}$/.test(v) || (type.startsWith('u') && v.startsWith('-'))) {
      return void errors.push({ field, code: 'invalid_integer', message: `must be a ${type} as a decimal string` });
    }
    const n = BigInt(v);
    if (n > maxUint256) return void errors.push({ field, code: 'too_big', message: `does not fit in ${type}` });
    return n;
  }
  if (type === 'bool') {
    if (typeof v !== 'boolean')
      return void errors.push({ field, code: 'invalid_type', message: 'must be true or false' });
    return v;
  }
  return v;
}

/** Parses a call's function (signature or bare selector) and arguments; problems go to `errors`. */
export function parseCall(
  call: NonNullable<DryRunBody['call']>,
  errors: FieldError[],
): { selector: string; args: unknown[]; fn?: AbiFunction } | null {
  if (/^0x[0-9a-fA-F]{8}$/.test(call.function)) {
    if (call.args.length)
      errors.push({
        field: 'body.call.args',
        code: 'unexpected',
        message: 'arguments need a function signature, not a bare selector',
      });
    return { selector: call.function.toLowerCase(), args: [] };
  }
  let fn: AbiFunction;
  try {
    fn = parseAbiItem(`function ${call.function}`) as AbiFunction;
  } catch {
    errors.push({
      field: 'body.call.function',
      code: 'invalid_signature',
      message: 'must be a function signature such as transfer(address,uint256), or a 4-byte selector',
    });
    return null;
  }
  if (fn.inputs.length !== call.args.length) {
    errors.push({
      field: 'body.call.args',
      code: 'arity',
      message: `${fn.name} takes ${fn.inputs.length} argument(s), ${call.args.length} given`,
    });
    return null;
  }
  const args = fn.inputs.map((p, k) => parseArg(p.type, call.args[k], `body.call.args.${k}`, errors));
  return { selector: toFunctionSelector(fn), args, fn };
}

/**
 * Validates the parts of a dry-run request zod cannot (chain and asset against configuration,
 * decimals, ranges, call encoding) and builds the `Intent`. Every problem is reported at once
 * as a 422 with `body.…` field paths.
 */
export function dryRunIntent(
  config: Config,
  body: DryRunBody,
  callerKeyId: string,
): { intent: Intent; asset: IntentAsset | null } {
  const errors: FieldError[] = [];
  const fail = (field: string, code: string, message: string) => errors.push({ field: `body.${field}`, code, message });
  const chain = config.chains.find((c) => c.chainId === body.chainId);
  if (!chain)
    fail(
      'chainId',
      'unknown_chain',
      `chain ${body.chainId} is not configured (configured: ${config.chains.map((c) => c.chainId).join(', ')})`,
    );
  let asset: IntentAsset | null = null;
  if (chain && body.asset !== undefined) {
    asset = resolveAsset(config, body.chainId, body.asset);
    if (!asset) fail('asset', 'unknown_asset', `asset ${body.asset} is not configured on chain ${body.chainId}`);
  } else if (body.kind === 'transfer') {
    fail('asset', 'required', 'a transfer names its asset');
  }
  let amount = 0n;
  if (asset) {
    const decimals = body.amount.split('.')[1]?.length ?? 0;
    if (decimals > asset.decimals)
      fail('amount', 'too_many_decimals', `${asset.symbol} has ${asset.decimals} decimals; the amount has ${decimals}`);
    else {
      amount = parseUnits(body.amount, asset.decimals);
      if (amount > maxUint256) fail('amount', 'too_big', 'the amount does not fit in 256 bits');
    }
  } else if (!/^0(\.0*)?$/.test(body.amount) && body.asset === undefined && body.kind === 'contract_call') {
    fail('asset', 'required', 'a call that moves an amount names its asset');
  }
  if (body.kind === 'transfer' && asset && amount === 0n && !errors.some((e) => e.field === 'body.amount'))
    fail('amount', 'not_positive', 'a transfer moves more than zero');
  let call: Intent['call'];
  if (body.kind === 'contract_call') {
    if (!body.call) fail('call', 'required', 'a contract call names its function (and arguments)');
    else {
      const c = parseCall(body.call, errors);
      if (c) call = { contract: body.to as Address, selector: c.selector, args: c.args };
    }
  } else if (body.call) fail('call', 'unexpected', 'only contract calls carry a call');
  if (errors.length) throw new ValidationError('the intent is not valid', errors);
  const intent: Intent = {
    chainId: body.chainId,
    from: body.from as Address,
    kind: body.kind,
    ...(asset ? { asset } : {}),
    amount,
    ...(body.facts?.amountUsd !== undefined ? { amountUsd8: parseUnits(body.facts.amountUsd, 8) } : {}),
    to: body.to as Address,
    ...(call ? { call } : {}),
    userId: body.userId,
    apiKeyId: body.apiKeyId ?? callerKeyId,
    ...(body.sessionId ? { sessionId: body.sessionId } : {}),
  };
  return { intent, asset };
}

/** A decision with its bigints as decimal strings, plus the inputs it was made on. */
export interface DryRunResult {
  object: 'policy_decision';
  outcome: Decision['outcome'];
  reasons: Decision['reasons'];
  policyVersion: number;
  allowedBy: string[];
  /** Window usage a real request would reserve (nothing is reserved by a dry run). */
  charges: Array<{
    key: string;
    rule: string;
    windowSeconds: number;
    amount: string;
    count: number;
    maxSum: string | null;
    maxCount: number | null;
    onExceed: 'deny' | 'review';
  }>;
  windowTotals: Record<string, { sum: string; count: number }>;
  intent: {
    chainId: number;
    kind: string;
    from: string;
    to: string;
    asset: IntentAsset | null;
    amount: string;
    baseUnits: string;
    amountUsd: string | null;
  };
  /** The destination facts the decision assumed. */
  destination: {
    isContract: boolean;
    isContractOnOtherChains: number[];
    seenBefore: boolean;
    firstSeenAt: string | null;
    pastCounterparties: string[];
  };
}

/** Facts read from the chains and the address book (what a real request would use). */
export interface GatheredFacts {
  destination: DestinationFacts;
  amountUsd8?: bigint;
}

/**
 * Evaluates `intent` against `policy` with the current window totals; reserves nothing.
 * Destination facts and the USD value come from `gathered` (read from the chains, as a real
 * request would) when given; any fact in the request's `facts` overrides its gathered value.
 */
export async function dryRun(
  db: Kysely<DB>,
  policy: CompiledPolicy,
  intent: Intent,
  asset: IntentAsset | null,
  facts: DryRunBody['facts'],
  gathered?: GatheredFacts,
): Promise<DryRunResult> {
  if (intent.amountUsd8 === undefined && gathered?.amountUsd8 !== undefined)
    intent = { ...intent, amountUsd8: gathered.amountUsd8 };
  const needs = windowNeeds(policy, intent);
  const totals = await readWindowTotals(db, needs);
  const g = gathered?.destination;
  const firstSeen = facts?.firstSeenAt ? new Date(facts.firstSeenAt) : g?.firstSeenAt;
  const destination: DestinationFacts = {
    isContract: facts?.isContract ?? g?.isContract ?? false,
    isContractOnOtherChains: facts?.isContractOnOtherChains ?? g?.isContractOnOtherChains ?? [],
    seenBefore: facts?.seenBefore ?? g?.seenBefore ?? false,
    ...(firstSeen ? { firstSeenAt: firstSeen } : {}),
    pastCounterparties: facts?.pastCounterparties ?? g?.pastCounterparties ?? [],
  };
  const d = evaluate(policy, intent, { windowTotals: totals, destination, now: new Date() });
  return {
    object: 'policy_decision',
    outcome: d.outcome,
    reasons: d.reasons,
    policyVersion: d.policyVersion,
    allowedBy: d.allowedBy,
    charges: d.charges.map((c) => ({
      key: c.key,
      rule: c.rule,
      windowSeconds: c.windowSeconds,
      amount: c.amount.toString(),
      count: c.count,
      maxSum: c.maxSum?.toString() ?? null,
      maxCount: c.maxCount ?? null,
      onExceed: c.onExceed,
    })),
    windowTotals: Object.fromEntries(
      Object.entries(totals).map(([k, v]) => [k, { sum: v.sum.toString(), count: v.count }]),
    ),
    intent: {
      chainId: intent.chainId,
      kind: intent.kind,
      from: intent.from,
      to: intent.to,
      asset,
      amount: asset ? formatUnits(intent.amount, asset.decimals) : '0',
      baseUnits: intent.amount.toString(),
      amountUsd: intent.amountUsd8 !== undefined ? formatUnits(intent.amountUsd8, 8) : null,
    },
    destination: {
      isContract: destination.isContract,
      isContractOnOtherChains: [...destination.isContractOnOtherChains],
      seenBefore: destination.seenBefore,
      firstSeenAt: destination.firstSeenAt?.toISOString() ?? null,
      pastCounterparties: [...destination.pastCounterparties],
    },
  };
}
