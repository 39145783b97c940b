import { getAddress, hashTypedData, isAddress, type Hex, type TypedDataDomain } from 'viem';
import { KeelError, type FieldError } from '../lib/errors.ts';

/**
 * EIP-712 typed data as a caller sends it (JSON), checked against its own `types` and turned
 * into plain values: integers as bigint, addresses checksummed, bytes as lower-case hex.
 * PURE. A structural fault throws `typed_data_invalid` (422) naming each offending field, so a
 * fintech sees which part of what its user was asked to sign is malformed. The digest is the
 * one a wallet computes (viem's `hashTypedData`) over the same normalised values.
 */

/** What a caller sends: `{ domain, types, primaryType, message }` (eth_signTypedData_v4). */
export interface TypedDataInput {
  domain: Record<string, unknown>;
  types: Record<string, ReadonlyArray<{ name: string; type: string }>>;
  primaryType: string;
  message: Record<string, unknown>;
}

/** A normalised value: bigint (integers), string (address, bytes as hex, string), boolean, arrays, structs. */
export type TypedValue = bigint | string | boolean | readonly TypedValue[] | { readonly [k: string]: TypedValue };

export type TypeFields = ReadonlyArray<{ name: string; type: string }>;

/** Typed data after checking: every value matches its declared type. */
export interface NormalisedTypedData {
  domain: {
    name?: string;
    version?: string;
    chainId?: bigint;
    verifyingContract?: string;
    salt?: string;
  };
  /** The domain's type (given in `types.EIP712Domain`, else derived from the fields present). */
  domainType: TypeFields;
  /** Message types (without `EIP712Domain`). */
  types: Readonly<Record<string, TypeFields>>;
  primaryType: string;
  message: { readonly [k: string]: TypedValue };
}

/** Bounds that keep a hostile document from costing much (the body limit bounds the rest). */
export const TYPED_DATA_LIMITS = { types: 64, fieldsPerType: 64, arrayLength: 1_024, depth: 16, stringChars: 10_000 };

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;
const TYPE = /^([A-Za-z_$][A-Za-z0-9_$]{0,63})((?:\[\d{0,4}\])*)$/;
const DOMAIN_FIELDS: TypeFields = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
  { name: 'salt', type: 'bytes32' },
];

/** An atomic EIP-712 type: address, bool, string, bytes, bytes1..32, (u)int8..256. */
export function isAtomicType(t: string): boolean {
  if (t === 'address' || t === 'bool' || t === 'string' || t === 'bytes') return true;
  const b = /^bytes(\d{1,2})$/.exec(t);
  if (b) return Number(b[1]) >= 1 && Number(b[1]) <= 32;
  const i = /^u?int(\d{1,3})$/.exec(t);
  return !!i && Number(i[1]) >= 8 && Number(i[1]) <= 256 && Number(i[1]) % 8 === 0;
}

/** `T[2][]` → base `T` and the array dimensions, outermost last (`[2, null]`); null when malformed. */
export function parseType(t: string): { base: string; dims: (number | null)[] } | null {
  const m = TYPE.exec(t);
  if (!m) return null;
  const dims = [...m[2]!.matchAll(/\[(\d*)\]/g)].map((d) => (d[1] === '' ? null : Number(d[1])));
  return { base: m[1]!, dims };
}

class Collector {
  readonly errors: FieldError[] = [];
  add(field: string, code: string, message: string): void {
    if (this.errors.length < 20) this.errors.push({ field, code, message });
  }
}

