import { describe, expect, it } from 'vitest';
import { latestBlock, type LatestHeader } from './latest-block.ts';

/** A client whose `getBlock` answers when told to, counting requests. */
function fakeClient() {
  const waiting: Array<(b: LatestHeader) => void> = [];
  let requests = 0;
  const client = {
    getBlock: () => {
      requests++;
      return new Promise<LatestHeader>((resolve) => waiting.push(resolve));
    },
  } as unknown as Parameters<typeof latestBlock>[0];
  const answer = (n: bigint) => waiting.shift()!({ number: n, timestamp: 1000n + n } as LatestHeader);
  return { client, answer, requests: () => requests };
}

describe('latestBlock', () => {
  it('shares one request between callers that ask while it is in flight', async () => {
    const f = fakeClient();
    const a = latestBlock(f.client);
    const b = latestBlock(f.client);
    expect(f.requests()).toBe(1);
    f.answer(7n);
    expect((await a).number).toBe(7n);
    expect((await b).number).toBe(7n);
  });

  it('keeps nothing once answered: the next caller sees the head that moved', async () => {
    const f = fakeClient();
    const first = latestBlock(f.client);
    f.answer(7n);
    await first;
    const next = latestBlock(f.client);
    expect(f.requests()).toBe(2);
    f.answer(8n);
    expect((await next).number).toBe(8n);
  });

  it('does not share between clients, and a failure is not kept', async () => {
    let calls = 0;
    const failing = {
      getBlock: () => (calls++ === 0 ? Promise.reject(new Error('down')) : Promise.resolve({ number: 3n } as LatestHeader)),
    } as unknown as Parameters<typeof latestBlock>[0];
    await expect(latestBlock(failing)).rejects.toThrow('down');
    expect((await latestBlock(failing)).number).toBe(3n);
    const f = fakeClient();
    const g = fakeClient();
    void latestBlock(f.client);
    void latestBlock(g.client);
    expect([f.requests(), g.requests()]).toEqual([1, 1]);
  });
});
