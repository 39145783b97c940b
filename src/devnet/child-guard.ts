import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { PermanentError } from '../lib/errors.ts';

/**
 * The dev stack's child processes (anvil chains, bundlers): what starting, stopping and cleaning
 * up after them share. Keeps them from outliving this process:
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

/** Whether a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !isAlive(pid);
}

/**
 * Stops an orphan recorded in `pidFile` (left by a hard-killed parent), but only if `isOurs`
 * recognises the process still running under that pid: a recycled pid of another program is left
 * alone. `graceMs` > 0: SIGTERM first (e.g. so anvil dumps its state), SIGKILL after that long;
 * 0: SIGKILL at once. Removes the pid file; returns the pid it stopped, if any.
 */
export async function killStaleChild(
  pidFile: string,
  isOurs: (pid: number) => boolean,
  graceMs: number,
): Promise<number | undefined> {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid) || !isOurs(pid)) return undefined;
  if (graceMs > 0) {
    process.kill(pid, 'SIGTERM');
    if (await waitGone(pid, graceMs)) return pid;
  }
  process.kill(pid, 'SIGKILL');
  await waitGone(pid, 5_000);
  return pid;
}

/**
 * Resolves when `port` can be bound (on `host`, or on every interface when none is given), else
 * throws 409 `devnet_port_in_use` with `inUse` as its message.
 */
export async function assertPortFree(port: number, host: string | undefined, inUse: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PermanentError('devnet_port_in_use', inUse) : err),
    );
    srv.listen({ port, ...(host ? { host } : {}), exclusive: true }, () => srv.close(() => resolve()));
  });
}
