import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDatabaseConnectionLoss } from '../db/connection-loss.ts';
import { isErrorCode, KeelError, ValidationError, type ErrorCode, type FieldError } from '../lib/errors.ts';

/** RFC 9457 problem details as Keel sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  userMessage: string;
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function problemOf(err: KeelError, instance?: string): Problem {
  const p: Problem = {
    type: `urn:keel:problem:${err.code}`,
    title: TITLES[err.status] ?? 'Error',
    status: err.status,
    code: err.code,
    // Internal faults keep their details in the log, not in the response.
    detail: err.status >= 500 && err.code === 'internal_error' ? 'An unexpected error occurred.' : err.message,
    userMessage: err.userMessage,
    ...(err.extra ?? {}),
  };
  if (instance) p.instance = instance;
  if (err.errors) p.errors = err.errors;
  return p;
}

/** Maps anything a route or Fastify throws to a KeelError with a stable, catalogued code. */
export function classify(err: unknown): KeelError {
  if (isDatabaseConnectionLoss(err)) {
    return new KeelError('database_unavailable', 'the database connection was lost; retry the request', {
      cause: err,
    });
  }
  if (err instanceof KeelError) {
    // Only catalogued codes reach clients (a code could slip past the types through a cast or stored data).
    return isErrorCode(err.code)
      ? err
      : new KeelError('internal_error', `uncatalogued error code ${String(err.code)}: ${err.message}`, { cause: err });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const ctx = (err as { validationContext?: string }).validationContext ?? 'body';
    const errors: FieldError[] = err.validation.map((v) => {
      const path = v.instancePath.split('/').filter(Boolean).join('.');
      // `params` is the zod issue without path, code and message. A custom check may name its
      // own stable code in the issue's `params.code` (e.g. `invisible_character`).
      const own = (v.params as { params?: { code?: unknown } } | undefined)?.params?.code;
      return {
        field: path ? `${ctx}.${path}` : ctx,
        code: typeof own === 'string' ? own : (v.keyword ?? 'invalid'),
        message: v.message ?? 'invalid value',
      };
    });
    return new ValidationError(`the request ${ctx} is not valid`, errors);
  }
  if (isResponseSerializationError(err)) {
    return new KeelError('internal_error', 'response did not match its schema', { cause: err });
  }
  const fe = err as Partial<FastifyError> & { code?: string };
  const status = fe.statusCode ?? 500;
  if (fe.code === 'FST_ERR_BAD_URL') return new KeelError('invalid_url', fe.message ?? 'the URL is not valid');
  if (fe.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return new KeelError('uri_too_long', 'a path parameter is longer than 100 characters');
  if (status === 404) return new KeelError('not_found', fe.message ?? 'not found');
  if (status === 415) return new KeelError('unsupported_media_type', fe.message ?? 'unsupported media type');
  if (status === 413) return new KeelError('payload_too_large', fe.message ?? 'payload too large');
  if (status >= 400 && status < 500) {
    return new KeelError('bad_request', fe.message ?? 'bad request');
  }
  return new KeelError('internal_error', fe.message ?? String(err), { cause: err });
}

/**
 * Makes every failure of `app` an RFC 9457 problem: thrown errors and unknown routes (404
 * `not_found`). The API and the ops listener both use it.
 */
export function useProblems(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => sendProblem(req, reply, err));
  app.setNotFoundHandler((req, reply) =>
    sendProblem(req, reply, new KeelError('not_found', `no route ${req.method} ${req.url.split('?')[0]}`)),
  );
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const k = classify(err);
  if (k.status >= 500) req.log.error({ err, code: k.code }, 'request failed');
  else req.log.info({ code: k.code, status: k.status }, 'request refused');
  if (k.headers) reply.headers(k.headers);
  return reply.code(k.status).type('application/problem+json').send(problemOf(k, req.id));
}
