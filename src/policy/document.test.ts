import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { feedState } from '../lib/prices.ts';
import { compilePolicy } from './compile.ts';
import { parsePolicyDocument, ruleSchema } from './document.ts';
import { reasonCodes } from './reasons.ts';
import { policyUsd8 } from './usd.ts';

const fields = (input: unknown) => {
  const r = parsePolicyDocument(input);
  return r.ok ? [] : r.errors.map((e) => `${e.field}: ${e.message}`);
};

describe('policy document schema', () => {
  it('applies defaults and compiles signatures to selectors, addresses to lower case', () => {
    const r = parsePolicyDocument({
      rules: [
        {
          id: 'c',
          kind: 'contract',
          effect: 'allow',
          contracts: ['0x97a7E38964F1caa587a5383EfCF7c4b0085D1750'],
          functions: [
            'transfer(address,uint256)',
            { selector: '0x095EA7B3', spenders: ['0x00000000000000000000000000000000000000aA'] },
          ],
        },
        { id: 'l', kind: 'address_lookalike', effect: 'review' },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.document.version).toBe(1);
    expect(r.document.rules[1]).toMatchObject({ prefixChars: 4, suffixChars: 4 });
    const c = compilePolicy(r.document, 3);
    expect(c.version).toBe(3);
    const rule = c.rules[0]!;
    expect(rule.kind === 'contract' && [...rule.contracts]).toEqual(['0x97a7e38964f1caa587a5383efcf7c4b0085d1750']);
    expect(rule.kind === 'contract' && [...rule.functions!.bySelector.keys()]).toEqual(['0xa9059cbb', '0x095ea7b3']);
  });

  it('reports every problem with its path', () => {
    expect(
      fields({
        rules: [
          { id: 'a', kind: 'chain', effect: 'allow', chainIds: [1] },
          { id: 'a', kind: 'window', effect: 'deny', per: 'user', windowSeconds: 60, limit: { baseUnits: '10' } },
          { id: 'b', kind: 'contract', effect: 'allow', contracts: ['0x12'] },
          {
            id: 'c',
            kind: 'contract',
            effect: 'deny',
            contracts: ['0x0000000000000000000000000000000000000001'],
            functions: ['nope'],
          },
          { id: 'd', kind: 'amount', effect: 'allow', limit: { usd: '-5' } },
          { id: 'e', kind: 'teleport', effect: 'deny' },
        ],
      }),
    ).toEqual([
      'rules.2.contracts.0: must be a 0x-prefixed 20-byte hex address',
      expect.stringMatching(/^rules\.3\.functions\.0/),
      expect.stringMatching(/^rules\.4\.effect/),
      expect.stringMatching(/^rules\.4\.limit/),
      expect.stringMatching(/^rules\.5\.kind/),
    ]);
    expect(
      fields({
        rules: [
          { id: 'a', kind: 'chain', effect: 'allow', chainIds: [1] },
          { id: 'a', kind: 'window', effect: 'deny', per: 'user', windowSeconds: 60, limit: { baseUnits: '10' } },
        ],
      }),
    ).toEqual([
      'rules.1.id: duplicate rule id a',
      'rules.1.assets: a limit in baseUnits needs an `assets` scope (base units of different assets are not comparable)',
    ]);
    expect(
      fields({
        rules: [
          { id: 'b', kind: 'contract', effect: 'allow', contracts: ['0x0000000000000000000000000000000000000001'] },
        ],
      }),
    ).toEqual(['rules.0.functions: an allow rule for contracts must list its functions (or "*")']);
    expect(fields({ rules: [], extra: 1 })).toHaveLength(1);
  });
});

describe('policyUsd8', () => {
  const settings = { address: '0x0000000000000000000000000000000000000001' as const, heartbeatSeconds: 3_600 };
  const ok = (answer: bigint, updatedAt: bigint) =>
    feedState(settings, { ok: true, value: 8 }, { ok: true, value: [1n, answer, 0n, updatedAt, 1n] }, 10_000n);
  it('values amounts with a fresh feed, and refuses stale or invalid prices', () => {
    expect(policyUsd8(2_500_000n, 6, ok(99_000_000n, 9_000n))).toBe(247_500_000n); // 2.5 units at $0.99
    expect(policyUsd8(2_500_000n, 6, ok(99_000_000n, 1_000n))).toBeUndefined(); // stale
    expect(policyUsd8(2_500_000n, 6, ok(0n, 9_000n))).toBeUndefined(); // invalid
    expect(policyUsd8(2_500_000n, 6, undefined)).toBeUndefined();
  });
});

describe('docs/policy.md', () => {
  const doc = readFileSync('docs/policy.md', 'utf8');
  it('its example document is valid', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    const r = parsePolicyDocument(parseYaml(yaml ?? ''));
    expect(r.ok ? r.document.rules.length : r.errors).toBe(21);
  });
  it('documents every reason code and rule kind', () => {
    expect(reasonCodes.filter((c) => !doc.includes(`\`${c}\``))).toEqual([]);
    const kinds = ruleSchema.options.map((o) => o.shape.kind.value);
    expect(kinds.filter((k) => !doc.includes(`| \`${k}\` |`))).toEqual([]);
  });
});
