import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EVENT_TYPE_NAMES } from '../events/catalogue.ts';
import { idPattern } from '../lib/ids.ts';
import { cursorQuery, nextCursorSchema, pageCursor, pageQuery } from '../lib/pagination.ts';
import { DELIVERY_STATUSES, type DeliveryLog } from './delivery-log-store.ts';
import type { EndpointsStore } from './endpoints-store.ts';
import type { WebhookActor } from './ownership.ts';
import { requestActor } from '../auth/actor.ts';

/** Request and response schemas of the webhook API (they also generate its OpenAPI). */

const eventTypesDoc = `Event types to receive: any of ${EVENT_TYPE_NAMES.map((t) => `\`${t}\``).join(', ')}, or \`*\` for every type`;
const url = z
  .string()
  .max(2_048)
  .describe(
    'Where deliveries are POSTed: https (http only when webhooks.allowHttp), resolving to public addresses only',
  );
const eventTypes = z.array(z.string().max(100)).min(1).max(100).describe(eventTypesDoc);
const description = z.string().max(500);
const isoTime = z.string().describe('UTC ISO-8601 time');

const endpointSchema = z
  .object({
    id: z.string().describe('we_…'),
    object: z.literal('webhook_endpoint'),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()),
    status: z.enum(['enabled', 'disabled']),
    disabledReason: z
      .string()
      .nullable()
      .describe('gone (answered 410), failing (no success for webhooks.disableAfterHours) or operator'),
    disabledAt: isoTime.nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
    secretRotatedUntil: isoTime
      .optional()
      .describe('Present while the previous secret still signs deliveries after a rotation'),
    ownerPrincipal: z
      .string()
      .nullable()
      .describe('The principal that owns it (prn_…): only its keys, and admins, see and change it'),
  })
  .meta({ id: 'WebhookEndpoint' });
const secret = z.string().describe('Signing secret (whsec_…): shown only in this answer; store it now');

const attemptSchema = z
  .object({
    attempt: z.number().int(),
    startedAt: isoTime,
    durationMs: z.number().int(),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    responseBody: z
      .string()
      .nullable()
      .describe(
        'A sanitised excerpt of the response body (at most webhooks.responseBodyLimitBytes, secrets redacted); null unless the endpoint answered from a public address',
      ),
    responseBytes: z.number().int().nullable().describe('Size of the response body in bytes, when known'),
  })
  .meta({ id: 'WebhookDeliveryAttempt' });
const deliverySchema = z
  .object({
    id: z.string().describe('whd_…'),
    object: z.literal('webhook_delivery'),
    endpointId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    kind: z.enum(['event', 'replay', 'test']),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int().describe('Attempts made so far'),
    nextAttemptAt: isoTime,
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: isoTime.nullable(),
    createdAt: isoTime,
    attemptLog: z.array(attemptSchema).describe('Every attempt, oldest first'),
  })
  .meta({ id: 'WebhookDelivery' });

const deliveryListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(deliverySchema),
    hasMore: z.boolean(),
    nextCursor: nextCursorSchema,
  })
  .meta({ id: 'WebhookDeliveryList' });
const idParams = z.object({ id: z.string().max(200) });
const problem = z.object({ code: z.string(), detail: z.string() }).loose().describe('RFC 9457 problem+json');
const errors = { 403: problem, 404: problem, 409: problem, 422: problem };
const tags = ['webhooks'];

/**
 * The webhook API: endpoints (create with a one-time secret, list, get, update, disable,
 * delete, rotate the secret), the delivery log, manual retry, replay of a time range and
 * test deliveries. Every route needs the `webhooks:write` scope. An endpoint belongs to the
 * caller's principal: another principal's endpoints and deliveries answer 404, except to keys
 * that also hold `admin` (their changes are audited with the owner).
 */
