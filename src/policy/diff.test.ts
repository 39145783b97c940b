import { describe, expect, it } from 'vitest';
import { diffPolicies } from './diff.ts';
import { parsePolicyDocument, type PolicyDocument } from './document.ts';

const doc = (raw: unknown): PolicyDocument => {
  const p = parsePolicyDocument(raw);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.document;
};

describe('diffPolicies', () => {
  const base = doc({
    description: 'base',
    rules: [
      { id: 'c', kind: 'chain', effect: 'allow', chainIds: [1] },
      { id: 'a', kind: 'asset', effect: 'allow', assets: ['USDC'] },
      { id: 'x', kind: 'amount', effect: 'deny', limit: { usd: '100' } },
    ],
  });

  it('reports rules added, removed and changed by id, with the changed fields only', () => {
    const next = doc({
      rules: [
        { id: 'c', kind: 'chain', effect: 'allow', chainIds: [1, 10] },
        { id: 'a', kind: 'asset', effect: 'allow', assets: ['USDC'] },
        { id: 'n', kind: 'wrong_network', effect: 'deny', description: 'new' },
      ],
    });
    const d = diffPolicies(base, next);
    expect(d.added.map((r) => r.id)).toEqual(['n']);
    expect(d.removed.map((r) => r.id)).toEqual(['x']);
    expect(d.changed).toEqual([
      { id: 'c', kind: 'chain', fields: [{ field: 'chainIds', before: [1], after: [1, 10] }] },
    ]);
    expect(d.description).toEqual({ before: 'base' });
    expect(d.summary).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 1 });
    expect(d.reordered).toEqual([]);
  });

  it('is empty for equal documents whatever the key order and version, and sees reordering and a kind change', () => {
    const same = doc({
      version: 7,
      description: 'base',
      rules: base.rules.map((r) => Object.fromEntries(Object.entries(r).reverse())),
    });
    expect(diffPolicies(base, same)).toMatchObject({
      added: [],
      removed: [],
      changed: [],
      reordered: [],
      summary: { unchanged: 3 },
    });
    const moved = doc({
      description: 'base',
      rules: [base.rules[1], base.rules[0], { id: 'x', kind: 'amount', effect: 'review', limit: { usd: '100' } }],
    });
    const d = diffPolicies(base, moved);
    expect(d.reordered).toEqual(['a', 'c']);
    expect(d.changed).toEqual([
      { id: 'x', kind: 'amount', fields: [{ field: 'effect', before: 'deny', after: 'review' }] },
    ]);
  });
});
