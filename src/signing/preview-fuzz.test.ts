import { describe, expect, it } from 'vitest';
import { pick, prng, type Rand } from '../../test/helpers/fuzz.ts';
import { KeelError } from '../lib/errors.ts';
import { renderSigningPreview } from './preview-logic.ts';
import {
  context,
  daiPermit,
  erc2612,
  permitBatch,
  permitSingle,
  permitTransferFrom,
  ROUTER,
  STRANGER,
  TOKEN,
  TREASURY,
  TREASURY_TWIN,
} from './test-support.ts';
import type { TypedDataInput } from './typed-data-logic.ts';
import { SIGNING_WARNINGS } from './warnings.ts';

/**
 * Property: any well-formed typed data renders — never a crash, a 32-byte digest, known warning
 * codes, one rendered field per signed leaf — and any one corrupted value answers
 * `typed_data_invalid`, never another fault. Seeded (SIGNING_FUZZ_SEED), logged.
 */

const SEED = Number(process.env.SIGNING_FUZZ_SEED ?? Date.now() % 1_000_000);
const RUNS = 400;

const ATOMS = [
  'address',
  'bool',
  'string',
  'bytes',
  'bytes1',
  'bytes32',
  'uint8',
  'uint48',
  'uint160',
  'uint256',
  'int8',
  'int256',
];
const ADDRESSES = [
  ROUTER,
  STRANGER,
  TOKEN,
  TREASURY,
  TREASURY_TWIN,
  '0x000000000022D473030F116dDEE9F6B43aC78BA3',
  `0x${'00'.repeat(20)}`,
];
const STRINGS = ['', 'hello', 'evil.com', '\u202Eabc', 'ü'.repeat(50), '0x1234'];

function randomValue(r: Rand, type: string, types: TypedDataInput['types'], depth: number): unknown {
  const arr = /^(.*)\[(\d*)\]$/.exec(type);
  if (arr) {
    const n = arr[2] === '' ? Math.floor(r() * 4) : Number(arr[2]);
    return Array.from({ length: n }, () => randomValue(r, arr[1]!, types, depth + 1));
  }
  if (type in types)
    return Object.fromEntries(types[type]!.map((f) => [f.name, randomValue(r, f.type, types, depth + 1)]));
  if (type === 'address') return pick(r, ADDRESSES);
  if (type === 'bool') return r() < 0.5;
  if (type === 'string') return pick(r, STRINGS);
  if (type === 'bytes') return `0x${'ab'.repeat(Math.floor(r() * 40))}`;
  if (type.startsWith('bytes')) return `0x${'cd'.repeat(Number(type.slice(5)))}`;
  const signed = type.startsWith('int');
  const bits = BigInt(type.slice(signed ? 3 : 4));
  const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  const v = pick(r, [0n, 1n, max, max / 2n, BigInt(Math.floor(r() * 2 ** 40))]) % (max + 1n);
  const x = signed && r() < 0.5 ? -v : v;
  return r() < 0.3 && x >= 0n && x < 2n ** 53n ? Number(x) : x.toString();
}

function randomTypedData(r: Rand): TypedDataInput {
  // A third of the runs start from a recognised shape with random values.
  if (r() < 0.35) {
    const base = pick(r, [
      erc2612(),
      daiPermit(),
      permitSingle(),
      permitBatch([{ token: TOKEN, amount: 1n }]),
      permitTransferFrom({ witness: r() < 0.5, batch: r() < 0.5 }),
    ]);
    return { ...base, message: randomValue(r, base.primaryType, base.types, 0) as Record<string, unknown> };
  }
  const n = 1 + Math.floor(r() * 4);
  const names = Array.from({ length: n }, (_, i) => `T${i}`);
  const types: TypedDataInput['types'] = {};
  // Struct i may refer to structs after it only: acyclic, so values are finite.
  names.forEach((name, i) => {
    const fields = 1 + Math.floor(r() * 5);
    types[name] = Array.from({ length: fields }, (_, k) => {
      const later = names.slice(i + 1);
      let t = later.length && r() < 0.3 ? pick(r, later) : pick(r, ATOMS);
      if (r() < 0.2) t += pick(r, ['[]', '[2]']);
      return { name: `f${k}`, type: t };
    });
  });
  const domain: Record<string, unknown> = {};
  if (r() < 0.8) domain.name = pick(r, STRINGS);
  if (r() < 0.5) domain.version = '1';
  if (r() < 0.7) domain.chainId = pick(r, [31337, 1, '31337']);
  if (r() < 0.7) domain.verifyingContract = pick(r, ADDRESSES);
  return { domain, types, primaryType: 'T0', message: randomValue(r, 'T0', types, 0) as Record<string, unknown> };
}

