import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SCOPES } from '../auth/scopes.ts';
import { EVENT_TYPE_NAMES, EVENT_TYPES, readScopesOf } from '../events/catalogue.ts';
import { ERROR_CODE_NAMES } from '../lib/error-catalogue.ts';

/**
 * The OpenAPI document `/openapi.json` serves, completed centrally so no route has to repeat it
 * (docs/api.md): a stable verb-noun `operationId` on every operation, the scope each one needs
 * (`security` and `x-keel-scopes`), every error answer as `application/problem+json` with the one
 * `Problem` schema, `Idempotency-Key` on every POST, `servers`, named component schemas (zod
 * schemas registered with `.meta({ id })`), and a `webhooks` section with every event type's
 * payload. `test/openapi-lint.int.test.ts` lints the result with Redocly and fails on any problem.
 */

/** One field of a 422 answer. */
const fieldErrorSchema = z
  .object({
    field: z.string().describe('Where: `body.amount`, `querystring.limit`, `headers.idempotency-key`…'),
    code: z.string().describe('A stable code for this field’s fault (`too_small`, `invalid_format`…)'),
    message: z.string(),
  })
  .meta({ id: 'FieldError' });

/** RFC 9457 problem details as Keel sends them (src/api/problem.ts). */
export const problemSchema = z
  .looseObject({
    type: z.string().describe('`urn:keel:problem:<code>`'),
    title: z.string().describe('The HTTP status’s reason phrase'),
    status: z.number().int().describe('The HTTP status'),
    code: z
      .enum(ERROR_CODE_NAMES as [string, ...string[]])
      .describe('The stable machine code: the error catalogue (docs/errors.md) lists each'),
    detail: z.string().describe('What went wrong, for a developer (never internals)'),
    userMessage: z.string().describe('What an end user may be shown, unchanged'),
    instance: z.string().optional().describe('The request id (also the `x-request-id` header)'),
    errors: z.array(fieldErrorSchema).optional().describe('Each invalid field (422 `validation_failed`)'),
  })
  .describe(
    'An RFC 9457 problem. Some codes add members: `requiredScope` (403 `forbidden`), `retryAfterSeconds` (429), `eventTypes` (403 `event_type_not_readable`)…',
  )
  .meta({ id: 'Problem' });

/** What each error status means when an operation answers it (the catalogue's codes say more). */
const ERROR_STATUS_TEXT: Record<string, string> = {
  '400': 'The request could not be read (`bad_request`, `invalid_json`, `json_too_deep`, `invalid_url`)',
  '401': 'No API key, or an unknown, revoked or unapproved one (`unauthenticated`)',
  '403': 'The API key lacks the scope this operation needs (`forbidden`), or a rule refuses the caller',
  '404': 'No such resource, or not one the calling key may see (`not_found`)',
  '409':
    'Conflicts with the resource’s current state, or with a request still running under the same `Idempotency-Key`',
  '413': 'The body is larger than the server accepts (`payload_too_large`)',
  '414': 'A path parameter is too long (`uri_too_long`)',
  '415': 'The body is not JSON (`unsupported_media_type`)',
  '422': 'Invalid input (`validation_failed`, with `errors[]`), or an `Idempotency-Key` reused for another request',
  '429': 'Over the API key’s rate limit, or too many failed authentications (`rate_limited`; see `Retry-After`)',
  '500': 'An unexpected fault (`internal_error`); the log has the details under the request id',
  '502': 'An upstream service (RPC, partner) answered wrongly',
  '503': 'An upstream service (chain, RPC, partner) is not reachable; retry later',
};

const SUCCESS_TEXT: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted' };

/**
 * Operation ids where the rule in `operationIdFor` reads badly. Keys are `METHOD path` as the
 * document writes the path (`{id}` parameters). A change here is a breaking change for generated
 * clients: ids are part of the API's contract.
 */
