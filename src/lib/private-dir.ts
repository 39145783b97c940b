import { chmodSync, mkdirSync, statSync } from 'node:fs';

/**
 * Makes `path` a directory only its owner can enter (mode 0700): created so (with any missing
 * parents) when absent, tightened when it exists with wider permissions — then `warn` is told
 * what was changed. Keel's local state (the PGlite database with API key hashes and sealed
 * secrets, dev manifests holding keys) must not be readable by other users of the machine.
 * A directory Keel may not chmod (another owner) is left as it is, with a warning.
 */
export function ensurePrivateDir(path: string, warn: (message: string) => void): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(path, mode & 0o700);
    warn(
      `${path} was accessible to other users (mode ${mode.toString(8).padStart(4, '0')}); tightened to ${(mode & 0o700).toString(8).padStart(4, '0')}`,
    );
  } catch (err) {
    warn(
      `${path} is accessible to other users (mode ${mode.toString(8).padStart(4, '0')}) and could not be tightened: ${(err as Error).message}`,
    );
  }
}
