import type { Transaction } from 'kysely';
import type { Address } from 'viem';
import type { DB } from '../db/schema.ts';

/**
 * The seams between the three parts of payouts (docs/payouts.md): the payee book (payees.ts),
 * payout runs (runs.ts) and accruals (accruals.ts: micro-payouts and streams). Each part depends
 * on the others only through these types, so each can be built and tested on its own and wired
 * together in module.ts.
 */

/** Why a payee cannot be paid on a chain and asset right now. */
export type UnpayableReason = 'unknown_payee' | 'payee_disabled' | 'no_address' | 'address_pending';

/** What the payee book answers for one payee of a run. */
export type PayableAnswer = { ok: true; address: Address } | { ok: false; reason: UnpayableReason };

/**
 * The payee book as a run sees it: for each payee, the payout address that may be paid now on
 * `chainId` for `asset` (active, approved by a second principal, out of its cool-off), or why not.
 * Read in the caller's transaction when one is given.
 */
export interface PayableResolver {
  payable(
    payeeIds: readonly string[],
    chainId: number,
    asset: Address,
    trx?: Transaction<DB>,
  ): Promise<Map<string, PayableAnswer>>;
}

/** One line of a run made from explicit amounts (accruals), not from a split plan. */
export interface LineRequest {
  payeeId: string;
  /** Base units of the run's asset. */
  amount: bigint;
  /** What the line settles (an accrual id), echoed back in its settlement. */
  source: string;
}

/** A run from explicit lines: exactly once per `key` (the same key answers the first run). */
export interface LineRunRequest {
  key: string;
  chainId: number;
  asset: Address;
  lines: readonly LineRequest[];
  /** Who asked: a principal id, or 'system' for a scheduled settlement. */
  principalId: string;
}

/** Payout runs as accruals see them (implemented by PayoutRuns). */
export interface LineRunner {
  runLines(req: LineRunRequest): Promise<{ runId: string; created: boolean }>;
}

/** What became of one line of a run, told once per final state of the line. */
export interface LineSettlement {
  runId: string;
  lineId: string;
  payeeId: string;
  amount: bigint;
  status: 'paid' | 'failed' | 'carried';
  /** The `source` of a line run (an accrual id); null for a plan's lines. */
  source: string | null;
  /** The transaction that paid it (status `paid`). */
  txId: string | null;
}

/** Called in the database transaction that makes a line final (from the pipeline's outcome hook). */
export type LineSettledHandler = (trx: Transaction<DB>, settlement: LineSettlement) => Promise<void>;
