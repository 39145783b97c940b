import type { ReasonCode } from '../policy/reasons.ts';
import { bufferOf, capOf, type PlanRules } from './plan-logic.ts';

/**
 * The mandate's judgement of a raw vault call (pure): what a direct `deposit`/`mint` into an
 * ERC-4626 vault, or an `approve` of the mandate's asset to one, would do to the rules of the
 * mandate governing the calling account. A withdrawal (`withdraw`/`redeem`) only lowers exposure
 * and is never refused here. Amounts are the asset's base units.
 */

const SELECTORS = {
  deposit: '0x6e553f65', // deposit(uint256,address): assets in
  mint: '0x94bf804d', // mint(uint256,address): shares out, assets from previewMint
  withdraw: '0xb460af94', // withdraw(uint256,address,address)
  redeem: '0xba087652', // redeem(uint256,address,address)
  approve: '0x095ea7b3', // approve(address,uint256)
} as const;

/** What a call means to a mandate, or null when it is none of the calls the guard judges. */
export type VaultCall =
  | { kind: 'deposit'; vault: string; assets: bigint }
  | { kind: 'mint'; vault: string; shares: bigint }
  | { kind: 'exit'; vault: string }
  | { kind: 'approve'; token: string; spender: string; amount: bigint };

/** Reads a decoded call (selector and arguments) as a vault call. */
export function classifyCall(call: { contract: string; selector: string; args: readonly unknown[] }): VaultCall | null {
  const sel = call.selector.toLowerCase();
  const big = (i: number) => (typeof call.args[i] === 'bigint' ? (call.args[i] as bigint) : null);
  if (sel === SELECTORS.deposit && big(0) !== null) return { kind: 'deposit', vault: call.contract, assets: big(0)! };
  if (sel === SELECTORS.mint && big(0) !== null) return { kind: 'mint', vault: call.contract, shares: big(0)! };
  if (sel === SELECTORS.withdraw || sel === SELECTORS.redeem) return { kind: 'exit', vault: call.contract };
  if (sel === SELECTORS.approve && typeof call.args[0] === 'string' && big(1) !== null)
    return { kind: 'approve', token: call.contract, spender: call.args[0], amount: big(1)! };
  return null;
}

/** One rule a call breaks: the reason code and the operator-facing words. */
export interface MandateBreach {
  code: Extract<ReasonCode, 'mandate_vault_not_allowed' | 'mandate_over_cap' | 'mandate_buffer'>;
  message: string;
}

/** The account as the deposit finds it: its idle asset and each vault's value (lower-case keys). */
export interface DepositFacts {
  idle: bigint;
  values: ReadonlyMap<string, bigint>;
}

/**
 * The rules a deposit of `assets` into `vault` breaks: the vault must be listed; its value after
 * the deposit must stay within its cap; the idle balance left must cover the buffer. The total
 * (idle plus every vault) does not change with a deposit, so caps and buffer use the total now.
 */
export function judgeDeposit(rules: PlanRules, facts: DepositFacts, vault: string, assets: bigint): MandateBreach[] {
  const r = rules.vaults.get(vault.toLowerCase());
  if (!r) return [{ code: 'mandate_vault_not_allowed', message: `the mandate does not list vault ${vault}` }];
  const total = [...facts.values.values()].reduce((s, v) => s + v, facts.idle);
  const out: MandateBreach[] = [];
  const value = facts.values.get(vault.toLowerCase()) ?? 0n;
  const cap = capOf(r.maxAllocation, total);
  if (cap !== null && value + assets > cap)
    out.push({
      code: 'mandate_over_cap',
      message: `vault ${vault} would hold ${value + assets}, above its cap of ${cap}`,
    });
  const buffer = bufferOf(rules.buffer, total);
  if (facts.idle - assets < buffer)
    out.push({
      code: 'mandate_buffer',
      message: `the account would keep ${facts.idle - assets} idle, below its buffer of ${buffer}`,
    });
  return out;
}

/**
 * An approval of the mandate's asset to a vault the mandate does not list is refused (it only
 * prepares a deposit the mandate forbids); one of zero (a revocation) never is. `spenderIsVault`:
 * the spender answered `asset()` with the mandate's asset.
 */
export function judgeApproval(
  rules: PlanRules,
  mandateAsset: string,
  call: Extract<VaultCall, { kind: 'approve' }>,
  spenderIsVault: boolean,
): MandateBreach[] {
  if (call.token.toLowerCase() !== mandateAsset.toLowerCase() || call.amount === 0n || !spenderIsVault) return [];
  if (rules.vaults.has(call.spender.toLowerCase())) return [];
  return [
    {
      code: 'mandate_vault_not_allowed',
      message: `the mandate does not list vault ${call.spender} (approval of its asset)`,
    },
  ];
}
