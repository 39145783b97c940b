import type { Address } from 'viem';
import type { IntentKind } from './document.ts';
import type { ReasonCode } from './reasons.ts';

/** Plain-data inputs and outputs of policy evaluation (no I/O anywhere in here). */

/** The asset an intent moves, as resolved from configuration. */
export interface IntentAsset {
  symbol: string;
  /** ERC-20 contract; `null` for the chain's native coin. */
  address: Address | null;
  decimals: number;
}

/** What a caller wants to do, before anything touches a chain. */
export interface Intent {
  chainId: number;
  /** The Keel-managed account that would sign. */
  from: Address;
  kind: IntentKind;
  /** Required for transfers; for contract calls, the asset the call moves (if any). */
  asset?: IntentAsset;
  /** Base units of `asset` moved; 0n for calls that move nothing (e.g. approve). */
  amount: bigint;
  /** `amount` in 1e-8 USD from the price feeds (see `policyUsd8`); absent when no usable price. */
  amountUsd8?: bigint;
  /** The recipient of a transfer; the contract of a call. */
  to: Address;
  call?: {
    contract: Address;
    /** 4-byte selector, 0x-prefixed. */
    selector: string;
    /** Decoded arguments (viem `decodeFunctionData(...).args`). */
    args: readonly unknown[];
  };
  userId: string;
  apiKeyId: string;
  sessionId?: string;
}

/** Usage already counted in one window: summed amount (in the window's unit) and count. */
export interface WindowTotal {
  sum: bigint;
  count: number;
}

/** Facts about the destination (`intent.to`), gathered by the caller before evaluation. */
export interface DestinationFacts {
  /** `to` has code on the intent's chain. */
  isContract: boolean;
  /** Other configured chains where `to` has code. */
  isContractOnOtherChains: readonly number[];
  /** Keel has sent to `to` before. */
  seenBefore: boolean;
  /** When `to` was first recorded as a destination (address book or first request), paid or not. */
  firstSeenAt?: Date;
  /** Past counterparties to compare with (lookalike detection); may be pre-filtered by prefix. */
  pastCounterparties: readonly string[];
}

/** Everything I/O-derived that evaluation needs; gathered beforehand by the caller. */
export interface Facts {
  /** Per window key (from `windowNeeds`): what the window already holds. Missing keys count as empty. */
  windowTotals: Readonly<Record<string, WindowTotal>>;
  destination: DestinationFacts;
  now: Date;
}

/** The three possible decisions. */
export type Outcome = 'allow' | 'deny' | 'review';

/** Why a decision came out as it did. `message` is for engineers; `userMessage` for end users. */
export interface Reason {
  code: ReasonCode;
  /** The rule that produced it; absent for "nothing allowed this" reasons. */
  rule?: string;
  message: string;
  userMessage: string;
}

/**
 * Usage an intent adds to one rolling window, with that window's limit. Reserved atomically by
 * `reserveWindows` when the decision is not a denial.
 */
export interface WindowCharge {
  key: string;
  rule: string;
  windowSeconds: number;
  /** Added to the window's sum (base units or 1e-8 USD; 0n for velocity windows). */
  amount: bigint;
  /** Added to the window's count (1). */
  count: number;
  /** The sum may not exceed this (absent for velocity windows). */
  maxSum?: bigint;
  /** The count may not exceed this (velocity windows). */
  maxCount?: number;
  /** What exceeding means: refuse, or send to human review. */
  onExceed: 'deny' | 'review';
}

/** The result of evaluating one intent. */
export interface Decision {
  outcome: Outcome;
  /** The reasons of the winning outcome (empty for allow), in rule order. */
  reasons: Reason[];
  policyVersion: number;
  /** Rules whose allowance the intent used (chain, asset, contract, destination gates). */
  allowedBy: string[];
  /** Window usage to reserve when the outcome is allow or review; empty on deny. */
  charges: WindowCharge[];
}