const OPERATION_IDS: Record<string, string> = {
  'GET /health': 'getHealth',
  'GET /ready': 'getReadiness',
  'GET /metrics': 'getMetrics',
  'GET /v1/portfolio': 'getPortfolio',
  'GET /v1/me': 'getCurrentApiKey',
  'GET /v1/audit-log': 'listAuditLogEntries',
  'GET /v1/audit-log/verify': 'verifyAuditLog',
  'GET /v1/policy': 'getActivePolicy',
  'POST /v1/policy/evaluate': 'evaluatePolicy',
  'GET /v1/principals/lookup': 'lookUpPrincipals',
  'POST /v1/webhook-endpoints/{id}/rotate-secret': 'rotateWebhookEndpointSecret',
  'POST /v1/webhook-endpoints/{id}/test': 'sendWebhookEndpointTestEvent',
  'POST /v1/webhook-endpoints/{id}/replay': 'replayWebhookEndpointEvents',
  'POST /v1/webhook-deliveries/{id}/retry': 'retryWebhookDelivery',
  'GET /v1/reports/settlement': 'getSettlementReport',
  'GET /v1/checkout/{id}': 'getCheckout',
  'GET /v1/stats/overview': 'getStatsOverview',
  'GET /v1/transactions/{id}/balance-changes': 'getTransactionBalanceChanges',
  'POST /v1/swaps/quotes': 'createSwapQuote',
  'GET /v1/swaps/quotes/{id}': 'getSwapQuote',
  'POST /v1/breakers/{key}/trip': 'tripBreaker',
  'POST /v1/breakers/{key}/reset': 'resetBreaker',
};

const pascal = (segment: string) =>
  segment
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** `transactions` → `transaction`, `deliveries` → `delivery`, `addresses` → `address`. */
function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const ITEM_VERBS: Record<string, string> = { GET: 'get', PATCH: 'update', PUT: 'replace', DELETE: 'delete' };

/**
 * A stable verb-noun operation id from the method and path (`POST /v1/payment-intents` →
 * `createPaymentIntent`, `GET /v1/transactions` → `listTransactions`, `POST
 * /v1/transactions/{id}/cancel` → `cancelTransaction`), or the override in `OPERATION_IDS`.
 */
export function operationIdFor(method: string, path: string): string {
  const override = OPERATION_IDS[`${method} ${path}`];
  if (override) return override;
  const segments = path.split('/').filter((s) => s && s !== 'v1');
  const isParam = (s: string) => s.startsWith('{');
  const last = segments.at(-1)!;
  const nouns = segments.filter((s) => !isParam(s));
  // Every noun but the last names one thing of its collection (`/payment-intents/{id}/refunds`).
  const head = nouns
    .slice(0, -1)
    .map((n) => pascal(singular(n)))
    .join('');
  const lastNoun = nouns.at(-1)!;
  if (isParam(last)) return `${ITEM_VERBS[method] ?? method.toLowerCase()}${head}${pascal(singular(lastNoun))}`;
  const afterParam = segments.length >= 2 && isParam(segments.at(-2)!);
  if (method === 'POST' && afterParam && !lastNoun.endsWith('s')) {
    // An action on one resource: `/transactions/{id}/cancel`, `/api-keys/{id}/revoke`.
    return `${lastNoun.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}${head}`;
  }
  if (method === 'POST') return `create${head}${pascal(singular(lastNoun))}`;
  if (method === 'GET') return `list${head}${pascal(lastNoun)}`;
  return `${method.toLowerCase()}${head}${pascal(lastNoun)}`;
}

interface RouteLike {
  method: string | string[];
  url: string;
  config?: { scope?: string; public?: boolean; anyKey?: boolean };
}

type ResponseMap = Record<string, unknown>;

/** The path as the document writes it: `:id` → `{id}`. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

const problemResponse = (status: string) => ({
  description: ERROR_STATUS_TEXT[status] ?? 'An error (problem+json)',
  content: { 'application/problem+json': { schema: problemSchema } },
});

/**
 * The error answers an operation can give besides the ones its route declares: auth (401, 403,
 * 429) unless public, input faults (400, 413, 415, 422) when it reads input, 404 when it names
 * a resource by path, 409/422 for `Idempotency-Key` on a keyed POST, 500 always.
 */
