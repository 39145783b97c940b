// The worker-thread build (real worker_threads) gives the same tree as the single-thread build.
import { describe, expect, it } from 'vitest';
import { verifyProof } from '../../clients/verify/src/verify.ts';
import { buildSumTree, buildSumTreeSync } from './sum-tree.ts';

describe('buildSumTree with threads', () => {
  it('matches the single-thread tree; proofs verify; overflow in a worker is reported', async () => {
    const assets = [
      { symbol: 'USDC', decimals: 6 },
      { symbol: 'ETH', decimals: 18 },
    ];
    const leaves = Array.from({ length: 5000 }, (_, i) => ({
      userId: `user_${i}`,
      salt: new Uint8Array(32).fill(i % 251),
      balances: [BigInt(i), 10n ** 18n * BigInt(i % 7)],
    }));
    const single = buildSumTreeSync({ assets, leaves });
    const threaded = await buildSumTree({ assets, leaves }, { threads: 2 });
    expect(threaded.root).toEqual(single.root);
    for (const u of ['user_0', 'user_2047', 'user_4999']) {
      expect(threaded.proofFor(u, { snapshotId: 's' })).toEqual(single.proofFor(u, { snapshotId: 's' }));
      expect(verifyProof(threaded.proofFor(u, { snapshotId: 's' })).ok).toBe(true);
    }
    const huge = leaves.map((l, i) => ({ ...l, balances: [i < 2 ? 1n << 255n : 0n, 0n] }));
    await expect(buildSumTree({ assets, leaves: huge }, { threads: 2 })).rejects.toThrow(/exceeds 2\^256 - 1/);
  });
});
