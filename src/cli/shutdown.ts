/**
 * Runs `fn` once on SIGINT/SIGTERM, then exits; a second signal exits at once. Until then the
 * process stays up on its own: a worker-role process holds no server socket, and its timers are
 * unref'd, so without this it would exit (code 0, silently) whenever its database connections
 * are all closed at once — e.g. terminated by the server while idle.
 */
export function onShutdown(fn: () => Promise<void>): void {
  let stopping = false;
  const keepAlive = setInterval(() => {}, 2 ** 30);
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    fn()
      .catch((err) => console.error(`error while stopping after ${signal}:`, err))
      .finally(() => {
        clearInterval(keepAlive);
        process.exit(0);
      });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
