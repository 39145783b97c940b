import {
  decodeFunctionResult,
  encodeFunctionData,
  encodeFunctionResult,
  multicall3Abi,
  type Address,
  type Hex,
} from 'viem';
import { describe, expect, it } from 'vitest';
import { Aggregate3DecodeError, decodeAggregate3, encodeAggregate3, firstUint } from './aggregate3.ts';

// A small deterministic generator, so a failure can be replayed.
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}
const hexBytes = (r: () => number, n: number) =>
  Array.from({ length: n }, () =>
    Math.floor(r() * 256)
      .toString(16)
      .padStart(2, '0'),
  ).join('');

describe('aggregate3 codec', () => {
  it('encodes calls exactly as viem does (random targets and calldata lengths)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = rng(seed);
      const calls = Array.from({ length: Math.floor(r() * 40) }, () => ({
        target: `0x${hexBytes(r, 20)}` as Address,
        callData: `0x${hexBytes(r, Math.floor(r() * 100))}` as Hex,
      }));
      const viem = encodeFunctionData({
        abi: multicall3Abi,
        functionName: 'aggregate3',
        args: [calls.map((c) => ({ ...c, allowFailure: true }))],
      });
      expect(encodeAggregate3(calls)).toBe(viem.toLowerCase());
    }
  });

  it('decodes answers exactly as viem does (random success flags and return data)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = rng(seed);
      const results = Array.from({ length: Math.floor(r() * 40) }, () => ({
        success: r() < 0.8,
        returnData: `0x${hexBytes(r, Math.floor(r() * 200))}` as Hex,
      }));
      const data = encodeFunctionResult({ abi: multicall3Abi, functionName: 'aggregate3', result: results });
      const viem = decodeFunctionResult({ abi: multicall3Abi, functionName: 'aggregate3', data });
      expect(decodeAggregate3(data)).toEqual(viem);
    }
  });

  it('refuses malformed answers instead of reading wrong values', () => {
    const good = encodeFunctionResult({
      abi: multicall3Abi,
      functionName: 'aggregate3',
      result: [{ success: true, returnData: `0x${'11'.repeat(32)}` }],
    });
    expect(() => decodeAggregate3(good.slice(0, -64) as Hex)).toThrow(Aggregate3DecodeError);
    expect(() => decodeAggregate3('0x')).toThrow(Aggregate3DecodeError);
    // an offset word with high bits set
    expect(() => decodeAggregate3(`0x${'ff'.repeat(32)}${good.slice(66)}` as Hex)).toThrow(Aggregate3DecodeError);
  });

  it('reads a uint256 from the first word and refuses data shorter than a word', () => {
    expect(firstUint(`0x${'00'.repeat(31)}2a`)).toBe(42n);
    expect(firstUint(`0x${'00'.repeat(31)}2a${'ff'.repeat(32)}`)).toBe(42n);
    expect(firstUint('0x')).toBeUndefined();
    expect(firstUint(`0x${'00'.repeat(31)}`)).toBeUndefined();
  });
});
