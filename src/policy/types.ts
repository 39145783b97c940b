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

/** One asset an intent can take out of Keel's accounts (see `Exposure`). */
export interface ExposedAsset {
  /** A configured asset, or an unknown token named by its address (symbol = address, decimals 0). */
  asset: IntentAsset;
  /** Whether the asset is configured on the chain (an unknown token has no price). */
  known: boolean;
  /** Gross base units sent from Keel's accounts to any other address. */
  outflow: bigint;
  /** Base units left approved to other addresses once the transaction (batch) ran. */
  allowance: bigint;
}

/** An allowance a transaction leaves granted from one of Keel's accounts. */
export interface GrantedAllowance {
  asset: IntentAsset;
  owner: Address;
  spender: Address;
  /** Base units; `null` for an operator over every token (`setApprovalForAll`). */
  amount: bigint | null;
  /** `amount` in 1e-8 USD; absent when it has no usable price. */
  usd8?: bigint;
}

/**
 * What a transaction can take out of Keel's accounts (its signers and its deposit addresses),
 * read from its simulation whatever its selector: the gross outflows to other addresses plus
 * the allowances it leaves granted. Amount rules, windows and review thresholds judge this.
 */
export interface Exposure {
  /** Only assets with something exposed. */
  assets: ExposedAsset[];
  allowances: GrantedAllowance[];
  /** Everything exposed in 1e-8 USD; absent when some exposed asset has no usable price. */
  usd8?: bigint;
}

/** What a caller wants to do, before anything touches a chain. */
export interface Intent {
  chainId: number;
  /** The Keel-managed account that would sign. */
  from: Address;
  /** What rules scope with `intentKinds`: a raw transfer or contract call, or a capability's kind. */
  kind: IntentKind;
  /**
   * What the transaction is: a `transfer` of `asset` to `to`, or a `call` of a contract.
   * Default: `transfer` for the kinds `transfer` and `refund`, else `call`.
   */
  shape?: 'transfer' | 'call';
  /** Required for transfers; for contract calls, the asset the call moves (if any). */
  asset?: IntentAsset;
  /** Base units of `asset` the caller declared (a transfer's amount, a swap's maximum input). */
  amount: bigint;
  /** `amount` in 1e-8 USD from the price feeds (see `policyUsd8`); absent when no usable price. */
  amountUsd8?: bigint;
  /**
   * What the simulation shows it can take out of Keel's accounts; absent before simulation.
   * Limits judge the larger of this and the declared amount.
   */
  exposure?: Exposure;
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
  /**
   * Known addresses to compare with (lookalike detection): addresses paid before, Keel's own
   * accounts, payers, everything the address book names; may be pre-filtered by prefix.
   */
  pastCounterparties: readonly string[];
  /** `to` is a token contract (a configured asset, or answers ERC-20 `totalSupply()`). */
  isToken?: boolean;
  /** `to` is a contract that refuses a plain native-coin payment. */
  rejectsNative?: boolean;
}

/** Everything I/O-derived that evaluation needs; gathered beforehand by the caller. */
export interface Facts {
  /** Per window key (from `windowNeeds`): what the window already holds. Missing keys count as empty. */
  windowTotals: Readonly<Record<string, WindowTotal>>;
  destination: DestinationFacts;
  now: Date;
  /**
   * Contracts only a capability may call (lower-case address → the reason a raw `transfer` or
   * `contract_call` to them is refused with, e.g. a DEX router → `use_swaps_api`).
   */
  reservedContracts?: ReadonlyMap<string, ReasonCode>;
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
  /** The intake guards (src/pipeline/guards.ts) that denied it, when a guard rather than the policy said no. */
  deniedBy?: string[];
}
