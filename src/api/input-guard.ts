import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KeelError, ValidationError } from '../lib/errors.ts';
import { MAX_JSON_DEPTH, nestingExceeds, unsafeStrings } from './input-check.ts';

/**
 * Input no route should ever see, refused once at the edge for every route:
 *
 * - a JSON body that does not parse: 400 `invalid_json`;
 * - a JSON body nested deeper than MAX_JSON_DEPTH objects/arrays: 400 `json_too_deep`, checked
 *   right after parsing, before anything recursive (schemas, request hashing, policy
 *   documents) runs on it;
 * - a NUL character or an unpaired UTF-16 surrogate in any string of the body (keys too) or
 *   the query string: 422 `validation_failed`, `errors[]` naming each field with code
 *   `invalid_character`; in a path parameter of a keyed route: 404 `not_found` (such a path
 *   names nothing). Public routes (the hosted checkout) check their own path ids before any
 *   lookup, so that every malformed or unknown id gets one and the same 404. Postgres stores
 *   neither character (NUL is refused in `text`, both in `jsonb`), so nothing carrying one
 *   may reach the database.
 */
export function registerInputGuard(app: FastifyInstance): void {
  // Fastify's own parser (secure-json-parse, prototype poisoning refused), then the depth check.
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    parse(req, body as string, (err: Error | null, value?: unknown) => {
      if (err) {
        done(new KeelError('invalid_json', `the request body is not valid JSON: ${err.message}`), undefined);
      } else if (nestingExceeds(value, MAX_JSON_DEPTH)) {
        done(
          new KeelError(
            'json_too_deep',
            `the request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
            {
              extra: { maxDepth: MAX_JSON_DEPTH },
            },
          ),
          undefined,
        );
      } else {
        done(null, value);
      }
    });
  });

  app.addHook('preValidation', async (req: FastifyRequest) => {
    if (!req.routeOptions.config.public && unsafeStrings(req.params, 'params').length) {
      throw new KeelError(
        'not_found',
        `no resource at ${req.routeOptions.url ?? 'this path'} with the given id (it contains characters Keel does not accept)`,
      );
    }
    const errors = [...unsafeStrings(req.query, 'querystring'), ...unsafeStrings(req.body, 'body')];
    if (errors.length)
      throw new ValidationError(
        'the request contains characters Keel does not accept (NUL or unpaired surrogates)',
        errors,
      );
  });
}
