import { formatUnits, getAddress, type Address } from 'viem';
import { dbJson } from '../db/json.ts';
import type { MandateDocument } from './mandate.ts';
import type { MovementRow, PlanRow } from './plan-store.ts';
import type { TreasuryPlanStatus } from './tables.ts';

/**
 * What a treasury plan looks like to its readers: the resource (`GET /v1/treasury/plans/:id`),
 * what is stored of it, and its plain-language preview with the disclosures every plan carries.
 */

/** Disclosures every plan preview carries (a treasury deposit is not a bank deposit). */
export const PLAN_DISCLOSURES = [
  'Vault yields are variable and not guaranteed; past share-price growth does not predict future returns.',
  'A vault position is not a deposit account: it is not insured and its value can fall.',
  'Withdrawals may be delayed or limited when a vault lacks liquidity or pauses withdrawals.',
  'Vaults are smart contracts: a defect or an upgrade can cause losses; Keel pins the code approved in the mandate.',
];

export interface PlanResource {
  id: string;
  object: 'treasury_plan';
  mandateId: string;
  mandateVersion: number;
  status: TreasuryPlanStatus;
  trigger: string;
  positionBlock: string;
  movements: Array<{
    kind: 'deposit' | 'withdrawal';
    vault: string;
    amount: { amount: string; baseUnits: string };
    reason: string;
    status: 'planned' | 'pending' | 'confirmed' | 'failed';
    transactionId: string | null;
    shares: string | null;
  }>;
  total: { amount: string; baseUnits: string };
  moved: { amount: string; baseUnits: string };
  reviewReasons: string[];
  violationsBefore: string[];
  violationsAfter: string[];
  notes: string[];
  preview: { summary: string; lines: string[]; disclosures: string[] };
  batchId: string | null;
  createdAt: string;
  expiresAt: string;
  executedAt: string | null;
  finishedAt: string | null;
}

export interface StoredPlan {
  decimals: number;
  symbol: string;
  movements: Array<{ kind: 'deposit' | 'withdrawal'; vault: string; amount: string; reason: string }>;
  total: string;
  moved: string;
  reviewReasons: string[];
  violationsBefore: string[];
  violationsAfter: string[];
  notes: string[];
}

const amountOf = (baseUnits: string, decimals: number) => ({
  amount: formatUnits(BigInt(baseUnits), decimals),
  baseUnits,
});

const REASON_TEXT: Record<string, string> = {
  breaker_open: "its breaker is open (the mandate's rollback path)",
  code_changed: 'its code is no longer the code the mandate approved',
  not_in_mandate: 'the mandate no longer lists it',
  over_cap: 'it holds more than its cap',
  buffer: 'the liquidity buffer needs it',
  target: "toward the vault's target allocation",
};

/** The plan in plain language, as a reviewer and the fintech's operator read it. */
export function previewOf(doc: MandateDocument, p: StoredPlan): PlanResource['preview'] {
  const label = (vault: string) => {
    const v = doc.vaults.find((x) => x.address.toLowerCase() === vault.toLowerCase());
    return v?.label ? `${v.label} (${vault})` : vault;
  };
  const fmt = (units: string) => `${formatUnits(BigInt(units), p.decimals)} ${p.symbol}`;
  const lines = p.movements.map(
    (m) =>
      `${m.kind === 'deposit' ? 'Deposit' : 'Withdraw'} ${fmt(m.amount)} ${m.kind === 'deposit' ? 'into' : 'from'} ${label(m.vault)}: ${REASON_TEXT[m.reason] ?? m.reason}.`,
  );
  const summary = p.movements.length
    ? `${p.movements.length} movement${p.movements.length > 1 ? 's' : ''} of ${fmt(p.moved)} in all, for mandate "${doc.name}" (${fmt(p.total)} under management).${p.reviewReasons.length ? ' Needs a human review before it is sent.' : ''}`
    : `Nothing to move: mandate "${doc.name}" is inside its rules${p.violationsAfter.length ? ' as far as anything can be moved now' : ''}.`;
  return { summary, lines: [...lines, ...p.notes], disclosures: PLAN_DISCLOSURES };
}

export function planResource(row: PlanRow, movements: MovementRow[]): PlanResource {
  const p = dbJson<StoredPlan>(row.plan);
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    object: 'treasury_plan',
    mandateId: row.mandate_id,
    mandateVersion: row.mandate_version,
    status: row.status,
    trigger: row.trigger,
    positionBlock: String(row.position_block),
    movements: p.movements.map((m) => {
      // A plan moves each vault at most once per kind (plan-logic merges its withdrawals).
      const sent = movements.find((x) => x.vault.toLowerCase() === m.vault.toLowerCase() && x.kind === m.kind);
      return {
        kind: m.kind,
        vault: getAddress(m.vault as Address),
        amount: amountOf(sent?.assets ?? m.amount, p.decimals),
        reason: m.reason,
        status: sent ? sent.status : 'planned',
        transactionId: sent?.tx_id ?? null,
        shares: sent?.shares ?? null,
      };
    }),
    total: amountOf(p.total, p.decimals),
    moved: amountOf(p.moved, p.decimals),
    reviewReasons: p.reviewReasons,
    violationsBefore: p.violationsBefore,
    violationsAfter: p.violationsAfter,
    notes: p.notes,
    preview: dbJson<PlanResource['preview']>(row.preview),
    batchId: row.batch_id,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    executedAt: iso(row.executed_at),
    finishedAt: iso(row.finished_at),
  };
}
