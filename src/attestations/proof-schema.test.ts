// The JSON Schema of the proof format (clients/verify/proof.schema.json) against generated proofs,
// with a real JSON Schema validator (Ajv, draft 2020-12).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { decodePath, fromHex, leafNode, parentNode, toHex } from '../../clients/verify/src/spec.ts';
import { verifyProof } from '../../clients/verify/src/verify.ts';
import { buildSumTreeSync } from './sum-tree.ts';

const schema = JSON.parse(readFileSync(new URL('../../clients/verify/proof.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

const tree = buildSumTreeSync({
  assets: [
    { symbol: 'USDC', decimals: 6 },
    { symbol: 'ETH', decimals: 18 },
  ],
  leaves: Array.from({ length: 6 }, (_, i) => ({
    userId: `user_${i}`,
    salt: new Uint8Array(32).fill(i + 1),
    balances: [BigInt(i) * 10n ** 6n, 10n ** 30n],
  })),
});
const good = JSON.parse(JSON.stringify(tree.proofFor('user_2', { snapshotId: 'lsn_1', attestationId: 'att_1' })));

describe('proof.schema.json (version 2)', () => {
  it('accepts generated proofs', () => {
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    const noAttestation = JSON.parse(JSON.stringify(tree.proofFor('user_5', { snapshotId: 'lsn_1' })));
    expect(validate(noAttestation), JSON.stringify(validate.errors)).toBe(true);
  });

  const bad: [string, (p: any) => void][] = [
    ['a negative balance', (p) => (p.leaf.balances[0] = '-1')],
    ['a number instead of a decimal string', (p) => (p.root.sums[0] = 5)],
    ['a leading zero', (p) => (p.root.sums[0] = '01')],
    ['a short root hash', (p) => (p.root.hash = '0x12')],
    ['a path that is not base64url', (p) => (p.path = `${p.path.slice(1)}=`)],
    ['a path as a list (version 1 shape)', (p) => (p.path = [])],
    ['a missing position', (p) => delete p.leaf.position],
    ['a negative position', (p) => (p.leaf.position = -1)],
    ['another version', (p) => (p.version = 3)],
    ['a missing root', (p) => delete p.root],
    ['an extra field', (p) => (p.leaf.extra = true)],
    ['no assets', (p) => (p.assets = [])],
    ['a zero leaf count', (p) => (p.leafCount = 0)],
  ];
  for (const [what, mutate] of bad) {
    it(`rejects ${what}, and so does verifyProof`, () => {
      const p = structuredClone(good);
      mutate(p);
      expect(validate(p)).toBe(false);
      expect(verifyProof(p).ok).toBe(false);
    });
  }
});

describe('proof.v1.schema.json', () => {
  it('still describes version 1 proofs, which verifyProof still reads', () => {
    const v1Schema = JSON.parse(
      readFileSync(new URL('../../clients/verify/proof.v1.schema.json', import.meta.url), 'utf8'),
    );
    const validateV1 = new Ajv2020({ allErrors: true, strict: true }).compile(v1Schema);
    const v2 = tree.proofFor('user_2', { snapshotId: 'lsn_1' });
    const siblings = decodePath(v2.path, 2, 3);
    let node = leafNode(fromHex(v2.leaf.salt, 32), v2.leaf.userId, v2.leaf.balances.map(BigInt));
    const path = siblings.map((sibling, level) => {
      const left = ((v2.leaf.position >> level) & 1) === 1;
      const sums = level === siblings.length - 1 ? tree.root.sums.map((t, i) => t - node.sums[i]!) : sibling.sums;
      node = left ? parentNode({ ...sibling, sums }, node) : parentNode(node, { ...sibling, sums });
      return { side: left ? 'left' : 'right', hash: toHex(sibling.hash), sums: sums.map(String) };
    });
    const { position: _, ...leaf } = v2.leaf;
    const v1 = { ...v2, version: 1, leaf, path };
    expect(validateV1(v1), JSON.stringify(validateV1.errors)).toBe(true);
    expect(verifyProof(v1)).toMatchObject({ ok: true, computedRoot: tree.root.hash });
  });
});
