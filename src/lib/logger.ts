import { pino, type Logger } from 'pino';

export type { Logger };

export interface LogSettings {
  level: string;
  pretty?: boolean;
}

/**
 * One pino logger per process; modules take a child with their own `module` binding.
 * Secrets never reach a log line: RPC URLs are redacted before they are logged.
 */
export function createLogger(settings: LogSettings = { level: 'info' }): Logger {
  return pino({
    level: settings.level,
    base: { service: 'keel' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', '*.apiKey', '*.secret'],
      censor: '[redacted]',
    },
    ...(settings.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: Boolean(process.stdout.isTTY), translateTime: 'SYS:HH:MM:ss' },
          },
        }
      : {}),
  });
}

/** A logger that discards everything (tests that do not inspect logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
