// Keel proof of liabilities: the byte encodings and hashes of the Merkle sum tree (construction
// keel-por-v1) and the inclusion proof's JSON format (version 2; version 1 is still read).
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
//
// Proof format version 2 (proof.schema.json) carries the same hashes as version 1 in less space:
// leaf.position (its bits, low first, say on which side each sibling is: bit k = 1 means the
// sibling at level k is on the left) and `path`, the siblings from the leaf level up as one
// base64url string (no padding) of fixed-layout bytes:
//
//   step = hash(32) || lengths || for each asset: [uint8(len) if len >= 15] || sum in len bytes
//   lengths = ceil(A/2) bytes of 4-bit nibbles, high nibble first, one per asset (a last unused
//          nibble is 0): the byte length of the sibling's sum, big-endian and minimal (zero is
//          length 0; a first byte 0x00 is refused), or 15 when it is 15..32 bytes, then given in
//          the byte before the sum. So each value has exactly one encoding.
//   the top step (level depth-1) is its hash alone: its sums are root.sums - the node's sums,
//   which the verifier computes and refuses when negative.
//
// The encoding only carries values: what the hashes commit to is unchanged (32-byte sums in the
// preimages above), it has no sign, and a wrong root sum changes the derived top sums and so the
// recomputed root hash.
import { sha256 } from '@noble/hashes/sha2';

export const PROOF_VERSION = 2 as const;
/** The hash construction's domain (unchanged by proof format 2: roots attested before stay valid). */
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

/** Version 1 path step: the sibling of the node on the path, and which side it is on. */
export interface ProofStep {
  side: 'left' | 'right';
  hash: string;
  sums: string[];
}

/**
 * Version 2 inclusion proof (clients/verify/proof.schema.json). Amounts are base-unit decimal
 * strings; `path` is the encoded siblings (encodePath).
 */
export interface Proof {
  version: 2;
  snapshotId: string;
  attestationId?: string;
  assets: AssetSpec[];
  leafCount: number;
  leaf: { userId: string; salt: string; balances: string[]; position: number };
  path: string;
  root: { hash: string; sums: string[] };
}

/** Version 1 inclusion proof (clients/verify/proof.v1.schema.json): the path as JSON objects. */
export interface ProofV1 {
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

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_INDEX = new Map([...B64URL].map((c, i) => [c, i]));

/** base64url without padding (RFC 4648 section 5). */
export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) s += B64URL[(n >> (18 - 6 * k)) & 63];
  }
  return s;
}

/** Reads base64url without padding; throws RangeError on any other character or a stray length. */
export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new RangeError('not base64url: bad length');
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (const c of text) {
    const v = B64URL_INDEX.get(c);
    if (v === undefined) throw new RangeError('not base64url: unexpected character');
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) throw new RangeError('not base64url: trailing bits');
  return out;
}

/** Bytes needed for a value big-endian (0 for zero). */
export function byteLength(value: bigint): number {
  if (value < 0n || value > UINT256_MAX) throw new RangeError('value out of uint256 range');
  let n = 0;
  for (let v = value; v > 0n; v >>= 8n) n++;
  return n;
}

/**
 * The `path` of a version 2 proof: the siblings from the leaf level up. The top sibling's sums are
 * left out (the verifier derives them from the root's sums), so `siblings[depth - 1].sums` is unused.
 */
export function encodePath(siblings: readonly SumNode[]): string {
  const parts: number[] = [];
  siblings.forEach((node, level) => {
    if (node.hash.length !== 32) throw new RangeError('a sibling hash must be 32 bytes');
    parts.push(...node.hash);
    if (level === siblings.length - 1) return;
    const lengths = node.sums.map(byteLength);
    for (let i = 0; i < lengths.length; i += 2) {
      parts.push((Math.min(lengths[i]!, 15) << 4) | Math.min(lengths[i + 1] ?? 0, 15));
    }
    node.sums.forEach((sum, i) => {
      const n = lengths[i]!;
      if (n >= 15) parts.push(n);
      for (let k = n - 1; k >= 0; k--) parts.push(Number((sum >> BigInt(8 * k)) & 0xffn));
    });
  });
  return toBase64Url(Uint8Array.from(parts));
}

/**
 * Decodes a version 2 `path` into `depth` siblings (the last with no sums: `sums` empty); throws
 * RangeError, saying where, when the text is not base64url, a length is out of range or not
 * minimal (each value has one encoding), or the bytes do not hold exactly `depth` steps.
 */
export function decodePath(text: string, assetCount: number, depth: number): SumNode[] {
  const bytes = fromBase64Url(text);
  const steps: SumNode[] = [];
  const where = (i: number) => `path step ${steps.length}, sum ${i}`;
  const need = (n: number) => {
    if (at + n > bytes.length) {
      throw new RangeError(`path ends inside step ${steps.length} (a tree of this size needs ${depth})`);
    }
  };
  let at = 0;
  while (steps.length < depth) {
    need(32);
    const hash = bytes.slice(at, at + 32);
    at += 32;
    const sums: bigint[] = [];
    if (steps.length < depth - 1) {
      const header = Math.ceil(assetCount / 2);
      need(header);
      const nibbles: number[] = [];
      for (let k = 0; k < header; k++) nibbles.push(bytes[at + k]! >> 4, bytes[at + k]! & 15);
      at += header;
      if (assetCount % 2 === 1 && nibbles[assetCount] !== 0) throw new RangeError(`${where(assetCount)}: not zero`);
      for (let i = 0; i < assetCount; i++) {
        let len = nibbles[i]!;
        if (len === 15) {
          need(1);
          len = bytes[at++]!;
          if (len < 15 || len > 32) throw new RangeError(`${where(i)}: length ${len} is not 15..32`);
        }
        need(len);
        if (len > 0 && bytes[at] === 0) throw new RangeError(`${where(i)}: leading zero byte`);
        let v = 0n;
        for (let k = 0; k < len; k++) v = (v << 8n) | BigInt(bytes[at + k]!);
        sums.push(v);
        at += len;
      }
    }
    steps.push({ hash, sums });
  }
  if (at !== bytes.length) throw new RangeError(`path has ${bytes.length - at} bytes past its ${depth} steps`);
  return steps;
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
