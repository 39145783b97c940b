/**
 * Collects items submitted within `waitMs` (0: the same event-loop turn) into groups of at
 * most `maxSize` items and, when `maxBytes` and a `sizeOf` are given, at most `maxBytes` in
 * total (an item larger than that travels alone), and hands each group to `run`. The transport
 * uses it to send the parallel reads viem issues (multicall chunks, Promise.all of balances) as
 * one JSON-RPC batch. The byte cap matters: RPC servers refuse large request bodies (anvil over
 * 2 MiB drops the connection), and a few heavy multicalls in one tick would otherwise make one.
 */
export class Batcher<T> {
  private queue: T[] = [];
  private queuedBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly opts: { maxSize: number; waitMs: number; maxBytes?: number | undefined },
    private readonly run: (items: T[]) => void,
    private readonly sizeOf?: (item: T) => number,
  ) {
    if (!Number.isInteger(opts.maxSize) || opts.maxSize < 1)
      throw new RangeError(`batch maxSize must be a positive integer, got ${opts.maxSize}`);
    if (opts.maxBytes !== undefined && !(opts.maxBytes > 0))
      throw new RangeError(`batch maxBytes must be positive, got ${opts.maxBytes}`);
  }

  add(item: T): void {
    const bytes = this.opts.maxBytes !== undefined && this.sizeOf ? this.sizeOf(item) : 0;
    // Would this item push the group over the byte cap? Send the group first.
    if (this.queue.length > 0 && this.queuedBytes + bytes > (this.opts.maxBytes ?? Number.POSITIVE_INFINITY)) {
      this.flush();
    }
    this.queue.push(item);
    this.queuedBytes += bytes;
    if (
      this.queue.length >= this.opts.maxSize ||
      this.queuedBytes >= (this.opts.maxBytes ?? Number.POSITIVE_INFINITY)
    ) {
      this.flush();
    } else this.timer ??= setTimeout(() => this.flush(), this.opts.waitMs);
  }

  /** Hands over whatever is queued now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    if (items.length > 0) this.run(items);
  }
}
