import { z } from 'zod';

/**
 * The identifier of a fintech's end user (or of their session) as it enters Keel: `userId`
 * of transactions, swaps and dry runs, `sessionId`, a payment intent's `customerReference`
 * (the user of its refunds) and the filters that look them up. Per-user windows and limits
 * count by this string, so two strings that look the same must not count apart:
 *
 * - it is normalised to Unicode NFC (a precomposed "é" and "e" + combining accent are one id);
 * - control characters, format characters (zero-width spaces and joiners, bidi marks and
 *   overrides such as U+202E, the BOM, soft hyphens), unpaired surrogates and line/paragraph
 *   separators are refused with 422, as is white space at either end — none of them is
 *   visible, so each would make a look-alike id that escapes its user's windows.
 */

/** Characters no end-user id may contain (see the module comment). */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** Why `s` is not an acceptable end-user id, or undefined when it is. */
export function endUserIdProblem(s: string): { code: string; message: string } | undefined {
  const m = INVISIBLE.exec(s);
  if (m) {
    const cp = m[0].codePointAt(0)!;
    return {
      code: 'invisible_character',
      message: `contains U+${cp.toString(16).toUpperCase().padStart(4, '0')}, an invisible or control character; end-user ids must be visible text`,
    };
  }
  if (s.trim() !== s) return { code: 'surrounding_whitespace', message: 'starts or ends with white space' };
  return undefined;
}

/** `s` in the one form Keel stores and compares (Unicode NFC). */
export function normalizeEndUserId(s: string): string {
  return s.normalize('NFC');
}

/** The shared schema of an end-user (or session) id: 1 to 200 characters, checked and normalised. */
export function endUserIdSchema(max = 200) {
  return z
    .string()
    .min(1)
    .max(max)
    .superRefine((s, ctx) => {
      const p = endUserIdProblem(s);
      if (p) ctx.addIssue({ code: 'custom', message: p.message, params: { code: p.code } });
    })
    .transform(normalizeEndUserId);
}
