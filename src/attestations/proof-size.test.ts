// The size of a version 2 proof (clients/verify/src/spec.ts) for a tree of 2^20 users and 3 assets
// stays under 2 KB: a property of the format, so a test. The proof is built bottom-up over a
// virtual tree (each sibling a random hash carrying the sums of the 2^level users below it, at
// realistic averages), so it verifies without building 2^20 leaves.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodePath,
  encodePath,
  fromBase64Url,
  leafNode,
  parentNode,
  rootHash,
  type SumNode,
  toBase64Url,
  toHex,
  UINT256_MAX,
} from '../../clients/verify/src/spec.ts';
import { verifyProof } from '../../clients/verify/src/verify.ts';
import { proofJson } from './sum-tree.ts';

const assets = [
  { symbol: 'USDC', decimals: 6 },
  { symbol: 'EURC', decimals: 6 },
  { symbol: 'ETH', decimals: 18 },
];
/** Average balance per user, in base units: 5,000 USDC, 2,000 EURC, 2 ETH. */
const average = [5_000n * 10n ** 6n, 2_000n * 10n ** 6n, 2n * 10n ** 18n];

function virtualProof(depth: number, position: number) {
  const leaf = {
    userId: '3f9c2a7e-5b1d-4c8e-9a0f-6d2b8e4c1a37',
    salt: new Uint8Array(randomBytes(32)),
    balances: [12_345_670_000n, 987_650_000n, 1_234_567_890_123_456_789n],
  };
  let node: SumNode = leafNode(leaf.salt, leaf.userId, leaf.balances);
  const siblings: SumNode[] = [];
  for (let level = 0; level < depth; level++) {
    const sibling = { hash: new Uint8Array(randomBytes(32)), sums: average.map((x) => x * 2n ** BigInt(level)) };
    siblings.push(sibling);
    node = (position >> level) & 1 ? parentNode(sibling, node) : parentNode(node, sibling);
  }
  const leafCount = 2 ** depth;
  const root = { hash: toHex(rootHash(assets, leafCount, node)), sums: node.sums };
  const meta = { snapshotId: 'lsn_01jey3k9d2q8w5m7r4t6v0x1zb', attestationId: 'att_01jey3m2c7h5n9p3s6w8y0a4dd' };
  return proofJson({ assets, leafCount, leaf, position, siblings, root, meta });
}

describe('proof size (format version 2)', () => {
  it('a proof in a tree of 2^20 users with 3 assets is under 2 KB of minified JSON, and verifies', () => {
    const proof = virtualProof(20, 0b1010_0110_1100_1001_0111);
    expect(verifyProof(proof)).toMatchObject({ ok: true, reasons: [] });
    const bytes = Buffer.byteLength(JSON.stringify(proof));
    console.log(`proof of a 2^20-user, 3-asset tree: ${bytes} bytes of JSON, path ${proof.path.length} characters`);
    expect(bytes).toBeLessThan(2048);
  });
});

describe('path encoding (format version 2)', () => {
  it("base64url matches Node's for every length, and reads back", () => {
    for (let n = 0; n < 70; n++) {
      const bytes = new Uint8Array(randomBytes(n));
      const text = toBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(text)).toEqual(bytes);
    }
    expect(() => fromBase64Url('abc=')).toThrow(/not base64url/);
    expect(() => fromBase64Url('a')).toThrow(/not base64url/);
    expect(() => fromBase64Url('AB')).toThrow(/trailing bits/);
  });

  it('round-trips zero, small, 14-, 15- and 32-byte sums, for odd and even asset counts', () => {
    const values = [0n, 1n, 255n, 256n, (1n << 112n) - 1n, 1n << 112n, 1n << 119n, UINT256_MAX];
    for (const assetCount of [1, 2, 3, 4]) {
      const siblings: SumNode[] = values.map((v, k) => ({
        hash: new Uint8Array(randomBytes(32)),
        sums: Array.from({ length: assetCount }, (_, i) => ((i + k) % 2 === 0 ? v : values[(k + i) % values.length]!)),
      }));
      siblings.push({ hash: new Uint8Array(randomBytes(32)), sums: [] }); // the top: sums left out
      const decoded = decodePath(encodePath(siblings), assetCount, siblings.length);
      expect(decoded).toEqual(siblings);
    }
  });
});
