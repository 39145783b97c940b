import { parseUnits, toFunctionSelector } from 'viem';
import type { Intent, IntentAsset } from './types.ts';
import type {
  ArgConstraint,
  FunctionSpec,
  IntentKind,
  Limit,
  PolicyDocument,
  PolicyRule,
  WindowPer,
} from './document.ts';

/**
 * Compiles a validated policy document once into indexed structures, so evaluating an intent
 * touches only the rules that can apply to it (by chain, asset, contract, address, user, key,
 * session or signer) instead of scanning every rule.
 */

/** Selectors whose first argument is a spender/operator being granted funds. */
export const APPROVAL_SELECTORS: ReadonlyMap<string, string> = new Map([
  ['0x095ea7b3', 'approve(address,uint256)'],
  ['0x39509351', 'increaseAllowance(address,uint256)'],
  ['0xa22cb465', 'setApprovalForAll(address,bool)'],
]);

/** A rule's scope filters as Sets (null: the filter is not set and matches everything). */
export interface CompiledScope {
  chainIds: ReadonlySet<number> | null;
  assets: ReadonlySet<string> | null;
  users: ReadonlySet<string> | null;
  apiKeys: ReadonlySet<string> | null;
  sessions: ReadonlySet<string> | null;
  signers: ReadonlySet<string> | null;
  intentKinds: ReadonlySet<IntentKind> | null;
}

/** A limit in 1e-8 USD or in base units of the asset in scope. */
export type CompiledLimit = { unit: 'usd'; usd8: bigint } | { unit: 'base'; amount: bigint };

/** One argument constraint of an allowed function. */
export interface CompiledArg {
  index: number;
  oneOf: ReadonlySet<string> | null;
  noneOf: ReadonlySet<string> | null;
  max: bigint | null;
}

/** One allowed function entry of a contract rule. */
export interface CompiledFunction {
  selector: string;
  /** Allowed spenders of an approval selector (null: none listed). */
  spenders: ReadonlySet<string> | null;
  args: readonly CompiledArg[];
}

/** The allowed functions of a contract rule, by selector. */
export interface CompiledFunctions {
  /** `*` was listed: every non-approval function. */
  any: boolean;
  bySelector: ReadonlyMap<string, readonly CompiledFunction[]>;
}

interface Base<K extends PolicyRule['kind'], E extends PolicyRule['effect'] = PolicyRule['effect']> {
  /** Position in the document: orders reasons deterministically. */
  ord: number;
  id: string;
  kind: K;
  effect: E;
  userMessage: string | undefined;
  scope: CompiledScope;
}
type Restrict = 'deny' | 'review';

/** A rule with its parameters normalised (lower-case addresses, bigint limits, Sets). */
export type CompiledRule =
  | (Base<'chain'> & { chainIds: ReadonlySet<number> })
  | (Base<'asset'> & { assets: ReadonlySet<string> })
  | (Base<'contract'> & { contracts: ReadonlySet<string>; functions: CompiledFunctions | null })
  | (Base<'destination'> & { addresses: ReadonlySet<string> })
  | (Base<'amount', Restrict> & { limit: CompiledLimit })
  | (Base<'window', Restrict> & { per: WindowPer; windowSeconds: number; limit: CompiledLimit })
  | (Base<'velocity', Restrict> & { per: WindowPer; windowSeconds: number; maxCount: number })
  | Base<'first_time_destination', Restrict>
  | (Base<'destination_cooling', Restrict> & { coolingMs: number })
  | (Base<'destination_contract', Restrict> & { except: ReadonlySet<string> })
  | (Base<'allowance', 'allow'> & { spenders: ReadonlySet<string>; limit: CompiledLimit })
  | Base<'destination_unreceivable', Restrict>
  | (Base<'address_lookalike', Restrict> & { prefixChars: number; suffixChars: number })
  | Base<'wrong_network', Restrict>;

/**
 * Rules keyed by the most selective scope dimension they set (user, session, API key, signer,
 * chain, else "any"). A lookup returns each rule that can apply at most once, in document order.
 */
export class ScopeIndex {
  private readonly byUser = new Map<string, CompiledRule[]>();
  private readonly bySession = new Map<string, CompiledRule[]>();
  private readonly byApiKey = new Map<string, CompiledRule[]>();
  private readonly bySigner = new Map<string, CompiledRule[]>();
  private readonly byChain = new Map<number, CompiledRule[]>();
  private readonly any: CompiledRule[] = [];

  /** Files `rule` under its most selective scope dimension. */
  add(rule: CompiledRule): void {
    const s = rule.scope;
    const put = <K>(m: Map<K, CompiledRule[]>, keys: Iterable<K>) => {
      for (const k of keys) {
        const list = m.get(k);
        if (list) list.push(rule);
        else m.set(k, [rule]);
      }
    };
    if (s.users) put(this.byUser, s.users);
    else if (s.sessions) put(this.bySession, s.sessions);
    else if (s.apiKeys) put(this.byApiKey, s.apiKeys);
    else if (s.signers) put(this.bySigner, s.signers);
    else if (s.chainIds) put(this.byChain, s.chainIds);
    else this.any.push(rule);
  }

