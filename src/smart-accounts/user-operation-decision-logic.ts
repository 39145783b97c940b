import type { Decision } from '../policy/types.ts';

/**
 * The one decision of a user operation from its calls' decisions (pure): the strictest outcome
 * applies to the whole batch — any denial denies it, else any review holds it, else it is
 * allowed. The reasons are those of the calls with that outcome (each once, in call order); the
 * rules that allowed it, every call's; the window charges, every call's (reserved together).
 */
export function strictestDecision(decisions: readonly Decision[]): Decision {
  const first = decisions[0]!;
  const outcome = decisions.some((d) => d.outcome === 'deny')
    ? 'deny'
    : decisions.some((d) => d.outcome === 'review')
      ? 'review'
      : 'allow';
  const deciding = decisions.filter((d) => d.outcome === outcome);
  const seen = new Set<string>();
  const reasons = deciding
    .flatMap((d) => d.reasons)
    .filter((r) => {
      const k = `${r.code}|${r.rule ?? ''}|${r.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  const deniedBy = [...new Set(deciding.flatMap((d) => d.deniedBy ?? []))];
  return {
    outcome,
    reasons,
    policyVersion: first.policyVersion,
    allowedBy: [...new Set(decisions.flatMap((d) => d.allowedBy))],
    charges: outcome === 'deny' ? [] : decisions.flatMap((d) => d.charges),
    ...(deniedBy.length ? { deniedBy } : {}),
  };
}
