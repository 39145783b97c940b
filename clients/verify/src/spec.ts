// Keel proof of liabilities, version 1: the byte encodings and hashes of the Merkle sum tree.
//
// This file is the specification. It is pure and runs in a browser (its only dependency is
// @noble/hashes); Keel's server builds trees with the same encodings (src/attestations/sum-tree.ts)
// and the verifier (verify.ts) recomputes them. docs/proof-of-reserves-construction.md explains it.
//
//   userHash  = sha256(salt(32) || utf8(userId))
//   leaf      = sha256(0x00 || userHash(32) || balance_1 .. balance_A)          each uint256, big-endian
//   padding   = sha256(0x02 || uint32be(position)), sums all zero
//   node      = sha256(0x01 || leftHash || leftSums_1..A || rightHash || rightSums_1..A)
//               node sums = leftSums + rightSums per asset (never above 2^256 - 1)
//   root      = sha256(0x03 || "keel-por-v1" || uint32be(leafCount) || uint8(A)
//                      || for each asset: uint8(len) || utf8(symbol) || uint8(decimals)
//                      || topHash || topSums_1..A)
//
// Users occupy positions 0 .. leafCount-1 (in a random order, shuffled per snapshot); positions
// leafCount .. 2^depth-1 are padding. depth = max(1, ceil(log2(leafCount))).
import { sha256 } from '@noble/hashes/sha2';

export const PROOF_VERSION = 1 as const;
export const DOMAIN = 'keel-por-v1';
export const TAG_LEAF = 0x00;
export const TAG_NODE = 0x01;
export const TAG_PADDING = 0x02;
export const TAG_ROOT = 0x03;
export const UINT256_MAX = (1n << 256n) - 1n;
export const MAX_LEAF_COUNT = 2 ** 32 - 1;
export const MAX_ASSETS = 255;

export interface AssetSpec {
  symbol: string;
  decimals: number;
}

/** One level of an inclusion proof: the sibling of the node on the path, and which side it is on. */
export interface ProofStep {
  side: 'left' | 'right';
  hash: string;
  sums: string[];
}

/** Version 1 inclusion proof (clients/verify/proof.schema.json). Amounts are base-unit decimal strings. */
export interface Proof {
  version: 1;
  snapshotId: string;
  attestationId?: string;
  assets: AssetSpec[];
  leafCount: number;
  leaf: { userId: string; salt: string; balances: string[] };
  path: ProofStep[];
  root: { hash: string; sums: string[] };
}

/** A node as the hashes see it: a 32-byte hash and one sum per asset. */
export interface SumNode {
  hash: Uint8Array;
  sums: bigint[];
}

const encoder = new TextEncoder();

export function treeDepth(leafCount: number): number {
  if (!Number.isInteger(leafCount) || leafCount < 1 || leafCount > MAX_LEAF_COUNT) {
    throw new RangeError(`leafCount must be an integer in 1..${MAX_LEAF_COUNT}`);
  }
  let depth = 1;
  while (2 ** depth < leafCount) depth++;
  return depth;
}

