import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiKeyResource, type KeysStore } from './keys-store.ts';
import { SCOPES } from './scopes.ts';

const apiKeySchema = z.object({
  id: z.string(),
  object: z.literal('api_key'),
  name: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

/**
 * API key management over HTTP (scope `admin`), the same operations as `keel keys …` — the
 * way to manage keys while the embedded database is held by a running Keel.
 */
export function keyRoutes(keys: KeysStore) {
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/api-keys',
      {
        config: { scope: 'admin', outcome: 'api_key.create' },
        schema: {
          tags: ['api keys'],
          summary: 'Create an API key; its token is in this response only',
          body: z.object({ name: z.string().min(1).max(200), scopes: z.array(z.enum(SCOPES)).min(1) }),
          response: { 201: apiKeySchema.extend({ token: z.string().describe('keel_sk_…: shown once, stored only as a hash') }) },
        },
      },
      async (req, reply) => {
        const { key, token } = await keys.create(req.body, req.apiKey?.id ?? 'system');
        return reply.code(201).send({ ...apiKeyResource(key), token });
      },
    );
    r.get(
      '/v1/api-keys',
      { config: { scope: 'admin' }, schema: { tags: ['api keys'], summary: 'List API keys (never their secrets)', response: { 200: z.object({ object: z.literal('list'), data: z.array(apiKeySchema) }) } } },
      async () => ({ object: 'list' as const, data: (await keys.list()).map(apiKeyResource) }),
    );
    r.post(
      '/v1/api-keys/:id/revoke',
      {
        config: { scope: 'admin', outcome: 'api_key.revoke' },
        schema: { tags: ['api keys'], summary: 'Revoke an API key at once', params: z.object({ id: z.string() }), response: { 200: apiKeySchema } },
      },
      async (req) => apiKeyResource(await keys.revoke(req.params.id, req.apiKey?.id ?? 'system')),
    );
  };
}

const meSchema = z.object({
  object: z.literal('api_key_identity'),
  id: z.string().describe('key_…'),
  name: z.string(),
  scopes: z.array(z.string()).describe('What this key may do; the dashboard shows only what these scopes allow'),
  createdAt: z.string(),
});

/**
 * `GET /v1/me`: the calling key's id, name and scopes. Any valid key may call it (no scope
 * needed), so a client such as the dashboard can check a key at sign-in and show only what
 * the key is allowed to do.
 */
export function meRoutes() {
  return (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/v1/me',
      { config: { anyKey: true }, schema: { tags: ['api keys'], summary: 'The calling API key: id, name and scopes', response: { 200: meSchema } } },
      async (req) => {
        const k = req.apiKey!;
        return { object: 'api_key_identity' as const, id: k.id, name: k.name, scopes: k.scopes, createdAt: k.createdAt.toISOString() };
      },
    );
  };
}