/** Checks and normalises typed data; throws `typed_data_invalid` with every field at fault (up to 20). */
export function normaliseTypedData(input: TypedDataInput, at = 'typedData'): NormalisedTypedData {
  const c = new Collector();
  const types: Record<string, TypeFields> = {};
  let domainType: TypeFields | undefined;
  const entries = Object.entries(input.types ?? {});
  if (entries.length > TYPED_DATA_LIMITS.types)
    c.add(`${at}.types`, 'too_many', `at most ${TYPED_DATA_LIMITS.types} types`);
  for (const [name, fields] of entries.slice(0, TYPED_DATA_LIMITS.types)) {
    const path = `${at}.types.${name}`;
    if (!IDENT.test(name))
      c.add(path, 'invalid_type_name', 'a type name is a letter, _ or $ then letters, digits, _ or $');
    if (!Array.isArray(fields)) {
      c.add(path, 'invalid_type', 'a type is a list of { name, type }');
      continue;
    }
    if (fields.length > TYPED_DATA_LIMITS.fieldsPerType)
      c.add(path, 'too_many', `at most ${TYPED_DATA_LIMITS.fieldsPerType} fields per type`);
    const seen = new Set<string>();
    fields.slice(0, TYPED_DATA_LIMITS.fieldsPerType).forEach((f, i) => {
      if (!f || typeof f.name !== 'string' || !IDENT.test(f.name))
        c.add(
          `${path}[${i}].name`,
          'invalid_field_name',
          'a field name is a letter, _ or $ then letters, digits, _ or $',
        );
      else if (seen.has(f.name)) c.add(`${path}[${i}].name`, 'duplicate_field', `field ${f.name} is declared twice`);
      else seen.add(f.name);
      const parsed = typeof f?.type === 'string' ? parseType(f.type) : null;
      if (!parsed) c.add(`${path}[${i}].type`, 'invalid_type', 'not an EIP-712 type');
      else if (!isAtomicType(parsed.base) && !(parsed.base in (input.types ?? {})))
        c.add(`${path}[${i}].type`, 'unknown_type', `type ${parsed.base} is not declared in types`);
      else if (parsed.base === 'EIP712Domain')
        c.add(`${path}[${i}].type`, 'invalid_type', 'EIP712Domain is not a field type');
    });
    if (name === 'EIP712Domain') domainType = fields;
    else types[name] = fields;
  }
  if (!c.errors.length) {
    if (input.primaryType === 'EIP712Domain')
      c.add(
        `${at}.primaryType`,
        'invalid_primary_type',
        'a message type, not EIP712Domain (a domain alone is not a message)',
      );
    else if (!(input.primaryType in types))
      c.add(`${at}.primaryType`, 'unknown_type', `type ${input.primaryType} is not declared in types`);
  }
  if (c.errors.length) throw invalid(c.errors);

  // The domain: only the standard fields, in the standard order unless EIP712Domain says otherwise.
  const domainIn = input.domain ?? {};
  if (domainType) {
    domainType.forEach((f, i) => {
      if (!DOMAIN_FIELDS.some((d) => d.name === f.name && d.type === f.type))
        c.add(
          `${at}.types.EIP712Domain[${i}]`,
          'invalid_domain_field',
          `${f.name} ${f.type} is not an EIP-712 domain field`,
        );
    });
  } else domainType = DOMAIN_FIELDS.filter((d) => domainIn[d.name] !== undefined);
  const domain = structValue(c, { EIP712Domain: domainType, ...types }, 'EIP712Domain', domainIn, `${at}.domain`, 0);
  const message = structValue(c, types, input.primaryType, input.message, `${at}.message`, 0);
  if (c.errors.length) throw invalid(c.errors);
  return {
    domain: domain as NormalisedTypedData['domain'],
    domainType,
    types,
    primaryType: input.primaryType,
    message: message as NormalisedTypedData['message'],
  };
}

