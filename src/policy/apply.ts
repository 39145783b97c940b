import { formatUnits } from 'viem';
import { isUnlimitedAllowance } from '../lib/prices.ts';
import {
  APPROVAL_SELECTORS,
  argString,
  intentAssetKeys,
  type CompiledFunction,
  type CompiledLimit,
  type CompiledRule,
} from './compile.ts';
import type { ReasonCode } from './reasons.ts';
import type { Facts, Intent, IntentAsset, WindowCharge } from './types.ts';

/**
 * How each rule kind applies to an intent, for both evaluators (evaluate.ts). A rule checks its
 * own scope and subject, so the indexed evaluator and the reference scan share this code and
 * differ only in which rules they visit.
 */

/** A finding before the outcome is known (its end-user text depends on the outcome). */
export interface Pending {
  ord: number;
  code: ReasonCode;
  rule?: string;
  message: string;
  userMessage: string | undefined;
}

/** One asset an intent moves: declared, or exposed by its simulation (the larger amount of the two). */
export interface MovedAsset {
  asset: IntentAsset;
  /** The keys rules can name it by (`intentAssetKeys`). */
  keys: string[];
  /** Base units: the larger of the declared amount and the exposed outflow + allowance. */
  amount: bigint;
}

/** Evaluation state of one intent: inputs, normalised addresses, findings so far. */
export interface Ctx {
  intent: Intent;
  facts: Facts;
  signer: string;
  to: string;
  contract: string | null;
  selector: string | null;
  /** `transfer` (an asset to a recipient) or `call` (a contract). */
  shape: 'transfer' | 'call';
  /** Every asset the intent moves (declared or exposed). */
  assets: MovedAsset[];
  /** Whether an allow rule passed each of `assets` (same order). */
  assetAllowed: boolean[];
  /** Whether anything at all moves (amount and windows rules skip intents that move nothing). */
  moves: boolean;
  /** Everything moved in 1e-8 USD: the larger of the declared and the exposed value; undefined when unpriced. */
  valueUsd8: bigint | undefined;
  /** The union of every moved asset's keys (scope matching). */
  assetKeys: string[];
  /** Every address the intent sends to or names: `to`, the contract, address arguments. */
  addrs: string[];
  deny: Pending[];
  review: Pending[];
  /** Window charges with the position of their rule (sorted by it at the end). */
  charges: Array<{ ord: number; charge: WindowCharge }>;
  allowedBy: Array<{ ord: number; id: string }>;
  chainOk: boolean;
  contractListed: boolean;
  selectorListed: boolean;
  contractOk: boolean;
  argFails: Pending[];
  destApplies: boolean;
  destOk: boolean;
}

/** Sort positions of the gate reasons (before every rule's own reasons). */
export const GATE_ORD = { reserved: -6, chain: -4, asset: -3, contract: -2, destination: -1 } as const;
/** A 20-byte hex address, any case. */
export const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;

const assetId = (a: IntentAsset) => (a.address ? a.address.toLowerCase() : 'native');

/** The assets an intent moves: its declared asset and everything its exposure lists, merged by asset. */
export function movedAssets(intent: Intent): MovedAsset[] {
  const out = new Map<string, MovedAsset>();
  if (intent.asset)
    out.set(assetId(intent.asset), { asset: intent.asset, keys: intentAssetKeys(intent.asset), amount: intent.amount });
  for (const e of intent.exposure?.assets ?? []) {
    const exposed = e.outflow + e.allowance;
    const hit = out.get(assetId(e.asset));
    if (hit) {
      if (exposed > hit.amount) hit.amount = exposed;
    } else {
      // An unknown token is named by its address only: no symbol key a rule could match by accident.
      out.set(assetId(e.asset), {
        asset: e.asset,
        keys: e.known ? intentAssetKeys(e.asset) : [assetId(e.asset)],
        amount: exposed,
      });
    }
  }
  return [...out.values()];
}

/** Default shape of a kind: transfers and refunds move an asset to a recipient; the rest call contracts. */
export const shapeOf = (i: Intent): 'transfer' | 'call' =>
  i.shape ?? (i.kind === 'transfer' || i.kind === 'refund' ? 'transfer' : 'call');

