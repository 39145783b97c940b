import {
  decodeFunctionData,
  getAddress,
  hexToBigInt,
  isAddressEqual,
  slice,
  zeroAddress,
  type Address,
  type Hex,
} from 'viem';
import { keelSmartAccountAbi } from '../contracts/smart-account-abis.ts';

/**
 * Pure model of a KeelSmartAccount session key's scope (src/contracts/sources/KeelSmartAccount.sol):
 * which user operations a session key may sign, in the contract's own order of checks, and the
 * time window the EntryPoint then enforces. Keel's policy reuses it to refuse an operation before
 * it is signed; the property test in src/contracts/smart-account.int.test.ts compares it with the
 * contract's verdict on random operations. Change both together.
 */

/** A session key's grant, as `grantSession(key, scope)` takes it (targets[i] pairs with selectors[i]). */
export interface SessionScope {
  /** The operation is valid strictly after this unix time (EntryPoint rule). */
  validAfter: number;
  /** Last unix time the operation is valid at; 0 = no end. */
  validUntil: number;
  /** ERC-20 the key may `transfer`; the zero address for none. */
  token: Address;
  /** Cap on the summed token amount of one operation. */
  perOpCap: bigint;
  /** Cap on the key's summed token amount over all its operations. */
  totalCap: bigint;
  /** ETH a non-token call may carry; 0 = none. */
  valuePerCall: bigint;
  targets: Address[];
  selectors: Hex[];
  recipients: Address[];
}

export interface AccountCall {
  target: Address;
  value: bigint;
  data: Hex;
}

/** Reasons, in the order of the contract's `Violation` enum (the index is the on-chain code). */
export const SESSION_VIOLATIONS = [
  'not_execute',
  'self_or_entry_point',
  'call_not_allowed',
  'value_not_allowed',
  'token_call_not_transfer',
  'recipient_not_allowed',
  'over_per_op_cap',
  'over_total_cap',
] as const;
export type SessionViolation = (typeof SESSION_VIOLATIONS)[number];

export type ScopeVerdict =
  | { ok: true /** Token amount the operation reserves from the total cap. */; spend: bigint }
  | { ok: false; violation: SessionViolation /** Offending call (0 for op-level reasons). */; callIndex: number };

export interface ScopeContext {
  account: Address;
  entryPoint: Address;
}

const TRANSFER_SELECTOR = '0xa9059cbb';

/** The calls of an account callData when it is `execute` or `executeBatch`, else undefined. */
export function decodeAccountCalls(callData: Hex): AccountCall[] | undefined {
  let decoded: ReturnType<typeof decodeFunctionData<typeof keelSmartAccountAbi>>;
  try {
    decoded = decodeFunctionData({ abi: keelSmartAccountAbi, data: callData });
  } catch {
    return undefined;
  }
  if (decoded.functionName === 'execute') {
    const [target, value, data] = decoded.args;
    return [{ target, value, data }];
  }
  if (decoded.functionName === 'executeBatch') return decoded.args[0].map((c) => ({ ...c }));
  return undefined;
}

function callAllowed(scope: SessionScope, target: Address, selector: Hex): boolean {
  return scope.targets.some(
    (t, i) => isAddressEqual(t, target) && scope.selectors[i]?.toLowerCase() === selector.toLowerCase(),
  );
}

/**
 * Checks one call; returns the token amount it transfers or the violation. Mirrors `_checkCall`.
 */
function checkCall(scope: SessionScope, call: AccountCall, ctx: ScopeContext): bigint | SessionViolation {
  if (isAddressEqual(call.target, ctx.account) || isAddressEqual(call.target, ctx.entryPoint))
    return 'self_or_entry_point';
  const bytes = (call.data.length - 2) / 2;
  if (!isAddressEqual(scope.token, zeroAddress) && isAddressEqual(call.target, scope.token)) {
    if (bytes !== 68 || slice(call.data, 0, 4).toLowerCase() !== TRANSFER_SELECTOR || call.value !== 0n)
      return 'token_call_not_transfer';
    const toWord = hexToBigInt(slice(call.data, 4, 36));
    if (toWord >> 160n !== 0n) return 'token_call_not_transfer';
    const to = getAddress(`0x${toWord.toString(16).padStart(40, '0')}`);
    if (!scope.recipients.some((r) => isAddressEqual(r, to))) return 'recipient_not_allowed';
    return hexToBigInt(slice(call.data, 36, 68));
  }
  if (bytes < 4 || !callAllowed(scope, call.target, slice(call.data, 0, 4))) return 'call_not_allowed';
  if (call.value > scope.valuePerCall) return 'value_not_allowed';
  return 0n;
}

/**
 * The verdict on a session key's operation of `calls` given the key's `spent` total so far,
 * in the contract's order: each call in turn (its own violation, then its amount alone over the
 * per-op cap), then the summed amount over the per-op cap, then spent + sum over the total cap.
 */
export function checkSessionCalls(
  scope: SessionScope,
  spent: bigint,
  calls: readonly AccountCall[],
  ctx: ScopeContext,
): ScopeVerdict {
  let sum = 0n;
  for (const [i, call] of calls.entries()) {
    const r = checkCall(scope, call, ctx);
    if (typeof r === 'string') return { ok: false, violation: r, callIndex: i };
    if (r > scope.perOpCap) return { ok: false, violation: 'over_per_op_cap', callIndex: 0 };
    sum += r;
  }
  if (sum === 0n) return { ok: true, spend: 0n };
  if (sum > scope.perOpCap) return { ok: false, violation: 'over_per_op_cap', callIndex: 0 };
  if (spent + sum > scope.totalCap) return { ok: false, violation: 'over_total_cap', callIndex: 0 };
  return { ok: true, spend: sum };
}

/** {@link checkSessionCalls} on an account callData (anything but execute/executeBatch is refused). */
export function checkSessionCallData(
  scope: SessionScope,
  spent: bigint,
  callData: Hex,
  ctx: ScopeContext,
): ScopeVerdict {
  const calls = decodeAccountCalls(callData);
  if (!calls) return { ok: false, violation: 'not_execute', callIndex: 0 };
  return checkSessionCalls(scope, spent, calls, ctx);
}

/** Whether the EntryPoint accepts the grant's time range at `timestamp` (after validAfter, up to validUntil). */
export function sessionWindowOpen(scope: Pick<SessionScope, 'validAfter' | 'validUntil'>, timestamp: number): boolean {
  return timestamp > scope.validAfter && (scope.validUntil === 0 || timestamp <= scope.validUntil);
}
