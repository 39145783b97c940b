/**
 * Collects items submitted within `waitMs` (0: the same event-loop turn) into groups of at
 * most `maxSize` and hands each group to `run`. The transport uses it to send the parallel
 * reads viem issues (multicall chunks, Promise.all of balances) as one JSON-RPC batch.
 */
export class Batcher<T> {
  private queue: T[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly opts: { maxSize: number; waitMs: number },
    private readonly run: (items: T[]) => void,
  ) {
    if (!Number.isInteger(opts.maxSize) || opts.maxSize < 1)
      throw new RangeError(`batch maxSize must be a positive integer, got ${opts.maxSize}`);
  }

  add(item: T): void {
    this.queue.push(item);
    if (this.queue.length >= this.opts.maxSize) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.opts.waitMs);
  }

  /** Hands over whatever is queued now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.queue;
    this.queue = [];
    if (items.length > 0) this.run(items);
  }
}
