import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKey, KeysStore } from '../auth/keys-store.ts';
import type { Scope } from '../auth/scopes.ts';
import { AuthenticationError, ForbiddenError } from '../lib/errors.ts';
import type { FailedAuthGate } from './failed-auth.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The one scope this route needs. */
    scope?: Scope;
    /** Reachable without an API key (health, docs, hosted pages). */
    public?: boolean;
    /** Any valid API key, whatever its scopes (e.g. `GET /v1/me`: a key may always learn about itself). */
    anyKey?: boolean;
  }
  interface FastifyRequest {
    /** The calling key with its principal (`apiKey.principalId`): four-eyes checks compare principals. */
    apiKey?: ApiKey;
  }
}

/**
 * Deny by default: a route must name a scope, accept any valid key (`anyKey`, for a key's
 * own description) or say it is public, or the app refuses to start. Keys come as `Authorization: Bearer keel_sk_…`.
 * `failedAuth`: the per-client limit on failed authentication (failed-auth.ts), checked first.
 */
export function registerAuth(app: FastifyInstance, keys: KeysStore, failedAuth?: FailedAuthGate): void {
  app.addHook('onRoute', (route) => {
    const cfg = route.config as { scope?: string; public?: boolean; anyKey?: boolean } | undefined;
    const isStatic = route.url.startsWith('/docs');
    if (!cfg?.scope && !cfg?.public && !cfg?.anyKey && !isStatic) {
      throw new Error(`route ${route.method} ${route.url} declares neither a scope, anyKey: true nor public: true`);
    }
  });
  app.decorateRequest('apiKey', undefined);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const cfg = req.routeOptions.config;
    if (cfg.public || req.routeOptions.url?.startsWith('/docs') || req.routeOptions.url === undefined) return;
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token) {
      await failedAuth?.check(req);
      throw new AuthenticationError('missing API key: send Authorization: Bearer <key>');
    }
    let key;
    if (failedAuth) {
      // One statement reads the key and the client's failure count; an over-limit client is
      // refused before its key counts for anything.
      const read = await keys.verifyCounting(token, failedAuth.counterOf(req));
      failedAuth.refuseOver(read.failures);
      key = read.key;
    } else key = await keys.verify(token);
    if (!key) throw new AuthenticationError('the API key is unknown, revoked, not approved (yet) or malformed');
    req.apiKey = key;
    if (cfg.scope && !key.scopes.includes(cfg.scope)) {
      throw new ForbiddenError(`this API key lacks the scope "${cfg.scope}"`, { requiredScope: cfg.scope });
    }
    keys.touch(key).catch((err) => req.log.warn({ err }, 'could not record key usage'));
  });
}