function errorStatuses(route: RouteLike, method: string, schema: Record<string, unknown>): string[] {
  // Any request can be unreadable (a URL whose encoding does not decode) or fail unexpectedly.
  const statuses = new Set<string>(['400', '500']);
  const cfg = route.config ?? {};
  if (!cfg.public) {
    statuses.add('401');
    statuses.add('429');
    if (cfg.scope) statuses.add('403');
  } else if ((route.config as { rateLimit?: unknown } | undefined)?.rateLimit) {
    statuses.add('429');
  }
  if (schema.params) {
    statuses.add('404');
    statuses.add('414');
  }
  if (schema.querystring || schema.params || schema.body) statuses.add('422');
  if (schema.body) {
    statuses.add('413');
    statuses.add('415');
  }
  if (method === 'POST' && !cfg.public) {
    statuses.add('409');
    statuses.add('422');
  }
  return [...statuses];
}

/**
 * The per-route transform: operation id, security and scope, every error answer as problem+json,
 * then the zod provider's conversion. Works on a copy: the route's own schema (which serializes
 * its answers) is left as it is.
 */
export const openApiRouteTransform: SwaggerTransform = (args) => {
  const { schema, url, route } = args as unknown as {
    schema?: Record<string, unknown>;
    url: string;
    route: RouteLike;
  };
  if (!schema || schema.hide) return jsonSchemaTransform(args as never);
  const method = (Array.isArray(route.method) ? route.method[0]! : route.method).toUpperCase();
  const cfg = route.config ?? {};
  const responses: ResponseMap = { ...((schema.response as ResponseMap | undefined) ?? {}) };
  for (const status of Object.keys(responses)) if (Number(status) >= 400) responses[status] = problemResponse(status);
  for (const status of errorStatuses(route, method, schema)) responses[status] ??= problemResponse(status);
  // A route that declares no success schema answers text (`/metrics`).
  if (!Object.keys(responses).some((s) => s.startsWith('2'))) {
    responses['200'] = { description: 'Success', content: { 'text/plain': { schema: z.string() } } };
  }
  const scopes = cfg.scope ? [cfg.scope] : [];
  const copy: Record<string, unknown> = {
    ...schema,
    operationId: (schema.operationId as string | undefined) ?? operationIdFor(method, openApiPath(url)),
    response: responses,
    security: cfg.public ? [] : [{ bearerAuth: scopes }],
    'x-keel-scopes': scopes,
  };
  return jsonSchemaTransform({ ...args, schema: copy } as never);
};

type Json = Record<string, unknown>;
type Operation = Json & { parameters?: Json[]; responses?: Json; operationId?: string };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Schema components (zod registered ids) a resource name of the event catalogue is shown as. */
const RESOURCE_COMPONENTS: Record<string, string> = {
  transaction: 'TransactionResource',
  payment_intent: 'PaymentIntent',
  refund: 'Refund',
  swap: 'Swap',
  webhook_endpoint: 'WebhookEndpoint',
  api_key: 'ApiKey',
  principal: 'Principal',
  access_request: 'AccessRequest',
  breaker: 'Breaker',
  policy_version: 'PolicyVersion',
};

/** Standard Webhooks headers every delivery carries (docs/webhooks.md). */
const WEBHOOK_HEADERS = [
  {
    name: 'webhook-id',
    description: 'The event id (`evt_…`): the same on every attempt, so a receiver can deduplicate',
  },
  { name: 'webhook-timestamp', description: 'Seconds since the epoch when this attempt was signed' },
  {
    name: 'webhook-signature',
    description: '`v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint’s secret',
  },
].map((h) => ({ in: 'header', required: true, schema: { type: 'string' }, ...h }));

