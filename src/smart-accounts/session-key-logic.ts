import {
  encodeFunctionData,
  getAddress,
  isAddress,
  isAddressEqual,
  parseUnits,
  toFunctionSelector,
  zeroAddress,
  type Address,
  type Hex,
} from 'viem';
import { keelSmartAccountAbi } from '../contracts/smart-account-abis.ts';
import type { FieldError } from '../lib/errors.ts';
import { type SessionScope, sessionWindowOpen } from './session-scope-logic.ts';

/**
 * Session keys' pure rules (docs/account-abstraction.md#session-keys): a grant request checked
 * against config and KeelSmartAccount's own rules and turned into the `grantSession` scope, the
 * status a key shows given what the chain says, and the transitions the grant and revoke
 * operations' outcomes make. No I/O: the service reads the chain and the database.
 */

export const STORED_KEY_STATUSES = ['pending', 'active', 'revoking', 'revoked', 'failed'] as const;
export type StoredKeyStatus = (typeof STORED_KEY_STATUSES)[number];
/** What the API shows: the stored status corrected by the chain (`expired` is never stored). */
export const SESSION_KEY_STATUSES = ['pending', 'active', 'revoking', 'revoked', 'expired', 'failed'] as const;
export type SessionKeyStatus = (typeof SESSION_KEY_STATUSES)[number];

/** uint128: the contract's width of caps and value per call. */
const UINT128_MAX = (1n << 128n) - 1n;
/** uint48: the contract's width of the window's bounds. */
const UINT48_MAX = 2 ** 48 - 1;

/** An asset the grant's token names, as resolved from config (null address: the native coin). */
export interface GrantAsset {
  symbol: string;
  address: Address | null;
  decimals: number;
}

/** The request body of a grant (API units). */
export interface GrantRequest {
  keyAddress: string;
  validFrom?: string | undefined;
  validUntil: string;
  targets?: ReadonlyArray<{ contract: string; functions: readonly string[] }> | undefined;
  token?: { asset: string; recipients: readonly string[]; perOperation: string; total: string } | undefined;
  valuePerCall?: string | undefined;
}

export interface GrantContext {
  account: Address;
  owner: Address;
  entryPoint: Address;
  now: Date;
  /** `smartAccounts.sessionKeyMaxDays`: validUntil may be at most this far from now. */
  maxDays: number;
  /** The token's asset as config knows it on the account's chain; null when unknown (or no token asked). */
  asset: GrantAsset | null;
  nativeDecimals: number;
}

/** One granted contract and the functions the key may call on it. */
export interface GrantTarget {
  contract: Address;
  functions: Array<{ signature: string; selector: Hex }>;
}

/** A checked grant: what is stored and what `grantSession` receives. */
export interface GrantPlan {
  key: Address;
  scope: SessionScope;
  targets: GrantTarget[];
  token: GrantAsset | null;
}

/** Base units of a decimal string in `decimals`, or the problem. */
export function decimalToBaseUnits(
  value: string,
  decimals: number,
): { ok: true; value: bigint } | { ok: false; code: 'too_many_decimals' | 'invalid_amount' } {
  if (!/^\d{1,78}(\.\d{1,36})?$/.test(value)) return { ok: false, code: 'invalid_amount' };
  const frac = value.split('.')[1] ?? '';
  if (frac.length > decimals) return { ok: false, code: 'too_many_decimals' };
  return { ok: true, value: parseUnits(value, decimals) };
}

/** The canonical form of a function signature (`transfer(address,uint256)`), or null when it is not one. */
export function canonicalSignature(signature: string): string | null {
  const s = signature.replace(/\s+/g, '');
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*\(([a-z0-9[\](),]*)\)$/.test(s)) return null;
  try {
    toFunctionSelector(`function ${s}`);
  } catch {
    return null;
  }
  return s;
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * Checks a grant request and builds its scope. Field paths are those of the request body
 * (`body.token.perOperation`). The rules are the contract's (key not zero nor the owner, the
 * window ordered) plus Keel's: a bounded lifetime, no call to the account or the EntryPoint
 * (the contract refuses those whatever the grant says), caps positive with perOperation ≤ total,
 * amounts within the asset's decimals and the contract's uint128, and a scope that allows something.
 */
