import { encodeAbiParameters, encodeErrorResult, parseAbi, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { decodeRevert, describeRevert, groupDigits, knownErrorAbis } from './revert.ts';

const errorString = (s: string): Hex => `0x08c379a0${encodeAbiParameters([{ type: 'string' }], [s]).slice(2)}`;
const panic = (c: bigint): Hex => `0x4e487b71${encodeAbiParameters([{ type: 'uint256' }], [c]).slice(2)}`;
const holder = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('decodeRevert', () => {
  it('decodes Error(string), including Uniswap V2 string reverts', () => {
    expect(decodeRevert(errorString('UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT'), knownErrorAbis)).toEqual({
      kind: 'error_string',
      message: 'UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT',
    });
    expect(describeRevert(decodeRevert(errorString('UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT'), []))).toMatch(
      /less than the minimum/,
    );
    expect(describeRevert({ kind: 'error_string', message: 'nope' })).toBe('The contract refused the call: nope.');
  });

  it('decodes Panic(uint256) with the Solidity meanings', () => {
    expect(decodeRevert(panic(0x11n), [])).toEqual({
      kind: 'panic',
      code: 0x11n,
      meaning: 'arithmetic overflow or underflow',
    });
    expect(decodeRevert(panic(0x12n), [])).toMatchObject({ meaning: 'division or modulo by zero' });
    expect(decodeRevert(panic(0x32n), [])).toMatchObject({ meaning: 'array index out of bounds' });
    expect(decodeRevert(panic(0x01n), [])).toMatchObject({ meaning: 'assertion failed' });
    expect(decodeRevert(panic(0x99n), [])).toMatchObject({ meaning: 'unknown panic code 0x99' });
    expect(describeRevert(decodeRevert(panic(0x12n), []))).toBe(
      'The contract hit an internal error: division or modulo by zero.',
    );
  });

  it('decodes OpenZeppelin 5 custom errors and describes them with amounts', () => {
    const data = encodeErrorResult({
      abi: knownErrorAbis[0]!,
      errorName: 'ERC20InsufficientBalance',
      args: [holder, 10n, 1000n],
    });
    const d = decodeRevert(data, knownErrorAbis);
    expect(d).toMatchObject({
      kind: 'custom',
      name: 'ERC20InsufficientBalance',
      args: [holder, 10n, 1000n],
      abi: { type: 'error', name: 'ERC20InsufficientBalance' },
    });
    expect(describeRevert(d)).toBe('The token balance is too low: needs 1,000 but has 10.');
    expect(describeRevert(d, { formatAmount: (v) => `${Number(v) / 100} tUSD` })).toBe(
      'The token balance is too low: needs 10 tUSD but has 0.1 tUSD.',
    );
    const redeem = encodeErrorResult({
      abi: knownErrorAbis[1]!,
      errorName: 'ERC4626ExceededMaxRedeem',
      args: [holder, 5n, 2n],
    });
    expect(describeRevert(decodeRevert(redeem, knownErrorAbis))).toBe(
      'At most 2 shares can be redeemed; 5 were asked.',
    );
    const allowance = encodeErrorResult({
      abi: knownErrorAbis[0]!,
      errorName: 'ERC20InsufficientAllowance',
      args: [holder, 0n, 1234567n],
    });
    expect(describeRevert(decodeRevert(allowance))).toContain('needs 1,234,567 but is 0');
  });

  it('uses a caller ABI for other custom errors; unknown selectors stay raw, empty data is empty', () => {
    const abi = parseAbi(['error LimitExceeded(uint256 limit)']);
    const data = encodeErrorResult({ abi, errorName: 'LimitExceeded', args: [7n] });
    expect(decodeRevert(data, knownErrorAbis)).toEqual({ kind: 'unknown', data });
    expect(decodeRevert(data, [...knownErrorAbis, abi])).toMatchObject({
      kind: 'custom',
      name: 'LimitExceeded',
      args: [7n],
    });
    expect(describeRevert(decodeRevert(data, [abi]))).toBe('The contract refused the call: LimitExceeded(7).');
    expect(decodeRevert('0x', knownErrorAbis)).toEqual({ kind: 'empty' });
    expect(decodeRevert(undefined, knownErrorAbis)).toEqual({ kind: 'empty' });
    expect(decodeRevert('0x1234', knownErrorAbis)).toEqual({ kind: 'unknown', data: '0x1234' });
    // a mis-encoded Error(string) is unknown, not a crash
    expect(decodeRevert('0x08c379a0ffff', knownErrorAbis)).toEqual({ kind: 'unknown', data: '0x08c379a0ffff' });
    expect(describeRevert({ kind: 'empty' })).toMatch(/without giving a reason/);
  });

  it('groups digits', () => {
    expect(groupDigits(0n)).toBe('0');
    expect(groupDigits(1000n)).toBe('1,000');
    expect(groupDigits(-1234567n)).toBe('-1,234,567');
  });
});
