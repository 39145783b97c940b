import { describe, expect, it } from 'vitest';
import { pad, type Hex } from 'viem';
import {
  chainOrder,
  decodeTransferLog,
  defaultLeaseMs,
  findCommonAncestor,
  finalThrough,
  nextRange,
  nextSpan,
  pruneBelow,
  rangeInconsistency,
  TRANSFER_TOPIC,
  type BlockRef,
  type RpcLog,
} from './transfer-watcher-logic.ts';
import type { ObservedTransfer } from './transfer-watcher-types.ts';

const FROM = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const TO = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65';
const TOKEN = '0x97a7E38964F1caa587a5383EfCF7c4b0085D1750';
const hash = (n: number): Hex => pad(`0x${n.toString(16)}`, { size: 32 });

function log(over: Partial<RpcLog> = {}): RpcLog {
  return {
    address: TOKEN.toLowerCase() as Hex,
    topics: [TRANSFER_TOPIC, pad(FROM.toLowerCase() as Hex), pad(TO.toLowerCase() as Hex)],
    data: pad('0x0f4240'),
    blockNumber: '0x10',
    blockHash: hash(16),
    transactionHash: hash(999),
    logIndex: '0x2',
    ...over,
  };
}

describe('decodeTransferLog', () => {
  it('decodes an ERC-20 Transfer with checksummed addresses and a bigint amount', () => {
    expect(decodeTransferLog(31337, log())).toEqual({
      chainId: 31337,
      blockNumber: 16n,
      blockHash: hash(16),
      txHash: hash(999),
      logIndex: 2,
      token: TOKEN,
      from: FROM,
      to: TO,
      value: 1_000_000n,
    });
  });

  it('keeps amounts above 2^53 exact', () => {
    const big = 2n ** 200n + 1n;
    expect(decodeTransferLog(1, log({ data: pad(`0x${big.toString(16)}`) }))?.value).toBe(big);
  });

  it('skips ERC-721 transfers (token id indexed), removed and pending logs, and malformed ones', () => {
    const l = log();
    expect(decodeTransferLog(1, { ...l, topics: [...l.topics, hash(7)], data: '0x' })).toBeNull();
    expect(decodeTransferLog(1, { ...l, removed: true })).toBeNull();
    expect(decodeTransferLog(1, { ...l, blockHash: null, blockNumber: null })).toBeNull();
    expect(decodeTransferLog(1, { ...l, topics: [hash(1), l.topics[1]!, l.topics[2]!] })).toBeNull();
    expect(
      decodeTransferLog(1, { ...l, topics: [TRANSFER_TOPIC, hash(1).replace(/^0x00/, '0xff') as Hex, l.topics[2]!] }),
    ).toBeNull();
    expect(decodeTransferLog(1, { ...l, data: '0x01' })).toBeNull();
  });
});

describe('chainOrder', () => {
  it('orders by block, then log index', () => {
    const t = (b: bigint, i: number) => ({ blockNumber: b, logIndex: i }) as ObservedTransfer;
    const sorted = [t(5n, 1), t(3n, 9), t(5n, 0), t(3n, 2)].sort(chainOrder);
    expect(sorted.map((x) => `${x.blockNumber}:${x.logIndex}`)).toEqual(['3:2', '3:9', '5:0', '5:1']);
  });
});

describe('nextRange', () => {
  it('reads from the block after the checkpoint, at most logRange blocks, never past the head', () => {
    expect(nextRange(100n, 100n, 10)).toBeNull();
    expect(nextRange(100n, 99n, 10)).toBeNull();
    expect(nextRange(100n, 101n, 10)).toEqual({ fromBlock: 101n, toBlock: 101n });
    expect(nextRange(100n, 105n, 10)).toEqual({ fromBlock: 101n, toBlock: 105n });
    expect(nextRange(100n, 500n, 10)).toEqual({ fromBlock: 101n, toBlock: 110n });
    expect(nextRange(100n, 500n, 1)).toEqual({ fromBlock: 101n, toBlock: 101n });
  });
});

describe('nextSpan', () => {
  it('halves after a failed read down to one block, and doubles back up to logRange', () => {
    expect(nextSpan(2_000, 2_000, false)).toBe(1_000);
    expect(nextSpan(1, 2_000, false)).toBe(1);
    expect(nextSpan(1_000, 2_000, true)).toBe(2_000);
    expect(nextSpan(1_500, 2_000, true)).toBe(2_000);
    expect(nextSpan(2_000, 2_000, true)).toBe(2_000);
  });
});

