import { decodeAbiParameters, decodeErrorResult, parseAbi, slice, type Abi, type Hex } from 'viem';

/**
 * Revert reasons: decoding the bytes a failed call returned (`Error(string)`,
 * `Panic(uint256)`, custom errors of known ABIs) and describing them in plain language.
 * Pure: used by simulation (predicted reverts) and tracking (reverted receipts).
 */

/** One `error` item of an ABI (abitype's AbiError, without depending on abitype directly). */
export type AbiError = Extract<Abi[number], { type: 'error' }>;

/** A decoded revert reason. */
export type DecodedRevert =
  | { kind: 'error_string'; message: string }
  | { kind: 'panic'; code: bigint; meaning: string }
  | { kind: 'custom'; name: string; args: readonly unknown[]; abi: AbiError }
  | { kind: 'empty' }
  | { kind: 'unknown'; data: Hex };

const ERROR_STRING_SELECTOR = '0x08c379a0';
const PANIC_SELECTOR = '0x4e487b71';

/** Solidity panic codes (docs.soliditylang.org, "Panic via assert and Error via require"). */
export const PANIC_MEANINGS: Readonly<Record<number, string>> = Object.freeze({
  0x00: 'generic compiler panic',
  0x01: 'assertion failed',
  0x11: 'arithmetic overflow or underflow',
  0x12: 'division or modulo by zero',
  0x21: 'invalid enum value',
  0x22: 'incorrectly encoded storage byte array',
  0x31: 'pop() on an empty array',
  0x32: 'array index out of bounds',
  0x41: 'too much memory allocated',
  0x51: 'call to an uninitialised internal function',
});

/**
 * Custom errors of the libraries Keel's contracts and partners are built on: OpenZeppelin 5
 * ERC-20, ERC-4626, Ownable, Pausable, ReentrancyGuard and SafeERC20. (Uniswap V2 reverts
 * with strings, which decode as `Error(string)`.)
 */
export const knownErrorAbis: readonly Abi[] = Object.freeze([
  parseAbi([
    'error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)',
    'error ERC20InvalidSender(address sender)',
    'error ERC20InvalidReceiver(address receiver)',
    'error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)',
    'error ERC20InvalidApprover(address approver)',
    'error ERC20InvalidSpender(address spender)',
  ]),
  parseAbi([
    'error ERC4626ExceededMaxDeposit(address receiver, uint256 assets, uint256 max)',
    'error ERC4626ExceededMaxMint(address receiver, uint256 shares, uint256 max)',
    'error ERC4626ExceededMaxWithdraw(address owner, uint256 assets, uint256 max)',
    'error ERC4626ExceededMaxRedeem(address owner, uint256 shares, uint256 max)',
  ]),
  parseAbi([
    'error OwnableUnauthorizedAccount(address account)',
    'error OwnableInvalidOwner(address owner)',
    'error EnforcedPause()',
    'error ExpectedPause()',
    'error ReentrancyGuardReentrantCall()',
    'error SafeERC20FailedOperation(address token)',
    'error SafeERC20FailedDecreaseAllowance(address spender, uint256 currentAllowance, uint256 requestedDecrease)',
  ]),
]);

/**
 * Decodes revert data. `abis` are searched in order for a custom error whose selector
 * matches (pass `knownErrorAbis` plus the called contract's ABI); data that matches
 * nothing is returned raw as `unknown`, never guessed.
 */
export function decodeRevert(data: Hex | undefined, abis: readonly Abi[] = knownErrorAbis): DecodedRevert {
  if (data === undefined || data === '0x' || data.length < 2) return { kind: 'empty' };
  if (data.length < 10) return { kind: 'unknown', data };
  const selector = data.slice(0, 10).toLowerCase();
  try {
    if (selector === ERROR_STRING_SELECTOR) {
      const [message] = decodeAbiParameters([{ type: 'string' }], slice(data, 4));
      return { kind: 'error_string', message };
    }
    if (selector === PANIC_SELECTOR) {
      const [code] = decodeAbiParameters([{ type: 'uint256' }], slice(data, 4));
      return {
        kind: 'panic',
        code,
        meaning: PANIC_MEANINGS[Number(code)] ?? `unknown panic code 0x${code.toString(16)}`,
      };
    }
  } catch {
    return { kind: 'unknown', data };
  }
  for (const abi of abis) {
    const errors = abi.filter((item): item is AbiError => item.type === 'error');
    if (errors.length === 0) continue;
    try {
      const decoded = decodeErrorResult({ abi: errors, data });
      if (decoded.abiItem.type !== 'error') continue;
      return { kind: 'custom', name: decoded.errorName, args: decoded.args ?? [], abi: decoded.abiItem as AbiError };
    } catch {
      // not in this ABI (or mis-encoded arguments): try the next one
    }
  }
  return { kind: 'unknown', data };
}