export function planGrant(
  req: GrantRequest,
  ctx: GrantContext,
): { ok: true; plan: GrantPlan } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: string, code: string, message: string) =>
    void errors.push({ field: `body.${field}`, code, message });
  const forbidden = (a: Address) => isAddressEqual(a, ctx.account) || isAddressEqual(a, ctx.entryPoint);

  let key: Address = zeroAddress;
  if (!isAddress(req.keyAddress, { strict: false }))
    fail('keyAddress', 'invalid_address', 'must be a 20-byte hex address');
  else {
    key = getAddress(req.keyAddress);
    if (isAddressEqual(key, zeroAddress))
      fail('keyAddress', 'zero_address', 'the zero address cannot be a session key');
    else if (isAddressEqual(key, ctx.owner))
      fail('keyAddress', 'key_is_owner', 'the account’s owner key cannot be a session key');
    else if (forbidden(key))
      fail('keyAddress', 'key_is_account', 'the account or the EntryPoint cannot be a session key');
  }

  // The window: the EntryPoint accepts an operation strictly after validAfter and up to validUntil.
  const now = seconds(ctx.now);
  const until = Date.parse(req.validUntil);
  const from = req.validFrom === undefined ? undefined : Date.parse(req.validFrom);
  let validAfter = 0;
  let validUntil = 0;
  if (Number.isNaN(until)) fail('validUntil', 'invalid_datetime', 'must be an ISO-8601 date-time');
  else {
    validUntil = Math.floor(until / 1000);
    if (validUntil <= now) fail('validUntil', 'in_past', 'must be in the future');
    else if (validUntil > now + ctx.maxDays * 86_400)
      fail(
        'validUntil',
        'too_long',
        `a session key lives at most ${ctx.maxDays} days (smartAccounts.sessionKeyMaxDays)`,
      );
    else if (validUntil > UINT48_MAX) fail('validUntil', 'too_long', 'beyond the contract’s range');
  }
  if (from !== undefined) {
    if (Number.isNaN(from)) fail('validFrom', 'invalid_datetime', 'must be an ISO-8601 date-time');
    else {
      // Valid from `validFrom` on: the contract's bound is exclusive, so one second before it.
      const fromSec = Math.ceil(from / 1000);
      validAfter = Math.max(0, fromSec - 1);
      if (!Number.isNaN(until) && fromSec >= validUntil) fail('validFrom', 'window_empty', 'must be before validUntil');
    }
  }

  const targets: GrantTarget[] = [];
  const pairs = new Set<string>();
  for (const [i, t] of (req.targets ?? []).entries()) {
    if (!isAddress(t.contract, { strict: false })) {
      fail(`targets.${i}.contract`, 'invalid_address', 'must be a 20-byte hex address');
      continue;
    }
    const contract = getAddress(t.contract);
    if (isAddressEqual(contract, zeroAddress)) fail(`targets.${i}.contract`, 'zero_address', 'not a contract');
    else if (forbidden(contract))
      fail(
        `targets.${i}.contract`,
        'forbidden_target',
        'a session key may never call the account itself or the EntryPoint',
      );
    else if (ctx.asset?.address && isAddressEqual(contract, ctx.asset.address))
      fail(
        `targets.${i}.contract`,
        'target_is_token',
        'the token’s transfers are granted under `token`, not as a target',
      );
    if (t.functions.length === 0) fail(`targets.${i}.functions`, 'empty', 'list at least one function');
    const functions: GrantTarget['functions'] = [];
    for (const [j, f] of t.functions.entries()) {
      const signature = canonicalSignature(f);
      if (!signature) {
        fail(
          `targets.${i}.functions.${j}`,
          'invalid_signature',
          'must be a function signature such as "transfer(address,uint256)"',
        );
        continue;
      }
      const selector = toFunctionSelector(`function ${signature}`);
      const pair = `${contract.toLowerCase()}:${selector}`;
      if (pairs.has(pair)) continue;
      pairs.add(pair);
      functions.push({ signature, selector });
    }
    const existing = targets.find((x) => isAddressEqual(x.contract, contract));
    if (existing) existing.functions.push(...functions);
    else targets.push({ contract, functions });
  }

  let token: GrantAsset | null = null;
  let tokenAddress: Address = zeroAddress;
  let perOpCap = 0n;
  let totalCap = 0n;
  const recipients: Address[] = [];
  if (req.token) {
    const t = req.token;
    if (!ctx.asset)
      fail('token.asset', 'unknown_asset', `${t.asset} is not an asset configured on the account’s chain`);
    else if (ctx.asset.address === null)
      fail('token.asset', 'not_a_token', 'the native coin is granted with `valuePerCall`, not as a token');
    else if (forbidden(ctx.asset.address)) fail('token.asset', 'forbidden_target', 'not a token');
    else {
      token = ctx.asset;
      tokenAddress = ctx.asset.address;
    }
    if (t.recipients.length === 0) fail('token.recipients', 'empty', 'list at least one recipient');
    for (const [i, r] of t.recipients.entries()) {
      if (!isAddress(r, { strict: false }))
        fail(`token.recipients.${i}`, 'invalid_address', 'must be a 20-byte hex address');
      else if (isAddressEqual(r, zeroAddress))
        fail(`token.recipients.${i}`, 'zero_address', 'tokens cannot be sent to the zero address');
      else if (!recipients.some((x) => isAddressEqual(x, r))) recipients.push(getAddress(r));
    }
    if (token) {
      const amount = (field: 'perOperation' | 'total'): bigint => {
        const v = decimalToBaseUnits(t[field], token!.decimals);
        if (!v.ok) {
          fail(
            `token.${field}`,
            v.code,
            v.code === 'too_many_decimals'
              ? `${token!.symbol} has ${token!.decimals} decimals`
              : 'a decimal amount such as "12.5"',
          );
          return 0n;
        }
        if (v.value === 0n) fail(`token.${field}`, 'not_positive', 'must be more than 0');
        else if (v.value > UINT128_MAX) fail(`token.${field}`, 'too_big', 'beyond the contract’s uint128 range');
        return v.value;
      };
      perOpCap = amount('perOperation');
      totalCap = amount('total');
      if (perOpCap > 0n && totalCap > 0n && perOpCap > totalCap)
        fail('token.perOperation', 'over_total', 'perOperation cannot be more than total');
    }
  }

  let valuePerCall = 0n;
  if (req.valuePerCall !== undefined) {
    const v = decimalToBaseUnits(req.valuePerCall, ctx.nativeDecimals);
    if (!v.ok)
      fail(
        'valuePerCall',
        v.code,
        v.code === 'too_many_decimals' ? `the native coin has ${ctx.nativeDecimals} decimals` : 'a decimal amount',
      );
    else if (v.value > UINT128_MAX) fail('valuePerCall', 'too_big', 'beyond the contract’s uint128 range');
    else valuePerCall = v.value;
  }
  if ((req.targets ?? []).length === 0 && !req.token)
    fail('targets', 'empty_scope', 'a session key needs `targets` or `token`: a grant of nothing is refused');

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    plan: {
      key,
      targets,
      token,
      scope: {
        validAfter,
        validUntil,
        token: tokenAddress,
        perOpCap,
        totalCap,
        valuePerCall,
        targets: targets.flatMap((t) => t.functions.map(() => t.contract)),
        selectors: targets.flatMap((t) => t.functions.map((f) => f.selector)),
        recipients,
      },
    },
  };
}

