// A worker of buildSumTree (sum-tree-threads.ts): hashes one slice of leaves and the levels above
// it that lie within the slice, in the shared level buffers.
import { parentPort, workerData } from 'node:worker_threads';
import { hashLeafRecords, hashLevel, hashUserIds } from './sum-tree.ts';
import type { SliceJob } from './sum-tree-threads.ts';

const job = workerData as SliceJob;
// Started early. 'ids': the slice's salts are in place, hash the user ids; 'sums': its balances
// are in place too, hash the leaves and the levels above them within the slice.
let levels: Buffer[] | undefined;
parentPort!.on('message', (m: 'ids' | 'sums') => {
  try {
    levels ??= job.levels.map((b) => Buffer.from(b));
    if (m === 'ids') {
      // hashUserIds indexes ids by absolute position: pad the front with the slice's offset.
      const ids: string[] = new Array(job.from);
      for (const id of job.ids) ids.push(id);
      hashUserIds(levels[0]!, job.assetCount, job.from, job.to, ids, new Uint8Array(job.salts));
      return;
    }
    hashLeafRecords(levels[0]!, job.assetCount, job.from, job.to, job.from + job.ids.length);
    for (let level = 1; level <= job.height; level++) {
      hashLevel(levels[level - 1]!, job.assetCount, levels[level]!, job.from >> level, job.to >> level);
    }
    parentPort!.postMessage({});
    parentPort!.close();
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
    parentPort!.close();
  }
});
