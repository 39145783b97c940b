import { getAddress } from 'viem';
import type { IntakeGuard } from '../pipeline/guards.ts';
import type { PreparedRequest } from '../pipeline/intake.ts';
import { exposureJson } from '../pipeline/service.ts';
import { userMessageFor } from '../policy/reasons.ts';
import type { Decision, Exposure } from '../policy/types.ts';
import type { SmartAccountRow } from './account-store.ts';
import { checkSessionCalls, type SessionScope } from './session-scope-logic.ts';

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

/** A session key's scope as an intake guard: calls it may not sign are refused before simulation. */
export function sessionGuard(
  session: { id: string; scope: SessionScope; spent: bigint },
  account: SmartAccountRow,
): IntakeGuard {
  return {
    name: 'session_key',
    async judge(reqs) {
      const verdict = checkSessionCalls(
        session.scope,
        session.spent,
        reqs.map((r) => ({ target: r.tx.to, value: r.tx.value, data: r.tx.data })),
        { account: getAddress(account.address), entryPoint: getAddress(account.entry_point) },
      );
      return reqs.map((_, i) =>
        !verdict.ok && verdict.callIndex === i
          ? [
              {
                code: 'session_scope_violation' as const,
                rule: session.id,
                message: `session key ${session.id}: ${verdict.violation} (call ${i})`,
                userMessage: userMessageFor('session_scope_violation', 'deny'),
              },
            ]
          : [],
      );
    },
  };
}

/** The stored and API form of a decision. */
export function decisionJson(d: Decision) {
  return {
    outcome: d.outcome,
    reasons: d.reasons,
    policyVersion: d.policyVersion,
    allowedBy: d.allowedBy,
    ...(d.deniedBy ? { deniedBy: d.deniedBy } : {}),
  };
}

/**
 * The batch's exposure (what the policy judged, summed per asset over its calls), or null when
 * the calls were not simulated (a denial on what they declare, a predicted revert).
 */
export function batchExposure(reqs: readonly PreparedRequest[]) {
  const all = reqs.flatMap((r) => (r.intent.exposure ? [r.intent.exposure] : []));
  if (all.length !== reqs.length) return null;
  const assets = new Map<string, Exposure['assets'][number]>();
  for (const a of all.flatMap((e) => e.assets)) {
    const k = (a.asset.address ?? 'native').toLowerCase();
    const cur = assets.get(k);
    assets.set(k, cur ? { ...cur, outflow: cur.outflow + a.outflow, allowance: cur.allowance + a.allowance } : a);
  }
  const usd = all.every((e) => e.usd8 !== undefined) ? all.reduce((x, e) => x + e.usd8!, 0n) : undefined;
  return exposureJson({
    assets: [...assets.values()],
    allowances: all.flatMap((e) => e.allowances),
    ...(usd !== undefined ? { usd8: usd } : {}),
  });
}
