import { describe, expect, it } from 'vitest';
import type { Decision, Reason } from '../policy/types.ts';
import { applyGuardAnswers, runGuards, type IntakeGuard } from './guards.ts';
import type { PreparedRequest } from './intake.ts';

const allow = (over: Partial<Decision> = {}): Decision => ({
  outcome: 'allow',
  reasons: [],
  policyVersion: 3,
  allowedBy: ['r1'],
  charges: [{ key: 'k', rule: 'w', windowSeconds: 60, addSum: 1n, addCount: 1, onExceed: 'deny' } as never],
  ...over,
});
const reason = (code: Reason['code']): Reason => ({ code, rule: 'mandate:m@1', message: code, userMessage: code });

describe('applyGuardAnswers', () => {
  it('turns a refused request into a denial with the guard’s reasons and no charges; others are untouched', () => {
    const ds = [allow(), allow({ outcome: 'review' })];
    const out = applyGuardAnswers(ds, [{ guard: 'g', reasons: [[], [reason('mandate_over_cap')]] }]);
    expect(out[0]).toBe(ds[0]);
    expect(out[1]).toMatchObject({
      outcome: 'deny',
      reasons: [{ code: 'mandate_over_cap' }],
      charges: [],
      deniedBy: ['g'],
      policyVersion: 3,
      allowedBy: ['r1'],
    });
  });
  it('keeps a policy denial as the policy made it', () => {
    const denied = allow({ outcome: 'deny', reasons: [reason('no_rule_allows')], charges: [] });
    expect(applyGuardAnswers([denied], [{ guard: 'g', reasons: [[reason('mandate_buffer')]] }])[0]).toBe(denied);
  });
  it('gathers the reasons of every guard that refuses', () => {
    const out = applyGuardAnswers(
      [allow()],
      [
        { guard: 'a', reasons: [[reason('mandate_over_cap')]] },
        { guard: 'b', reasons: [[]] },
        { guard: 'c', reasons: [[reason('mandate_buffer')]] },
      ],
    );
    expect(out[0]!.reasons.map((r) => r.code)).toEqual(['mandate_over_cap', 'mandate_buffer']);
    expect(out[0]!.deniedBy).toEqual(['a', 'c']);
  });
});

describe('runGuards', () => {
  const reqs = [{} as PreparedRequest];
  it('asks no guard when the policy already denied the batch', async () => {
    let asked = 0;
    const g: IntakeGuard = { name: 'g', judge: async () => (asked++, [[reason('mandate_buffer')]]) };
    const denied = allow({ outcome: 'deny', reasons: [reason('no_rule_allows')] });
    expect(await runGuards([g], reqs, [denied])).toEqual([denied]);
    expect(asked).toBe(0);
    const out = await runGuards([g], reqs, [allow()]);
    expect(asked).toBe(1);
    expect(out[0]!.outcome).toBe('deny');
  });
});
