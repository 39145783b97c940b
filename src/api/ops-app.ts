import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { newId } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import type { RouteModule } from './app.ts';
import { useProblems } from './problem.ts';

/**
 * The ops listener (`server.opsPort`): `/health`, `/ready` and `/metrics` on a port of their
 * own, so they can be bound to a private interface and kept away from the load balancer
 * that exposes the API. Readiness names RPC endpoints and their errors, and metrics describe
 * traffic and balances-in-flight: useful to an operator, reconnaissance to anyone else.
 * No API keys, no rate limit, no OpenAPI: nothing on it accepts input.
 */
export async function buildOpsApp(deps: { logger: Logger }, modules: RouteModule[]): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ module: 'ops' }),
    genReqId: () => newId('req'),
    requestIdHeader: false,
    // Probes are frequent and uninteresting: only failures are logged (by the error handler).
    disableRequestLogging: true,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  useProblems(app);
  for (const m of modules) await m(app);
  return app;
}
