import { sha256 } from '@noble/hashes/sha2';
import { describe, expect, it } from 'vitest';
import { decodePath, encodePath, type Proof, type SumNode, UINT256_MAX } from '../../clients/verify/src/spec.ts';
import { verifyProof } from '../../clients/verify/src/verify.ts';
import { buildSumTreeSync, type SumTreeLeaf, SumTreeInputError, shuffleLeaves } from './sum-tree.ts';

const assets = [
  { symbol: 'USDC', decimals: 6 },
  { symbol: 'EURC', decimals: 6 },
  { symbol: 'ETH', decimals: 18 },
];

/** Deterministic bytes from a seed (sha256 in counter mode): reproducible "random" salts and draws. */
function seededBytes(seed: number) {
  let counter = 0;
  return (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 32) {
      const block = sha256(new TextEncoder().encode(`${seed}:${counter++}`));
      out.set(block.subarray(0, Math.min(32, n - at)), at);
    }
    return out;
  };
}

function users(count: number, seed = 1): SumTreeLeaf[] {
  const bytes = seededBytes(seed);
  return Array.from({ length: count }, (_, i) => ({
    userId: `user_${i}`,
    salt: bytes(32),
    balances: [BigInt(i * 1_000_000 + 1), BigInt(i % 3), 10n ** 18n * BigInt(i % 5)],
  }));
}

const proofOf = (leaves: SumTreeLeaf[], userId: string): Proof =>
  buildSumTreeSync({ assets, leaves }).proofFor(userId, { snapshotId: 'lsn_test' });
const clone = (p: Proof): Proof => structuredClone(p);
/** Rewrites a proof's path through its decoded siblings (tampering as a dishonest server would). */
function editPath(p: Proof, edit: (siblings: SumNode[]) => void): Proof {
  const siblings = decodePath(p.path, p.assets.length, pathDepth(p));
  edit(siblings);
  return { ...clone(p), path: encodePath(siblings) };
}
const pathDepth = (p: Proof) => Math.max(1, Math.ceil(Math.log2(p.leafCount)));

describe('sum tree: honest proofs', () => {
  it('every user of trees of 1..33 users verifies, totals equal the root sums', () => {
    for (let n = 1; n <= 33; n++) {
      const leaves = users(n, n);
      const tree = buildSumTreeSync({ assets, leaves });
      const expected = assets.map((_, i) => leaves.reduce((s, l) => s + l.balances[i]!, 0n));
      expect(tree.root.sums).toEqual(expected);
      for (const leaf of leaves) {
        const r = verifyProof(tree.proofFor(leaf.userId, { snapshotId: 'lsn_test' }));
        expect(r.reasons).toEqual([]);
        expect(r.totals.map((t) => BigInt(t.total))).toEqual(expected);
        expect(r.totals.map((t) => BigInt(t.balance))).toEqual(leaf.balances);
      }
    }
  });

  it('property: random trees (seeded) — every proof verifies and totals add up', () => {
    const seed = Number(process.env.SUMTREE_SEED ?? Date.now() % 1_000_000);
    console.log(`sum tree property test seed ${seed} (rerun with SUMTREE_SEED=${seed})`);
    const draw = seededBytes(seed);
    const int = (max: number) => new DataView(draw(4).buffer).getUint32(0) % max;
    for (let round = 0; round < 20; round++) {
      const n = 1 + int(300);
      const a = 1 + int(4);
      const treeAssets = Array.from({ length: a }, (_, i) => ({ symbol: `A${i}`, decimals: int(19) }));
      const leaves = Array.from({ length: n }, (_, i) => ({
        userId: `u${round}_${i}`,
        salt: draw(32),
        balances: Array.from({ length: a }, () => {
          const kind = int(4);
          return kind === 0
            ? 0n
            : kind === 1
              ? BigInt(int(1000))
              : BigInt(`0x${Buffer.from(draw(int(20) + 1)).toString('hex')}`);
        }),
      }));
      const shuffled = shuffleLeaves(leaves, draw);
      const tree = buildSumTreeSync({ assets: treeAssets, leaves: shuffled });
      const expected = treeAssets.map((_, i) => leaves.reduce((s, l) => s + l.balances[i]!, 0n));
      expect(tree.root.sums, `seed ${seed} round ${round}`).toEqual(expected);
      for (const leaf of leaves) {
        const r = verifyProof(tree.proofFor(leaf.userId, { snapshotId: 's' }));
        expect(r.ok, `seed ${seed} round ${round} ${leaf.userId}: ${r.reasons.join('; ')}`).toBe(true);
        expect(r.totals.map((t) => BigInt(t.total))).toEqual(expected);
      }
    }
  });

  it('the proof carries the snapshot and attestation ids, and the root hash binds the tree', () => {
    const leaves = users(5);
    const tree = buildSumTreeSync({ assets, leaves });
    const p = tree.proofFor('user_3', { snapshotId: 'lsn_1', attestationId: 'att_1' });
    expect(p).toMatchObject({ version: 2, snapshotId: 'lsn_1', attestationId: 'att_1', leafCount: 5 });
    expect(decodePath(p.path, 3, 3)).toHaveLength(3);
    expect(p.root.hash).toBe(tree.root.hash);
    expect(tree.positionOf('user_3')).toBe(3);
  });
});

