import { describe, expect, it } from 'vitest';
import { groupReviews, largestUsd, sharedPreview } from './review-groups.ts';
import type { Transaction } from './types.ts';

const reason = (code: string, message = code) => ({ code, message, userMessage: `u:${code}` });
function tx(
  id: string,
  batch: { id: string; index: number } | null,
  amountUsd: string | null,
  codes: string[],
): Transaction {
  return {
    id,
    batch,
    amountUsd,
    decision: { outcome: 'review', reasons: codes.map((c) => reason(c)), policyVersion: 1, allowedBy: [] },
  } as unknown as Transaction;
}

describe('review queue groups', () => {
  it('puts the waiting members of a batch into one group in batch order, where its first member stood', () => {
    const list = [
      tx('tx_a', null, '50', ['review_amount']),
      tx('tx_swap', { id: 'tx_appr', index: 1 }, '12000', ['review_amount', 'review_contract']),
      tx('tx_b', null, null, ['first_time_destination']),
      tx('tx_appr', { id: 'tx_appr', index: 0 }, '12000.5', ['review_amount']),
    ];
    const groups = groupReviews(list);
    expect(groups.map((g) => g.members.map((m) => m.id))).toEqual([['tx_a'], ['tx_appr', 'tx_swap'], ['tx_b']]);
    expect(groups[1]!.lead.id).toBe('tx_appr');
    // Each reason once, in member order.
    expect(groups[1]!.reasons.map((r) => r.code)).toEqual(['review_amount', 'review_contract']);
    // The value at stake, not the sum of an approval and the swap that spends it.
    expect(groups[1]!.amountUsd).toBe('12000.5');
    expect(groups[2]!.amountUsd).toBeNull();
  });

  it('shows a batch preview once when every member carries the same one', () => {
    const preview = (texts: string[]) => ({
      lines: texts.map((text, index) => ({ index, text, warnings: [] })),
      fee: { usd: null, text: 'fee' },
      balanceChanges: [],
      finality: { text: '', estimatedSeconds: 0 },
      summary: '',
    });
    const withPreview = (t: Transaction, p: ReturnType<typeof preview> | null) => ({ ...t, preview: p }) as Transaction;
    const a = withPreview(tx('tx_1', { id: 'tx_1', index: 0 }, null, []), preview(['approve', 'swap']));
    const b = withPreview(tx('tx_2', { id: 'tx_1', index: 1 }, null, []), preview(['approve', 'swap']));
    expect(sharedPreview(groupReviews([a, b])[0]!)?.lines.map((l) => l.text)).toEqual(['approve', 'swap']);
    const other = withPreview(b, preview(['approve', 'something else']));
    expect(sharedPreview(groupReviews([a, other])[0]!)).toBeNull();
    expect(sharedPreview(groupReviews([a])[0]!)).toBeNull(); // a lone transaction: its own preview
  });

  it('compares USD strings exactly', () => {
    expect(largestUsd(['9.999999', '10', null])).toBe('10');
    expect(largestUsd(['100000000000000000000.01', '100000000000000000000.001'])).toBe('100000000000000000000.01');
    expect(largestUsd(['-5', '-4.5'])).toBe('-4.5');
    expect(largestUsd([null, null])).toBeNull();
  });
});
