import { ERROR_CODES, isErrorCode } from './error-catalogue.ts';
import type { ErrorCode, PermanentErrorCode, RetryableErrorCode } from './error-catalogue.ts';

export { ERROR_CODES, isErrorCode } from './error-catalogue.ts';
export type { ErrorCode, PermanentErrorCode, RetryableErrorCode } from './error-catalogue.ts';

/**
 * Keel's one error hierarchy. Every fault carries a stable machine `code` from the error
 * catalogue (`error-catalogue.ts`), which gives its HTTP status for the API edge, its
 * retryability and its default `userMessage` (one a fintech can show its end users
 * unchanged); `detail` is for engineers. Callers and job runners decide by `retryable`,
 * never by status or string matching.
 */
export interface FieldError {
  /** JSON-pointer-like path of the offending field, e.g. `query.addresses[2]`. */
  field: string;
  code: string;
  message: string;
}

export interface KeelErrorOptions {
  /** A more specific message than the catalogue's default for the code. */
  userMessage?: string;
  cause?: unknown;
  errors?: FieldError[];
  headers?: Record<string, string>;
  extra?: Record<string, unknown>;
}

export class KeelError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly userMessage: string;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;
  readonly extra?: Record<string, unknown>;
  /** Whether repeating the same operation later may succeed (the catalogue says, per code). */
  readonly retryable: boolean;

  constructor(code: ErrorCode, detail: string, opts: KeelErrorOptions = {}) {
    super(detail, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    // A code from outside the type system (a cast, stored data) still gets a catalogued answer.
    const info = isErrorCode(code) ? ERROR_CODES[code] : ERROR_CODES.internal_error;
    this.code = code;
    this.status = info.status;
    this.retryable = info.retryable;
    this.userMessage = opts.userMessage ?? info.userMessage;
    if (opts.errors) this.errors = opts.errors;
    if (opts.headers) this.headers = opts.headers;
    if (opts.extra) this.extra = opts.extra;
  }
}

/** A permanent fault: repeating the same call will fail the same way (only permanent codes). */
export class PermanentError extends KeelError {
  constructor(code: PermanentErrorCode, detail: string, opts: KeelErrorOptions = {}) {
    super(code, detail, opts);
  }
}

/** A transient fault (network, upstream overload, timeout): the same call may succeed later (only retryable codes). */
export class RetryableError extends KeelError {
  constructor(code: RetryableErrorCode, detail: string, opts: KeelErrorOptions = {}) {
    super(code, detail, opts);
  }
}

/** Bad input from a caller: 422 with per-field details. */
export class ValidationError extends PermanentError {
  constructor(detail: string, errors: FieldError[], userMessage = 'Some of the details provided are not valid.') {
    super('validation_failed', detail, { errors, userMessage });
  }
}

export class AuthenticationError extends PermanentError {
  constructor(detail = 'A valid API key is required.') {
    super('unauthenticated', detail, {
      headers: { 'www-authenticate': 'Bearer realm="keel"' },
    });
  }
}

export class ForbiddenError extends PermanentError {
  constructor(detail: string, extra?: Record<string, unknown>) {
    super('forbidden', detail, extra ? { extra } : {});
  }
}

export class NotFoundError extends PermanentError {
  constructor(detail: string) {
    super('not_found', detail);
  }
}

/** An upstream dependency (RPC endpoint, partner) failed or is unreachable. */
export class UpstreamError extends RetryableError {}

/** Configuration is invalid; raised at boot with one line per offending field. */
export class ConfigError extends PermanentError {
  constructor(detail: string, errors: FieldError[] = []) {
    super('config_invalid', detail, { errors });
  }
}

/** Turns anything thrown into a KeelError without losing the original as `cause`. */
export function toKeelError(err: unknown): KeelError {
  if (err instanceof KeelError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new KeelError('internal_error', message, { cause: err });
}
