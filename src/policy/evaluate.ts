import { formatUnits } from 'viem';
import { isUnlimitedAllowance } from '../lib/prices.ts';
import {
  apply,
  applyWindow,
  ADDRESS_RE,
  assetIn,
  fmtUsd,
  GATE_ORD,
  inScope,
  inScopeExceptAssets,
  newCtx,
  shapeOf,
  type Ctx,
  type Pending,
} from './apply.ts';
import { intentAssetKeys, type CompiledPolicy, type CompiledRule } from './compile.ts';
import { userMessageFor, type ReasonCode } from './reasons.ts';
import type { Decision, Facts, Intent, Reason, WindowCharge } from './types.ts';

/**
 * Pure policy evaluation: plain data in, a decision out. No clock, no database, no chain —
 * the caller gathers `facts` beforehand and reserves the decision's window `charges` after.
 *
 * Precedence: any deny wins; else any review; else allow — and only when every gate that
 * applies was passed by an allow rule (chain; asset; contract + function; destination
 * allowlist if one is in scope). What no rule allows is denied.
 */

function invalid(intent: Intent): string | null {
  if (intent.amount < 0n) return 'amount is negative';
  if (intent.amountUsd8 !== undefined && intent.amountUsd8 < 0n) return 'amountUsd8 is negative';
  if (shapeOf(intent) === 'transfer' && !intent.asset) return 'a transfer needs an asset';
  if (shapeOf(intent) === 'call' && !intent.call) return 'a contract call needs call data';
  for (const e of intent.exposure?.assets ?? []) if (e.outflow < 0n || e.allowance < 0n) return 'exposure is negative';
  if (intent.call && !/^0x[0-9a-fA-F]{8}$/.test(intent.call.selector)) return 'selector must be 4 bytes of hex';
  if (!ADDRESS_RE.test(intent.to) || !ADDRESS_RE.test(intent.from)) return 'from and to must be addresses';
  return null;
}

function gate(ord: number, code: ReasonCode, message: string): Pending {
  return { ord, code, message, userMessage: undefined };
}

const byOrd = (a: Pending, b: Pending) => a.ord - b.ord || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Every allowance the intent leaves granted needs an in-scope `allowance` rule for its spender
 * whose cap holds it: unlimited allowances are refused outright, a spender no rule names is not
 * allowed, and one above every cap that applies is over the cap.
 */
function allowanceGates(p: CompiledPolicy, c: Ctx): void {
  for (const a of c.intent.exposure?.allowances ?? []) {
    if (a.amount === 0n) continue;
    const spender = a.spender.toLowerCase();
    const token = a.asset.symbol;
    if (a.amount === null || isUnlimitedAllowance(a.amount)) {
      c.deny.push(
        gate(
          GATE_ORD.contract,
          'approve_unlimited',
          `an unlimited allowance of ${token} to ${spender} is never allowed`,
        ),
      );
      continue;
    }
    const keys = intentAssetKeys(a.asset);
    const rules = p.allowanceRules.filter(
      (r) => r.spenders.has(spender) && inScopeExceptAssets(r, c) && assetIn(r.scope.assets, keys),
    );
    if (rules.length === 0) {
      c.deny.push(
        gate(
          GATE_ORD.contract,
          'approve_spender_not_allowed',
          `${spender} may not be granted an allowance of ${token} (no allowance rule names it)`,
        ),
      );
      continue;
    }
    const fits = rules.find((r) =>
      r.limit.unit === 'usd' ? a.usd8 !== undefined && a.usd8 <= r.limit.usd8 : a.amount! <= r.limit.amount,
    );
    if (fits) {
      c.allowedBy.push({ ord: fits.ord, id: fits.id });
      continue;
    }
    const r = rules[0]!;
    if (r.limit.unit === 'usd' && a.usd8 === undefined) {
      c.deny.push({
        ord: r.ord,
        code: 'price_unavailable',
        rule: r.id,
        message: `rule ${r.id}: no usable USD price for an allowance of ${token}`,
        userMessage: r.userMessage,
      });
      continue;
    }
    const shown = r.limit.unit === 'usd' ? fmtUsd(a.usd8!) : `${formatUnits(a.amount!, a.asset.decimals)} ${token}`;
    const cap =
      r.limit.unit === 'usd' ? fmtUsd(r.limit.usd8) : `${formatUnits(r.limit.amount, a.asset.decimals)} ${token}`;
    c.deny.push({
      ord: r.ord,
      code: 'approval_over_cap',
      rule: r.id,
      message: `rule ${r.id}: an allowance of ${shown} to ${spender} is above its cap of ${cap}`,
      userMessage: r.userMessage,
    });
  }
}

