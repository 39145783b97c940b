import type { Proof, SumTree } from './sum-tree.ts';
import { buildSumTree } from './sum-tree.ts';
import type { LeafRow, SnapshotRow } from './store.ts';

/**
 * Trees kept in memory to answer proofs. A snapshot's tree is built once when it is uploaded
 * (and kept), or rebuilt once from its stored leaves — same salts, same shuffled positions, so
 * the same root — on the first proof request in a process that does not hold it. The
 * `capacity` most recently used trees stay; a proof request never rebuilds a cached tree.
 */
export class TreeCache {
  readonly #capacity: number;
  readonly #trees = new Map<string, Promise<SumTree>>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  put(snapshotId: string, tree: SumTree): void {
    this.#remember(snapshotId, Promise.resolve(tree));
  }

  #remember(snapshotId: string, p: Promise<SumTree>): void {
    this.#trees.delete(snapshotId);
    this.#trees.set(snapshotId, p);
    while (this.#trees.size > this.#capacity) this.#trees.delete(this.#trees.keys().next().value!);
  }

  /** The snapshot's tree, rebuilt from `loadLeaves` when not cached (concurrent callers share one build). */
  async get(snapshot: SnapshotRow, loadLeaves: () => Promise<LeafRow[]>): Promise<SumTree> {
    const hit = this.#trees.get(snapshot.id);
    if (hit) {
      this.#remember(snapshot.id, hit);
      return hit;
    }
    const p = (async () => {
      const leaves = await loadLeaves();
      return buildSumTree({
        assets: snapshot.assets,
        leaves: leaves.map((l) => ({ userId: l.user_id, salt: l.salt, balances: l.balances.map(BigInt) })),
      });
    })();
    this.#remember(snapshot.id, p);
    p.catch(() => this.#trees.get(snapshot.id) === p && this.#trees.delete(snapshot.id));
    return p;
  }
}

export type { Proof, SumTree };
