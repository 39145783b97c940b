import { KeelError } from '../lib/errors.ts';

// SQLSTATE class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now).
// ECONNRESET / EPIPE: the socket reset under a query (a route reaching here with a raw socket
// error is on the database: RPC and webhook transports wrap theirs in their own codes).
const CONNECTION_LOST_STATES = /^(08...|57P0[123]|ECONNRESET|EPIPE)$/;
// node-postgres's own messages for a socket the server closed, or a client left unusable by it.
const CONNECTION_LOST_MESSAGES =
  /Connection terminated|connection error and is not queryable|Client was closed and is not queryable/;

/**
 * Whether `err` (or an error it wraps, e.g. an `internal_error` with a cause) is a lost or
 * refused database connection: a request failing that way answers a retryable 503
 * `database_unavailable`, never a 500.
 */
export function isDatabaseConnectionLoss(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof KeelError && e.code !== 'internal_error') return false;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && CONNECTION_LOST_STATES.test(code)) return true;
    if (typeof message === 'string' && CONNECTION_LOST_MESSAGES.test(message)) return true;
  }
  return false;
}
