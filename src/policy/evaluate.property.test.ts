import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile.ts';
import { policyDocumentSchema } from './document.ts';
import { evaluate, evaluateReference, windowNeeds } from './evaluate.ts';
import { randomCase, randomPolicy, rng, universe } from './test-support.ts';

const SEED = Number(process.env.POLICY_SEED ?? Date.now() % 1_000_000);

describe('evaluate (indexed) agrees with the reference scan', () => {
  it(`on random small policies and intents (seed ${SEED})`, () => {
    console.log(`policy property test seed: ${SEED} (POLICY_SEED=${SEED} to repeat)`);
    const r = rng(SEED);
    const u = universe('small');
    const outcomes = { allow: 0, deny: 0, review: 0 };
    const codes = new Set<string>();
    for (let p = 0; p < 60; p++) {
      const compiled = compilePolicy(policyDocumentSchema.parse(randomPolicy(r, u, 5 + Math.floor(r() * 40), 0.3)));
      for (let k = 0; k < 100; k++) {
        const { intent, facts } = randomCase(r, u, (i) => windowNeeds(compiled, i));
        const fast = evaluate(compiled, intent, facts);
        expect(fast, `seed ${SEED}, policy ${p}, case ${k}`).toEqual(evaluateReference(compiled, intent, facts));
        expect(fast.charges.map((c) => c.key)).toEqual(
          fast.outcome === 'deny' ? [] : windowNeeds(compiled, intent).map((n) => n.key),
        );
        outcomes[fast.outcome]++;
        for (const reason of fast.reasons) codes.add(reason.code);
      }
    }
    // the generator must exercise every outcome and most reason codes, or the comparison proves little
    expect(outcomes.allow).toBeGreaterThan(50);
    expect(outcomes.review).toBeGreaterThan(50);
    expect(outcomes.deny).toBeGreaterThan(50);
    expect(codes.size).toBeGreaterThanOrEqual(15);
  });

  it.each([
    ['realistic', 2_000],
    [0.5, 500],
  ] as const)(`on a 1,000-rule policy, scopes %s (seed ${SEED})`, (scopes, cases) => {
    const r = rng(SEED + 1);
    const u = universe('large');
    const compiled = compilePolicy(policyDocumentSchema.parse(randomPolicy(r, u, 1_000, scopes)));
    expect(compiled.rules).toHaveLength(1_000);
    for (let k = 0; k < cases; k++) {
      const { intent, facts } = randomCase(r, u, (i) => windowNeeds(compiled, i));
      expect(evaluate(compiled, intent, facts), `seed ${SEED}, case ${k}`).toEqual(
        evaluateReference(compiled, intent, facts),
      );
    }
  });
});
