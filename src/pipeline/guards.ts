import type { Decision, Reason } from '../policy/types.ts';
import type { PreparedRequest } from './intake.ts';

/**
 * Intake guards: rules a capability adds to the write path's judgement of every request, beside
 * the policy (a treasury mandate judging raw vault calls of the account it governs). A guard
 * sees the prepared requests of a batch (chain, signer, intent kind, call target, selector,
 * decoded arguments) and answers, per request, the reasons it refuses it — none to let it
 * through. A refusal is recorded and answered exactly like a policy denial (`rejected`,
 * `policy_denied`, 403 with the reasons): to the caller both are "a rule said no", and one path
 * keeps the idempotent answer and the audit trail the same. Guards run after the policy's first
 * judgement (a policy denial stands on its own) and before simulation (a denial costs no RPC).
 */
export interface IntakeGuard {
  /** Names the guard in decisions and logs (e.g. `treasury.mandate`). */
  name: string;
  /**
   * The reasons each request of the batch is refused, index for index (an empty list lets it
   * through). May read the chain and the database; throwing fails the request (nothing recorded).
   */
  judge(reqs: readonly PreparedRequest[]): Promise<ReadonlyArray<readonly Reason[]>>;
}

/**
 * Applies the guards' answers to the policy's decisions: a request a guard refuses gets a denial
 * carrying the guard's reasons (no window charges). Decisions already denied keep the policy's
 * reasons. Pure; returns new decisions.
 */
export function applyGuardAnswers(
  decisions: readonly Decision[],
  answers: ReadonlyArray<{ guard: string; reasons: ReadonlyArray<readonly Reason[]> }>,
): Decision[] {
  return decisions.map((d, i) => {
    if (d.outcome === 'deny') return d;
    const refusals = answers.flatMap((a) => (a.reasons[i]?.length ? [{ guard: a.guard, reasons: a.reasons[i]! }] : []));
    if (refusals.length === 0) return d;
    return {
      ...d,
      outcome: 'deny',
      reasons: refusals.flatMap((r) => [...r.reasons]),
      charges: [],
      deniedBy: refusals.map((r) => r.guard),
    };
  });
}

/** Runs every guard on a batch (all at once) and folds their answers into the decisions. */
export async function runGuards(
  guards: readonly IntakeGuard[],
  reqs: readonly PreparedRequest[],
  decisions: readonly Decision[],
): Promise<Decision[]> {
  if (guards.length === 0 || decisions.some((d) => d.outcome === 'deny')) return [...decisions];
  const answers = await Promise.all(guards.map(async (g) => ({ guard: g.name, reasons: await g.judge(reqs) })));
  return applyGuardAnswers(decisions, answers);
}
