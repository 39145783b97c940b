import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EVENT_TYPE_NAMES, EVENT_TYPES } from './catalogue.ts';
import type { EventsStore } from './store.ts';

export const eventSchema = z
  .object({
    id: z.string().describe('evt_…; also the `webhook-id` of every delivery of this event'),
    object: z.literal('event'),
    type: z.enum(EVENT_TYPE_NAMES as [string, ...string[]]),
    apiVersion: z.number().int(),
    createdAt: z.string(),
    data: z.object({ object: z.unknown().describe('The full resource as it was when the event happened') }),
  })
  .describe('An event; webhook deliveries carry exactly this JSON as their body');

/**
 * `GET /v1/events` (cursor pagination, commit-safe: a backend that polls with `after` never
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
            'Events oldest first. Pass the last id you processed as `after` to continue; an event whose transaction commits late is never skipped (events only become visible once every earlier writer has finished).',
          querystring: z.object({
            type: z
              .string()
              .optional()
              .describe('Comma-separated event types')
              .transform((s) => (s ? s.split(',').map((t) => t.trim()).filter(Boolean) : undefined))
              .pipe(z.array(z.enum(EVENT_TYPE_NAMES as [string, ...string[]], { message: `unknown event type; known: ${EVENT_TYPE_NAMES.join(', ')}` })).optional()),
            after: z.string().regex(/^evt_[0-9a-z]{26}$/, 'an event id (evt_…)').optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.object({ object: z.literal('list'), data: z.array(eventSchema), hasMore: z.boolean(), nextCursor: z.string().nullable() }) },
        },
      },
      async (req) => {
        const page = await events.list({ ...(req.query.type ? { types: req.query.type } : {}), ...(req.query.after ? { after: req.query.after } : {}), limit: req.query.limit });
        return { object: 'list' as const, ...page };
      },
    );
    r.get(
      '/v1/events/:id',
      {
        config: { scope: 'events:read' },
        schema: { tags: ['events'], summary: 'One event', params: z.object({ id: z.string() }), response: { 200: eventSchema } },
      },
      async (req) => events.get(req.params.id),
    );
    r.get(
      '/v1/event-types',
      {
        config: { scope: 'events:read' },
        schema: {
          tags: ['events'],
          summary: 'The event catalogue',
          response: { 200: z.object({ object: z.literal('list'), data: z.array(z.object({ type: z.string(), description: z.string(), resource: z.string() })) }) },
        },
      },
      async () => ({ object: 'list' as const, data: Object.entries(EVENT_TYPES).map(([type, info]) => ({ type, ...info })) }),
    );
  };
}