/** How `describeRevert` prints amounts; default: base units grouped by thousands. */
export interface DescribeRevertOptions {
  formatAmount?: (baseUnits: bigint) => string;
}

/** Groups an integer by thousands: 1234567 → "1,234,567". */
export function groupDigits(v: bigint): string {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return neg ? `-${s}` : s;
}

/** Plain-language meanings of common string reverts (Uniswap V2, its libraries, OZ 4). */
const STRING_MEANINGS: ReadonlyArray<[RegExp, string]> = [
  [
    /INSUFFICIENT_OUTPUT_AMOUNT/,
    'The swap would return less than the minimum accepted (price moved beyond the slippage limit).',
  ],
  [
    /EXCESSIVE_INPUT_AMOUNT/,
    'The swap would cost more than the maximum accepted (price moved beyond the slippage limit).',
  ],
  [/UniswapV2Router: EXPIRED/, 'The swap deadline has passed.'],
  [/INSUFFICIENT_LIQUIDITY/, 'The pool does not hold enough liquidity for this trade.'],
  [/INVALID_PATH/, 'The swap route is not valid.'],
  [/TRANSFER_FROM_FAILED/, 'The token could not be taken from the sender (balance or allowance too low).'],
  [/TRANSFER_FAILED/, 'A token transfer inside the call failed.'],
  [/ds-math-sub-underflow/, 'An amount would go below zero (usually a balance or allowance too low).'],
  [/transfer amount exceeds balance/i, 'The token balance is too low.'],
  [/insufficient allowance|transfer amount exceeds allowance/i, 'The allowance is too low.'],
];

/**
 * A plain-language sentence for a decoded revert, suitable for a preview or a
 * transaction resource ("The token balance is too low: needs 1,000 but has 10.").
 */
export function describeRevert(decoded: DecodedRevert, opts: DescribeRevertOptions = {}): string {
  const amt = opts.formatAmount ?? groupDigits;
  switch (decoded.kind) {
    case 'empty':
      return 'The call failed without giving a reason.';
    case 'unknown':
      return `The call failed with an error Keel does not recognise (${decoded.data.slice(0, 10)}).`;
    case 'panic':
      return `The contract hit an internal error: ${decoded.meaning}.`;
    case 'error_string': {
      const known = STRING_MEANINGS.find(([re]) => re.test(decoded.message));
      return known ? `${known[1]} (${decoded.message})` : `The contract refused the call: ${decoded.message}.`;
    }
    case 'custom':
      return describeCustom(decoded.name, decoded.args, amt);
  }
}

function describeCustom(name: string, args: readonly unknown[], amt: (v: bigint) => string): string {
  const n = (i: number) => (typeof args[i] === 'bigint' ? amt(args[i] as bigint) : String(args[i]));
  const a = (i: number) => String(args[i]);
  switch (name) {
    case 'ERC20InsufficientBalance':
      return `The token balance is too low: needs ${n(2)} but has ${n(1)}.`;
    case 'ERC20InsufficientAllowance':
      return `The allowance given to ${a(0)} is too low: needs ${n(2)} but is ${n(1)}.`;
    case 'ERC20InvalidReceiver':
      return `Tokens cannot be sent to ${a(0)}.`;
    case 'ERC20InvalidSender':
      return `Tokens cannot be sent from ${a(0)}.`;
    case 'ERC20InvalidApprover':
    case 'ERC20InvalidSpender':
      return `The approval names an invalid address (${a(0)}).`;
    case 'ERC4626ExceededMaxDeposit':
      return `The vault accepts at most ${n(2)} for this deposit; ${n(1)} was asked.`;
    case 'ERC4626ExceededMaxMint':
      return `The vault can mint at most ${n(2)} shares here; ${n(1)} were asked.`;
    case 'ERC4626ExceededMaxWithdraw':
      return `At most ${n(2)} can be withdrawn from the vault; ${n(1)} was asked.`;
    case 'ERC4626ExceededMaxRedeem':
      return `At most ${n(2)} shares can be redeemed; ${n(1)} were asked.`;
    case 'OwnableUnauthorizedAccount':
      return `Only the contract owner may do this; ${a(0)} is not the owner.`;
    case 'EnforcedPause':
      return 'The contract is paused.';
    case 'ExpectedPause':
      return 'The contract must be paused for this.';
    case 'ReentrancyGuardReentrantCall':
      return 'The contract refused a re-entrant call.';
    case 'SafeERC20FailedOperation':
      return `A token operation on ${a(0)} failed.`;
    default:
      return `The contract refused the call: ${name}(${args.map((x) => (typeof x === 'bigint' ? x.toString() : String(x))).join(', ')}).`;
  }
}