describe('finalThrough', () => {
  const base = { finality: 'confirmations' as const, confirmations: 3, finalized: null };
  it('counts the block itself among its confirmations', () => {
    expect(finalThrough({ ...base, head: 100n, checkpoint: 100n })).toBe(98n);
    expect(finalThrough({ ...base, confirmations: 1, head: 100n, checkpoint: 100n })).toBe(100n);
  });
  it('is capped at the checkpoint and never negative', () => {
    expect(finalThrough({ ...base, head: 100n, checkpoint: 50n })).toBe(50n);
    expect(finalThrough({ ...base, confirmations: 0, head: 100n, checkpoint: 100n })).toBe(100n);
    expect(finalThrough({ ...base, head: 1n, checkpoint: 1n })).toBe(0n);
  });
  it('uses the finalized block for finality: finalized', () => {
    expect(finalThrough({ ...base, finality: 'finalized', finalized: 60n, head: 100n, checkpoint: 100n })).toBe(60n);
    expect(finalThrough({ ...base, finality: 'finalized', finalized: 60n, head: 100n, checkpoint: 40n })).toBe(40n);
    expect(finalThrough({ ...base, finality: 'finalized', finalized: null, head: 100n, checkpoint: 100n })).toBe(0n);
  });
});

describe('pruneBelow', () => {
  it('keeps the depth below the lower of checkpoint and final', () => {
    expect(pruneBelow(1000n, 990n, 256n)).toBe(734n);
    expect(pruneBelow(900n, 990n, 256n)).toBe(644n);
  });
});

describe('findCommonAncestor', () => {
  const stored = [
    { number: 10n, hash: hash(10) },
    { number: 8n, hash: hash(8) },
    { number: 5n, hash: hash(5) },
  ];
  it('returns the newest stored block whose hash is still canonical', () => {
    const canonical = new Map<bigint, string | null>([
      [10n, hash(110)],
      [8n, hash(8).toUpperCase().replace('0X', '0x')],
      [5n, hash(5)],
    ]);
    expect(findCommonAncestor(stored, canonical)?.number).toBe(8n);
  });
  it('treats missing blocks as not canonical and returns undefined when nothing matches', () => {
    expect(
      findCommonAncestor(
        stored,
        new Map([
          [10n, null],
          [8n, hash(1)],
        ]),
      ),
    ).toBeUndefined();
    expect(
      findCommonAncestor(
        stored,
        new Map([
          [10n, null],
          [5n, hash(5)],
        ]),
      )?.number,
    ).toBe(5n);
  });
});

describe('rangeInconsistency', () => {
  const ref = (n: number, h = hash(n), parent = hash(n - 1)): BlockRef => ({
    number: BigInt(n),
    hash: h,
    parentHash: parent,
  });
  const transfer = (n: number, h = hash(n)) => ({ blockNumber: BigInt(n), blockHash: h }) as ObservedTransfer;
  const ok = { checkpointHash: hash(10), fromBlock: 11n, toBlock: 20n, toHashBefore: hash(20) };
  const headers = new Map([
    [11n, ref(11)],
    [15n, ref(15)],
    [20n, ref(20)],
  ]);

  it('accepts a read where nothing moved', () => {
    expect(rangeInconsistency({ ...ok, headers, transfers: [transfer(15)] })).toBeNull();
  });
  it('refuses when the last block changed during the read', () => {
    expect(rangeInconsistency({ ...ok, toHashBefore: hash(1234), headers, transfers: [] })).toMatch(/changed/);
  });
  it('refuses when the first block does not follow the checkpoint', () => {
    expect(rangeInconsistency({ ...ok, checkpointHash: hash(4321), headers, transfers: [] })).toMatch(
      /does not follow/,
    );
  });
  it('refuses a log from another fork, and missing headers', () => {
    expect(rangeInconsistency({ ...ok, headers, transfers: [transfer(15, hash(77))] })).toMatch(/another fork/);
    expect(rangeInconsistency({ ...ok, headers, transfers: [transfer(16)] })).toMatch(/missing/);
    expect(rangeInconsistency({ ...ok, headers: new Map([[11n, ref(11)]]), transfers: [] })).toMatch(/missing/);
  });
});

describe('defaultLeaseMs', () => {
  it('is three poll intervals, at least five seconds', () => {
    expect(defaultLeaseMs(100)).toBe(5_000);
    expect(defaultLeaseMs(4_000)).toBe(12_000);
  });
});
