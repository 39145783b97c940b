// Placeholder until the worker-thread builder lands: builds on this thread.
import type { SumTreeInput } from './sum-tree.ts';
import { hashLeafRange, hashLevel } from './sum-tree.ts';
import { treeDepth } from '../../clients/verify/src/spec.ts';

export async function buildLevelsThreaded(input: SumTreeInput, _threads: number): Promise<Uint8Array[]> {
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
  return levels;
}
