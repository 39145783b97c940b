/**
 * Keel's problem+json answers (RFC 9457) as one typed exception, `KeelApiError`, and `unwrap`,
 * which turns an openapi-fetch result into its data or that exception. Whether a failure may
 * succeed when repeated unchanged comes from Keel's error catalogue (`error-codes.ts`), never
 * from the HTTP status alone.
 */
import { ERROR_CODES, type ErrorCode } from './error-codes.ts';
import type { components } from './schema.ts';

/** A Keel problem+json body. */
export type Problem = components['schemas']['Problem'];
/** One invalid field of a 422 `validation_failed` answer. */
export type FieldError = components['schemas']['FieldError'];

/** Codes the client itself reports: no answer at all, or an answer that is not Keel's problem+json. */
export type ClientErrorCode = 'network_error' | 'http_error';

/** Whether `code` is one of Keel's catalogued error codes. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** A failed call to Keel: the problem it answered with (or a network failure, status 0). */
export class KeelApiError extends Error {
  override readonly name = 'KeelApiError';
  /** The HTTP status; 0 when no answer arrived. */
  readonly status: number;
  /** The stable machine code (docs/errors.md); `network_error` / `http_error` from the client itself. */
  readonly code: ErrorCode | ClientErrorCode;
  /** What an end user may be shown, unchanged. */
  readonly userMessage: string;
  /** Whether the same request may succeed later, unchanged (from Keel's error catalogue). */
  readonly retryable: boolean;
  /** The request id (`x-request-id`), to quote to Keel's operators. */
  readonly requestId: string | undefined;
  /** Each invalid field of a 422 `validation_failed` answer (empty otherwise). */
  readonly fieldErrors: readonly FieldError[];
  /** The whole problem+json body (extra members such as `requiredScope` or `retryAfterSeconds`). */
  readonly problem: Readonly<Record<string, unknown>>;

  constructor(init: {
    status: number;
    code: ErrorCode | ClientErrorCode;
    detail: string;
    userMessage: string;
    retryable: boolean;
    requestId?: string | undefined;
    fieldErrors?: readonly FieldError[];
    problem?: Record<string, unknown>;
    cause?: unknown;
  }) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.userMessage = init.userMessage;
    this.retryable = init.retryable;
    this.requestId = init.requestId;
    this.fieldErrors = init.fieldErrors ?? [];
    this.problem = init.problem ?? {};
  }

  /** The error for a non-2xx answer, from its parsed body (problem+json or anything else). */
  static fromResponse(response: Response, body: unknown): KeelApiError {
    const p = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const requestId =
      (typeof p.instance === 'string' ? p.instance : undefined) ?? response.headers.get('x-request-id') ?? undefined;
    if (isErrorCode(p.code)) {
      return new KeelApiError({
        status: response.status,
        code: p.code,
        detail: typeof p.detail === 'string' ? p.detail : `${p.code} (HTTP ${response.status})`,
        userMessage: typeof p.userMessage === 'string' ? p.userMessage : GENERIC,
        retryable: ERROR_CODES[p.code].retryable,
        requestId,
        fieldErrors: Array.isArray(p.errors) ? (p.errors as FieldError[]) : [],
        problem: p,
      });
    }
    // Not Keel's answer (a proxy's 502, an unknown code from a newer Keel): judge by status.
    return new KeelApiError({
      status: response.status,
      code: 'http_error',
      detail: `HTTP ${response.status} without a known Keel problem code`,
      userMessage: GENERIC,
      retryable: [429, 502, 503, 504].includes(response.status),
      requestId,
      problem: p,
    });
  }

  /**
   * The error for a request that got no answer (connection refused, reset, DNS, timeout);
   * `userMessage` replaces the default wording (a page that retries by itself says so).
   */
  static network(
    cause: unknown,
    userMessage = 'The service cannot be reached. Please try again shortly.',
  ): KeelApiError {
    return new KeelApiError({
      status: 0,
      code: 'network_error',
      detail: `Keel could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`,
      userMessage,
      retryable: true,
      cause,
    });
  }
}

const GENERIC = 'Something went wrong. Please try again later.';

/** The shape of an openapi-fetch result (`client.GET(…)`, `client.POST(…)`…). */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The data of a call, or a `KeelApiError` thrown for a problem answer or a network failure:
 * `const intent = await unwrap(keel.POST('/v1/payment-intents', { body }))`.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (e) {
    if (e instanceof KeelApiError) throw e;
    throw KeelApiError.network(e);
  }
  if (!result.response.ok) throw KeelApiError.fromResponse(result.response, result.error);
  return result.data as T;
}
