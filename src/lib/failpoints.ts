/**
 * Failpoints for crash tests: `KEEL_FAILPOINTS=name[,name…]` makes the process kill itself
 * with SIGKILL when it reaches a named point (e.g. right after a transaction is stored signed
 * and before it is broadcast), so tests can prove that a worker dying there loses and
 * duplicates nothing. Refused in production (see `assertNoFailpointsIn`).
 */

const active = new Set(
  (process.env.KEEL_FAILPOINTS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Dies on the spot (SIGKILL, no cleanup) when `name` is an active failpoint. */
export function failpoint(name: string): void {
  if (active.size > 0 && active.has(name)) process.kill(process.pid, 'SIGKILL');
}

/** Throws when failpoints are set in an environment where they must never fire. */
export function assertNoFailpointsIn(env: string): void {
  if (active.size > 0 && env === 'production')
    throw new Error('KEEL_FAILPOINTS is set: crash-test failpoints are refused in production');
}
