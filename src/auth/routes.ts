import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiKeyResource, type KeysStore } from './keys-store.ts';
import type { PrincipalsStore } from './principals-store.ts';
import { idPattern } from '../lib/ids.ts';
import { pageQuery } from '../lib/pagination.ts';
import { endUserIdSchema } from '../lib/user-id.ts';
import { SCOPES } from './scopes.ts';

const principalRef = z.object({
  id: z.string().describe('prn_…'),
  name: z.string(),
  kind: z.enum(['operator', 'service']),
});
const apiKeySchema = z
  .object({
    id: z.string(),
    object: z.literal('api_key'),
    name: z.string(),
    scopes: z.array(z.string()),
    status: z
      .enum(['pending', 'active', 'rejected'])
      .describe('pending: waits for its access request; only active keys authenticate'),
    principal: principalRef.describe('The principal the key belongs to'),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });
const principalSchema = z
  .object({
    id: z.string().describe('prn_…'),
    object: z.literal('principal'),
    name: z.string(),
    kind: z.enum(['operator', 'service']),
    status: z.enum(['pending', 'active', 'rejected']),
    createdAt: z.string(),
    createdBy: z.string().describe('The principal that asked for it, `cli` (bootstrap) or `migration`'),
  })
  .meta({ id: 'Principal' });