export function webhookRoutes(deps: { endpoints: EndpointsStore; deliveries: DeliveryLog }) {
  const store = deps.endpoints;
  const log = deps.deliveries;
  return (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const config = { scope: 'webhooks:write' } as const;
    const who = (req: {
      apiKey?: { id: string; principalId: string; scopes: readonly string[] } | undefined;
    }): WebhookActor => ({
      ...requestActor(req),
      scopes: req.apiKey!.scopes,
    });

    app.post(
      '/v1/webhook-endpoints',
      {
        config: { ...config, outcome: 'webhook_endpoint.create' },
        schema: {
          tags,
          summary: 'Register a webhook endpoint',
          description:
            'Answers the endpoint with its signing secret, shown this once. Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). The endpoint belongs to the caller’s principal and receives only event types the calling key may read (`*`: all of those); listing a type it may not read answers 403 `event_type_not_readable`.',
          body: z.strictObject({ url, eventTypes, description: description.optional() }),
          response: { 201: endpointSchema.extend({ secret }), ...errors },
        },
      },
      async (req, reply) => {
        const { endpoint, secret } = await store.create(req.body, who(req));
        return reply.code(201).send({ ...endpoint, secret });
      },
    );

    app.get(
      '/v1/webhook-endpoints',
      {
        config,
        schema: {
          tags,
          summary: 'List the webhook endpoints of the caller’s principal (every endpoint for admins), newest first',
          querystring: z.object(pageQuery(z.string().regex(idPattern('we'), 'a webhook endpoint id (we_…)'))),
          response: {
            200: z
              .object({ object: z.literal('list'), data: z.array(endpointSchema), hasMore: z.boolean() })
              .meta({ id: 'WebhookEndpointList' }),
          },
        },
      },
      async (req) => ({
        object: 'list' as const,
        ...(await store.page(who(req), req.query.limit, req.query.startingAfter)),
      }),
    );

    app.get(
      '/v1/webhook-endpoints/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Get a webhook endpoint',
          params: idParams,
          response: { 200: endpointSchema, ...errors },
        },
      },
      async (req) => store.get(req.params.id, who(req)),
    );

    app.patch(
      '/v1/webhook-endpoints/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Update a webhook endpoint',
          description:
            'Change its URL, event types or description, disable it (status "disabled": publishes endpoint.disabled) or enable it again (clears the disabled reason and the failure clock; pending deliveries resume). Changing the URL or event types re-checks that the calling key may read every listed type (403 `event_type_not_readable`); the endpoint then receives what that key reads, and queued deliveries of other types are dropped.',
          params: idParams,
          body: z.strictObject({
            url: url.optional(),
            eventTypes: eventTypes.optional(),
            description: description.nullable().optional(),
            status: z.enum(['enabled', 'disabled']).optional(),
          }),
          response: { 200: endpointSchema, ...errors },
        },
      },
      async (req) => store.update(req.params.id, req.body, who(req)),
    );

    app.delete(
      '/v1/webhook-endpoints/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Delete a webhook endpoint',
          description: 'Its pending deliveries are no longer attempted.',
          params: idParams,
          response: { 204: z.null().describe('Deleted'), ...errors },
        },
      },
      async (req, reply) => {
        await store.delete(req.params.id, who(req));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/v1/webhook-endpoints/:id/rotate-secret',
      {
        config: { ...config, outcome: 'webhook_endpoint.rotate_secret' },
        schema: {
          tags,
          summary: 'Rotate the signing secret',
          description:
            'Answers the new secret (shown this once). Until previousSecretExpiresAt (webhooks.rotationOverlapHours) every delivery carries signatures of both secrets.',
          params: idParams,
          response: { 200: endpointSchema.extend({ secret, previousSecretExpiresAt: isoTime }), ...errors },
        },
      },
      async (req) => {
        const r = await store.rotateSecret(req.params.id, who(req));
        return { ...r.endpoint, secret: r.secret, previousSecretExpiresAt: r.previousSecretExpiresAt };
      },
    );

    app.get(
      '/v1/webhook-endpoints/:id/deliveries',
      {
        config,
        schema: {
          tags,
          summary: 'Delivery log of an endpoint',
          description:
            'Newest first, each delivery with every attempt: latency, response code, error and the start of the response body.',
          params: idParams,
          querystring: z.object({
            status: z.enum(DELIVERY_STATUSES).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
            ...cursorQuery(z.string().max(200)),
          }),
          response: { 200: deliveryListSchema, ...errors },
        },
      },
      async (req) => ({
        object: 'list' as const,
        ...(await log.deliveries(req.params.id, { ...req.query, ...pageCursor(req.query) }, who(req))),
      }),
    );

    app.post(
      '/v1/webhook-deliveries/:id/retry',
      {
        config: { ...config, outcome: 'webhook_delivery.retry' },
        schema: {
          tags,
          summary: 'Send a delivery again',
          description:
            'A failed or succeeded delivery goes back to pending, due now; a failed one gets one more attempt. 409 delivery_in_progress while it is pending or being delivered.',
          params: idParams,
          response: { 200: deliverySchema, ...errors },
        },
      },
      async (req) => log.retryDelivery(req.params.id, who(req)),
    );

    app.post(
      '/v1/webhook-endpoints/:id/replay',
      {
        config: { ...config, outcome: 'webhook_endpoint.replay' },
        schema: {
          tags,
          summary: 'Re-send the events of a time range',
          description:
            'Queues a delivery of kind replay for every event the endpoint receives (a subscribed type its key may read, as for live deliveries) created in [since, until]. At most 10,000 events per call (else 422: replay a smaller range).',
          params: idParams,
          body: z.strictObject({
            since: z.iso.datetime({ offset: true }),
            until: z.iso.datetime({ offset: true }).optional().describe('Default: now'),
          }),
          response: { 200: z.object({ replayed: z.number().int() }), ...errors },
        },
      },
      async (req) =>
        log.replay(
          req.params.id,
          new Date(req.body.since),
          req.body.until ? new Date(req.body.until) : new Date(),
          who(req),
        ),
    );

    app.post(
      '/v1/webhook-endpoints/:id/test',
      {
        config: { ...config, outcome: 'webhook_endpoint.test' },
        schema: {
          tags,
          summary: 'Send a test event to this endpoint',
          description:
            'Creates a webhook.test event and one delivery of kind test to this endpoint only; answers the queued delivery.',
          params: idParams,
          response: { 202: deliverySchema, ...errors },
        },
      },
      async (req, reply) => reply.code(202).send(await log.sendTest(req.params.id, who(req))),
    );
  };
}
