import type { FieldError } from '../lib/errors.ts';

/**
 * Pure checks of request input at the API edge, before any route sees it (input-guard.ts
 * applies them). Every check walks iteratively with an explicit stack: input shaped to be
 * deep must not be able to exhaust the call stack here either.
 */

/** Deepest nesting of objects and arrays a JSON body may have (`{"a":[1]}` is 2 deep). */
export const MAX_JSON_DEPTH = 32;

/** At most this many offending fields are listed in one 422. */
const MAX_REPORTED = 20;

/** Whether `value` nests objects/arrays deeper than `max`. */
export function nestingExceeds(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v as object)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

// A lone high surrogate (not followed by a low one) or a lone low surrogate (not preceded by a high one).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with one string, if anything: a NUL character or an unpaired UTF-16 surrogate. */
export function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000), which Keel does not accept in text';
  const m = LONE_SURROGATE.exec(s);
  if (m)
    return `contains an unpaired UTF-16 surrogate (U+${m[0].charCodeAt(0).toString(16).toUpperCase()}); send well-formed Unicode`;
  return undefined;
}

/**
 * Every string (object keys included) in `value` that holds a NUL character or an unpaired
 * surrogate, as 422 field errors under `root` (`body.metadata.ref`, `querystring.user`).
 * Neither can be stored: Postgres refuses NUL in `text` and both in `jsonb`.
 */
export function unsafeStrings(value: unknown, root: string): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length && errors.length < MAX_REPORTED) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const p = stringProblem(v);
      if (p) errors.push({ field: path, code: 'invalid_character', message: p });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}.${i}`]);
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v as object);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        const p = stringProblem(k);
        // The key itself cannot be shown safely: it is named by its position.
        if (p)
          errors.push({ field: `${path}.(key ${i})`, code: 'invalid_character', message: `the property name ${p}` });
        else stack.push([(v as Record<string, unknown>)[k], `${path}.${k}`]);
      }
    }
  }
  return errors;
}
