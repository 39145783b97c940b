import { describe, expect, it } from 'vitest';
import { lookupIds, whoLabel } from './who.ts';

describe('who did it', () => {
  it('looks up key and principal ids once, in a stable order', () => {
    expect(lookupIds(['key_b', null, 'system', 'prn_a', 'key_b', undefined, 'auto', 'cli'])).toEqual([
      'key_b',
      'prn_a',
    ]);
    expect(lookupIds([])).toEqual([]);
  });

  it('names the principal, else Keel’s own actors in words, else the id', () => {
    expect(whoLabel('key_1', { id: 'prn_1', name: 'alice' })).toBe('alice');
    expect(whoLabel('cli', null)).toBe('command line');
    expect(whoLabel('system', undefined)).toBe('Keel');
    expect(whoLabel('auto', null)).toBe('automatic');
    expect(whoLabel('key_unknown', null)).toBe('key_unknown');
    expect(whoLabel(null, null)).toBe('—');
  });
});