  /**
   * Rules that may apply to `intent` (scope still to be checked), as lists to visit in turn: each
   * rule appears at most once overall (it is filed under one dimension, and the intent has one
   * value per dimension). Not merged into document order: evaluation orders its findings itself.
   */
  candidates(intent: Intent, signer: string): ReadonlyArray<readonly CompiledRule[]> {
    const lists: (readonly CompiledRule[])[] = [];
    const user = this.byUser.get(intent.userId);
    if (user) lists.push(user);
    const session = intent.sessionId !== undefined ? this.bySession.get(intent.sessionId) : undefined;
    if (session) lists.push(session);
    const key = this.byApiKey.get(intent.apiKeyId);
    if (key) lists.push(key);
    const bySigner = this.bySigner.get(signer);
    if (bySigner) lists.push(bySigner);
    const chain = this.byChain.get(intent.chainId);
    if (chain) lists.push(chain);
    if (this.any.length) lists.push(this.any);
    return lists;
  }
}

/** A policy ready to evaluate: the document plus its indexes. Immutable; share it freely. */
export interface CompiledPolicy {
  version: number;
  document: PolicyDocument;
  /** Every rule in document order (the reference evaluator scans these). */
  rules: readonly CompiledRule[];
  /** Whether any rule can allow anything (a policy without one denies everything). */
  hasAllow: boolean;
  /** The `allowance` rules (also in `general`), visited for every allowance an intent grants. */
  allowanceRules: readonly Extract<CompiledRule, { kind: 'allowance' }>[];
  /** Longest rolling window of any rule (seconds): usage older than this no longer matters. */
  maxWindowSeconds: number;
  index: {
    chain: ReadonlyMap<number, readonly CompiledRule[]>;
    asset: ReadonlyMap<string, readonly CompiledRule[]>;
    contract: ReadonlyMap<string, readonly CompiledRule[]>;
    /** Deny/review destination rules by address. */
    destination: ReadonlyMap<string, readonly CompiledRule[]>;
    /** Allow destination rules (their presence turns the destination allowlist on). */
    destinationAllow: ScopeIndex;
    /** Every other rule kind (limits, windows, destination checks). */
    general: ScopeIndex;
    /** The window and velocity rules alone (also in `general`), for `windowNeeds`. */
    windows: ScopeIndex;
  };
}

/** Normalised key of an asset name in a policy: `native`, a lower-case address, or `sym:<symbol>`. */
export function assetKey(name: string): string {
  if (name === 'native') return 'native';
  if (/^0x[0-9a-fA-F]{40}$/.test(name)) return name.toLowerCase();
  return `sym:${name}`;
}

/** The keys under which an intent's asset can be named by a rule. */
export function intentAssetKeys(asset: IntentAsset | undefined): string[] {
  if (!asset) return [];
  return [asset.address ? asset.address.toLowerCase() : 'native', `sym:${asset.symbol}`];
}

const lowerSet = (xs: readonly string[] | undefined) => (xs ? new Set(xs.map((x) => x.toLowerCase())) : null);
const set = <T>(xs: readonly T[] | undefined) => (xs ? new Set(xs) : null);

function compileScope(r: PolicyRule): CompiledScope {
  return {
    chainIds: set(r.chainIds),
    assets: r.assets ? new Set(r.assets.map(assetKey)) : null,
    users: set(r.users),
    apiKeys: set(r.apiKeys),
    sessions: set(r.sessions),
    signers: lowerSet(r.signers),
    intentKinds: set(r.intentKinds),
  };
}

function compileLimit(l: Limit): CompiledLimit {
  return 'usd' in l ? { unit: 'usd', usd8: parseUnits(l.usd, 8) } : { unit: 'base', amount: BigInt(l.baseUnits) };
}

function selectorOf(spec: string): string {
  return spec.startsWith('0x') ? spec.toLowerCase() : toFunctionSelector(spec);
}

/** Arguments compare as strings: addresses lower-case, integers in decimal. */
export function argString(v: unknown): string {
  if (typeof v === 'string') return /^0x[0-9a-fA-F]*$/.test(v) ? v.toLowerCase() : v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x));
}

function compileArg(a: ArgConstraint): CompiledArg {
  return {
    index: a.index,
    oneOf: a.oneOf ? new Set(a.oneOf.map(argString)) : null,
    noneOf: a.noneOf ? new Set(a.noneOf.map(argString)) : null,
    max: a.max !== undefined ? BigInt(a.max) : null,
  };
}