/**
 * What an intent moves in 1e-8 USD: the larger of its declared amount's value and its
 * exposure's; undefined when either is not priced.
 */
export function intentValueUsd8(intent: Intent): bigint | undefined {
  const declared = intent.amount === 0n ? 0n : intent.amountUsd8;
  const e = intent.exposure;
  const exposed = !e || e.assets.length === 0 ? 0n : e.usd8;
  if (declared === undefined || exposed === undefined) return undefined;
  return declared > exposed ? declared : exposed;
}

/** Fresh evaluation state for `intent`. */
export function newCtx(intent: Intent, facts: Facts): Ctx {
  const to = intent.to.toLowerCase();
  const contract = intent.call ? intent.call.contract.toLowerCase() : null;
  const addrs = [to];
  if (contract && contract !== to) addrs.push(contract);
  if (intent.call) {
    for (const a of intent.call.args) {
      const list = Array.isArray(a) ? a : [a];
      for (const x of list) {
        if (typeof x === 'string' && x.length === 42 && ADDRESS_RE.test(x)) {
          const l = x.toLowerCase();
          if (!addrs.includes(l)) addrs.push(l);
        }
      }
    }
  }
  const assets = movedAssets(intent);
  return {
    intent,
    facts,
    signer: intent.from.toLowerCase(),
    to,
    contract,
    selector: intent.call ? intent.call.selector.toLowerCase() : null,
    shape: shapeOf(intent),
    assets,
    assetAllowed: assets.map(() => false),
    moves: assets.some((a) => a.amount > 0n),
    valueUsd8: intentValueUsd8(intent),
    assetKeys: [...new Set(assets.flatMap((a) => a.keys))],
    addrs,
    deny: [],
    review: [],
    charges: [],
    allowedBy: [],
    chainOk: false,
    contractListed: false,
    selectorListed: false,
    contractOk: false,
    argFails: [],
    destApplies: false,
    destOk: false,
  };
}

/** Whether every scope filter of `r` but its assets contains the intent's value. */
export function inScopeExceptAssets(r: CompiledRule, c: Ctx): boolean {
  const s = r.scope;
  const i = c.intent;
  if (s.chainIds && !s.chainIds.has(i.chainId)) return false;
  if (s.intentKinds && !s.intentKinds.has(i.kind)) return false;
  if (s.users && !s.users.has(i.userId)) return false;
  if (s.apiKeys && !s.apiKeys.has(i.apiKeyId)) return false;
  if (s.sessions && (i.sessionId === undefined || !s.sessions.has(i.sessionId))) return false;
  if (s.signers && !s.signers.has(c.signer)) return false;
  return true;
}

/** Whether `keys` (one asset's) meet the asset filter `set` (null: every asset). */
export const assetIn = (set: ReadonlySet<string> | null, keys: readonly string[]) =>
  !set || keys.some((k) => set.has(k));

/** Whether every scope filter of `r` contains the intent's value (assets: any asset the intent moves). */
export function inScope(r: CompiledRule, c: Ctx): boolean {
  return inScopeExceptAssets(r, c) && assetIn(r.scope.assets, c.assetKeys);
}

function flag(c: Ctx, r: CompiledRule, code: ReasonCode, message: string): void {
  const p: Pending = { ord: r.ord, code, rule: r.id, message: `rule ${r.id}: ${message}`, userMessage: r.userMessage };
  if (r.effect === 'review') c.review.push(p);
  else c.deny.push(p);
}

function fmtAmount(c: Ctx, v: bigint): string {
  // A base-unit rule names its assets; with one moved asset in scope, say it in that asset.
  const a = c.assets.length === 1 ? c.assets[0]!.asset : undefined;
  return a ? `${formatUnits(v, a.decimals)} ${a.symbol}` : `${v} base units`;
}
/** 1e-8 USD as text for reason messages. */
export const fmtUsd = (v: bigint) => `${formatUnits(v, 8)} USD`;

/**
 * What the intent moves in the limit's unit: the USD value, or the base units of the rule's
 * assets (a base-unit limit always names its assets); null when it has no usable USD value.
 */
