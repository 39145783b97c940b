/**
 * Cursor iteration over Keel's lists, which all page the same way (docs/api.md): `limit` and
 * `startingAfter` (the id of the last item of the previous page) in, `data` and `hasMore` out.
 */
import { type FetchResult, unwrap } from './errors.ts';

/** One page of a Keel list. */
export interface Page<Item> {
  data: Item[];
  hasMore: boolean;
}

/**
 * Every item of a list, page after page, fetched lazily as the loop consumes them:
 * ```ts
 * for await (const intent of paginate((startingAfter) =>
 *   keel.GET('/v1/payment-intents', { params: { query: { limit: 100, startingAfter } } }),
 * )) { … }
 * ```
 * A failed page throws `KeelApiError`. Stops when a page says `hasMore: false` (or is empty).
 */
export async function* paginate<Item extends { id: string }>(
  fetchPage: (startingAfter: string | undefined) => Promise<FetchResult<Page<Item>>>,
): AsyncGenerator<Item, void, undefined> {
  let cursor: string | undefined;
  for (;;) {
    const page = await unwrap(fetchPage(cursor));
    for (const item of page.data) yield item;
    const last = page.data.at(-1);
    if (!page.hasMore || last === undefined) return;
    cursor = last.id;
  }
}

/** Every item of a list in one array (for lists known to be small; prefer `paginate` otherwise). */
export async function listAll<Item extends { id: string }>(
  fetchPage: (startingAfter: string | undefined) => Promise<FetchResult<Page<Item>>>,
): Promise<Item[]> {
  const all: Item[] = [];
  for await (const item of paginate(fetchPage)) all.push(item);
  return all;
}