/** The account's call that grants `key` its scope (the account calls itself through `execute`). */
export function grantCallData(key: Address, scope: SessionScope): Hex {
  return encodeFunctionData({ abi: keelSmartAccountAbi, functionName: 'grantSession', args: [key, scope] });
}

/** The account's call that revokes `key`'s grant. */
export function revokeCallData(key: Address): Hex {
  return encodeFunctionData({ abi: keelSmartAccountAbi, functionName: 'revokeSession', args: [key] });
}

/** What the chain says about a key: `sessions(key)` and whether each granted pair and recipient is allowed. */
export interface ChainSession {
  grantId: bigint;
  validAfter: number;
  validUntil: number;
  token: Address;
  perOpCap: bigint;
  totalCap: bigint;
  spent: bigint;
  valuePerCall: bigint;
  /** Every stored (target, selector) pair and every recipient is allowed under the live grant. */
  listsMatch: boolean;
  /** The chain's latest block time (unix seconds): the EntryPoint's clock. */
  blockTime: number;
}

/** Whether the chain's live grant is the one Keel recorded (same scalars, same lists). */
export function grantMatches(scope: SessionScope, s: ChainSession): boolean {
  return (
    s.grantId !== 0n &&
    s.validAfter === scope.validAfter &&
    s.validUntil === scope.validUntil &&
    isAddressEqual(s.token, scope.token) &&
    s.perOpCap === scope.perOpCap &&
    s.totalCap === scope.totalCap &&
    s.valuePerCall === scope.valuePerCall &&
    s.listsMatch
  );
}

