/**
 * A counting semaphore with FIFO waiters and a bounded wait. Caps requests in flight per
 * RPC endpoint so one busy caller cannot saturate a provider's connection or rate limit.
 */
export class Semaphore {
  private inFlight = 0;
  private readonly waiters: Array<{ grant: () => void }> = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`semaphore capacity must be a positive integer, got ${capacity}`);
  }

  /** Requests currently holding a slot. */
  get active(): number {
    return this.inFlight;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Waits up to `timeoutMs` for a slot. Resolves to a release function (call it exactly
   * once; later calls are ignored), or to undefined when the wait timed out.
   */
  acquire(timeoutMs: number): Promise<(() => void) | undefined> {
    if (this.inFlight < this.capacity) {
      this.inFlight++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.releaser());
        },
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiters.shift();
      // The slot passes straight to the next waiter, so inFlight is unchanged.
      if (next) next.grant();
      else this.inFlight--;
    };
  }
}