function amountIn(c: Ctx, limit: CompiledLimit, r: CompiledRule): bigint | null {
  if (limit.unit === 'base')
    return c.assets.reduce((sum, a) => (assetIn(r.scope.assets, a.keys) ? sum + a.amount : sum), 0n);
  return c.valueUsd8 ?? null;
}

/** Problems of one allowed function entry with the call's arguments (empty when it fits). */
function functionProblems(
  fn: CompiledFunction,
  args: readonly unknown[],
  approval: boolean,
  r: CompiledRule,
): Pending[] {
  const out: Pending[] = [];
  const fail = (code: ReasonCode, message: string) =>
    out.push({ ord: r.ord, code, rule: r.id, message: `rule ${r.id}: ${message}`, userMessage: r.userMessage });
  if (approval) {
    const spender = argString(args[0]);
    if (!fn.spenders?.has(spender)) fail('approve_spender_not_allowed', `spender ${spender} is not an allowed spender`);
    const amount = args[1];
    if (amount === true || (typeof amount === 'bigint' && isUnlimitedAllowance(amount)))
      fail('approve_unlimited', 'unlimited approvals are not allowed');
    else if (typeof amount !== 'bigint' && typeof amount !== 'boolean')
      fail('argument_not_allowed', 'approval amount is not an integer');
  }
  for (const a of fn.args) {
    const v = args[a.index];
    if (v === undefined) {
      fail('argument_not_allowed', `argument ${a.index} is missing`);
      continue;
    }
    const s = argString(v);
    if (a.oneOf && !a.oneOf.has(s))
      fail('argument_not_allowed', `argument ${a.index} (${s}) is not one of the allowed values`);
    if (a.noneOf?.has(s)) fail('argument_not_allowed', `argument ${a.index} (${s}) is a forbidden value`);
    if (a.max !== null && (typeof v !== 'bigint' || v > a.max))
      fail('argument_not_allowed', `argument ${a.index} (${s}) is above ${a.max}`);
  }
  return out;
}

function applyContract(r: Extract<CompiledRule, { kind: 'contract' }>, c: Ctx): void {
  const call = c.intent.call;
  if (!call || !c.contract || !c.selector || !r.contracts.has(c.contract)) return;
  const sel = c.selector;
  const approval = APPROVAL_SELECTORS.has(sel);
  const fns = r.functions?.bySelector.get(sel);
  if (r.effect !== 'allow') {
    if (!r.functions || r.functions.any || fns) {
      if (r.effect === 'deny') flag(c, r, 'contract_not_allowed', `calls to ${c.contract} (${sel}) are denied`);
      else flag(c, r, 'review_required', `calls to ${c.contract} (${sel}) need review`);
    }
    return;
  }
  c.contractListed = true;
  if (!fns) {
    if (r.functions?.any && !approval) {
      c.contractOk = true;
      c.allowedBy.push({ ord: r.ord, id: r.id });
    }
    return;
  }
  c.selectorListed = true;
  let first: Pending[] | null = null;
  for (const fn of fns) {
    const problems = functionProblems(fn, call.args, approval, r);
    if (problems.length === 0) {
      c.contractOk = true;
      c.allowedBy.push({ ord: r.ord, id: r.id });
      return;
    }
    first ??= problems;
  }
  if (first) c.argFails.push(...first);
}

function windowKey(r: Extract<CompiledRule, { kind: 'window' | 'velocity' }>, c: Ctx, unit: string): string | null {
  const i = c.intent;
  const value =
    r.per === 'user'
      ? i.userId
      : r.per === 'apiKey'
        ? i.apiKeyId
        : r.per === 'session'
          ? i.sessionId
          : r.per === 'signer'
            ? c.signer
            : r.per === 'counterparty'
              ? `${i.chainId}:${c.to}`
              : '*';
  if (value === undefined) return null;
  return `${r.id}|${unit}|${r.per}=${value}`;
}

