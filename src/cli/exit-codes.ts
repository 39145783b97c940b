import { CommanderError } from 'commander';
import { KeelError } from '../lib/errors.ts';

/**
 * The exit codes of the `keel` command, in one place (documented in docs/cli.md). Scripts and
 * supervisors branch on them: a usage or config mistake is not worth a restart, an
 * unreachable database may be.
 */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** An unexpected failure (a bug, or a fault no other code names); the stack trace is printed. */
  failure: 1,
  /** The command line is wrong: unknown command or option, missing or invalid argument. */
  usage: 2,
  /** A check ran and found a problem: `keel audit verify` met a missing, altered or replaced entry. */
  checkFailed: 3,
  /** The database cannot be reached or opened, or a migration failed or was modified. */
  database: 4,
  /** A development command needs packages a production install (`--omit=dev`) leaves out. */
  devToolingMissing: 5,
  /** The configuration is invalid (sysexits' EX_CONFIG, the code of earlier releases). */
  config: 78,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_ERROR_CODE: Partial<Record<string, ExitCode>> = {
  config_invalid: EXIT.config,
  invalid_anchor: EXIT.usage,
  database_unavailable: EXIT.database,
  database_locked: EXIT.database,
  migration_failed: EXIT.database,
  migration_modified: EXIT.database,
  dev_tooling_missing: EXIT.devToolingMissing,
};

/**
 * The exit code for an error that ended a command: commander's parse errors are usage errors
 * (its help and version "errors" are successes), Keel errors map by their catalogue code,
 * anything else is an unexpected failure.
 */
export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof CommanderError) {
    return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version'
      ? EXIT.ok
      : EXIT.usage;
  }
  if (err instanceof KeelError) return BY_ERROR_CODE[err.code] ?? EXIT.failure;
  return EXIT.failure;
}