function finish(p: CompiledPolicy, c: Ctx): Decision {
  const i = c.intent;
  const gates: Pending[] = [];
  if (!c.chainOk) gates.push(gate(GATE_ORD.chain, 'chain_not_allowed', `no rule allows chain ${i.chainId}`));
  c.assets.forEach((a, k) => {
    if (!c.assetAllowed[k])
      gates.push(
        gate(GATE_ORD.asset, 'asset_not_allowed', `no rule allows asset ${a.asset.symbol} on chain ${i.chainId}`),
      );
  });
  if (i.kind === 'transfer' || i.kind === 'contract_call') {
    const reserved = c.facts.reservedContracts;
    const hit = reserved && [c.to, c.contract].find((a) => a !== null && reserved.has(a));
    // First among the reasons: it tells the caller where to go instead.
    if (hit)
      gates.push(
        gate(
          GATE_ORD.reserved,
          reserved.get(hit)!,
          `${hit} may only be called through its capability's API, not as a raw ${i.kind}`,
        ),
      );
  }
  allowanceGates(p, c);
  // A session-key grant or revocation is the account's owner calling the account itself (the
  // session-keys capability's own operation): no contract rule can list every user's account, so
  // that one call needs none; everything else (chain, asset, amount valued at the key's cap,
  // windows, review) still applies. A raw request calling its own account is judged as any call.
  const ownAccount = i.kind === 'session_key' && c.contract !== null && c.contract === i.from.toLowerCase();
  if (c.shape === 'call' && !c.contractOk && !ownAccount) {
    if (c.argFails.length) gates.push(...c.argFails);
    else if (c.contractListed)
      gates.push(
        gate(GATE_ORD.contract, 'selector_not_allowed', `no rule allows function ${c.selector} on ${c.contract}`),
      );
    else
      gates.push(
        gate(GATE_ORD.contract, 'contract_not_allowed', `no rule allows calls to ${c.contract} on chain ${i.chainId}`),
      );
  }
  if (c.destApplies && !c.destOk)
    gates.push(gate(GATE_ORD.destination, 'destination_not_allowed', `${c.to} is not on an allowed destination list`));
  if (gates.length && !p.hasAllow)
    c.deny.push({
      ord: -5,
      code: 'no_rule_allows',
      message: 'the policy allows nothing (deny by default)',
      userMessage: undefined,
    });
  else c.deny.push(...gates);

  const outcome = c.deny.length ? 'deny' : c.review.length ? 'review' : 'allow';
  const winners = outcome === 'deny' ? c.deny : outcome === 'review' ? c.review : [];
  const reasons: Reason[] = winners.sort(byOrd).map((w) => ({
    code: w.code,
    ...(w.rule !== undefined ? { rule: w.rule } : {}),
    message: w.message,
    userMessage: w.userMessage ?? userMessageFor(w.code, outcome === 'review' ? 'review' : 'deny'),
  }));
  const allowedBy = c.allowedBy
    .sort((a, b) => a.ord - b.ord)
    .map((a) => a.id)
    .filter((id, k, xs) => k === 0 || xs[k - 1] !== id);
  return { outcome, reasons, policyVersion: p.version, allowedBy, charges: outcome === 'deny' ? [] : sortedCharges(c) };
}

function sortedCharges(c: Ctx): WindowCharge[] {
  return c.charges.sort((a, b) => a.ord - b.ord).map((x) => x.charge);
}

function rejectInvalid(p: CompiledPolicy, detail: string): Decision {
  return {
    outcome: 'deny',
    reasons: [{ code: 'invalid_intent', message: detail, userMessage: userMessageFor('invalid_intent', 'deny') }],
    policyVersion: p.version,
    allowedBy: [],
    charges: [],
  };
}

/**
 * Decides one intent with the compiled indexes: only rules that can apply are visited.
 * Deterministic: the same inputs always give the same decision, reasons in rule order.
 */
export function evaluate(p: CompiledPolicy, intent: Intent, facts: Facts): Decision {
  const bad = invalid(intent);
  if (bad) return rejectInvalid(p, bad);
  const c = newCtx(intent, facts);
  const ix = p.index;
  for (const r of ix.chain.get(intent.chainId) ?? []) apply(r, c);
  // A rule naming several of the intent's asset keys (address and symbol) is listed under each: visit it once.
  const seenAsset = new Set<CompiledRule>();
  for (const k of c.assetKeys)
    for (const r of ix.asset.get(k) ?? []) if (!seenAsset.has(r)) seenAsset.add(r), apply(r, c);
  if (c.contract) for (const r of ix.contract.get(c.contract) ?? []) apply(r, c);
  if (ix.destination.size) {
    // a rule listing several of the intent's addresses is applied once (it reports the first)
    let seen: CompiledRule[] | null = null;
    for (const addr of c.addrs) {
      const rules = ix.destination.get(addr);
      if (!rules) continue;
      seen ??= [];
      for (const r of rules) {
        if (seen.includes(r)) continue;
        seen.push(r);
        apply(r, c);
      }
    }
  }
  if (c.shape === 'transfer')
    for (const list of ix.destinationAllow.candidates(intent, c.signer)) for (const r of list) apply(r, c);
  for (const list of ix.general.candidates(intent, c.signer)) for (const r of list) apply(r, c);
  return finish(p, c);
}

/**
 * The reference evaluator: visits every rule of the policy in document order, without the
 * indexes. Same decisions as `evaluate` (a property test checks this); the benchmark's baseline.
 */
export function evaluateReference(p: CompiledPolicy, intent: Intent, facts: Facts): Decision {
  const bad = invalid(intent);
  if (bad) return rejectInvalid(p, bad);
  const c = newCtx(intent, facts);
  for (const r of p.rules) apply(r, c);
  return finish(p, c);
}

/**
 * The window keys (with their lengths) an intent touches, so the caller can read their
 * totals (`readWindowTotals`) before evaluating. Same keys as the decision's `charges`.
 */
export function windowNeeds(p: CompiledPolicy, intent: Intent): Array<{ key: string; windowSeconds: number }> {
  if (invalid(intent)) return [];
  const c = newCtx(intent, {
    windowTotals: {},
    destination: { isContract: false, isContractOnOtherChains: [], seenBefore: true, pastCounterparties: [] },
    now: new Date(0),
  });
  for (const list of p.index.windows.candidates(intent, c.signer)) {
    for (const r of list) if ((r.kind === 'window' || r.kind === 'velocity') && inScope(r, c)) applyWindow(r, c);
  }
  return sortedCharges(c).map((ch) => ({ key: ch.key, windowSeconds: ch.windowSeconds }));
}
