// A worker of buildSumTree (sum-tree-threads.ts): hashes one slice of leaves and the levels above
// it that lie within the slice, in the shared level buffers.
import { parentPort, workerData } from 'node:worker_threads';
import { hashLeaves, hashLevel } from './sum-tree.ts';
import type { SliceJob } from './sum-tree-threads.ts';

const job = workerData as SliceJob;
// Started early; the balances are in the shared leaf level once 'go' arrives.
parentPort!.once('message', () => {
  try {
    const levels = job.levels.map((b) => Buffer.from(b));
    // hashLeaves indexes ids by absolute position: pad the front with the slice's offset.
    const ids: string[] = new Array(job.from);
    for (const id of job.ids) ids.push(id);
    hashLeaves(levels[0]!, job.assetCount, job.from, job.to, ids, new Uint8Array(job.salts));
    for (let level = 1; level <= job.height; level++) {
      hashLevel(levels[level - 1]!, job.assetCount, levels[level]!, job.from >> level, job.to >> level);
    }
    parentPort!.postMessage({});
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
