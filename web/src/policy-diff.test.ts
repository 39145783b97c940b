import { describe, expect, it } from 'vitest';
import { diffRows, diffSummary, ruleSummary, show } from './policy-diff.ts';
import type { PolicyDiff } from './types.ts';

const diff: PolicyDiff = {
  added: [{ id: 'new-payee', kind: 'first_time_destination', effect: 'review' }],
  removed: [{ id: 'burst', kind: 'velocity', effect: 'deny', per: 'apiKey', windowSeconds: 60, maxCount: 30 }],
  changed: [
    {
      id: 'review-large',
      kind: 'amount',
      fields: [
        { field: 'limit', before: { usd: '10000' }, after: { usd: '5000' } },
        { field: 'description', after: 'stricter' },
      ],
    },
  ],
  reordered: ['dev-assets'],
  description: { before: 'v1', after: 'v2' },
  summary: { added: 1, removed: 1, changed: 1, unchanged: 8 },
};

describe('policy diff rows', () => {
  it('lists description, removed, changed fields, added and reordered rules in reading order', () => {
    const rows = diffRows(diff);
    expect(rows.map((r) => `${r.change}:${r.rule}:${r.field ?? ''}`)).toEqual([
      'description:(document):description',
      'removed:burst:',
      'changed:review-large:limit',
      'changed:review-large:description',
      'added:new-payee:',
      'reordered:dev-assets:',
    ]);
    expect(rows[1]!.before).toBe('deny · per: apiKey · windowSeconds: 60 · maxCount: 30');
    expect(rows[2]).toMatchObject({ before: '{ usd: 10000 }', after: '{ usd: 5000 }' });
    expect(rows[3]).toMatchObject({ before: '', after: 'stricter' });
  });

  it('summarises a proposal and a rule in one line', () => {
    expect(diffSummary(diff)).toBe('1 added, 1 removed, 1 changed, 1 reordered');
    expect(
      diffSummary({
        ...diff,
        added: [],
        removed: [],
        changed: [],
        reordered: [],
        summary: { added: 0, removed: 0, changed: 0, unchanged: 3 },
      }),
    ).toBe('no rule changes');
    expect(diffSummary(null)).toBe('no diff');
    expect(ruleSummary({ id: 'x', kind: 'chain', effect: 'allow', description: 'd', chainIds: [31337, 31338] })).toBe(
      'chainIds: [31337, 31338]',
    );
    expect(show([{ index: 1, oneOf: ['0xab'] }])).toBe('[{ index: 1, oneOf: [0xab] }]');
  });
});
