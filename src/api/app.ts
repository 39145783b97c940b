import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { KeysStore } from '../auth/keys-store.ts';
import { createPgRateLimitStore } from '../auth/rate-limit-store.ts';
import type { Config } from '../config/schema.ts';
import type { Database } from '../db/database.ts';
import { KeelError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { newId } from '../lib/ids.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import { registerAuth } from './auth.ts';
import { registerFailedAuthLimit } from './failed-auth.ts';
import { registerIdempotency } from './idempotency.ts';
import { registerInputGuard } from './input-guard.ts';
import { openApiDocumentTransform, openApiRouteTransform } from './openapi.ts';
import { sendProblem, useProblems } from './problem.ts';

export interface ApiDeps {
  config: Config;
  database: Database;
  keys: KeysStore;
  logger: Logger;
  metrics: Registry;
  /** Seals secrets at rest (idempotent responses here); one per process, from `secrets.encryptionKey`. */
  box: SecretBox;
}

/** A module's routes: registered on the app after the shared plumbing. */
export type RouteModule = (app: FastifyInstance) => void | Promise<void>;

/**
 * Assembles the HTTP API: zod validation and OpenAPI from the same schemas, problem+json
 * errors, API-key auth with scopes (deny by default), a per-key rate limit and a per-client
 * limit of failed authentications, both shared through Postgres, request metrics, and each
 * module's routes.
 */
export async function buildApi(deps: ApiDeps, modules: RouteModule[]): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.logger.child({ module: 'api' }),
    genReqId: () => newId('req'),
    requestIdHeader: false,
    bodyLimit: config.server.bodyLimitBytes,
    trustProxy: config.server.trustProxy,
    // A URL the router cannot decode or whose path parameter is too long answers problem+json too.
    frameworkErrors: (err, req, reply) => sendProblem(req, reply, err),
  }) as unknown as FastifyInstance;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  useProblems(app);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  const httpRequests = new Counter({
    name: 'keel_http_requests_total',
    help: 'HTTP requests served, by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [deps.metrics],
  });
  const httpDuration = new Histogram({
    name: 'keel_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [deps.metrics],
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Keel API',
        version: '1',
        description:
          'Self-hosted DeFi rails. Authenticate with `Authorization: Bearer <API key>`; errors are RFC 9457 problem+json with a stable `code`. Lists page with `limit` + `startingAfter` and answer `hasMore` (docs/api.md).',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearerAuth: [] }],
    },
    // operationId, scopes, problem+json errors, Idempotency-Key, servers, webhooks: src/api/openapi.ts.
    transform: openApiRouteTransform,
    transformObject: openApiDocumentTransform({ publicUrl: config.server.publicUrl }),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  // A client over its failed-authentication limit is refused whatever key it sends (read with the key).
  registerAuth(app, deps.keys, registerFailedAuthLimit(app, deps.database.db, config.auth.failedAuthPerMinute));

  // Keyed requests: a limit per key (global). Public routes that face end users opt in to a
  // per-IP limit with `publicRateLimit(config)` (src/auth/rate-limit.ts) in their route config.
  if (config.auth.rateLimit.max > 0 || config.auth.rateLimit.publicMax > 0) {
    await app.register(rateLimit, {
      global: config.auth.rateLimit.max > 0,
      hook: 'preValidation',
      max: config.auth.rateLimit.max,
      timeWindow: config.auth.rateLimit.windowSeconds * 1000,
      store: createPgRateLimitStore(deps.database.db) as never,
      allowList: (req) => !req.apiKey,
      keyGenerator: (req) => `key:${req.apiKey?.id ?? req.ip}`,
      errorResponseBuilder: (_req, ctx) =>
        new KeelError('rate_limited', `rate limit of ${ctx.max} requests per ${ctx.after} exceeded`, {
          extra: { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) },
        }),
    });
  }

  // NUL / unpaired surrogates / over-deep JSON are refused before validation and before the
  // idempotency layer hashes the body (src/api/input-guard.ts).
  registerInputGuard(app);
  registerIdempotency(app, deps.database.db, deps.box, { leaseMs: config.server.idempotencyLeaseMs });

  // CSV uploads (payee imports) arrive as text: each route checks them line by line and names the
  // line at fault. Liability snapshots stream instead: their route's own scope replaces this parser.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  for (const m of modules) await m(app);

  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  return app;
}
