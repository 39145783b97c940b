import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cursorQuery, nextCursorSchema, pageCursor } from '../lib/pagination.ts';
import { AUDIT_ACTIONS, parseAnchor, type AuditStore } from './store.ts';

const hex64 = z.string().describe('sha256, 64 hex characters');

const entrySchema = z
  .object({
    id: z.string().describe('aud_…'),
    object: z.literal('audit_entry'),
    seq: z.number().int().describe('Position in the chain: 1, 2, 3… without gaps'),
    at: z.string().describe('UTC ISO-8601 time the entry was written (milliseconds)'),
    actor: z.string().describe('Who: an API key id (key_…), cli, system or worker'),
    actorPrincipal: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .optional()
      .describe('The principal of the actor key (prn_…), resolved when read; not covered by `hash`'),
    action: z.string().describe(
      `What: ${Object.keys(AUDIT_ACTIONS)
        .map((a) => `\`${a}\``)
        .join(', ')}`,
    ),
    subject: z.string().nullable().describe('The id of the resource acted on'),
    details: z.record(z.string(), z.unknown()).describe('Facts about the change; never secrets'),
    prevHash: hex64.describe('Hash of entry seq-1 (64 zeros for entry 1)'),
    hash: hex64.describe(
      'sha256 of the canonical JSON (RFC 8785) of {seq, id, at, actor, action, subject, details, prev_hash}',
    ),
  })
  .describe('One entry of the hash-chained audit log')
  .meta({ id: 'AuditLogEntry' });

const auditListSchema = z
  .object({ object: z.literal('list'), data: z.array(entrySchema), hasMore: z.boolean(), nextCursor: nextCursorSchema })
  .meta({ id: 'AuditLogEntryList' });

const verifySchema = z.union([
  z.object({
    ok: z.literal(true),
    entries: z.number().int(),
    head: z
      .object({ seq: z.number().int(), hash: hex64 })
      .nullable()
      .describe('The last entry: record it elsewhere and pass it back as `anchor` later'),
  }),
  z.object({
    ok: z.literal(false),
    firstBadSeq: z.number().int(),
    problem: z.enum(['hash_mismatch', 'missing_entry', 'prev_hash_mismatch']),
    detail: z.string(),
  }),
]);

const filter = (what: string) => z.string().min(1).max(200).optional().describe(what);

/**
 * `GET /v1/audit-log` (newest first by default, cursor pagination, filters) and
 * `GET /v1/audit-log/verify` (walks the hash chain). Both need the `audit:read` scope.
 */
export function auditRoutes(store: AuditStore) {
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const config = { scope: 'audit:read' } as const;
    const tags = ['audit'];
    r.get(
      '/v1/audit-log',
      {
        config,
        schema: {
          tags,
          summary: 'List audit log entries',
          description:
            'Newest first (`order=desc`, the default) or oldest first (`order=asc`, for exporters tailing the log). Pass the last id of a page as `startingAfter` for the next one (in the same order).',
          querystring: z.object({
            ...cursorQuery(z.string().regex(/^aud_[0-9a-z]{26}$/, 'an audit entry id (aud_…)')),
            limit: z.coerce.number().int().min(1).max(500).default(100),
            order: z.enum(['asc', 'desc']).default('desc'),
            action: filter('Only this action, e.g. api_key.created'),
            actor: filter('Only this actor, e.g. a key id'),
            principal: filter('Only entries made with any key of this principal (prn_…)'),
            subject: filter('Only entries about this resource id'),
          }),
          response: { 200: auditListSchema },
        },
      },
      async (req) => ({ object: 'list' as const, ...(await store.list({ ...req.query, ...pageCursor(req.query) })) }),
    );
    r.get(
      '/v1/audit-log/verify',
      {
        config,
        schema: {
          tags,
          summary: 'Verify the audit hash chain',
          description:
            'Walks every entry from seq 1 and answers either `ok: true` with the count and the head, or the first missing, altered or replaced entry. With `anchor=<seq>:<hash>` (a head recorded earlier) it also detects entries removed from the end.',
          querystring: z.object({
            anchor: z
              .string()
              .optional()
              .describe('A head recorded earlier, `<seq>:<hash>`: the log must still reach it unchanged')
              .transform((s, ctx) => {
                if (s === undefined) return undefined;
                const a = parseAnchor(s);
                if (!a) ctx.addIssue({ code: 'custom', message: 'an anchor is <seq>:<64 hex characters>' });
                return a;
              }),
          }),
          response: { 200: verifySchema },
        },
      },
      async (req) => store.verify({ anchor: req.query.anchor }),
    );
  };
}
