import type { Logger } from './logger.ts';

/** A task run every few milliseconds in a worker process. */
export interface Periodic {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `fn` every `ms`, never two runs at once (a tick that finds the last run still going is
 * skipped). A failed run is logged and the task simply runs again at the next tick. The timer
 * does not keep the process alive.
 */
export function startPeriodic(
  ms: number,
  name: string,
  fn: () => Promise<unknown>,
  log: Pick<Logger, 'warn'>,
): Periodic {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = fn()
      .catch((err) =>
        log.warn({ err: (err as Error).message, task: name }, 'periodic task failed; it runs again at the next tick'),
      )
      .finally(() => {
        running = null;
      });
  }, ms);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