function leaves(td: TypedDataInput, type: string, v: unknown): number {
  const arr = /^(.*)\[(\d*)\]$/.exec(type);
  if (arr) {
    const items = v as unknown[];
    return items.length ? items.reduce<number>((s, x) => s + leaves(td, arr[1]!, x), 0) : 1;
  }
  if (type in td.types)
    return td.types[type]!.reduce((s, f) => s + leaves(td, f.type, (v as Record<string, unknown>)[f.name]), 0);
  return 1;
}

describe(`signing preview over random typed data (seed ${SEED})`, () => {
  it('renders every well-formed document', () => {
    console.log(`signing fuzz seed ${SEED}`);
    const r = prng(SEED);
    for (let i = 0; i < RUNS; i++) {
      const td = randomTypedData(r);
      const p = renderSigningPreview(context(), { kind: 'typed_data', typedData: td });
      expect(p.digest, JSON.stringify(td)).toMatch(/^0x[0-9a-f]{64}$/);
      expect(['low', 'medium', 'high']).toContain(p.risk);
      for (const w of p.warnings) expect(Object.keys(SIGNING_WARNINGS)).toContain(w.code);
      expect(p.fields.filter((f) => f.path.startsWith('message.')).length).toBe(leaves(td, td.primaryType, td.message));
      expect(p.lines.length).toBeGreaterThan(0);
    }
  });

  it('answers typed_data_invalid, and nothing else, when one value is corrupted', () => {
    const r = prng(SEED + 1);
    const bad = [null, {}, [], 'zz', -1.5, 1e300, '0xzz', true, `0x${'ab'.repeat(21)}`];
    let invalid = 0;
    for (let i = 0; i < RUNS; i++) {
      const td = randomTypedData(r);
      const keys = Object.keys(td.message);
      const k = pick(r, keys);
      const corrupted = { ...td, message: { ...td.message, [k]: pick(r, bad) } };
      try {
        renderSigningPreview(context(), { kind: 'typed_data', typedData: corrupted });
      } catch (err) {
        expect(err, JSON.stringify(corrupted)).toBeInstanceOf(KeelError);
        expect((err as KeelError).code).toBe('typed_data_invalid');
        expect((err as KeelError).errors?.[0]?.field).toMatch(/^typedData\.message\./);
        invalid++;
      }
    }
    // Most corruptions are invalid (a few happen to fit, e.g. `true` for a bool).
    expect(invalid).toBeGreaterThan(RUNS / 2);
  });

  it('renders any personal message', () => {
    const r = prng(SEED + 2);
    for (let i = 0; i < RUNS; i++) {
      const len = Math.floor(r() * 80);
      const message =
        r() < 0.5
          ? Array.from({ length: len }, () => String.fromCharCode(Math.floor(r() * 0x3000))).join('') || 'x'
          : `0x${Array.from({ length: len }, () =>
              Math.floor(r() * 256)
                .toString(16)
                .padStart(2, '0'),
            ).join('')}`;
      const p = renderSigningPreview(context(), { kind: 'personal_message', message, origin: 'example.com' });
      expect(p.digest).toMatch(/^0x[0-9a-f]{64}$/);
    }
  });
});