const nameRef = z.object({ id: z.string(), name: z.string() });
const accessRequestSchema = z
  .object({
    id: z.string().describe('areq_…'),
    object: z.literal('access_request'),
    kind: z.enum(['principal', 'api_key']),
    status: z.enum(['pending', 'approved', 'rejected']),
    principal: z
      .object({ id: z.string(), name: z.string(), kind: z.enum(['operator', 'service']), status: z.string() })
      .describe('The principal created, or receiving the key'),
    apiKey: z.object({ id: z.string(), name: z.string(), scopes: z.array(z.string()), status: z.string() }).nullable(),
    reasons: z.array(z.string()).describe('new_principal, privileged_scope, other_principal'),
    requestedBy: z.object({ principal: nameRef, apiKeyId: z.string() }),
    note: z.string().nullable(),
    decisions: z.array(
      z.object({
        principal: nameRef,
        apiKeyId: z.string(),
        decision: z.enum(['approve', 'reject']),
        note: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
    approvalsRequired: z.number().int(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'AccessRequest' });
const problem = z.object({ code: z.string(), detail: z.string() }).loose().describe('RFC 9457 problem+json');
const keyBody = z.object({ name: z.string().min(1).max(200), scopes: z.array(z.enum(SCOPES)).min(1) });
const token = z
  .string()
  .describe(
    'keel_sk_…: shown once, stored only as a hash. A pending key authenticates nothing until its access request is approved',
  );
const note = z.string().max(500);
const tags = ['api keys'];
const accessTags = ['principals'];

/**
 * API keys, principals and access requests over HTTP (scope `admin`). Creating a principal,
 * or a key with a privileged scope or for another principal, opens an access request that
 * other principals approve (`/v1/access-requests`); the CLI is the bootstrap path.
 */
export function keyRoutes(keys: KeysStore, principals: PrincipalsStore) {
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const admin = { scope: 'admin' } as const;
    r.post(
      '/v1/api-keys',
      {
        config: { ...admin, outcome: 'api_key.create' },
        schema: {
          tags,
          summary: 'Create an API key; its token is in this response only',
          description:
            'For the caller’s own principal (default) without a privileged scope, the key is active at once (201). A key holding `review`, `policy:approve` or `admin`, or for another principal (`principalId`), is created `pending` behind an access request (202): it authenticates nothing until `auth.approvalsRequired` other principals approve it.',
          body: keyBody.extend({
            principalId: z
              .string()
              .max(100)
              .optional()
              .describe('prn_…: the principal the key is for (default: the caller’s)'),
            note: note.optional(),
          }),
          response: {
            201: apiKeySchema.extend({ token, accessRequest: z.null() }),
            202: apiKeySchema.extend({ token, accessRequest: accessRequestSchema }),
            404: problem,
            409: problem,
          },
        },
      },
      async (req, reply) => {
        const { status, body } = await principals.requestKey(req.body, req.apiKey!);
        return reply.code(status).send(body);
      },
    );
    r.get(
      '/v1/api-keys',
      {
        config: admin,
        schema: {
          tags,
          summary: 'List API keys (never their secrets), newest first',
          querystring: z.object({
            principalId: z.string().max(100).optional(),
            ...pageQuery(z.string().regex(idPattern('key'), 'an API key id (key_…)')),
          }),
          response: {
            200: z
              .object({ object: z.literal('list'), data: z.array(apiKeySchema), hasMore: z.boolean() })
              .meta({ id: 'ApiKeyList' }),
          },
        },
      },
      async (req) => {
        const { principalId, limit, startingAfter } = req.query;
        const page = await keys.page({
          limit,
          ...(principalId ? { principalId } : {}),
          ...(startingAfter ? { startingAfter } : {}),
        });
        return { object: 'list' as const, data: page.data.map(apiKeyResource), hasMore: page.hasMore };
      },
    );
    r.post(
      '/v1/api-keys/:id/revoke',
      {
        config: { ...admin, outcome: 'api_key.revoke' },
        schema: {
          tags,
          summary: 'Revoke an API key at once',
          params: z.object({ id: z.string() }),
          response: { 200: apiKeySchema, 404: problem },
        },
      },
      async (req) => apiKeyResource(await keys.revoke(req.params.id, req.apiKey!.id)),
    );

    r.get(
      '/v1/principals',
      {
        config: admin,
        schema: {
          tags: accessTags,
          summary: 'List principals (operators and services), newest first',
          querystring: z.object(pageQuery(z.string().regex(idPattern('prn'), 'a principal id (prn_…)'))),
          response: {
            200: z
              .object({ object: z.literal('list'), data: z.array(principalSchema), hasMore: z.boolean() })
              .meta({ id: 'PrincipalList' }),
          },
        },
      },
      async (req) => ({
        object: 'list' as const,
        ...(await principals.page(req.query.limit, req.query.startingAfter)),
      }),
    );
    r.post(
      '/v1/principals',
      {
        config: { ...admin, outcome: 'principal.request' },
        schema: {
          tags: accessTags,
          summary: 'Ask for a new principal (and optionally its first key)',
          description:
            'The principal (and key) are created `pending` behind an access request (202) and act only once `auth.approvalsRequired` other principals approve it. The key’s token is in this response only. The first operators are created with the CLI instead (`keel principals create`).',
          body: z.strictObject({
            name: endUserIdSchema(200).describe(
              'Shown to approvers: visible text, no control or format characters (src/lib/user-id.ts)',
            ),
            kind: z.enum(['operator', 'service']),
            key: keyBody.optional(),
            note: note.optional(),
          }),
          response: {
            202: z.object({
              principal: principalSchema,
              accessRequest: accessRequestSchema,
              apiKey: apiKeySchema.extend({ token }).nullable(),
            }),
            422: problem,
          },
        },
      },
      async (req, reply) => reply.code(202).send(await principals.requestPrincipal(req.body, req.apiKey!)),
    );
    r.get(
      '/v1/principals/lookup',
      {
        config: { anyKey: true },
        schema: {
          tags: accessTags,
          summary: 'Who is behind key and principal ids you already hold',
          description:
            'Any valid key. For each id (key_… or prn_…, as resources carry them in createdBy, decidedBy, trippedBy, approvals), the principal’s id, name and kind; null for `system`, `cli` and unknown ids. The dashboard shows names this way.',
          querystring: z.object({
            ids: z
              .string()
              .max(5_000)
              .transform((v) => [
                ...new Set(
                  v
                    .split(',')
                    .map((x) => x.trim())
                    .filter(Boolean),
                ),
              ])
              .pipe(z.array(z.string().max(100)).min(1).max(100)),
          }),
          response: {
            200: z.object({
              object: z.literal('list'),
              data: z.array(z.object({ id: z.string(), principal: principalRef.nullable() })),
            }),
          },
        },
      },
      async (req) => ({ object: 'list' as const, data: await principals.lookup(req.query.ids) }),
    );
    r.get(
      '/v1/principals/:id',
      {
        config: admin,
        schema: {
          tags: accessTags,
          summary: 'One principal with its API keys (never their secrets)',
          params: z.object({ id: z.string().max(100) }),
          response: { 200: principalSchema.extend({ apiKeys: z.array(apiKeySchema) }), 404: problem },
        },
      },
      async (req) => principals.get(req.params.id),
    );

    r.get(
      '/v1/access-requests',
      {
        config: admin,
        schema: {
          tags: accessTags,
          summary: 'Access requests, newest first',
          querystring: z.object({
            status: z.enum(['pending', 'approved', 'rejected']).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
            startingAfter: z.string().max(100).optional().describe('The id of the last request of the previous page'),
          }),
          response: {
            200: z
              .object({ object: z.literal('list'), data: z.array(accessRequestSchema), hasMore: z.boolean() })
              .meta({ id: 'AccessRequestList' }),
          },
        },
      },
      async (req) => ({
        object: 'list' as const,
        ...(await principals.listRequests(req.query.status, req.query.limit, req.query.startingAfter)),
      }),
    );
    r.get(
      '/v1/access-requests/:id',
      {
        config: admin,
        schema: {
          tags: accessTags,
          summary: 'One access request with its decisions',
          params: z.object({ id: z.string().max(100) }),
          response: { 200: accessRequestSchema, 404: problem },
        },
      },
      async (req) => principals.request(req.params.id),
    );
    r.post(
      '/v1/access-requests/:id/approve',
      {
        config: { ...admin, outcome: 'access_request.approve' },
        schema: {
          tags: accessTags,
          summary: 'Approve an access request',
          description:
            'Counts once per principal, whichever of its keys calls. Refused with 403 `self_approval` for the principal that asked and the principal receiving the access, 409 `already_decided` when this principal decided already, 409 `request_closed` once approved or rejected. At the last approval needed, the principal and/or key become active.',
          params: z.object({ id: z.string().max(100) }),
          body: z.strictObject({ note: note.optional() }).default({}),
          response: { 200: accessRequestSchema, 403: problem, 404: problem, 409: problem },
        },
      },
      async (req) => principals.approve(req.params.id, req.apiKey!, req.body.note ?? null),
    );
    r.post(
      '/v1/access-requests/:id/reject',
      {
        config: { ...admin, outcome: 'access_request.reject' },
        schema: {
          tags: accessTags,
          summary: 'Reject an access request (a note is required)',
          description:
            'Closes it: its pending principal and key are rejected and never act. The requester may withdraw its own request this way.',
          params: z.object({ id: z.string().max(100) }),
          body: z.strictObject({ note: note.min(1) }),
          response: { 200: accessRequestSchema, 404: problem, 409: problem },
        },
      },
      async (req) => principals.reject(req.params.id, req.apiKey!, req.body.note),
    );
  };
}

const meSchema = z
  .object({
    object: z.literal('api_key_identity'),
    id: z.string().describe('key_…'),
    name: z.string(),
    scopes: z.array(z.string()).describe('What this key may do; the dashboard shows only what these scopes allow'),
    principal: principalRef.describe('Who the key belongs to: reviews and approvals count this principal, not the key'),
    createdAt: z.string(),
  })
  .meta({ id: 'ApiKeyIdentity' });

/**
 * `GET /v1/me`: the calling key's id, name, scopes and principal. Any valid key may call it
 * (no scope needed), so a client such as the dashboard can check a key at sign-in and show
 * only what the key is allowed to do.
 */
export function meRoutes() {
  return (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/v1/me',
      {
        config: { anyKey: true },
        schema: { tags, summary: 'The calling API key: id, name, scopes and principal', response: { 200: meSchema } },
      },
      async (req) => {
        const k = req.apiKey!;
        return {
          object: 'api_key_identity' as const,
          id: k.id,
          name: k.name,
          scopes: k.scopes,
          principal: k.principal,
          createdAt: k.createdAt.toISOString(),
        };
      },
    );
  };
}
