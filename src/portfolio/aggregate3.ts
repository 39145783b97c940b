import { toFunctionSelector, type Address, type Hex } from 'viem';

/**
 * Hand-written ABI encoding of Multicall3 `aggregate3` calls and decoding of its answer, for
 * the portfolio's hot path only. Why not viem's `encodeFunctionData` / `decodeFunctionResult`
 * (which the rest of Keel uses): a 200-address snapshot is ~2,800 calls per chain, and with
 * viem's generic, type-walking codec the client spent more CPU encoding and decoding than the
 * node spent executing them (2-core machine, Dec 2026: ~45 ms to encode and ~40 ms to decode
 * the outer `aggregate3` alone, plus a `decodeFunctionResult` per call, against ~80 ms of
 * anvil time). Every call the portfolio sends has static arguments (addresses, uint256s) and
 * the hot ones return one uint256, so the layout is fixed and plain string slicing suffices;
 * `aggregate3.test.ts` checks both directions against viem's codec on random inputs.
 */

/** `aggregate3((address,bool,bytes)[])`: every call with `allowFailure = true`. */
const AGGREGATE3 = toFunctionSelector('function aggregate3((address,bool,bytes)[])');

/** One call inside an aggregate3 batch. */
export interface Aggregate3Call {
  target: Address;
  callData: Hex;
}

/** One call's answer: `success` false means the call reverted (`returnData` is the revert data). */
export interface Aggregate3Result {
  success: boolean;
  returnData: Hex;
}

const word = (n: number) => n.toString(16).padStart(64, '0');
/** `allowFailure = true` and the callData offset (0x60): the same two words in every call. */
const ALLOW_FAILURE_AND_OFFSET = `${word(1)}${word(0x60)}`;

/** An address as one ABI word (left-padded, lower-case hex, no 0x). */
export function addressWord(a: Address): string {
  return a.slice(2).toLowerCase().padStart(64, '0');
}

/** A uint256 as one ABI word (no 0x). Throws on a negative or too large value. */
export function uintWord(v: bigint): string {
  if (v < 0n || v >= 1n << 256n) throw new RangeError(`not a uint256: ${v}`);
  return v.toString(16).padStart(64, '0');
}

/** Calldata of a function whose arguments are all static words: selector + words. */
export function staticCall(selector: Hex, ...words: string[]): Hex {
  return `${selector}${words.join('')}` as Hex;
}

/** Calldata of `aggregate3(calls)` with `allowFailure = true` on every call. */
export function encodeAggregate3(calls: readonly Aggregate3Call[]): Hex {
  const n = calls.length;
  const heads: string[] = [];
  const tails: string[] = [];
  // Thousands of calls go to a handful of contracts with a handful of calldata lengths.
  const targets = new Map<Address, string>();
  const lengths = new Map<number, string>();
  let offset = 32 * n; // element offsets count from the first offset word
  for (const c of calls) {
    heads.push(word(offset));
    const hex = c.callData.slice(2);
    if (hex.length % 2) throw new RangeError('calldata must be whole bytes');
    const len = hex.length / 2;
    const padded = Math.ceil(len / 32) * 64;
    let target = targets.get(c.target);
    if (target === undefined) targets.set(c.target, (target = addressWord(c.target)));
    let lenWord = lengths.get(len);
    if (lenWord === undefined) lengths.set(len, (lenWord = `${ALLOW_FAILURE_AND_OFFSET}${word(len)}`));
    tails.push(target, lenWord, padded === hex.length ? hex : hex.padEnd(padded, '0'));
    offset += 128 + padded / 2;
  }
  return `${AGGREGATE3}${word(0x20)}${word(n)}${heads.join('')}${tails.join('')}` as Hex;
}

/** Thrown when an `aggregate3` answer does not have the ABI layout it must have. */
export class Aggregate3DecodeError extends Error {
  override name = 'Aggregate3DecodeError';
}

/**
 * Decodes the `(bool success, bytes returnData)[]` an `aggregate3` call returns, checking
 * every offset and length against the data so a malformed answer throws instead of yielding
 * wrong values.
 */
export function decodeAggregate3(data: Hex): Aggregate3Result[] {
  const hex = data.slice(2);
  // Offsets and lengths are read from the bytes; only the return data is sliced as hex.
  const buf = Buffer.from(hex, 'hex');
  const bytes = buf.length;
  if (bytes * 2 !== hex.length) throw new Aggregate3DecodeError('answer is not whole bytes of hex');
  // A word as a byte offset or length; anything beyond the data is malformed.
  const num = (at: number): number => {
    if (at < 0 || at + 32 > bytes)
      throw new Aggregate3DecodeError(`word at byte ${at} is past the end (${bytes} bytes)`);
    for (let i = at; i < at + 26; i += 2)
      if (buf.readUInt16BE(i) !== 0) throw new Aggregate3DecodeError(`word at byte ${at} is too large for an offset`);
    const v = buf.readUIntBE(at + 26, 6);
    if (v > bytes) throw new Aggregate3DecodeError(`offset ${v} at byte ${at} is past the end`);
    return v;
  };
  const base = num(0);
  const n = num(base);
  const first = base + 32;
  const out: Aggregate3Result[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const e = first + num(first + 32 * i);
    const flag = num(e);
    if (flag > 1) throw new Aggregate3DecodeError(`success flag ${flag} of call ${i} is not a bool`);
    const r = e + num(e + 32);
    const len = num(r);
    if (r + 32 + len > bytes) throw new Aggregate3DecodeError(`return data of call ${i} is past the end`);
    out[i] = { success: flag === 1, returnData: `0x${hex.slice((r + 32) * 2, (r + 32 + len) * 2)}` as Hex };
  }
  return out;
}

/**
 * The first word of a call's return data as a uint256, or `undefined` when there is no
 * whole word (an address without code "succeeds" with empty data): viem's
 * `decodeFunctionResult` for a `uint256` output reads the same word and refuses the same
 * short data.
 */
export function firstUint(returnData: Hex): bigint | undefined {
  return returnData.length >= 66 ? BigInt(returnData.slice(0, 66)) : undefined;
}
