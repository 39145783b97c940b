/**
 * Request fuzzing from the OpenAPI document: a seeded PRNG, plausible base values for a JSON
 * schema (so a request gets past the first check and into the code behind it), and hostile
 * values to put in their place — strings with NUL, unpaired surrogates, bidi overrides and
 * zero-width characters, numbers too big for any type, wrong types, and nesting 100,000 deep.
 * Bodies are serialised by hand so raw JSON (`1e400`, a 100,000-deep array) can be sent.
 */

export { prng } from '../../src/lib/prng.ts';

export type Rand = () => number;
export const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** JSON text inserted as is. */
export class Raw {
  constructor(readonly text: string) {}
}

/** `depth` levels of nesting as JSON text (objects and arrays alternating), built without recursion. */
export function deepJson(depth: number): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    if (i % 2) {
      open += '[';
      close = `]${close}`;
    } else {
      open += '{"a":';
      close = `}${close}`;
    }
  }
  return `${open}1${close}`;
}

/** JSON with `Raw` values spliced in (values here are shallow, so plain recursion is fine). */
export function toJson(v: unknown): string {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`)
      .join(',')}}`;
  return v === undefined ? 'null' : JSON.stringify(v);
}

export const HOSTILE_STRINGS: readonly string[] = [
  '\u0000',
  'user\u0000id',
  '\ud800',
  'x\udc00y',
  'pay\ud83d',
  '\u202egnp.exe',
  'ad\u200bmin',
  'a\u200d\u200cb',
  '\u2066rtl\u2069',
  '\ufeffbom',
  'e\u0301',
  '😀',
  ' padded ',
  '',
  'x'.repeat(5_000),
  '%00',
  '\\u0000',
  "' or 1=1 --",
  '../../../etc/passwd',
  '\r\n\t',
  `0x${'F'.repeat(40)}`,
  '-1',
  '1e400',
  '__proto__',
];

const HOSTILE_NUMBERS: readonly unknown[] = [
  new Raw('1e400'),
  new Raw('-1e400'),
  new Raw('123456789012345678901234567890'),
  2 ** 53 + 2,
  -1,
  0,
  0.5,
  1e308,
  -1e-308,
];
const WRONG_TYPES: readonly unknown[] = [null, true, false, [], {}, [['x']], { a: { b: 'c' } }, 'text', 12];

/** A hostile JSON value for a field. */
export function hostileValue(rand: Rand): unknown {
  const r = rand();
  if (r < 0.45) return pick(rand, HOSTILE_STRINGS);
  if (r < 0.65) return pick(rand, HOSTILE_NUMBERS);
  if (r < 0.85) return pick(rand, WRONG_TYPES);
  if (r < 0.9) return new Raw(deepJson(100_000));
  if (r < 0.95) return new Raw(deepJson(33));
  return [pick(rand, HOSTILE_STRINGS), { [pick(rand, HOSTILE_STRINGS)]: pick(rand, HOSTILE_STRINGS) }];
}

/** Hostile query or path values, already percent-encoded (a lone surrogate cannot be encoded: its bytes are sent raw instead). */
export const HOSTILE_URL_VALUES: readonly string[] = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%E2%80%AE',
  '%E2%80%8B',
  '%C0%80',
  '%FF',
  '%',
  '1e400',
  '-1',
  '99999999999999999999999',
  '0x',
  'x'.repeat(3_000),
  '%5B%5D',
  '..%2F..%2Fetc',
  'tx_%00',
  'pi_%00aaaaaaaaaaaaaaaaaaaaaaaaa',
  '%F0%9F%98%80',
  '%20',
];

type Schema = Record<string, any>;

/**
 * A plausible value for `schema` (named `name` in its parent): known names first (the chain,
 * a signer, an asset…), then patterns of ids and dates, then the schema's type.
 */
export function sample(schema: Schema | undefined, name: string, known: Record<string, unknown>, depth = 0): unknown {
  if (!schema || depth > 8) return 'x';
  if (name in known) return known[name];
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined && typeof schema.default !== 'object') return schema.default;
  const alt = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alt)) return sample(alt.find((s: Schema) => s.type !== 'null') ?? alt[0], name, known, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return (
        samplePattern(schema.pattern) ??
        (schema.format === 'date-time' ? new Date().toISOString() : 'f'.repeat(Math.max(1, schema.minLength ?? 4)))
      );
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () =>
        sample(schema.items, name, known, depth + 1),
      );
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
        if ((schema.required ?? []).includes(k) || k in known) out[k] = sample(s, k, known, depth + 1);
      }
      return out;
    }
    default:
      return 'x';
  }
}

/** A value matching the id and date patterns Keel's schemas use, when `pattern` is one of them. */
function samplePattern(pattern: string | undefined): string | undefined {
  if (!pattern) return undefined;
  const prefix = /^\^([a-z]+)_/.exec(pattern);
  if (prefix) return `${prefix[1]}_${'0'.repeat(26)}`;
  if (pattern.startsWith('^(?:(?:\\d\\d')) return new Date().toISOString();
  if (pattern.startsWith('^\\d{1,') || pattern.startsWith('^(0|[1-9]')) return '1.5';
  if (pattern.startsWith('^[a-z0-9]')) return 'uniswap-v2:31337';
  return undefined;
}

/** The paths of every value inside `v` (object keys and array indexes), for picking one to replace. */
export function valuePaths(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push([...prefix, i], ...valuePaths(x, [...prefix, i])));
  else if (v && typeof v === 'object' && !(v instanceof Raw))
    for (const [k, x] of Object.entries(v)) out.push([...prefix, k], ...valuePaths(x, [...prefix, k]));
  return out;
}

/** A copy of `v` with the value at `path` replaced by `replacement`. */
export function replaceAt(v: unknown, path: ReadonlyArray<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? replaceAt(x, rest, replacement) : x));
  const o = { ...(v as Record<string, unknown>) };
  o[head as string] = replaceAt(o[head as string], rest, replacement);
  return o;
}

/**
 * `doc` with every local `$ref` (`#/components/…`) replaced by what it names, so a walker sees
 * whole schemas; a schema that refers to itself stops after a few levels.
 */
export function dereference<T>(doc: T): T {
  const root = doc as Record<string, any>;
  const at = (ref: string) =>
    ref
      .slice(2)
      .split('/')
      .reduce((node: any, key) => node?.[key], root);
  const walk = (node: unknown, depth: number): unknown => {
    if (Array.isArray(node)) return node.map((x) => walk(x, depth));
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) return depth > 8 ? {} : walk(at(ref), depth + 1);
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, depth)]));
  };
  return walk(doc, 0) as T;
}
