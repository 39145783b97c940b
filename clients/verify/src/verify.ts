// Verifies an inclusion proof (spec.ts; format version 2, or version 1) without trusting whoever
// produced it.
import {
  type AssetSpec,
  decodePath,
  fromHex,
  leafNode,
  MAX_ASSETS,
  parentNode,
  parseAmount,
  rootHash,
  type SumNode,
  toHex,
  treeDepth,
} from './spec.ts';

export interface AssetTotal {
  asset: string;
  decimals: number;
  /** The user's own balance in base units. */
  balance: string;
  /** The total liabilities for the asset carried by the root, in base units. */
  total: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Why the proof does not verify (empty when ok). */
  reasons: string[];
  /** Per asset: the user's balance and the root's total (empty when the proof cannot be read). */
  totals: AssetTotal[];
  /** The leaf's position among the leaves (0-based), when the path can be read. */
  position?: number;
  /** The root hash the proof recomputes to, when it can be recomputed. */
  computedRoot?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields outside the format (proof.schema.json allows none) are refused, not ignored. */
function unknownKeys(
  v: Record<string, unknown>,
  allowed: readonly string[],
  where: string,
  reasons: string[],
): boolean {
  const extra = Object.keys(v).filter((k) => !allowed.includes(k));
  if (extra.length > 0) reasons.push(`${where} has fields outside the proof format: ${extra.join(', ')}`);
  return extra.length > 0;
}

function readAssets(v: unknown, reasons: string[]): AssetSpec[] | undefined {
  if (!Array.isArray(v) || v.length < 1 || v.length > MAX_ASSETS) {
    reasons.push(`assets must be a list of 1..${MAX_ASSETS} assets`);
    return undefined;
  }
  const seen = new Set<string>();
  const assets: AssetSpec[] = [];
  for (const [i, a] of v.entries()) {
    if (!isRecord(a) || typeof a.symbol !== 'string' || a.symbol.length < 1 || a.symbol.length > 64) {
      reasons.push(`assets[${i}].symbol must be a non-empty string`);
      return undefined;
    }
    if (unknownKeys(a, ['symbol', 'decimals'], `assets[${i}]`, reasons)) return undefined;
    if (typeof a.decimals !== 'number' || !Number.isInteger(a.decimals) || a.decimals < 0 || a.decimals > 77) {
      reasons.push(`assets[${i}].decimals must be an integer 0..77`);
      return undefined;
    }
    if (seen.has(a.symbol)) {
      reasons.push(`asset ${a.symbol} is listed twice`);
      return undefined;
    }
    seen.add(a.symbol);
    assets.push({ symbol: a.symbol, decimals: a.decimals });
  }
  return assets;
}

function readSums(v: unknown, count: number, where: string, reasons: string[]): bigint[] | undefined {
  if (!Array.isArray(v) || v.length !== count) {
    reasons.push(`${where} must list ${count} amounts (one per asset)`);
    return undefined;
  }
  const out: bigint[] = [];
  for (const [i, s] of v.entries()) {
    const amount = parseAmount(s);
    if (amount === undefined) {
      reasons.push(`${where}[${i}] is not a non-negative base-unit integer below 2^256: ${JSON.stringify(s)}`);
      return undefined;
    }
    out.push(amount);
  }
  return out;
}

/** A sibling on the path and whether it is on the left. */
type Step = { sibling: SumNode; left: boolean };

/** Version 1 path: a JSON list of {side, hash, sums}. */
function readStepsV1(path: unknown, a: number, depth: number, reasons: string[]): Step[] | undefined {
  if (!Array.isArray(path)) return (reasons.push('path must be a list'), undefined);
  if (path.length !== depth) {
    reasons.push(`path has ${path.length} steps; a tree of this size needs ${depth}`);
    return undefined;
  }
  const steps: Step[] = [];
  for (const [level, step] of path.entries()) {
    if (!isRecord(step) || (step.side !== 'left' && step.side !== 'right') || typeof step.hash !== 'string') {
      return (reasons.push(`path[${level}] must have side (left|right), hash and sums`), undefined);
    }
    if (unknownKeys(step, ['side', 'hash', 'sums'], `path[${level}]`, reasons)) return undefined;
    let hash: Uint8Array;
    try {
      hash = fromHex(step.hash, 32);
    } catch {
      return (reasons.push(`path[${level}].hash must be 32 bytes of hex`), undefined);
    }
    const sums = readSums(step.sums, a, `path[${level}].sums`, reasons);
    if (!sums) return undefined;
    steps.push({ sibling: { hash, sums }, left: step.side === 'left' });
  }
  return steps;
}

/** Version 2 path: one base64url string of fixed-layout steps; sides are the bits of leaf.position. */
function readStepsV2(
  path: unknown,
  position: unknown,
  leafCount: number,
  a: number,
  depth: number,
  reasons: string[],
): Step[] | undefined {
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || position >= leafCount) {
    reasons.push(`leaf.position must be an integer 0..${leafCount - 1} (a user leaf, not padding)`);
    return undefined;
  }
  if (typeof path !== 'string') return (reasons.push('path must be a base64url string'), undefined);
  let siblings: SumNode[];
  try {
    siblings = decodePath(path, a, depth);
  } catch (e) {
    reasons.push(`path: ${(e as Error).message}`);
    return undefined;
  }
  return siblings.map((sibling, level) => ({ sibling, left: Math.floor(position / 2 ** level) % 2 === 1 }));
}