describe('sum tree: tampering is detected', () => {
  const leaves = users(10);
  const honest = proofOf(leaves, 'user_4');

  it('a removed user: the old proof does not verify against the rebuilt root', () => {
    const without = leaves.filter((l) => l.userId !== 'user_4');
    const rebuilt = buildSumTreeSync({ assets, leaves: without });
    const stale = clone(honest);
    stale.root = { hash: rebuilt.root.hash, sums: rebuilt.root.sums.map(String) };
    const r = verifyProof(stale);
    expect(r.ok).toBe(false);
    expect(r.reasons.join(' ')).toMatch(/recomputed root/);
    expect(() => rebuilt.proofFor('user_4', { snapshotId: 's' })).toThrow(/user_4 is not in this tree/);
  });

  it('a lowered balance', () => {
    const p = clone(honest);
    p.leaf.balances[0] = String(BigInt(p.leaf.balances[0]!) - 1n);
    expect(verifyProof(p).ok).toBe(false);
    expect(verifyProof(p).reasons.join(' ')).toMatch(/recomputed root/);
  });

  it('a negative balance smuggled in: in the leaf, in the root, as a derived top sum, or by uint256 wrap-around', () => {
    const leaf = clone(honest);
    leaf.leaf.balances[1] = '-1';
    expect(verifyProof(leaf).reasons.join(' ')).toMatch(/leaf\.balances\[1\] is not a non-negative/);
    const root = clone(honest);
    root.root.sums[1] = '-3';
    expect(verifyProof(root).reasons.join(' ')).toMatch(/root\.sums\[1\] is not a non-negative/);

    // The path's sums are unsigned bytes: a negative value cannot be written. The top sibling's
    // sums are derived (root - node): a root sum lowered below the path's sum would make one negative.
    const lowRoot = clone(honest);
    lowRoot.root.sums[0] = '0';
    expect(verifyProof(lowRoot).reasons.join(' ')).toMatch(/root\.sums\[0\] is below the sum of the path/);

    // A sibling "sum" of 2^256 - x would act as -x in modular arithmetic: rejected as an overflow.
    const wrap = editPath(honest, (s) => (s[0]!.sums[0] = UINT256_MAX - 5n));
    expect(verifyProof(wrap).reasons.join(' ')).toMatch(/exceeds 2\^256 - 1/);

    // A sum written with a leading zero byte (a second encoding of the same value) is refused.
    const bytes = Buffer.from(honest.path, 'base64url');
    const lengths = bytes[32]!;
    const padded = Buffer.concat([bytes.subarray(0, 32), Buffer.of(lengths + 0x10, bytes[33]!, 0), bytes.subarray(34)]);
    expect(verifyProof({ ...clone(honest), path: padded.toString('base64url') }).reasons.join(' ')).toMatch(
      /path step 0, sum 0: leading zero byte/,
    );

    // And the builder refuses a negative balance, naming the user.
    const bad = users(3);
    bad[1]!.balances[2] = -1n;
    expect(() => buildSumTreeSync({ assets, leaves: bad })).toThrow(
      /user user_1: balance of ETH must be a non-negative/,
    );
  });

  it('a proof for another root (another snapshot of the same users)', () => {
    const other = buildSumTreeSync({ assets, leaves: users(10, 99) });
    const p = clone(honest);
    p.root = { hash: other.root.hash, sums: other.root.sums.map(String) };
    expect(verifyProof(p).ok).toBe(false);
  });

  it('the same tree under another asset list or leaf count does not verify', () => {
    const renamed = clone(honest);
    renamed.assets[0]!.symbol = 'USDT';
    expect(verifyProof(renamed).reasons.join(' ')).toMatch(/recomputed root/);
    const count = clone(honest);
    count.leafCount = 9;
    expect(verifyProof(count).ok).toBe(false);
  });

  it('a swapped sibling (position changed, or two levels exchanged)', () => {
    const flipped = clone(honest);
    flipped.leaf.position ^= 1;
    expect(verifyProof(flipped).ok).toBe(false);
    const exchanged = editPath(honest, (s) => ([s[0], s[1]] = [s[1]!, s[0]!]));
    expect(verifyProof(exchanged).ok).toBe(false);
    const outside = clone(honest);
    outside.leaf.position = outside.leafCount;
    expect(verifyProof(outside).reasons.join(' ')).toMatch(/leaf\.position must be an integer/);
  });

  it('modified sums: a sibling sum, or root sums that do not match the path', () => {
    const sibling = editPath(honest, (s) => (s[2]!.sums[2]! += 1n));
    expect(verifyProof(sibling).ok).toBe(false);
    expect(verifyProof(sibling).reasons.join(' ')).toMatch(/recomputed root/);
    const root = clone(honest);
    root.root.sums[0] = String(BigInt(root.root.sums[0]!) + 1n);
    expect(verifyProof(root).reasons.join(' ')).toMatch(/recomputed root/);
  });

  it('a path leading to a padding position, a wrong length path, a bad salt', () => {
    const small = buildSumTreeSync({ assets, leaves: users(5) });
    const p = small.proofFor('user_4', { snapshotId: 's' }); // position 4 of 8; 5..7 are padding
    const r = verifyProof(p);
    expect(r.ok).toBe(true);
    const shortPath = editPath(p, (s) => s.splice(1, 1));
    expect(verifyProof(shortPath).reasons.join(' ')).toMatch(/needs 3/);
    const longPath = clone(p);
    longPath.path += 'AAAA';
    expect(verifyProof(longPath).reasons.join(' ')).toMatch(/bytes past its 3 steps/);
    const notBase64 = clone(p);
    notBase64.path = `${p.path.slice(0, -2)}+/`;
    expect(verifyProof(notBase64).reasons.join(' ')).toMatch(/not base64url/);
    const salt = clone(p);
    salt.leaf.salt = '0x1234';
    expect(verifyProof(salt).reasons.join(' ')).toMatch(/salt/);
  });

  it('an honest proof verifies (the tampering above starts from a good proof)', () => {
    expect(verifyProof(honest)).toMatchObject({ ok: true, reasons: [] });
  });
});

describe('sum tree: input checks name the user', () => {
  it('rejects wrong length, duplicate users, bad salts', () => {
    const wrong = users(3);
    wrong[2]!.balances.pop();
    expect(() => buildSumTreeSync({ assets, leaves: wrong })).toThrow(/user user_2: 2 balances for 3 assets/);
    const dup = users(3);
    dup[2]!.userId = 'user_0';
    expect(() => buildSumTreeSync({ assets, leaves: dup })).toThrow(/user user_0 appears twice/);
    const salt = users(2);
    salt[1]!.salt = new Uint8Array(31);
    const error = (() => {
      try {
        buildSumTreeSync({ assets, leaves: salt });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SumTreeInputError);
    expect((error as SumTreeInputError).userId).toBe('user_1');
  });
});

describe('shuffleLeaves', () => {
  it('is a permutation, and uniform enough over 3 elements', () => {
    const draw = seededBytes(7);
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const key = shuffleLeaves(['a', 'b', 'c'], draw).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(c).toBeGreaterThan(850);
    const big = Array.from({ length: 1000 }, (_, i) => i);
    expect([...shuffleLeaves(big, draw)].sort((x, y) => x - y)).toEqual(big);
  });
});