/** Adds the window charge of a window/velocity rule and flags it when the window is full. */
export function applyWindow(r: Extract<CompiledRule, { kind: 'window' | 'velocity' }>, c: Ctx): void {
  const i = c.intent;
  if (r.kind === 'velocity') {
    const key = windowKey(r, c, 'count');
    if (key === null) return;
    c.charges.push({
      ord: r.ord,
      charge: {
        key,
        rule: r.id,
        windowSeconds: r.windowSeconds,
        amount: 0n,
        count: 1,
        maxCount: r.maxCount,
        onExceed: r.effect,
      },
    });
    const used = c.facts.windowTotals[key]?.count ?? 0;
    if (used + 1 > r.maxCount)
      flag(
        c,
        r,
        'velocity_exceeded',
        `${used} of ${r.maxCount} allowed in ${r.windowSeconds}s already used (${r.per})`,
      );
    return;
  }
  if (!c.moves) return;
  if (r.limit.unit === 'usd') {
    const amount = c.valueUsd8;
    if (amount === undefined) return flag(c, r, 'price_unavailable', 'no usable USD price for a USD window limit');
    return charge(r, c, 'usd', amount, r.limit.usd8, fmtUsd);
  }
  // Base units of different assets never add up: one charge per asset of the rule that moves.
  for (const a of c.assets) {
    if (a.amount === 0n || !assetIn(r.scope.assets, a.keys)) continue;
    const unit = `${i.chainId}:${a.asset.address ? a.asset.address.toLowerCase() : 'native'}`;
    charge(r, c, unit, a.amount, r.limit.amount, (v) => `${formatUnits(v, a.asset.decimals)} ${a.asset.symbol}`);
  }
}

function charge(
  r: Extract<CompiledRule, { kind: 'window' }>,
  c: Ctx,
  unit: string,
  amount: bigint,
  max: bigint,
  f: (v: bigint) => string,
): void {
  const key = windowKey(r, c, unit);
  if (key === null) return;
  c.charges.push({
    ord: r.ord,
    charge: { key, rule: r.id, windowSeconds: r.windowSeconds, amount, count: 1, maxSum: max, onExceed: r.effect },
  });
  const used = c.facts.windowTotals[key]?.sum ?? 0n;
  if (used + amount > max)
    flag(
      c,
      r,
      'window_limit_exceeded',
      `${f(used)} used + ${f(amount)} exceeds ${f(max)} per ${r.windowSeconds}s (${r.per})`,
    );
}

/** Lower-cased code unit of an ASCII hex character (no allocation). */
function lowerCode(s: string, i: number): number {
  const ch = s.charCodeAt(i);
  return ch >= 65 && ch <= 90 ? ch + 32 : ch;
}

function lookalikeOf(r: Extract<CompiledRule, { kind: 'address_lookalike' }>, c: Ctx): string | null {
  const to = c.to;
  const suffixStart = 42 - r.suffixChars;
  const prefixEnd = 2 + r.prefixChars;
  // Runs for every transfer against every past counterparty: compare in place, case-insensitively.
  outer: for (const p of c.facts.destination.pastCounterparties) {
    if (p.length !== 42) continue;
    for (let k = 2; k < prefixEnd; k++) if (lowerCode(p, k) !== to.charCodeAt(k)) continue outer;
    for (let k = suffixStart; k < 42; k++) if (lowerCode(p, k) !== to.charCodeAt(k)) continue outer;
    const l = p.toLowerCase();
    if (l !== to) return l;
  }
  return null;
}

