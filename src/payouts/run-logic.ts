import { formatUnits } from 'viem';
import { estimatedGas, recipientsPerTx, type BatchSizing } from './batch-logic.ts';
import type { LineStatus, RunStatus } from './run-tables.ts';

/** Pure rules of payout runs: the preview, the run's status from its lines, period checks. */

export interface RunPreview {
  recipients: number;
  transactions: number;
  gas: string;
  fee: { native: string; nativeSymbol: string; usd: string | null };
  /** Fee as a percentage of the run's total (2 decimals), null when either is unpriced. */
  feePercent: string | null;
  totalUsd: string | null;
  reviewRequired: boolean;
  reviewReasons: string[];
}

export interface PreviewFacts {
  recipients: number;
  total: bigint;
  decimals: number;
  sizing: BatchSizing;
  maxFeePerGas: bigint | null;
  nativeDecimals: number;
  nativeSymbol: string;
  /** USD per whole native coin and per whole asset, 1e8; null when unpriced. */
  nativeUsd8: bigint | null;
  assetUsd8: bigint | null;
  reviewThresholdUsd8: bigint;
}

const usd = (v8: bigint) => formatUnits(v8, 8);

/** The fee and value preview of a run and whether it needs a second principal's review. */
export function previewRun(f: PreviewFacts): RunPreview {
  const gas = estimatedGas(f.recipients, f.sizing);
  const txs = f.recipients === 0 ? 0 : 1 + Math.ceil(f.recipients / recipientsPerTx(f.sizing));
  const feeWei = f.maxFeePerGas === null ? null : gas * f.maxFeePerGas;
  const feeUsd8 =
    feeWei === null || f.nativeUsd8 === null ? null : (feeWei * f.nativeUsd8) / 10n ** BigInt(f.nativeDecimals);
  const totalUsd8 = f.assetUsd8 === null ? null : (f.total * f.assetUsd8) / 10n ** BigInt(f.decimals);
  const reasons: string[] = [];
  if (f.total > 0n && totalUsd8 === null) reasons.push('payout_unpriced');
  if (totalUsd8 !== null && totalUsd8 > f.reviewThresholdUsd8) reasons.push('payout_above_review_threshold');
  return {
    recipients: f.recipients,
    transactions: txs,
    gas: gas.toString(),
    fee: {
      native: feeWei === null ? '0' : formatUnits(feeWei, f.nativeDecimals),
      nativeSymbol: f.nativeSymbol,
      usd: feeUsd8 === null ? null : usd(feeUsd8),
    },
    feePercent:
      feeUsd8 === null || totalUsd8 === null || totalUsd8 === 0n
        ? null
        : formatUnits((feeUsd8 * 10_000n) / totalUsd8, 2),
    totalUsd: totalUsd8 === null ? null : usd(totalUsd8),
    reviewRequired: reasons.length > 0,
    reviewReasons: reasons,
  };
}

/**
 * A run's status from its lines once it is executing: executing while any line is pending,
 * then completed, or completed_with_failures when any line failed.
 */
export function runStatusOf(lines: readonly LineStatus[]): RunStatus {
  if (lines.includes('pending')) return 'executing';
  return lines.includes('failed') ? 'completed_with_failures' : 'completed';
}

/** Parses a USD amount ("1000.5") to 1e8 units. */
export function usd8Of(amount: string): bigint {
  const [i, d = ''] = amount.split('.');
  return BigInt(i!) * 100_000_000n + BigInt((d + '00000000').slice(0, 8));
}
