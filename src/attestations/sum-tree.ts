// Builds the Merkle sum tree of a liabilities snapshot (encodings: clients/verify/src/spec.ts).
//
// The tree is kept as one flat buffer per level; a node is a record of its hash (32 bytes) and its
// sums (32 bytes big-endian per asset). Siblings are adjacent, so a parent's preimage is the tag
// byte followed by the two children's records as they lie in memory. Hashing uses node:crypto
// (the same SHA-256 the verifier computes with @noble/hashes). 2^20 users x 3 assets take about
// 2 x 2^20 x 128 bytes = 256 MiB.
import { hash as nodeHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import {
  type AssetSpec,
  PROOF_VERSION,
  type Proof,
  readUint256,
  rootPreimage,
  TAG_LEAF,
  TAG_NODE,
  TAG_PADDING,
  toHex,
  treeDepth,
  UINT256_MAX,
} from '../../clients/verify/src/spec.ts';

export type { AssetSpec, Proof } from '../../clients/verify/src/spec.ts';

export interface SumTreeLeaf {
  userId: string;
  /** 32 random bytes, fresh per user and snapshot (only that user receives it, in their proof). */
  salt: Uint8Array;
  /** Base units, one per asset in the order of `assets`; non-negative. */
  balances: bigint[];
}

export interface SumTreeInput {
  assets: AssetSpec[];
  /** Placed in this order: shuffle them first (shuffleLeaves) so positions say nothing. */
  leaves: SumTreeLeaf[];
}

export interface SumTreeOptions {
  /** Worker threads to hash with (1 = this thread only). Default 1. */
  threads?: number;
}

export interface ProofMeta {
  snapshotId: string;
  attestationId?: string;
}

export interface SumTree {
  assets: AssetSpec[];
  /** Number of user leaves (padding excluded). */
  leafCount: number;
  depth: number;
  root: { hash: `0x${string}`; sums: bigint[] };
  /** Position of the user's leaf, or undefined. */
  positionOf(userId: string): number | undefined;
  /** The user's inclusion proof (version 1, clients/verify/proof.schema.json); throws for an unknown user. */
  proofFor(userId: string, meta: ProofMeta): Proof;
}

export class SumTreeInputError extends Error {
  constructor(
    message: string,
    readonly userId?: string,
  ) {
    super(message);
    this.name = 'SumTreeInputError';
  }
}

const sha256 = (data: Uint8Array): Buffer => nodeHash('sha256', data, 'buffer') as unknown as Buffer;

/** Writes v (0 <= v < 2^256) big-endian into 32 bytes at offset (buffer pre-zeroed). */
function writeAmount(view: DataView, offset: number, v: bigint): void {
  if (v < 1n << 64n) {
    view.setBigUint64(offset + 24, v, false);
    return;
  }
  let rest = v;
  for (let i = 3; i >= 0; i--) {
    view.setBigUint64(offset + 8 * i, rest & 0xffff_ffff_ffff_ffffn, false);
    rest >>= 64n;
  }
}

function checkInput(input: SumTreeInput): void {
  const { assets, leaves } = input;
  if (assets.length < 1 || assets.length > 255) throw new SumTreeInputError('assets must list 1..255 assets');
  const symbols = new Set<string>();
  for (const a of assets) {
    if (symbols.has(a.symbol)) throw new SumTreeInputError(`asset ${a.symbol} is listed twice`);
    symbols.add(a.symbol);
    if (!Number.isInteger(a.decimals) || a.decimals < 0 || a.decimals > 77) {
      throw new SumTreeInputError(`asset ${a.symbol}: decimals must be an integer 0..77`);
    }
  }
  if (leaves.length < 1) throw new SumTreeInputError('a sum tree needs at least one user');
  if (leaves.length > 2 ** 32 - 1) throw new SumTreeInputError('too many users');
  for (const leaf of leaves) {
    if (leaf.balances.length !== assets.length) {
      throw new SumTreeInputError(
        `user ${leaf.userId}: ${leaf.balances.length} balances for ${assets.length} assets`,
        leaf.userId,
      );
    }
    for (const [i, b] of leaf.balances.entries()) {
      if (typeof b !== 'bigint' || b < 0n || b > UINT256_MAX) {
        throw new SumTreeInputError(
          `user ${leaf.userId}: balance of ${assets[i]!.symbol} must be a non-negative uint256, got ${String(b)}`,
          leaf.userId,
        );
      }
    }
    if (!(leaf.salt instanceof Uint8Array) || leaf.salt.length !== 32) {
      throw new SumTreeInputError(`user ${leaf.userId}: salt must be 32 bytes`, leaf.userId);
    }
  }
}

/**
 * Hashes leaves [from, to) of `leaves` into records at the start of `out`; positions at or past
 * leaves.length are padding. Exported for the worker.
 */
export function hashLeafRange(
  leaves: readonly SumTreeLeaf[],
  assetCount: number,
  from: number,
  to: number,
  out: Uint8Array,
): void {
  const record = 32 + 32 * assetCount;
  const pre = new Uint8Array(33 + 32 * assetCount);
  const preView = new DataView(pre.buffer);
  const outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const pad = new Uint8Array(5);
  const padView = new DataView(pad.buffer);
  pad[0] = TAG_PADDING;
  const encoder = new TextEncoder();
  for (let p = from; p < to; p++) {
    const at = (p - from) * record;
    const leaf = leaves[p];
    if (!leaf) {
      padView.setUint32(1, p, false);
      out.set(sha256(pad), at);
      continue;
    }
    const id = encoder.encode(leaf.userId);
    const idPre = new Uint8Array(32 + id.length);
    idPre.set(leaf.salt, 0);
    idPre.set(id, 32);
    pre.fill(0);
    pre[0] = TAG_LEAF;
    pre.set(sha256(idPre), 1);
    for (let i = 0; i < assetCount; i++) {
      const b = leaf.balances[i]!;
      writeAmount(preView, 33 + 32 * i, b);
      writeAmount(outView, at + 32 + 32 * i, b);
    }
    out.set(sha256(pre), at);
  }
}

/** Hashes one level of records into the next (half as many). Throws when a sum overflows uint256. */
export function hashLevel(level: Uint8Array, assetCount: number, out: Uint8Array): void {
  const record = 32 + 32 * assetCount;
  const count = level.length / record / 2;
  const pre = new Uint8Array(1 + 2 * record);
  pre[0] = TAG_NODE;
  const inView = new DataView(level.buffer, level.byteOffset, level.byteLength);
  const outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let n = 0; n < count; n++) {
    const left = 2 * n * record;
    const right = left + record;
    const at = n * record;
    pre.set(level.subarray(left, left + 2 * record), 1);
    out.set(sha256(pre), at);
    for (let i = 0; i < assetCount; i++) {
      // 32-byte big-endian addition, 32 bits at a time from the low end.
      let carry = 0;
      const l = left + 32 + 32 * i;
      const r = right + 32 + 32 * i;
      const o = at + 32 + 32 * i;
      for (let w = 28; w >= 0; w -= 4) {
        const s = inView.getUint32(l + w, false) + inView.getUint32(r + w, false) + carry;
        outView.setUint32(o + w, s >>> 0, false);
        carry = s > 0xffff_ffff ? 1 : 0;
      }
      if (carry) throw new SumTreeInputError('a sum of balances exceeds 2^256 - 1');
    }
  }
}

