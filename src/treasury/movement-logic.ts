import { erc4626Abi, getAddress, parseEventLogs, type Address } from 'viem';
import { viemLogs, type OutcomeLog } from '../pipeline/outcomes.ts';
import type { TreasuryPlanStatus } from './tables.ts';

/**
 * Pure rules of a plan's execution: the calls each movement becomes, what a confirmed
 * movement's receipt says it moved, and the plan's status from its movements'.
 */

/** The origins of a plan's transactions (outcome hooks): approvals need no handler of their own. */
export const TREASURY_ORIGINS = {
  approval: 'treasury.approval',
  deposit: 'treasury.deposit',
  withdrawal: 'treasury.withdrawal',
} as const;

export interface MovementCall {
  role: 'approval' | 'deposit' | 'withdrawal';
  /** Index of the plan movement it carries. */
  movement: number;
  to: Address;
  function: string;
  args: string[];
}

/**
 * The ordered calls of a plan: withdrawals first (`withdraw(assets, account, account)`: what
 * they free can fund the deposits), then per deposit an exact approval of the vault followed by
 * `deposit(assets, account)`. Never an open-ended approval: each one is spent by the next call.
 */
export function movementCalls(
  movements: readonly { kind: 'deposit' | 'withdrawal'; vault: string; amount: bigint }[],
  account: Address,
  asset: Address,
): MovementCall[] {
  const out: MovementCall[] = [];
  movements.forEach((m, i) => {
    if (m.kind !== 'withdrawal') return;
    out.push({
      role: 'withdrawal',
      movement: i,
      to: getAddress(m.vault),
      function: 'withdraw(uint256,address,address)',
      args: [m.amount.toString(), account, account],
    });
  });
  movements.forEach((m, i) => {
    if (m.kind !== 'deposit') return;
    const vault = getAddress(m.vault);
    out.push({
      role: 'approval',
      movement: i,
      to: asset,
      function: 'approve(address,uint256)',
      args: [vault, m.amount.toString()],
    });
    out.push({
      role: 'deposit',
      movement: i,
      to: vault,
      function: 'deposit(uint256,address)',
      args: [m.amount.toString(), account],
    });
  });
  return out;
}

/** What a confirmed deposit or withdrawal moved, from its vault's ERC-4626 event; null if absent. */
export function movedByReceipt(
  kind: 'deposit' | 'withdrawal',
  vault: string,
  account: string,
  logs: readonly OutcomeLog[],
): { assets: bigint; shares: bigint } | null {
  const asLogs = viemLogs(logs.filter((l) => l.address.toLowerCase() === vault.toLowerCase()));
  const me = account.toLowerCase();
  if (kind === 'deposit') {
    const e = parseEventLogs({ abi: erc4626Abi, eventName: 'Deposit', logs: asLogs }).find(
      (x) => x.args.receiver.toLowerCase() === me,
    );
    return e ? { assets: e.args.assets, shares: e.args.shares } : null;
  }
  const e = parseEventLogs({ abi: erc4626Abi, eventName: 'Withdraw', logs: asLogs }).find(
    (x) => x.args.owner.toLowerCase() === me,
  );
  return e ? { assets: e.args.assets, shares: e.args.shares } : null;
}

/** A plan's status from its movements': executing while any is pending. */
export function planStatusOf(statuses: readonly ('pending' | 'confirmed' | 'failed')[]): TreasuryPlanStatus {
  if (statuses.some((s) => s === 'pending')) return 'executing';
  if (statuses.every((s) => s === 'confirmed')) return 'executed';
  if (statuses.every((s) => s === 'failed')) return 'failed';
  return 'partially_executed';
}