function invalid(errors: FieldError[]): KeelError {
  return new KeelError(
    'typed_data_invalid',
    `typed data is not valid EIP-712: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    { errors },
  );
}

function structValue(
  c: Collector,
  types: Readonly<Record<string, TypeFields>>,
  typeName: string,
  v: unknown,
  path: string,
  depth: number,
): TypedValue | undefined {
  if (depth > TYPED_DATA_LIMITS.depth) {
    c.add(path, 'too_deep', `structs nest at most ${TYPED_DATA_LIMITS.depth} deep`);
    return undefined;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    c.add(path, 'invalid_value', `expected an object of type ${typeName}`);
    return undefined;
  }
  const fields = types[typeName]!;
  const out: Record<string, TypedValue> = {};
  for (const f of fields) {
    const fv = (v as Record<string, unknown>)[f.name];
    if (fv === undefined || fv === null) {
      c.add(`${path}.${f.name}`, 'missing', `${f.name} (${f.type}) is missing`);
      continue;
    }
    const n = value(c, types, f.type, fv, `${path}.${f.name}`, depth);
    if (n !== undefined) out[f.name] = n;
  }
  for (const [k, x] of Object.entries(v))
    if (x !== undefined && !fields.some((f) => f.name === k))
      c.add(`${path}.${k}`, 'not_in_type', `${k} is not a field of ${typeName}: it would not be signed`);
  return out;
}

function value(
  c: Collector,
  types: Readonly<Record<string, TypeFields>>,
  type: string,
  v: unknown,
  path: string,
  depth: number,
): TypedValue | undefined {
  const parsed = parseType(type)!;
  if (parsed.dims.length) {
    const len = parsed.dims[parsed.dims.length - 1];
    const inner = type.slice(0, type.lastIndexOf('['));
    if (!Array.isArray(v)) return void c.add(path, 'invalid_value', `expected an array (${type})`);
    if (v.length > TYPED_DATA_LIMITS.arrayLength)
      return void c.add(path, 'too_many', `at most ${TYPED_DATA_LIMITS.arrayLength} items`);
    if (len !== null && len !== undefined && v.length !== len)
      return void c.add(path, 'invalid_length', `expected exactly ${len} items (${type})`);
    const items = v.map((x, i) => value(c, types, inner, x, `${path}[${i}]`, depth + 1));
    return items.every((x) => x !== undefined) ? (items as TypedValue[]) : undefined;
  }
  const t = parsed.base;
  if (!isAtomicType(t)) return structValue(c, types, t, v, path, depth + 1);
  if (t === 'address') {
    if (typeof v !== 'string' || !isAddress(v, { strict: false }))
      return void c.add(path, 'invalid_address', 'expected a 20-byte hex address');
    if (!isAddress(v))
      return void c.add(path, 'invalid_checksum', 'the address has mixed case with a wrong EIP-55 checksum');
    return getAddress(v);
  }
  if (t === 'bool') {
    if (typeof v !== 'boolean') return void c.add(path, 'invalid_value', 'expected true or false');
    return v;
  }
  if (t === 'string') {
    if (typeof v !== 'string') return void c.add(path, 'invalid_value', 'expected a string');
    if (v.length > TYPED_DATA_LIMITS.stringChars)
      return void c.add(path, 'too_long', `at most ${TYPED_DATA_LIMITS.stringChars} characters`);
    return v;
  }
  if (t.startsWith('bytes')) {
    if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v))
      return void c.add(path, 'invalid_bytes', 'expected 0x-prefixed hex with an even number of digits');
    const size = t === 'bytes' ? null : Number(t.slice(5));
    if (size !== null && v.length !== 2 + size * 2)
      return void c.add(path, 'invalid_length', `expected exactly ${size} bytes`);
    return v.toLowerCase();
  }
  // (u)intN
  const signed = t.startsWith('int');
  const bits = BigInt(t.slice(signed ? 3 : 4));
  let n: bigint;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v))
      return void c.add(
        path,
        'imprecise_number',
        'a JSON number beyond 2^53 loses digits: send it as a decimal string',
      );
    n = BigInt(v);
  } else if (typeof v === 'string' && (/^-?\d{1,78}$/.test(v) || /^0x[0-9a-fA-F]{1,64}$/.test(v))) n = BigInt(v);
  else return void c.add(path, 'invalid_integer', `expected an integer (${t}) as a number or a decimal string`);
  const [min, max] = signed ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : [0n, (1n << bits) - 1n];
  if (n < min || n > max) return void c.add(path, 'out_of_range', `outside the range of ${t}`);
  return n;
}

/** The EIP-712 digest a wallet signs for this (normalised) typed data. */
export function typedDataDigest(td: NormalisedTypedData): Hex {
  try {
    // viem's generics need literal types; the values were checked against `types` above.
    const hash = hashTypedData as (p: {
      domain: TypedDataDomain;
      types: Record<string, TypeFields>;
      primaryType: string;
      message: Record<string, unknown>;
    }) => Hex;
    return hash({
      domain: td.domain as TypedDataDomain,
      types: { EIP712Domain: td.domainType, ...td.types },
      primaryType: td.primaryType,
      message: td.message,
    });
  } catch (err) {
    // normaliseTypedData checks what viem checks; anything left is still the caller's input.
    throw new KeelError(
      'typed_data_invalid',
      `typed data could not be hashed: ${(err as Error).message.split('\n')[0]}`,
      {
        errors: [{ field: 'typedData', code: 'unhashable', message: (err as Error).message.split('\n')[0]! }],
        cause: err,
      },
    );
  }
}

/** One field of a struct as shown to people: its path, its declared type and its value as text. */
export interface RenderedField {
  path: string;
  type: string;
  value: string;
}

/**
 * Every atomic field of a struct, depth first, as `message.details.amount`-style paths: the
 * generic rendering that covers any struct a decoder does not describe.
 */
export function flattenFields(
  types: Readonly<Record<string, TypeFields>>,
  typeName: string,
  v: { readonly [k: string]: TypedValue },
  prefix: string,
  out: RenderedField[] = [],
): RenderedField[] {
  for (const f of types[typeName] ?? []) flattenValue(types, f.type, v[f.name]!, `${prefix}.${f.name}`, out);
  return out;
}

function flattenValue(
  types: Readonly<Record<string, TypeFields>>,
  type: string,
  v: TypedValue,
  path: string,
  out: RenderedField[],
): void {
  const parsed = parseType(type)!;
  if (parsed.dims.length) {
    const inner = type.slice(0, type.lastIndexOf('['));
    const items = v as readonly TypedValue[];
    if (!items.length) out.push({ path, type, value: '(empty list)' });
    items.forEach((x, i) => flattenValue(types, inner, x, `${path}[${i}]`, out));
  } else if (isAtomicType(parsed.base)) out.push({ path, type, value: String(v) });
  else flattenFields(types, parsed.base, v as { readonly [k: string]: TypedValue }, path, out);
}

/** Every address value in a struct, with its path (lookalike checks look at all of them). */
export function addressFields(fields: readonly RenderedField[]): { path: string; address: string }[] {
  return fields.filter((f) => f.type === 'address').map((f) => ({ path: f.path, address: f.value }));
}

/** Whether `typeName` declares exactly these fields (name and type), in any order. */
export function hasShape(
  types: Readonly<Record<string, TypeFields>>,
  typeName: string,
  shape: Readonly<Record<string, string>>,
): boolean {
  const fields = types[typeName];
  if (!fields || fields.length !== Object.keys(shape).length) return false;
  return fields.every((f) => shape[f.name] === f.type);
}
