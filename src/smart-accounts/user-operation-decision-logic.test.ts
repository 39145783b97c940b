import { describe, expect, it } from 'vitest';
import type { Decision } from '../policy/types.ts';
import { strictestDecision } from './user-operation-decision-logic.ts';

const d = (outcome: Decision['outcome'], codes: string[] = [], over: Partial<Decision> = {}): Decision => ({
  outcome,
  reasons: codes.map((code) => ({ code, message: code, userMessage: code }) as Decision['reasons'][number]),
  policyVersion: 3,
  allowedBy: [`r-${outcome}`],
  charges: outcome === 'deny' ? [] : [{ rule: `w-${outcome}` } as unknown as Decision['charges'][number]],
  ...over,
});

describe('strictestDecision', () => {
  it('denies the batch when one call is denied, with only the denial reasons and no charges', () => {
    const r = strictestDecision([
      d('allow'),
      d('deny', ['destination_not_allowed'], { deniedBy: ['g'] }),
      d('review', ['review_threshold']),
    ]);
    expect(r.outcome).toBe('deny');
    expect(r.reasons.map((x) => x.code)).toEqual(['destination_not_allowed']);
    expect(r.charges).toEqual([]);
    expect(r.deniedBy).toEqual(['g']);
  });
  it('holds the batch for review when a call needs review; charges of every call are kept', () => {
    const r = strictestDecision([d('allow'), d('review', ['review_threshold']), d('review', ['review_threshold'])]);
    expect(r.outcome).toBe('review');
    expect(r.reasons.map((x) => x.code)).toEqual(['review_threshold']);
    expect(r.charges).toHaveLength(3);
    expect(r.allowedBy.sort()).toEqual(['r-allow', 'r-review']);
  });
  it('allows when every call is allowed', () => {
    expect(strictestDecision([d('allow'), d('allow')])).toMatchObject({
      outcome: 'allow',
      reasons: [],
      policyVersion: 3,
    });
  });
});