/** Writes a uint256 big-endian into out at offset. */
export function writeUint256(value: bigint, out: Uint8Array, offset: number): void {
  if (value < 0n || value > UINT256_MAX) throw new RangeError('value out of uint256 range');
  let v = value;
  for (let i = 31; i >= 0; i--) {
    out[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

export function readUint256(bytes: Uint8Array, offset: number): bigint {
  let v = 0n;
  for (let i = 0; i < 32; i++) v = (v << 8n) | BigInt(bytes[offset + i]!);
  return v;
}

export function userHash(salt: Uint8Array, userId: string): Uint8Array {
  if (salt.length !== 32) throw new RangeError('salt must be 32 bytes');
  const id = encoder.encode(userId);
  const buf = new Uint8Array(32 + id.length);
  buf.set(salt, 0);
  buf.set(id, 32);
  return sha256(buf);
}

export function leafPreimage(user: Uint8Array, balances: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(1 + 32 + 32 * balances.length);
  out[0] = TAG_LEAF;
  out.set(user, 1);
  balances.forEach((b, i) => writeUint256(b, out, 33 + 32 * i));
  return out;
}

export function leafNode(salt: Uint8Array, userId: string, balances: readonly bigint[]): SumNode {
  return { hash: sha256(leafPreimage(userHash(salt, userId), balances)), sums: [...balances] };
}

export function paddingPreimage(position: number): Uint8Array {
  const out = new Uint8Array(5);
  out[0] = TAG_PADDING;
  new DataView(out.buffer).setUint32(1, position, false);
  return out;
}

export function paddingNode(position: number, assetCount: number): SumNode {
  return { hash: sha256(paddingPreimage(position)), sums: new Array<bigint>(assetCount).fill(0n) };
}

export function nodePreimage(left: SumNode, right: SumNode): Uint8Array {
  const a = left.sums.length;
  if (right.sums.length !== a) throw new RangeError('children have different asset counts');
  const record = 32 + 32 * a;
  const out = new Uint8Array(1 + 2 * record);
  out[0] = TAG_NODE;
  for (const [k, child] of [left, right].entries()) {
    const at = 1 + k * record;
    out.set(child.hash, at);
    child.sums.forEach((s, i) => writeUint256(s, out, at + 32 + 32 * i));
  }
  return out;
}

/** The parent of two nodes; throws RangeError when a sum would exceed 2^256 - 1. */
export function parentNode(left: SumNode, right: SumNode): SumNode {
  const sums = left.sums.map((s, i) => s + right.sums[i]!);
  if (sums.some((s) => s > UINT256_MAX)) throw new RangeError('sum exceeds uint256');
  return { hash: sha256(nodePreimage(left, right)), sums };
}

export function rootPreimage(assets: readonly AssetSpec[], leafCount: number, top: SumNode): Uint8Array {
  const parts: Uint8Array[] = [];
  const head = new Uint8Array(1 + DOMAIN.length + 4 + 1);
  head[0] = TAG_ROOT;
  head.set(encoder.encode(DOMAIN), 1);
  new DataView(head.buffer).setUint32(1 + DOMAIN.length, leafCount, false);
  head[head.length - 1] = assets.length;
  parts.push(head);
  for (const asset of assets) {
    const symbol = encoder.encode(asset.symbol);
    if (symbol.length < 1 || symbol.length > 255) throw new RangeError('asset symbol must be 1..255 bytes');
    parts.push(Uint8Array.of(symbol.length), symbol, Uint8Array.of(asset.decimals));
  }
  const sums = new Uint8Array(32 + 32 * top.sums.length);
  sums.set(top.hash, 0);
  top.sums.forEach((s, i) => writeUint256(s, sums, 32 + 32 * i));
  parts.push(sums);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function rootHash(assets: readonly AssetSpec[], leafCount: number, top: SumNode): Uint8Array {
  return sha256(rootPreimage(assets, leafCount, top));
}

export function toHex(bytes: Uint8Array): string {
  let s = '0x';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(hex: string, length: number): Uint8Array {
  const re = new RegExp(`^0x[0-9a-fA-F]{${length * 2}}$`);
  if (!re.test(hex)) throw new RangeError(`expected 0x and ${length * 2} hex digits`);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number.parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

const UINT_DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

/** Parses a base-unit decimal string (no sign, no leading zeros) within uint256; undefined otherwise. */
export function parseAmount(value: unknown): bigint | undefined {
  if (typeof value !== 'string' || !UINT_DECIMAL.test(value)) return undefined;
  const v = BigInt(value);
  return v <= UINT256_MAX ? v : undefined;
}

/** Formats base units with the asset's decimals ("1234500", 6 -> "1.2345"). */
export function formatUnits(value: bigint, decimals: number): string {
  const s = value.toString().padStart(decimals + 1, '0');
  if (decimals === 0) return s;
  const whole = s.slice(0, s.length - decimals);
  const frac = s.slice(s.length - decimals).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}