function finish(input: SumTreeInput, levels: Uint8Array[]): SumTree {
  const { assets, leaves } = input;
  const a = assets.length;
  const record = 32 + 32 * a;
  const depth = levels.length - 1;
  const top = levels[depth]!;
  const readNode = (level: Uint8Array, index: number) => {
    const at = index * record;
    const sums: bigint[] = [];
    for (let i = 0; i < a; i++) sums.push(readUint256(level, at + 32 + 32 * i));
    return { hash: level.subarray(at, at + 32), sums };
  };
  const topNode = readNode(top, 0);
  const root = {
    hash: toHex(sha256(rootPreimage(assets, leaves.length, topNode))) as `0x${string}`,
    sums: topNode.sums,
  };
  const positions = new Map<string, number>();
  leaves.forEach((leaf, p) => positions.set(leaf.userId, p));
  return {
    assets: assets.map((x) => ({ ...x })),
    leafCount: leaves.length,
    depth,
    root,
    positionOf: (userId) => positions.get(userId),
    proofFor(userId, meta) {
      const position = positions.get(userId);
      if (position === undefined) throw new SumTreeInputError(`user ${userId} is not in this tree`, userId);
      const leaf = leaves[position]!;
      const path: Proof['path'] = [];
      let index = position;
      for (let level = 0; level < depth; level++) {
        const sibling = readNode(levels[level]!, index ^ 1);
        path.push({
          side: index & 1 ? 'left' : 'right',
          hash: toHex(sibling.hash),
          sums: sibling.sums.map(String),
        });
        index >>= 1;
      }
      return {
        version: PROOF_VERSION,
        snapshotId: meta.snapshotId,
        ...(meta.attestationId ? { attestationId: meta.attestationId } : {}),
        assets: assets.map((x) => ({ symbol: x.symbol, decimals: x.decimals })),
        leafCount: leaves.length,
        leaf: { userId: leaf.userId, salt: toHex(leaf.salt), balances: leaf.balances.map(String) },
        path,
        root: { hash: root.hash, sums: root.sums.map(String) },
      };
    },
  };
}

