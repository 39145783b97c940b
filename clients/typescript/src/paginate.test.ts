import { describe, expect, it } from 'vitest';
import type { FetchResult } from './errors.ts';
import { listAll, type Page, paginate } from './paginate.ts';

type Item = { id: string };
const items = Array.from({ length: 7 }, (_, i) => ({ id: `pi_${String(i).padStart(2, '0')}` }));

/** A fake list endpoint over `items`, `limit` per page, recording each cursor it was asked for. */
function fakeList(limit: number) {
  const cursors: Array<string | undefined> = [];
  const fetchPage = async (startingAfter: string | undefined): Promise<FetchResult<Page<Item>>> => {
    cursors.push(startingAfter);
    const from = startingAfter === undefined ? 0 : items.findIndex((i) => i.id === startingAfter) + 1;
    const data = items.slice(from, from + limit);
    return { data: { data, hasMore: from + limit < items.length }, response: new Response(null, { status: 200 }) };
  };
  return { fetchPage, cursors };
}

describe('paginate / listAll', () => {
  it('walks every page, passing the last id as startingAfter, and stops on hasMore false', async () => {
    const { fetchPage, cursors } = fakeList(3);
    expect(await listAll(fetchPage)).toEqual(items);
    expect(cursors).toEqual([undefined, 'pi_02', 'pi_05']);
  });

  it('fetches lazily: breaking out of the loop fetches no further page', async () => {
    const { fetchPage, cursors } = fakeList(3);
    const seen: string[] = [];
    for await (const item of paginate(fetchPage)) {
      seen.push(item.id);
      if (seen.length === 4) break;
    }
    expect(seen).toEqual(['pi_00', 'pi_01', 'pi_02', 'pi_03']);
    expect(cursors).toEqual([undefined, 'pi_02']);
  });

  it('stops on an empty page even if it claims more', async () => {
    let calls = 0;
    const fetchPage = async (): Promise<FetchResult<Page<Item>>> => {
      calls++;
      return { data: { data: [], hasMore: true }, response: new Response(null, { status: 200 }) };
    };
    expect(await listAll(fetchPage)).toEqual([]);
    expect(calls).toBe(1);
  });

  it('throws KeelApiError for a failed page', async () => {
    const fetchPage = async (): Promise<FetchResult<Page<Item>>> => ({
      error: { code: 'rate_limited', detail: 'slow down' },
      response: new Response(null, { status: 429 }),
    });
    await expect(listAll(fetchPage)).rejects.toMatchObject({
      name: 'KeelApiError',
      code: 'rate_limited',
      retryable: true,
    });
  });
});
