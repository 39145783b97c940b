import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { riskOf, SIGNING_WARNINGS, warning } from './warnings.ts';

describe('signing warnings', () => {
  it('docs/signing-previews.md lists every code with its severity and explanation', () => {
    const doc = readFileSync('docs/signing-previews.md', 'utf8');
    const rows = new Map(
      [...doc.matchAll(/^\| `([a-z_]+)` \| (low|medium|high) \| [^|]+ \| (.+) \|$/gm)].map((m) => [
        m[1],
        { severity: m[2], explanation: m[3] },
      ]),
    );
    for (const [code, w] of Object.entries(SIGNING_WARNINGS))
      expect(rows.get(code), code).toEqual({ severity: w.severity, explanation: w.explanation });
    expect([...rows.keys()].sort()).toEqual(Object.keys(SIGNING_WARNINGS).sort());
  });

  it('risk is the highest severity, low without warnings', () => {
    expect(riskOf([])).toBe('low');
    expect(riskOf([warning('expired', null, 'x')])).toBe('low');
    expect(riskOf([warning('expired', null, 'x'), warning('approval', null, 'x')])).toBe('medium');
    expect(riskOf([warning('approval', null, 'x'), warning('unknown_spender', null, 'x')])).toBe('high');
  });
});
