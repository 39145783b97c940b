import { z } from 'zod';
import { ValidationError } from './errors.ts';

/**
 * Keel's one pagination convention (docs/api.md): a list takes `limit` and `startingAfter` (the
 * id of the last item of the previous page) and answers `hasMore`. The lists that used to page
 * with `after` and answer `nextCursor` (events, the audit log, webhook deliveries) still accept
 * and answer them for one release, marked deprecated in the OpenAPI document.
 */

/** `startingAfter`, and its deprecated alias `after`, for a list whose ids match `id`. */
export function cursorQuery<T extends z.ZodType<string | undefined, string | undefined>>(id: T) {
  return {
    startingAfter: id.optional().describe('The id of the last item of the previous page: answers the items after it'),
    after: id.optional().meta({
      deprecated: true,
      description: 'Deprecated alias of `startingAfter` (removed in the next release)',
    }),
  };
}

/** The deprecated `nextCursor` of a page: the id of its last item (pass it as `startingAfter`). */
export const nextCursorSchema = z.string().nullable().meta({
  deprecated: true,
  description: 'Deprecated (removed in the next release): the last id of this page; pass it as `startingAfter`',
});

/**
 * The cursor a request names, and the parameter that named it (for a 422 about it); 422 when
 * both `startingAfter` and `after` are given and differ.
 */
export function pageCursor(q: { startingAfter?: string | undefined; after?: string | undefined }): {
  after?: string;
  cursorParam?: string;
} {
  if (q.startingAfter !== undefined && q.after !== undefined && q.startingAfter !== q.after) {
    throw new ValidationError('pass startingAfter or its deprecated alias after, not both', [
      { field: 'querystring.after', code: 'conflicting_cursor', message: 'startingAfter is given: drop after' },
    ]);
  }
  if (q.startingAfter !== undefined) return { after: q.startingAfter, cursorParam: 'startingAfter' };
  if (q.after !== undefined) return { after: q.after, cursorParam: 'after' };
  return {};
}

/** Page sizes of the small lists (keys, principals, webhook endpoints, policy versions, breakers). */
export const SMALL_LIST_PAGE = { byDefault: 100, max: 500 } as const;

/**
 * `limit` and `startingAfter` for a list whose cursors match `cursor` (an id, or a breaker's
 * key): the query of a list that pages, with its default and largest page size.
 */
export function pageQuery<T extends z.ZodType<string, string>>(
  cursor: T,
  opts: { size?: { byDefault: number; max: number }; cursor?: string } = {},
) {
  const size = opts.size ?? SMALL_LIST_PAGE;
  return {
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(size.max)
      .default(size.byDefault)
      .describe(`How many items a page holds (default ${size.byDefault}, at most ${size.max})`),
    startingAfter: cursor
      .optional()
      .describe(`The ${opts.cursor ?? 'id'} of the last item of the previous page: answers the items after it`),
  };
}

/**
 * A page from rows read with `limit + 1`: the first `limit` rows, and whether the extra row
 * showed there are more (one query, no count).
 */
export function pageOf<T>(rows: readonly T[], limit: number): { data: T[]; hasMore: boolean } {
  return { data: rows.slice(0, limit), hasMore: rows.length > limit };
}
