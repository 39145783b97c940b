import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KeelError } from '../lib/errors.ts';
import { cursorQuery, nextCursorSchema, pageCursor } from '../lib/pagination.ts';
import { canReadEventType, EVENT_TYPE_NAMES, EVENT_TYPES, readScopesOf } from './catalogue.ts';
import type { EventsStore } from './store.ts';

export const eventSchema = z
  .object({
    id: z.string().describe('evt_…; also the `webhook-id` of every delivery of this event'),
    object: z.literal('event'),
    type: z.enum(EVENT_TYPE_NAMES as [string, ...string[]]),
    timestamp: z
      .string()
      .describe(
        'When the event happened (ISO-8601 UTC; the same instant as `createdAt`): the Standard Webhooks payload shape `{ type, timestamp, data }`',
      ),
    apiVersion: z.number().int(),
    createdAt: z.string(),
    data: z.object({ object: z.unknown().describe('The full resource as it was when the event happened') }),
  })
  .describe('An event; webhook deliveries carry exactly this JSON as their body')
  .meta({ id: 'Event' });

const eventListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(eventSchema),
    hasMore: z.boolean(),
    nextCursor: nextCursorSchema,
  })
  .meta({ id: 'EventList' });

/**
 * `GET /v1/events` (cursor pagination, commit-safe: a backend that polls with `startingAfter` never
 * misses an event), `GET /v1/events/:id` and the catalogue `GET /v1/event-types`.
 */
export function eventRoutes(events: EventsStore) {
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/v1/events',
      {
        config: { scope: 'events:read' },
        schema: {
          tags: ['events'],
          summary: 'List events in commit order',
          description:
            'Events oldest first, only of types whose resources the calling key may read (`transaction.*` needs transactions:read, `payment_intent.*` payments:read…: the catalogue lists each). Asking for a type the key may not read answers 403 `event_type_not_readable`. Pass the last id you processed as `startingAfter` to continue; an event whose transaction commits late is never skipped (events only become visible once every earlier writer has finished).',
          querystring: z.object({
            type: z
              .string()
              .optional()
              .describe('Comma-separated event types')
              .transform((s) =>
                s
                  ? s
                      .split(',')
                      .map((t) => t.trim())
                      .filter(Boolean)
                  : undefined,
              )
              .pipe(
                z
                  .array(
                    z.enum(EVENT_TYPE_NAMES as [string, ...string[]], {
                      message: `unknown event type; known: ${EVENT_TYPE_NAMES.join(', ')}`,
                    }),
                  )
                  .optional(),
              ),
            ...cursorQuery(z.string().regex(/^evt_[0-9a-z]{26}$/, 'an event id (evt_…)')),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: eventListSchema },
        },
      },
      async (req) => {
        const scopes = req.apiKey!.scopes;
        const unreadable = (req.query.type ?? []).filter((t) => !canReadEventType(scopes, t));
        if (unreadable.length) {
          throw new KeelError(
            'event_type_not_readable',
            `this API key may not read ${unreadable.join(', ')} (it needs one of: ${[...new Set(unreadable.flatMap((t) => readScopesOf(t)))].join(', ')})`,
            {
              extra: { eventTypes: unreadable },
            },
          );
        }
        const page = await events.list({
          ...(req.query.type ? { types: req.query.type } : {}),
          ...pageCursor(req.query),
          limit: req.query.limit,
          scopes,
        });
        return { object: 'list' as const, ...page };
      },
    );
    r.get(
      '/v1/events/:id',
      {
        config: { scope: 'events:read' },
        schema: {
          tags: ['events'],
          summary: 'One event (404 when the calling key may not read its type)',
          params: z.object({ id: z.string() }),
          response: { 200: eventSchema },
        },
      },
      async (req) => events.get(req.params.id, req.apiKey!.scopes),
    );
    r.get(
      '/v1/event-types',
      {
        config: { scope: 'events:read' },
        schema: {
          tags: ['events'],
          summary: 'The event catalogue',
          response: {
            200: z.object({
              object: z.literal('list'),
              data: z.array(
                z.object({
                  type: z.string(),
                  description: z.string(),
                  resource: z.string(),
                  readScopes: z.array(z.string()).describe('Any one of these scopes reads (and receives) this type'),
                }),
              ),
            }),
          },
        },
      },
      async () => ({
        object: 'list' as const,
        data: Object.entries(EVENT_TYPES).map(([type, info]) => ({
          type,
          ...info,
          readScopes: [...readScopesOf(type)],
        })),
      }),
    );
  };
}
