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
