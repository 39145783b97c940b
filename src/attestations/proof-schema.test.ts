// The JSON Schema of the proof format (clients/verify/proof.schema.json) against generated proofs,
// with a real JSON Schema validator (Ajv, draft 2020-12).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
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

describe('proof.schema.json', () => {
  it('accepts generated proofs', () => {
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    const noAttestation = JSON.parse(JSON.stringify(tree.proofFor('user_5', { snapshotId: 'lsn_1' })));
    expect(validate(noAttestation), JSON.stringify(validate.errors)).toBe(true);
  });

  const bad: [string, (p: any) => void][] = [
    ['a negative balance', (p) => (p.leaf.balances[0] = '-1')],
    ['a number instead of a decimal string', (p) => (p.root.sums[0] = 5)],
    ['a leading zero', (p) => (p.path[0].sums[0] = '01')],
    ['a short hash', (p) => (p.path[0].hash = '0x12')],
    ['a bad side', (p) => (p.path[0].side = 'up')],
    ['another version', (p) => (p.version = 2)],
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
