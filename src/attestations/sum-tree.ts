// Builds the Merkle sum tree of a liabilities snapshot (encodings: clients/verify/src/spec.ts).
//
// The tree is kept as one flat buffer per level; a node is a record of its hash (32 bytes) and its
// sums (32 bytes big-endian per asset). Siblings are adjacent, so a parent's preimage is the tag
// byte followed by the two children's records as they lie in memory, hashed where it lies (no
// copy), and a leaf's preimage is its record with the leaf tag written just before it for the call.
// Hashing uses node:crypto's one-shot hash() (the same SHA-256 the verifier computes with
// @noble/hashes), asking for a 'binary' (latin1) string rather than a Buffer: the per-call cost dominates
// (3 hashes per user), and a Buffer result costs an ArrayBuffer allocation each time, about twice
// the time of the hash itself on short inputs (bench/por.ts). Sums are added 32 bits at a time, no
// bigint per node. 2^20 users x 3 assets take about 2 x 2^20 x 128 bytes = 256 MiB.
import { hash as nodeHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import {
  type AssetSpec,
  encodePath,
  PROOF_VERSION,
  type Proof,
  readUint256,
  rootPreimage,
  type SumNode,
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
  /** The user's inclusion proof (version 2, clients/verify/proof.schema.json); throws for an unknown user. */
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

/** Writes sha256(data) into out at offset (through a latin1 string, see the header). */
function hashInto(data: Uint8Array, out: Buffer, offset: number): void {
  out.write(nodeHash('sha256', data, 'binary'), offset, 32, 'binary');
}

const TWO_POW_64 = 1n << 64n;

/** Writes v (0 <= v < 2^256) big-endian into 32 bytes at offset (buffer pre-zeroed). */
function writeAmount(view: DataView, offset: number, v: bigint): void {
  if (v < TWO_POW_64) {
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
 * Level layout: records in pairs, each pair preceded by the node tag, so a parent's preimage
 * (0x01 || left record || right record) is one contiguous slice: `stride` = 1 + 2 * record.
 */
export function layout(assetCount: number) {
  const record = 32 + 32 * assetCount;
  const stride = 1 + 2 * record;
  return {
    record,
    stride,
    /** Byte offset of record j of a level. */
    offset: (j: number) => (j >> 1) * stride + 1 + (j & 1) * record,
    /** Bytes of a level holding `count` records. */
    size: (count: number) => Math.ceil(count / 2) * stride,
  };
}

/** Writes each user's balances into the sums of its level-0 record and its salt into `salts`. */
export function placeBalances(
  leaves: readonly SumTreeLeaf[],
  assetCount: number,
  level0: Buffer,
  salts: Uint8Array | null,
  from = 0,
  to = leaves.length,
): void {
  const { offset } = layout(assetCount);
  const view = new DataView(level0.buffer, level0.byteOffset, level0.byteLength);
  for (let p = from; p < Math.min(to, leaves.length); p++) {
    const leaf = leaves[p]!;
    const at = offset(p) + 32;
    for (let i = 0; i < assetCount; i++) writeAmount(view, at + 32 * i, leaf.balances[i]!);
    if (salts) salts.set(leaf.salt, 32 * p);
  }
}

/** Copies the salts of leaf positions [from, to) into `salts` (32 bytes each). */
export function placeSalts(leaves: readonly SumTreeLeaf[], salts: Uint8Array, from = 0, to = leaves.length): void {
  for (let p = from; p < Math.min(to, leaves.length); p++) salts.set(leaves[p]!.salt, 32 * p);
}

/**
 * Hashes leaf positions [from, to) of level 0 (balances already placed); positions at or past
 * `ids.length` are padding. Also writes the node tag before each pair. The leaf preimage
 * (0x00 || userHash || sums) is hashed in place: userHash goes into the record's hash field and the
 * byte before the record (the pair's node tag, or the last byte of the left record's sums, within
 * the same pair and so the same slice of a threaded build) is set to 0x00 for the call, then restored.
 */
export function hashLeaves(
  level0: Buffer,
  assetCount: number,
  from: number,
  to: number,
  ids: readonly string[],
  salts: Uint8Array,
): void {
  hashUserIds(level0, assetCount, from, to, ids, salts);
  hashLeafRecords(level0, assetCount, from, to, ids.length);
}

/**
 * First half of {@link hashLeaves}: writes each user's userHash (salt and id, no balances) into
 * its record's hash field. It reads no balance, so a threaded build runs it while the balances are
 * still being written (disjoint bytes of the same records).
 */
export function hashUserIds(
  level0: Buffer,
  assetCount: number,
  from: number,
  to: number,
  ids: readonly string[],
  salts: Uint8Array,
): void {
  const { offset } = layout(assetCount);
  const saltBuf = Buffer.from(salts.buffer, salts.byteOffset, salts.byteLength);
  let idBuf = Buffer.alloc(1024);
  for (let p = from; p < Math.min(to, ids.length); p++) {
    const id = ids[p]!;
    if (idBuf.length < 32 + 3 * id.length) idBuf = Buffer.alloc(64 + 3 * id.length);
    saltBuf.copy(idBuf, 0, 32 * p, 32 * p + 32);
    const n = idBuf.write(id, 32, 'utf8');
    hashInto(idBuf.subarray(0, 32 + n), level0, offset(p));
  }
}

/**
 * Second half of {@link hashLeaves}, once the balances are in place: each leaf's hash over its
 * userHash and sums (in place), padding leaves from `userCount` on, and the pairs' node tags.
 */
export function hashLeafRecords(level0: Buffer, assetCount: number, from: number, to: number, userCount: number): void {
  const { offset, record } = layout(assetCount);
  const pad = Buffer.alloc(5);
  pad[0] = TAG_PADDING;
  for (let p = from; p < to; p++) {
    const at = offset(p);
    if ((p & 1) === 0) level0[at - 1] = TAG_NODE;
    if (p >= userCount) {
      pad.writeUInt32BE(p, 1);
      hashInto(pad, level0, at);
      continue;
    }
    const before = level0[at - 1]!;
    level0[at - 1] = TAG_LEAF;
    hashInto(level0.subarray(at - 1, at + record), level0, at);
    level0[at - 1] = before;
  }
}

/**
 * Computes records [from, to) of the level above `below`: record j hashes pair j of `below` and
 * adds its sums. Throws when a sum overflows uint256.
 */
export function hashLevel(below: Buffer, assetCount: number, out: Buffer, from: number, to: number): void {
  const { offset, stride, record } = layout(assetCount);
  const inView = new DataView(below.buffer, below.byteOffset, below.byteLength);
  const outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let j = from; j < to; j++) {
    const pairAt = j * stride;
    const at = offset(j);
    if ((j & 1) === 0) out[at - 1] = TAG_NODE;
    hashInto(below.subarray(pairAt, pairAt + stride), out, at);
    for (let i = 0; i < assetCount; i++) {
      // 32-byte big-endian addition, 32 bits at a time from the low end.
      let carry = 0;
      const l = pairAt + 1 + 32 + 32 * i;
      const r = l + record;
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

/** A version 2 proof from its parts (what proofFor returns; exported for the format's size test). */
export function proofJson(parts: {
  assets: readonly AssetSpec[];
  leafCount: number;
  leaf: SumTreeLeaf;
  position: number;
  siblings: readonly SumNode[];
  root: { hash: string; sums: readonly bigint[] };
  meta: ProofMeta;
}): Proof {
  const { assets, leaf, root, meta } = parts;
  return {
    version: PROOF_VERSION,
    snapshotId: meta.snapshotId,
    ...(meta.attestationId ? { attestationId: meta.attestationId } : {}),
    assets: assets.map((x) => ({ symbol: x.symbol, decimals: x.decimals })),
    leafCount: parts.leafCount,
    leaf: {
      userId: leaf.userId,
      salt: toHex(leaf.salt),
      balances: leaf.balances.map(String),
      position: parts.position,
    },
    path: encodePath(parts.siblings),
    root: { hash: root.hash, sums: root.sums.map(String) },
  };
}

function finish(input: SumTreeInput, levels: Buffer[], positions: Map<string, number>): SumTree {
  const { assets, leaves } = input;
  const a = assets.length;
  const { offset } = layout(a);
  const depth = levels.length - 1;
  const readNode = (level: Buffer, index: number) => {
    const at = offset(index);
    const sums: bigint[] = [];
    for (let i = 0; i < a; i++) sums.push(readUint256(level, at + 32 + 32 * i));
    return { hash: level.subarray(at, at + 32), sums };
  };
  const topNode = readNode(levels[depth]!, 0);
  const root = {
    hash: toHex(sha256(rootPreimage(assets, leaves.length, topNode))) as `0x${string}`,
    sums: topNode.sums,
  };
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
      const siblings = [];
      for (let level = 0; level < depth; level++) siblings.push(readNode(levels[level]!, (position >> level) ^ 1));
      return proofJson({ assets, leafCount: leaves.length, leaf, position, siblings, root, meta });
    },
  };
}

/** Positions of the users by id; throws on a user listed twice. */
export function indexLeaves(leaves: readonly SumTreeLeaf[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (let p = 0; p < leaves.length; p++) {
    const id = leaves[p]!.userId;
    if (positions.has(id)) throw new SumTreeInputError(`user ${id} appears twice`, id);
    positions.set(id, p);
  }
  return positions;
}

/** Allocates the levels of a tree over `userCount` users (shared memory when `shared`). */
export function allocateLevels(userCount: number, assetCount: number, shared: boolean): Buffer[] {
  const { size } = layout(assetCount);
  const depth = treeDepth(userCount);
  const levels: Buffer[] = [];
  for (let level = 0; level <= depth; level++) {
    const bytes = size(2 ** (depth - level));
    levels.push(shared ? Buffer.from(new SharedArrayBuffer(bytes)) : Buffer.alloc(bytes));
  }
  return levels;
}

/** Builds the tree on this thread. */
export function buildSumTreeSync(input: SumTreeInput): SumTree {
  checkInput(input);
  const positions = indexLeaves(input.leaves);
  const a = input.assets.length;
  const levels = allocateLevels(input.leaves.length, a, false);
  const depth = levels.length - 1;
  const salts = new Uint8Array(32 * input.leaves.length);
  placeBalances(input.leaves, a, levels[0]!, salts);
  const ids = input.leaves.map((l) => l.userId);
  hashLeaves(levels[0]!, a, 0, 2 ** depth, ids, salts);
  for (let level = 1; level <= depth; level++)
    hashLevel(levels[level - 1]!, a, levels[level]!, 0, 2 ** (depth - level));
  return finish(input, levels, positions);
}

/** Builds the tree; with `threads` > 1 the leaves and lower levels are hashed on worker threads. */
export async function buildSumTree(input: SumTreeInput, options: SumTreeOptions = {}): Promise<SumTree> {
  const threads = options.threads ?? 1;
  if (threads <= 1 || input.leaves.length < 4096) return buildSumTreeSync(input);
  checkInput(input);
  const { buildLevelsThreaded } = await import('./sum-tree-threads.ts');
  // The users are indexed (and checked for duplicates) on this thread while the workers hash.
  const [levels, positions] = await buildLevelsThreaded(input, threads, () => indexLeaves(input.leaves));
  return finish(input, levels, positions);
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
