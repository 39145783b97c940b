import type { ChildProcess } from 'node:child_process';

/**
 * Keeps the dev stack's child processes (anvil chains, bundlers) from outliving this process:
 * process exit, Ctrl-C, SIGTERM, SIGHUP and crashes all send them SIGTERM. One registry for
 * every kind of child, so a signal waits for all of them before it ends the process.
 */

const live = new Set<ChildProcess>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let hooked = false;

function terminateAllSync(): void {
  for (const child of live) {
    try {
      child.kill('SIGTERM');
    } catch {
      // already gone
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  // When the application handles this signal itself, it shuts down in its own order (and
  // stops its chains last); the 'exit' hook remains the backstop. Otherwise keep the default
  // outcome (terminate), after the children have had a moment to dump their state.
  if (process.listenerCount(signal) > 1) return;
  terminateAllSync();
  const deadline = Date.now() + 5_000;
  const timer = setInterval(() => {
    if (live.size === 0 || Date.now() > deadline) {
      clearInterval(timer);
      unhook();
      process.kill(process.pid, signal);
    }
  }, 25);
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', terminateAllSync);
  // The monitor variant observes a crash without changing Node's handling of it.
  process.on('uncaughtExceptionMonitor', terminateAllSync);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function unhook(): void {
  if (!hooked) return;
  hooked = false;
  process.off('exit', terminateAllSync);
  process.off('uncaughtExceptionMonitor', terminateAllSync);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** Tracks a started child until it exits (call right after a successful spawn). */
export function guardChild(child: ChildProcess): void {
  live.add(child);
  hook();
  child.once('exit', () => {
    live.delete(child);
    if (live.size === 0) unhook();
  });
}

/**
 * Stops a child: SIGTERM, then SIGKILL if it has not exited within `timeoutMs`. `exited`
 * resolves when the child has exited; `hasExited` tells whether it already has. The timer is
 * unref'd: once the child is gone, nothing keeps this process alive for the rest of the wait.
 */
export async function stopChild(
  child: ChildProcess,
  exited: Promise<void>,
  hasExited: () => boolean,
  timeoutMs: number,
): Promise<void> {
  if (hasExited()) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), timeoutMs);
    timer.unref();
  });
  const first = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (first === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
