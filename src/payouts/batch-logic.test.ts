import { describe, expect, it } from 'vitest';
import { chunk, estimatedGas, recipientsPerTx } from './batch-logic.ts';
import { previewRun, runStatusOf, usd8Of } from './run-logic.ts';

const sizing = { maxRecipientsPerTx: 200, maxGasPerTx: 6_000_000, gasPerRecipient: 30_000 };

describe('batch and run logic', () => {
  it('sizes payout transactions by count and by gas', () => {
    expect(recipientsPerTx(sizing)).toBe(198);
    expect(recipientsPerTx({ ...sizing, maxRecipientsPerTx: 50 })).toBe(50);
    expect(chunk([1, 2, 3, 4, 5], { ...sizing, maxRecipientsPerTx: 2 })).toEqual([[1, 2], [3, 4], [5]]);
    expect(estimatedGas(0, sizing)).toBe(0n);
  });

  it('requires review above the threshold or when the run cannot be priced', () => {
    const base = {
      recipients: 3,
      decimals: 6,
      sizing,
      maxFeePerGas: 1_000_000_000n,
      nativeDecimals: 18,
      nativeSymbol: 'ETH',
      nativeUsd8: 3_000n * 10n ** 8n,
      assetUsd8: 10n ** 8n,
      reviewThresholdUsd8: usd8Of('1000'),
    };
    expect(previewRun({ ...base, total: 999_000_000n }).reviewRequired).toBe(false);
    expect(previewRun({ ...base, total: 1_000_000_001n }).reviewReasons).toEqual(['payout_above_review_threshold']);
    expect(previewRun({ ...base, total: 1n, assetUsd8: null }).reviewReasons).toEqual(['payout_unpriced']);
    const p = previewRun({ ...base, total: 500_000_000n });
    expect(p.transactions).toBe(2);
    expect(p.feePercent).not.toBeNull();
  });

  it('derives the run status from its lines', () => {
    expect(runStatusOf(['paid', 'pending'])).toBe('executing');
    expect(runStatusOf(['paid', 'carried'])).toBe('completed');
    expect(runStatusOf(['paid', 'failed'])).toBe('completed_with_failures');
  });
});
