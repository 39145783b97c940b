import { describe, expect, it } from 'vitest';
import { blockAt, headNumber, latestBlock, type Header } from './latest-block.ts';

/** A client whose `getBlock` answers when told to, counting requests. */
function fakeClient() {
  const waiting: Array<(b: Header) => void> = [];
  let requests = 0;
  const client = {
    getBlock: () => {
      requests++;
      return new Promise<Header>((resolve) => waiting.push(resolve));
    },
  } as unknown as Parameters<typeof latestBlock>[0];
  const answer = (n: bigint) => waiting.shift()!({ number: n, timestamp: 1000n + n } as Header);
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
      getBlock: () => (calls++ === 0 ? Promise.reject(new Error('down')) : Promise.resolve({ number: 3n } as Header)),
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

describe('headNumber and blockAt', () => {
  it('share in-flight reads of the same thing only', async () => {
    let numberReads = 0;
    const blockReads: bigint[] = [];
    const client = {
      getBlockNumber: async () => {
        numberReads++;
        return 5n;
      },
      getBlock: async ({ blockNumber }: { blockNumber: bigint }) => {
        blockReads.push(blockNumber);
        return { number: blockNumber } as Header;
      },
    } as unknown as Parameters<typeof blockAt>[0] & Parameters<typeof headNumber>[0];
    const [a, b] = await Promise.all([headNumber(client), headNumber(client)]);
    expect([a, b, numberReads]).toEqual([5n, 5n, 1]);
    await headNumber(client);
    expect(numberReads).toBe(2);
    const blocks = await Promise.all([blockAt(client, 1n), blockAt(client, 1n), blockAt(client, 2n)]);
    expect(blocks.map((x) => x.number)).toEqual([1n, 1n, 2n]);
    expect(blockReads).toEqual([1n, 2n]);
  });
});
