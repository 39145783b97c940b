import { formatUnits } from 'viem';
import type { MandateDocument } from './mandate.ts';
import { planRebalance, planRules, type PlanFacts } from './plan-logic.ts';

/**
 * A proposed mandate version checked against the live position (`positionCheck` on the version
 * resource): which rules the position would break under the proposed document, and the plan
 * that would bring it back inside them. A change that makes the position illegal is still
 * allowed — approvers see what it implies before they approve.
 */
export interface PositionCheck {
  /** The block the position was read at. */
  blockNumber: string;
  /** The rules the current position breaks under the proposed version, in words. */
  outOfBounds: string[];
  plan: {
    movements: Array<{
      kind: 'deposit' | 'withdrawal';
      vault: string;
      amount: { amount: string; baseUnits: string };
      reason: string;
    }>;
    notes: string[];
  };
}

/**
 * The document the position is read under for a proposal: the proposed vaults plus those only
 * the active version lists (the position still holds them; the proposed rules drop them).
 */
export function readingDocument(proposed: MandateDocument, active: MandateDocument): MandateDocument {
  const listed = new Set(proposed.vaults.map((v) => v.address.toLowerCase()));
  return {
    ...proposed,
    vaults: [...proposed.vaults, ...active.vaults.filter((v) => !listed.has(v.address.toLowerCase()))],
  };
}

/** The check of `facts` (read at `blockNumber`) under the proposed document (pure). */
export function positionCheckOf(
  proposed: MandateDocument,
  facts: PlanFacts,
  decimals: number,
  blockNumber: string,
): PositionCheck {
  const plan = planRebalance(planRules(proposed, decimals), facts);
  return {
    blockNumber,
    outOfBounds: plan.violationsBefore,
    plan: {
      movements: plan.movements.map((m) => ({
        kind: m.kind,
        vault: m.vault,
        amount: { amount: formatUnits(m.amount, decimals), baseUnits: m.amount.toString() },
        reason: m.reason,
      })),
      notes: plan.notes,
    },
  };
}