function checkUnique(leaves: readonly SumTreeLeaf[]): void {
  const seen = new Set<string>();
  for (const leaf of leaves) {
    if (seen.has(leaf.userId)) throw new SumTreeInputError(`user ${leaf.userId} appears twice`, leaf.userId);
    seen.add(leaf.userId);
  }
}

/** Builds the tree on this thread. */
export function buildSumTreeSync(input: SumTreeInput): SumTree {
  checkInput(input);
  checkUnique(input.leaves);
  const a = input.assets.length;
  const record = 32 + 32 * a;
  const depth = treeDepth(input.leaves.length);
  const width = 2 ** depth;
  const levels: Uint8Array[] = [new Uint8Array(width * record)];
  hashLeafRange(input.leaves, a, 0, width, levels[0]!);
  for (let level = 1; level <= depth; level++) {
    const next = new Uint8Array((width >> level) * record);
    hashLevel(levels[level - 1]!, a, next);
    levels.push(next);
  }
  return finish(input, levels);
}

/** Builds the tree; with `threads` > 1 the leaves and lower levels are hashed on worker threads. */
export async function buildSumTree(input: SumTreeInput, options: SumTreeOptions = {}): Promise<SumTree> {
  const threads = options.threads ?? 1;
  if (threads <= 1) return buildSumTreeSync(input);
  const { buildLevelsThreaded } = await import('./sum-tree-threads.ts');
  checkInput(input);
  checkUnique(input.leaves);
  const levels = await buildLevelsThreaded(input, threads);
  return finish(input, levels);
}

/**
 * A uniformly random permutation of `leaves` (Fisher–Yates with rejection sampling), from a
 * cryptographic source of bytes (default node:crypto randomBytes). Returns a new array.
 */
export function shuffleLeaves<T>(leaves: readonly T[], randomBytes: (n: number) => Uint8Array = nodeRandomBytes): T[] {
  const out = [...leaves];
  let pool: Uint32Array = new Uint32Array(0);
  let used = 0;
  const next = (): number => {
    if (used >= pool.length) {
      const bytes = randomBytes(4 * Math.min(65_536, Math.max(16, out.length)));
      pool = new Uint32Array(new Uint8Array(bytes.subarray(0, bytes.length & ~3)).buffer);
      used = 0;
      if (pool.length === 0) throw new Error('randomBytes returned no bytes');
    }
    return pool[used++]!;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const bound = i + 1;
    const limit = 2 ** 32 - (2 ** 32 % bound);
    let r = next();
    while (r >= limit) r = next();
    const j = r % bound;
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** 32 random bytes: a fresh salt. */
export const newSalt = (): Uint8Array => new Uint8Array(nodeRandomBytes(32));
