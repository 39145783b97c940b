import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestingExceeds, stringProblem, unsafeStrings } from './input-check.ts';

const nest = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('nestingExceeds', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestingExceeds(1, 0)).toBe(false);
    expect(nestingExceeds('x'.repeat(10), 0)).toBe(false);
    expect(nestingExceeds({}, 0)).toBe(true);
    expect(nestingExceeds({ a: [1] }, 2)).toBe(false);
    expect(nestingExceeds({ a: [1] }, 1)).toBe(true);
    expect(nestingExceeds(nest(MAX_JSON_DEPTH))).toBe(false);
    expect(nestingExceeds(nest(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('walks 100,000 levels without exhausting the stack', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(nestingExceeds(deep)).toBe(true);
    expect(unsafeStrings(nest(100_000, 'ok'), 'body')).toEqual([]);
  });
});

describe('stringProblem and unsafeStrings', () => {
  it('accepts well-formed text, astral characters and bidi/zero-width characters (only end-user ids refuse those)', () => {
    for (const s of ['', 'plain', 'emoji 😀', '\u202eevil', 'zero\u200bwidth', 'tab\tnew\nline'])
      expect(stringProblem(s), JSON.stringify(s)).toBeUndefined();
  });

  it('refuses NUL and unpaired surrogates, high or low, anywhere in the string', () => {
    for (const s of [
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\ud800',
      '\udc00y',
      '\ud83d\ud83d\ude00'.slice(0, 1) + 'z',
      '😀\udfff',
    ])
      expect(stringProblem(s), JSON.stringify(s)).toBeDefined();
  });

  it('names each offending field by path, keys included', () => {
    const errors = unsafeStrings(
      { ok: 'x', userId: 'a\u0000', metadata: { 'k\u0000': 'v', ref: '\ud800' }, list: ['fine', ['\udc01']] },
      'body',
    );
    expect(errors.map((e) => e.field).sort()).toEqual(
      ['body.list.1.0', 'body.metadata.(key 0)', 'body.metadata.ref', 'body.userId'].sort(),
    );
    expect(errors.every((e) => e.code === 'invalid_character')).toBe(true);
    expect(unsafeStrings({ user: 'x\u0000' }, 'querystring')).toEqual([
      { field: 'querystring.user', code: 'invalid_character', message: expect.stringContaining('NUL') },
    ]);
    expect(unsafeStrings(undefined, 'body')).toEqual([]);
  });

  it('reports at most 20 fields', () => {
    expect(
      unsafeStrings(
        Array.from({ length: 100 }, () => '\u0000'),
        'body',
      ),
    ).toHaveLength(20);
  });
});