/** The `webhooks` section: one POST per event type, its body the event with that type's resource. */
function webhooks(schemas: Json): Json {
  const out: Json = {};
  for (const type of EVENT_TYPE_NAMES) {
    const info = EVENT_TYPES[type];
    const component = RESOURCE_COMPONENTS[info.resource];
    const resource =
      component && schemas[component]
        ? { $ref: `#/components/schemas/${component}` }
        : {
            type: 'object',
            properties: { object: { type: 'string', const: info.resource } },
            required: ['object'],
            additionalProperties: true,
          };
    out[type] = {
      post: {
        operationId: `on${pascal(type.replace('.', '_'))}`,
        summary: type,
        description: `${info.description}\n\nReceived by endpoints subscribed to \`${type}\` (or to every type); reading it needs one of: ${readScopesOf(type).join(', ')}.`,
        tags: ['webhooks'],
        security: [],
        parameters: WEBHOOK_HEADERS,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                allOf: [
                  { $ref: '#/components/schemas/Event' },
                  {
                    type: 'object',
                    properties: {
                      type: { type: 'string', const: type },
                      data: { type: 'object', properties: { object: resource }, required: ['object'] },
                    },
                  },
                ],
              },
            },
          },
        },
        responses: {
          '2XX': { description: 'Any 2xx answer acknowledges the delivery' },
          '410': { description: 'Gone: Keel disables the endpoint' },
          default: { description: 'Anything else (or no answer in time) is retried with backoff' },
        },
      },
    };
  }
  return out;
}

/** Drops components no `$ref` reaches (e.g. the `…Input` twin of a schema only answers use). */
function pruneComponents(doc: Json): void {
  const components = doc.components as Json & { schemas?: Json };
  const schemas = components.schemas ?? {};
  const reachable = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        const name = v.slice('#/components/schemas/'.length);
        if (!reachable.has(name)) {
          reachable.add(name);
          walk(schemas[name]);
        }
      } else walk(v);
    }
  };
  walk({ ...doc, components: { ...components, schemas: undefined } });
  for (const name of Object.keys(schemas)) if (!reachable.has(name)) delete schemas[name];
}

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the same key with the same body answers what the first request answered (kept 24 h); with another body, 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`. 1 to 255 visible ASCII characters, per API key.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
};

/**
 * The document transform: the zod provider's component schemas, then `servers`, the bearer
 * scheme with its scopes, `Idempotency-Key` on every keyed POST, the `webhooks` section, and no
 * component nothing refers to.
 */
export function openApiDocumentTransform(opts: { publicUrl?: string | undefined }) {
  const transform: SwaggerTransformObject = (args) => {
    const doc = jsonSchemaTransformObject(args as never) as Json & { paths: Record<string, Json> };
    doc.servers = [
      {
        url: opts.publicUrl ? opts.publicUrl.replace(/\/+$/, '') || '/' : '/',
        description: opts.publicUrl ? 'This Keel (server.publicUrl)' : 'The Keel serving this document',
      },
    ];
    const components = (doc.components ??= {}) as Json;
    components.securitySchemes = {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description: `A Keel API key: \`Authorization: Bearer keel_sk_…\`. A key holds scopes; each operation names the one it needs in its security requirement and in \`x-keel-scopes\` (none: any valid key). Scopes: ${SCOPES.map((s) => `\`${s}\``).join(', ')}. \`admin\` does not imply the others.`,
      },
    };
    components.parameters = { IdempotencyKey: IDEMPOTENCY_KEY };
    for (const item of Object.values(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method] as Operation | undefined;
        if (!op) continue;
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          const r = response as Json;
          if (r.description === 'Default Response') r.description = SUCCESS_TEXT[status] ?? 'Success';
        }
        // zod's `.meta({ deprecated: true })` marks the schema; OpenAPI wants it on the parameter.
        for (const p of op.parameters ?? []) {
          if ((p.schema as Json | undefined)?.deprecated) p.deprecated = true;
        }
        const keyed = Array.isArray(op.security) && op.security.length > 0;
        if (method === 'post' && keyed) {
          op.parameters = [...(op.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }];
        }
      }
    }
    const schemas = (components.schemas ??= {}) as Json;
    doc.webhooks = webhooks(schemas);
    pruneComponents(doc);
    return doc;
  };
  return transform;
}
