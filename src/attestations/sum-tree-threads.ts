// The worker-thread path of buildSumTree: the levels live in shared memory; each worker hashes the
// leaves and lower levels of one contiguous power-of-two slice, this thread the few levels above.
// The workers are started first and wait for messages: they load their code while this thread
// copies the salts into shared memory, slice by slice ('ids': a worker hashes its user ids), then
// writes the balances ('sums': it hashes its leaves and levels), and this thread runs `meanwhile`
// (indexing the users) while they hash.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { treeDepth } from '../../clients/verify/src/spec.ts';
import { allocateLevels, hashLevel, placeBalances, placeSalts, type SumTreeInput } from './sum-tree.ts';

export interface SliceJob {
  levels: SharedArrayBuffer[];
  salts: SharedArrayBuffer;
  assetCount: number;
  /** Leaf positions [from, to) of this slice. */
  from: number;
  to: number;
  /** Levels to hash above the leaves within the slice. */
  height: number;
  /** User ids of the slice, in position order (fewer than to - from near the padding). */
  ids: string[];
}

const isSource = import.meta.url.endsWith('.ts');
const workerUrl = new URL(isSource ? './sum-tree-worker.ts' : './sum-tree-worker.js', import.meta.url);

// From sources (tsx), the worker registers tsx's loader before importing its TypeScript module, as
// bin/keel.js does; compiled (dist/), it runs the .js module directly.
function startWorker(job: SliceJob): Worker {
  if (!isSource) return new Worker(workerUrl, { workerData: job });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(boot, { eval: true, workerData: job });
}

export async function buildLevelsThreaded<T>(
  input: SumTreeInput,
  threads: number,
  meanwhile: () => T,
): Promise<[Buffer[], T]> {
  const a = input.assets.length;
  const n = input.leaves.length;
  const depth = treeDepth(n);
  const width = 2 ** depth;
  let slices = 1;
  while (slices * 2 <= Math.min(threads, availableParallelism() * 4) && slices * 2 <= width / 2) slices *= 2;
  const height = depth - Math.log2(slices);
  const levels = allocateLevels(n, a, true);
  const salts = new SharedArrayBuffer(32 * n);
  const sliceWidth = width / slices;
  const workers: Worker[] = [];
  const done = Promise.all(
    Array.from({ length: slices }, (_, s) => {
      const from = s * sliceWidth;
      const to = from + sliceWidth;
      const job: SliceJob = {
        levels: levels.map((l) => l.buffer as SharedArrayBuffer),
        salts,
        assetCount: a,
        from,
        to,
        height,
        ids: input.leaves.slice(from, Math.min(to, n)).map((l) => l.userId),
      };
      return new Promise<void>((resolve, reject) => {
        const worker = startWorker(job);
        workers.push(worker);
        worker.once('message', (m: { error?: string }) => (m.error ? reject(new Error(m.error)) : resolve()));
        worker.once('error', reject);
        worker.once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`sum tree worker exited with ${code}`)),
        );
      });
    }),
  );
  let result: T;
  try {
    // Salts first (workers hash the user ids meanwhile), then balances; each worker is told as
    // soon as its own slice is in place.
    const saltBytes = new Uint8Array(salts);
    workers.forEach((worker, s) => {
      placeSalts(input.leaves, saltBytes, s * sliceWidth, (s + 1) * sliceWidth);
      worker.postMessage('ids');
    });
    workers.forEach((worker, s) => {
      placeBalances(input.leaves, a, levels[0]!, null, s * sliceWidth, (s + 1) * sliceWidth);
      worker.postMessage('sums');
    });
    result = meanwhile();
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
  await done;
  for (let level = height + 1; level <= depth; level++) {
    hashLevel(levels[level - 1]!, a, levels[level]!, 0, 2 ** (depth - level));
  }
  return [levels, result];
}