/**
 * The status a key shows: the stored one corrected by the chain, which is the truth for
 * liveness. `chain` undefined: the chain could not be read (the stored status stands, but
 * `expired` is still decided by the wall clock). A key is `active` only when the chain holds its
 * grant and the window covers the chain's time; `expired` once validUntil passed; a recorded
 * active or revoking key whose grant the chain no longer holds is `revoked` (revoked or replaced
 * outside this record).
 */
export function keyStatus(
  stored: StoredKeyStatus,
  scope: SessionScope,
  chain: ChainSession | undefined,
  now: Date,
): { status: SessionKeyStatus; reason: string | null } {
  if (stored === 'failed' || stored === 'revoked') return { status: stored, reason: null };
  const time = chain?.blockTime ?? seconds(now);
  const expired = scope.validUntil !== 0 && time > scope.validUntil;
  if (stored === 'pending')
    return expired ? { status: 'expired', reason: 'grant_not_confirmed' } : { status: 'pending', reason: null };
  if (chain && !grantMatches(scope, chain))
    return { status: 'revoked', reason: stored === 'revoking' ? null : 'not_on_chain' };
  if (expired) return { status: 'expired', reason: null };
  if (stored === 'revoking') return { status: 'revoking', reason: null };
  if (chain && !sessionWindowOpen(scope, chain.blockTime)) return { status: 'pending', reason: 'not_yet_valid' };
  return { status: 'active', reason: null };
}

/** The allowance left under the key's total cap (0 when spent reached it). */
export function remainingAllowance(totalCap: bigint, spent: bigint): bigint {
  return spent >= totalCap ? 0n : totalCap - spent;
}

/** Final statuses of a user operation (the outcome hooks' `status`). */
export type OperationFinal = 'confirmed' | 'failed' | 'rejected' | 'expired' | 'cancelled';

/**
 * The stored status a key moves to when its grant or revoke operation's outcome arrives, or
 * null when it does not move (an outcome for a key that already left that stage).
 * Grant: confirmed → active, any other final → failed; retracted → back to pending.
 * Revoke: confirmed → revoked; any other final → active again (the grant still stands);
 * retracted → back to revoking.
 */
export function outcomeTransition(
  kind: 'grant' | 'revoke',
  outcome: { kind: 'final' | 'retracted'; status: OperationFinal },
  current: StoredKeyStatus,
): StoredKeyStatus | null {
  if (kind === 'grant') {
    if (outcome.kind === 'retracted') return current === 'active' || current === 'failed' ? 'pending' : null;
    if (current !== 'pending') return null;
    return outcome.status === 'confirmed' ? 'active' : 'failed';
  }
  if (outcome.kind === 'retracted') return current === 'revoked' || current === 'active' ? 'revoking' : null;
  if (current !== 'revoking') return null;
  return outcome.status === 'confirmed' ? 'revoked' : 'active';
}

/**
 * Whether a key may be revoked (409 `session_key_state` otherwise): its grant was confirmed and
 * the chain still holds it, live or not yet valid. A pending grant is not revocable (the revoke
 * could run before it); revoke it once it is active.
 */
export function revocable(stored: StoredKeyStatus, shown: SessionKeyStatus): boolean {
  return stored === 'active' && (shown === 'active' || shown === 'pending');
}
