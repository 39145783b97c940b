/**
 * Keel's one error hierarchy. Every fault carries a stable machine `code`, an HTTP status
 * for the API edge, a `detail` for engineers and a `userMessage` a fintech can show its
 * end users unchanged. Retryable (transient, upstream) and permanent faults are distinct
 * types so callers and job runners can decide without string matching.
 */
export interface FieldError {
  /** JSON-pointer-like path of the offending field, e.g. `query.addresses[2]`. */
  field: string;
  code: string;
  message: string;
}

export interface KeelErrorOptions {
  status?: number;
  userMessage?: string;
  cause?: unknown;
  errors?: FieldError[];
  headers?: Record<string, string>;
  extra?: Record<string, unknown>;
}

export class KeelError extends Error {
  readonly code: string;
  readonly status: number;
  readonly userMessage: string;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;
  readonly extra?: Record<string, unknown>;
  /** Whether repeating the same operation later may succeed. */
  readonly retryable: boolean = false;

  constructor(code: string, detail: string, opts: KeelErrorOptions = {}) {
    super(detail, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = opts.status ?? 500;
    this.userMessage = opts.userMessage ?? 'Something went wrong. Please try again later.';
    if (opts.errors) this.errors = opts.errors;
    if (opts.headers) this.headers = opts.headers;
    if (opts.extra) this.extra = opts.extra;
  }
}

/** A permanent fault: repeating the same call will fail the same way. */
export class PermanentError extends KeelError {}

/** A transient fault (network, upstream overload, timeout): the same call may succeed later. */
export class RetryableError extends KeelError {
  override readonly retryable = true;
}

/** Bad input from a caller: 422 with per-field details. */
export class ValidationError extends PermanentError {
  constructor(detail: string, errors: FieldError[], userMessage = 'Some of the details provided are not valid.') {
    super('validation_failed', detail, { status: 422, errors, userMessage });
  }
}

export class AuthenticationError extends PermanentError {
  constructor(detail = 'A valid API key is required.') {
    super('unauthenticated', detail, {
      status: 401,
      userMessage: 'This request could not be authenticated.',
      headers: { 'www-authenticate': 'Bearer realm="keel"' },
    });
  }
}

export class ForbiddenError extends PermanentError {
  constructor(detail: string, extra?: Record<string, unknown>) {
    super('forbidden', detail, {
      status: 403,
      userMessage: 'This action is not permitted.',
      ...(extra ? { extra } : {}),
    });
  }
}

export class NotFoundError extends PermanentError {
  constructor(detail: string) {
    super('not_found', detail, { status: 404, userMessage: 'The requested item was not found.' });
  }
}

/** An upstream dependency (RPC endpoint, partner) failed or is unreachable. */
export class UpstreamError extends RetryableError {
  constructor(code: string, detail: string, opts: KeelErrorOptions = {}) {
    super(code, detail, {
      status: 503,
      userMessage: 'A network service Keel depends on is not responding. Please try again shortly.',
      ...opts,
    });
  }
}

/** Configuration is invalid; raised at boot with one line per offending field. */
export class ConfigError extends PermanentError {
  constructor(detail: string, errors: FieldError[] = []) {
    super('config_invalid', detail, { status: 500, errors });
  }
}

/** Turns anything thrown into a KeelError without losing the original as `cause`. */
export function toKeelError(err: unknown): KeelError {
  if (err instanceof KeelError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new KeelError('internal_error', message, { status: 500, cause: err });
}
