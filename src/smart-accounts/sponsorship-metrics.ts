import { Counter } from 'prom-client';
import type { Registry } from '../lib/metrics.ts';
import { REASON_CODES, reasonClass, type DenialClass, type Reason } from './sponsorship-logic.ts';

/** Sponsored gas series (docs/sponsorship.md, "Metrics"): per process, sum them over the API processes. */
export interface SponsorshipMetrics {
  decisions: Counter<'outcome' | 'class'>;
  denials: Counter<'reason' | 'class'>;
}

export function createSponsorshipMetrics(registry: Registry): SponsorshipMetrics {
  const decisions = new Counter({
    name: 'keel_sponsorship_decisions_total',
    help: 'Sponsorship decisions that reserve (not dry runs) by outcome (sponsored, denied) and, for denials, class (organic: budgets, caps and rules; abuse: an abuse threshold); class is none for sponsored ones.',
    labelNames: ['outcome', 'class'] as const,
    registers: [registry],
  });
  const denials = new Counter({
    name: 'keel_sponsorship_denials_total',
    help: 'Reasons of paymaster denials (one decision may count several), by reason code and class (organic, abuse).',
    labelNames: ['reason', 'class'] as const,
    registers: [registry],
  });
  // Every series from the start, so a rate exists before the first denial.
  decisions.inc({ outcome: 'sponsored', class: 'none' }, 0);
  for (const c of ['organic', 'abuse'] as const) decisions.inc({ outcome: 'denied', class: c }, 0);
  for (const reason of REASON_CODES) denials.inc({ reason, class: reasonClass(reason) }, 0);
  return { decisions, denials };
}

export function countDecision(
  m: SponsorshipMetrics | undefined,
  d: { sponsored: true } | { sponsored: false; class: DenialClass; reasons: readonly Reason[] },
): void {
  if (!m) return;
  if (d.sponsored) {
    m.decisions.inc({ outcome: 'sponsored', class: 'none' });
    return;
  }
  m.decisions.inc({ outcome: 'denied', class: d.class });
  for (const r of new Set(d.reasons.map((x) => x.code))) m.denials.inc({ reason: r, class: reasonClass(r) });
}
