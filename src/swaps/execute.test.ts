import { encodeAbiParameters, pad, type Address, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { reasonForRevert } from '../pipeline/service.ts';
import { TRANSFER_TOPIC } from '../pipeline/simulate.ts';
import { readResult, realisedSlippageBps, swapStatusOf } from './execute.ts';

const A = '0x1111111111111111111111111111111111111111' as Address; // the account
const POOL = '0x2222222222222222222222222222222222222222' as Address;
const IN = '0x3333333333333333333333333333333333333333' as Address;
const OUT = '0x4444444444444444444444444444444444444444' as Address;
const transfer = (token: Address, from: Address, to: Address, value: bigint) => ({
  address: token,
  topics: [TRANSFER_TOPIC, pad(from), pad(to)] as [Hex, Hex, Hex],
  data: encodeAbiParameters([{ type: 'uint256' }], [value]),
  logIndex: 0,
});
const amt = (n: bigint) => ({ amount: String(n), baseUnits: String(n) });
const quote = (kind: 'exact_in' | 'exact_out') => ({
  kind,
  account: { name: 'treasury', address: A },
  tokenIn: { symbol: 'IN', address: IN, decimals: 0 },
  tokenOut: { symbol: 'OUT', address: OUT, decimals: 0 },
  amountIn: amt(1000n),
  amountOut: amt(500n),
  minAmountOut: amt(495n),
  maxAmountIn: amt(1010n),
});

describe('swap settlement (pure)', () => {
  it('realised slippage: positive when worse than quoted, negative when better, by the side the quote fixed', () => {
    expect(
      realisedSlippageBps('exact_in', { amountIn: 1000n, amountOut: 500n }, { amountIn: 1000n, amountOut: 495n }),
    ).toBe(100n);
    expect(
      realisedSlippageBps('exact_in', { amountIn: 1000n, amountOut: 500n }, { amountIn: 1000n, amountOut: 510n }),
    ).toBe(-200n);
    expect(
      realisedSlippageBps('exact_out', { amountIn: 1000n, amountOut: 500n }, { amountIn: 1005n, amountOut: 500n }),
    ).toBe(50n);
    expect(realisedSlippageBps('exact_out', { amountIn: 0n, amountOut: 500n }, { amountIn: 1n, amountOut: 500n })).toBe(
      0n,
    );
  });

  it('reads what the account paid and received from Transfer logs, ignoring the hops in between and other accounts', () => {
    const logs = [
      transfer(IN, A, POOL, 1000n),
      transfer(OUT, POOL, A, 497n),
      transfer(OUT, POOL, POOL, 999n), // an intermediate hop
      transfer(OUT, POOL, '0x5555555555555555555555555555555555555555', 7n), // someone else
    ];
    expect(readResult(quote('exact_in'), logs)).toEqual({
      amountIn: amt(1000n),
      amountOut: amt(497n),
      realisedSlippagePercent: '0.6',
      withinBounds: true,
    });
    expect(
      readResult(quote('exact_in'), [transfer(IN, A, POOL, 1000n), transfer(OUT, POOL, A, 400n)]).withinBounds,
    ).toBe(false);
    expect(readResult(quote('exact_out'), [transfer(IN, A, POOL, 1011n), transfer(OUT, POOL, A, 500n)])).toMatchObject({
      withinBounds: false,
      realisedSlippagePercent: '1.1',
    });
  });

  it('the swap status follows its swap transaction', () => {
    expect(['queued', 'signed', 'submitted'].map((s) => swapStatusOf(s as never))).toEqual([
      'processing',
      'processing',
      'processing',
    ]);
    expect(swapStatusOf('pending_review')).toBe('pending_review');
    expect(swapStatusOf('confirmed')).toBe('succeeded');
    expect(swapStatusOf('reverted')).toBe('reverted');
    expect(swapStatusOf('cancelled')).toBe('cancelled');
    expect(['failed', 'rejected', 'expired'].map((s) => swapStatusOf(s as never))).toEqual([
      'failed',
      'failed',
      'failed',
    ]);
  });

  it('a capability names the reverts it recognises', () => {
    const codes = { 'UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT': 'price_moved' };
    expect(reasonForRevert(codes, 'reverted with reason: UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT')).toBe(
      'price_moved',
    );
    expect(reasonForRevert(codes, 'ERC20InsufficientBalance(…)')).toBeUndefined();
    expect(reasonForRevert(null, 'anything')).toBeUndefined();
  });
});
