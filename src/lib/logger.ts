import { createRequire } from 'node:module';
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
  // pino-pretty is a devDependency: a production install logs JSON even if `log.pretty` is set.
  const pretty = Boolean(settings.pretty) && hasPinoPretty();
  const logger = pino({
    level: settings.level,
    base: { service: 'keel' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', '*.apiKey', '*.secret'],
      censor: '[redacted]',
    },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: Boolean(process.stdout.isTTY), translateTime: 'SYS:HH:MM:ss' },
          },
        }
      : {}),
  });
  if (settings.pretty && !pretty) logger.warn('log.pretty is set but pino-pretty is not installed: logging JSON');
  return logger;
}

function hasPinoPretty(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** A logger that discards everything (tests that do not inspect logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