function compileFunctions(specs: readonly FunctionSpec[] | undefined): CompiledFunctions | null {
  if (!specs) return null;
  let any = false;
  const bySelector = new Map<string, CompiledFunction[]>();
  for (const spec of specs) {
    const s = typeof spec === 'string' ? { selector: spec } : spec;
    if (s.selector === '*') {
      any = true;
      continue;
    }
    const fn: CompiledFunction = {
      selector: selectorOf(s.selector),
      spenders: 'spenders' in s ? lowerSet(s.spenders) : null,
      args: 'args' in s && s.args ? s.args.map(compileArg) : [],
    };
    const list = bySelector.get(fn.selector);
    if (list) list.push(fn);
    else bySelector.set(fn.selector, [fn]);
  }
  return { any, bySelector };
}

function compileRule(r: PolicyRule, ord: number): CompiledRule {
  const base = { ord, id: r.id, userMessage: r.userMessage, scope: compileScope(r) };
  switch (r.kind) {
    case 'chain':
      return { ...base, kind: r.kind, effect: r.effect, chainIds: new Set(r.chainIds) };
    case 'asset':
      return { ...base, kind: r.kind, effect: r.effect, assets: new Set(r.assets.map(assetKey)) };
    case 'contract':
      return {
        ...base,
        kind: r.kind,
        effect: r.effect,
        contracts: lowerSet(r.contracts)!,
        functions: compileFunctions(r.functions),
      };
    case 'destination':
      return { ...base, kind: r.kind, effect: r.effect, addresses: lowerSet(r.addresses)! };
    case 'amount':
      return { ...base, kind: r.kind, effect: r.effect, limit: compileLimit(r.limit) };
    case 'window':
      return {
        ...base,
        kind: r.kind,
        effect: r.effect,
        per: r.per,
        windowSeconds: r.windowSeconds,
        limit: compileLimit(r.limit),
      };
    case 'velocity':
      return {
        ...base,
        kind: r.kind,
        effect: r.effect,
        per: r.per,
        windowSeconds: r.windowSeconds,
        maxCount: r.maxCount,
      };
    case 'destination_cooling':
      return { ...base, kind: r.kind, effect: r.effect, coolingMs: r.coolingSeconds * 1000 };
    case 'destination_contract':
      return { ...base, kind: r.kind, effect: r.effect, except: lowerSet(r.except) ?? new Set() };
    case 'address_lookalike':
      return { ...base, kind: r.kind, effect: r.effect, prefixChars: r.prefixChars, suffixChars: r.suffixChars };
    case 'allowance':
      return { ...base, kind: r.kind, effect: r.effect, spenders: lowerSet(r.spenders)!, limit: compileLimit(r.limit) };
    case 'first_time_destination':
    case 'wrong_network':
    case 'destination_unreceivable':
      return { ...base, kind: r.kind, effect: r.effect };
  }
}

function pushTo<K>(m: Map<K, CompiledRule[]>, k: K, r: CompiledRule): void {
  const list = m.get(k);
  if (list) {
    if (list[list.length - 1] !== r) list.push(r);
  } else m.set(k, [r]);
}

/**
 * Compiles a validated document (see `parsePolicyDocument`). `version` overrides the document's
 * own `version` (the database's version number is authoritative).
 */
export function compilePolicy(doc: PolicyDocument, version: number = doc.version): CompiledPolicy {
  const rules = doc.rules.map(compileRule);
  const chain = new Map<number, CompiledRule[]>();
  const asset = new Map<string, CompiledRule[]>();
  const contract = new Map<string, CompiledRule[]>();
  const destination = new Map<string, CompiledRule[]>();
  const destinationAllow = new ScopeIndex();
  const general = new ScopeIndex();
  const windows = new ScopeIndex();
  let maxWindowSeconds = 0;
  for (const r of rules) {
    switch (r.kind) {
      case 'chain':
        for (const c of r.chainIds) pushTo(chain, c, r);
        break;
      case 'asset':
        for (const a of r.assets) pushTo(asset, a, r);
        break;
      case 'contract':
        for (const c of r.contracts) pushTo(contract, c, r);
        break;
      case 'destination':
        if (r.effect === 'allow') destinationAllow.add(r);
        else for (const a of r.addresses) pushTo(destination, a, r);
        break;
      case 'allowance':
        // Judged per granted allowance at the end of evaluation (`allowanceRules`), not per intent.
        break;
      default:
        if (r.kind === 'window' || r.kind === 'velocity') {
          maxWindowSeconds = Math.max(maxWindowSeconds, r.windowSeconds);
          windows.add(r);
        }
        general.add(r);
    }
  }
  return {
    version,
    document: doc,
    rules,
    hasAllow: rules.some((r) => r.effect === 'allow'),
    allowanceRules: rules.filter((r): r is Extract<CompiledRule, { kind: 'allowance' }> => r.kind === 'allowance'),
    maxWindowSeconds,
    index: { chain, asset, contract, destination, destinationAllow, general, windows },
  };
}