/**
 * Checks a proof: its shape, the leaf hash from the user id, salt and balances, every step of the
 * path (sums non-negative and adding up without overflow), the path length against the leaf count,
 * the position (a user leaf, not padding), and the root hash recomputed from the top node, the
 * leaf count and the asset list, and the root's sums.
 */
export function verifyProof(proof: unknown): VerifyResult {
  const reasons: string[] = [];
  const fail = (): VerifyResult => ({ ok: false, reasons, totals: [] });
  if (!isRecord(proof)) return (reasons.push('the proof is not a JSON object'), fail());
  const version = proof.version;
  if (version !== 1 && version !== 2) return (reasons.push(`unsupported proof version ${String(version)}`), fail());
  const top = ['version', 'snapshotId', 'attestationId', 'assets', 'leafCount', 'leaf', 'path', 'root'];
  if (unknownKeys(proof, top, 'the proof', reasons)) return fail();
  if (typeof proof.snapshotId !== 'string' || proof.snapshotId === '') reasons.push('snapshotId is missing');
  if ('attestationId' in proof && (typeof proof.attestationId !== 'string' || proof.attestationId === '')) {
    reasons.push('attestationId must be a non-empty string when present');
  }
  const assets = readAssets(proof.assets, reasons);
  if (!assets) return fail();
  const a = assets.length;
  const leafCount = proof.leafCount;
  let depth: number;
  try {
    depth = treeDepth(leafCount as number);
  } catch {
    return (reasons.push('leafCount must be a positive integer'), fail());
  }
  const leaf = proof.leaf;
  if (!isRecord(leaf) || typeof leaf.userId !== 'string' || typeof leaf.salt !== 'string') {
    return (reasons.push('leaf must have userId, salt and balances'), fail());
  }
  const leafKeys = version === 2 ? ['userId', 'salt', 'balances', 'position'] : ['userId', 'salt', 'balances'];
  if (unknownKeys(leaf, leafKeys, 'leaf', reasons)) return fail();
  let salt: Uint8Array;
  try {
    salt = fromHex(leaf.salt, 32);
  } catch {
    return (reasons.push('leaf.salt must be 32 bytes of hex (0x + 64 digits)'), fail());
  }
  const balances = readSums(leaf.balances, a, 'leaf.balances', reasons);
  if (!balances) return fail();
  const root = proof.root;
  if (!isRecord(root) || typeof root.hash !== 'string') return (reasons.push('root must have hash and sums'), fail());
  if (unknownKeys(root, ['hash', 'sums'], 'root', reasons)) return fail();
  if (!/^0x[0-9a-fA-F]{64}$/.test(root.hash)) return (reasons.push('root.hash must be 32 bytes of hex'), fail());
  const rootSums = readSums(root.sums, a, 'root.sums', reasons);
  if (!rootSums) return fail();
  const steps =
    version === 2
      ? readStepsV2(proof.path, leaf.position, leafCount as number, a, depth, reasons)
      : readStepsV1(proof.path, a, depth, reasons);
  if (!steps) return fail();

  let node: SumNode = leafNode(salt, leaf.userId, balances);
  let position = 0;
  for (const [level, { sibling, left }] of steps.entries()) {
    if (sibling.sums.length === 0) {
      // Version 2 leaves out the top sibling's sums: they are what the root's sums leave over.
      sibling.sums = rootSums.map((total, i) => total - node.sums[i]!);
      const negative = sibling.sums.findIndex((s) => s < 0n);
      if (negative >= 0) {
        reasons.push(
          `root.sums[${negative}] is below the sum of the path under it (the top sibling would hold a negative amount)`,
        );
        return fail();
      }
    }
    try {
      node = left ? parentNode(sibling, node) : parentNode(node, sibling);
    } catch {
      return (reasons.push(`path step ${level}: a sum exceeds 2^256 - 1`), fail());
    }
    if (left) position += 2 ** level;
  }
  if (position >= (leafCount as number)) {
    reasons.push(`the path leads to position ${position}, a padding position (leafCount ${leafCount})`);
  }
  const computed = toHex(rootHash(assets, leafCount as number, node));
  if (computed !== root.hash.toLowerCase()) {
    reasons.push(`the recomputed root ${computed} differs from the proof's root ${root.hash}`);
  }
  for (const [i, s] of node.sums.entries()) {
    if (s !== rootSums[i]) {
      reasons.push(`the path sums to ${s} ${assets[i]!.symbol} but the root states ${rootSums[i]}`);
    }
  }
  const totals = assets.map((asset, i) => ({
    asset: asset.symbol,
    decimals: asset.decimals,
    balance: balances[i]!.toString(),
    total: node.sums[i]!.toString(),
  }));
  return { ok: reasons.length === 0, reasons, totals, position, computedRoot: computed };
}