/** Applies one rule to the intent (scope and subject checked here, so any candidate set works). */
export function apply(r: CompiledRule, c: Ctx): void {
  if (!inScope(r, c)) return;
  const i = c.intent;
  const d = c.facts.destination;
  const transfer = c.shape === 'transfer';
  switch (r.kind) {
    case 'chain':
      if (r.effect === 'allow') {
        c.chainOk = true;
        c.allowedBy.push({ ord: r.ord, id: r.id });
      } else if (r.effect === 'deny') flag(c, r, 'chain_not_allowed', `chain ${i.chainId} is denied`);
      else flag(c, r, 'review_required', `chain ${i.chainId} needs review`);
      return;
    case 'asset': {
      const hits = c.assets.map((a) => assetIn(r.assets, a.keys));
      if (!hits.includes(true)) return;
      if (r.effect === 'allow') {
        hits.forEach((h, k) => h && (c.assetAllowed[k] = true));
        c.allowedBy.push({ ord: r.ord, id: r.id });
        return;
      }
      const named = c.assets
        .filter((_, k) => hits[k])
        .map((a) => a.asset.symbol)
        .join(', ');
      if (r.effect === 'deny') flag(c, r, 'asset_not_allowed', `asset ${named} is denied`);
      else flag(c, r, 'review_required', `asset ${named} needs review`);
      return;
    }
    case 'contract':
      return applyContract(r, c);
    case 'destination': {
      if (r.effect === 'allow') {
        if (!transfer) return;
        c.destApplies = true;
        if (r.addresses.has(c.to)) {
          c.destOk = true;
          c.allowedBy.push({ ord: r.ord, id: r.id });
        }
        return;
      }
      const hit = c.addrs.find((a) => r.addresses.has(a));
      if (hit === undefined) return;
      if (r.effect === 'deny') flag(c, r, 'destination_denied', `${hit} is on a deny list`);
      else flag(c, r, 'review_required', `${hit} needs review`);
      return;
    }
    case 'amount': {
      if (!c.moves) return;
      const amount = amountIn(c, r.limit, r);
      if (amount === null) return flag(c, r, 'price_unavailable', 'no usable USD price for a USD limit');
      const max = r.limit.unit === 'usd' ? r.limit.usd8 : r.limit.amount;
      if (amount <= max) return;
      const f = r.limit.unit === 'usd' ? fmtUsd : (v: bigint) => fmtAmount(c, v);
      const code = r.effect === 'deny' ? 'amount_over_tx_limit' : 'review_threshold';
      // Say when the value comes from what the simulation shows rather than from the request.
      const how = c.intent.exposure?.assets.length
        ? " (valued by what it can move out of Keel's accounts: simulated outflows and allowances)"
        : '';
      return flag(c, r, code, `${f(amount)}${how} is above ${f(max)} per transaction`);
    }
    case 'window':
    case 'velocity':
      return applyWindow(r, c);
    case 'first_time_destination':
      if (transfer && !d.seenBefore) flag(c, r, 'first_time_destination', `${c.to} has not been paid before`);
      return;
    case 'destination_cooling': {
      if (!transfer) return;
      const since = d.firstSeenAt ? c.facts.now.getTime() - d.firstSeenAt.getTime() : -1;
      if (since < 0 || since < r.coolingMs)
        flag(
          c,
          r,
          'destination_cooling',
          `${c.to} was first seen ${since < 0 ? 'just now' : `${Math.floor(since / 1000)}s ago`}; cooling period ${r.coolingMs / 1000}s`,
        );
      return;
    }
    case 'destination_contract':
      if (transfer && d.isContract && !r.except.has(c.to))
        flag(c, r, 'destination_is_contract', `${c.to} is a contract on chain ${i.chainId}`);
      return;
    case 'destination_unreceivable': {
      if (!transfer) return;
      if (d.isToken || (i.asset && i.asset.address?.toLowerCase() === c.to))
        flag(c, r, 'destination_unreceivable', `${c.to} is a token contract: tokens sent to it are usually lost`);
      else if (i.asset && i.asset.address === null && d.rejectsNative)
        flag(c, r, 'destination_unreceivable', `${c.to} is a contract that refuses ${i.asset.symbol}`);
      return;
    }
    case 'allowance':
      // Judged per granted allowance once every rule was visited (evaluate.ts).
      return;
    case 'address_lookalike': {
      if (!transfer) return;
      const twin = lookalikeOf(r, c);
      if (twin)
        flag(
          c,
          r,
          'address_lookalike',
          `${c.to} shares its first ${r.prefixChars} and last ${r.suffixChars} hex characters with known address ${twin}`,
        );
      return;
    }
    case 'wrong_network':
      if (!d.isContract && d.isContractOnOtherChains.length > 0) {
        flag(
          c,
          r,
          'wrong_network',
          `${c.to} has no code on chain ${i.chainId} but is a contract on chain(s) ${d.isContractOnOtherChains.join(', ')}`,
        );
      }
      return;
  }
}
