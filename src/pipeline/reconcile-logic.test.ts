import { describe, expect, it } from 'vitest';
import {
  blockEvidence,
  firstNotOnChain,
  lostNonces,
  suspicionKey,
  verdict,
  type NonceHolder,
} from './reconcile-logic.ts';

const b = (n: number, hash = `0x${n.toString(16).padStart(4, '0')}`) => ({ number: BigInt(n), hash });

describe('blockEvidence', () => {
  it('same, changed (another hash at that height) or missing (above the head, or no block)', () => {
    expect(blockEvidence(b(10, '0xAB'), 20n, '0xab')).toBe('same');
    expect(blockEvidence(b(10, '0xab'), 20n, '0xcd')).toBe('changed');
    expect(blockEvidence(b(10), 9n, null)).toBe('missing');
    expect(blockEvidence(b(10), 9n, '0x000a')).toBe('missing'); // above the head whatever a node answered
    expect(blockEvidence(b(10), 20n, null)).toBe('missing');
  });
});

describe('firstNotOnChain', () => {
  const recorded = [1, 3, 4, 8, 9, 12, 15, 20].map((n) => b(n));
  it('finds the boundary by bisection, reading O(log n) blocks', async () => {
    for (let boundary = 0; boundary <= recorded.length; boundary++) {
      const reads: number[] = [];
      const i = await firstNotOnChain(recorded, async (x) => {
        reads.push(Number(x.number));
        return recorded.indexOf(x) < boundary;
      });
      expect(i).toBe(boundary);
      expect(reads.length).toBeLessThanOrEqual(4); // ⌈log2(8 + 1)⌉
    }
  });
  it('an empty record has nothing off the chain', async () => {
    expect(await firstNotOnChain([], async () => false)).toBe(0);
  });
});

describe('verdict', () => {
  it('a changed block is proof at once', () => {
    expect(verdict({ changed: true, missing: b(9), suspectedBefore: null })).toEqual({
      verdict: 'rolled_back',
      suspicion: null,
    });
  });
  it('nothing changed or missing is consistent', () => {
    expect(verdict({ changed: false, missing: null, suspectedBefore: 'x' })).toEqual({
      verdict: 'consistent',
      suspicion: null,
    });
  });
  it('a head below recorded blocks is a suspicion, proof only when the next pass sees the same', () => {
    const first = verdict({ changed: false, missing: b(30), suspectedBefore: null });
    expect(first).toEqual({ verdict: 'suspect', suspicion: suspicionKey(b(30)) });
    expect(verdict({ changed: false, missing: b(30), suspectedBefore: first.suspicion }).verdict).toBe('rolled_back');
    // Another block missing now (records moved on meanwhile): a new suspicion, not proof.
    expect(verdict({ changed: false, missing: b(31), suspectedBefore: first.suspicion }).verdict).toBe('suspect');
  });
});

describe('lostNonces', () => {
  const row = (nonce: number, over: Partial<NonceHolder> = {}): NonceHolder => ({
    nonce,
    status: 'broadcast',
    txStatus: 'submitted',
    txNonce: nonce,
    txMined: false,
    ...over,
  });
  it('keeps nonces someone will send again: live holders, and final ones with a receipt (re-submitted)', () => {
    expect(
      lostNonces([
        row(5),
        row(6, { txStatus: 'signed' }),
        row(7, { txStatus: 'confirmed', txMined: true }),
        row(8, { txStatus: 'cancelled', txMined: true }),
      ]),
    ).toEqual([]);
  });
  it('reopens gap fillers, failed holders, holders that moved to another nonce, and skipped nonces', () => {
    expect(
      lostNonces([
        row(9, { txStatus: null }), // gap filler: its bytes are not stored
        row(5, { txStatus: 'failed' }),
        row(6, { txStatus: 'submitted', txNonce: 12 }),
        row(7, { status: 'skipped', txStatus: 'queued', txNonce: null }),
        row(8, { txStatus: 'confirmed', txMined: false }),
      ]),
    ).toEqual([5, 6, 7, 8, 9]);
  });
});
