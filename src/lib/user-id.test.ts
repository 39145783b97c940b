import { describe, expect, it } from 'vitest';
import { endUserIdProblem, endUserIdSchema, normalizeEndUserId } from './user-id.ts';

describe('end-user ids', () => {
  const schema = endUserIdSchema();

  it('normalises to NFC so precomposed and decomposed forms are one id', () => {
    const precomposed = 'jos\u00e9';
    const decomposed = 'jose\u0301';
    expect(precomposed).not.toBe(decomposed);
    expect(schema.parse(decomposed)).toBe(precomposed);
    expect(schema.parse(precomposed)).toBe(precomposed);
    expect(normalizeEndUserId('\u212b')).toBe('\u00c5'); // Angstrom sign → Å
  });

  it('keeps ordinary text of any script, inner spaces included', () => {
    for (const s of ['user_8812', 'Zoë Müller', '山田太郎', 'مستخدم', 'a b', 'x'.repeat(200)])
      expect(schema.parse(s)).toBe(s.normalize('NFC'));
  });

  it('refuses control, zero-width, bidi and other invisible characters, unpaired surrogates and surrounding white space', () => {
    const bad = [
      'al\u0000ice',
      'alice\u0007',
      'al\u200bice',
      'al\u200dice',
      '\u202eecila',
      'alice\u2066',
      '\ufeffalice',
      'ali\u00adce',
      'al\ud800ice',
      'alice\u2028',
      ' alice',
      'alice\t',
      'alice\n',
    ];
    for (const s of bad) {
      expect(endUserIdProblem(s), JSON.stringify(s)).toBeDefined();
      const r = schema.safeParse(s);
      expect(r.success, JSON.stringify(s)).toBe(false);
    }
    expect(endUserIdProblem('\u202eecila')!.message).toContain('U+202E');
  });

  it('refuses empty and over-long ids', () => {
    expect(schema.safeParse('').success).toBe(false);
    expect(schema.safeParse('x'.repeat(201)).success).toBe(false);
  });
});
