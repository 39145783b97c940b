import { encodeFunctionData, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { keelSmartAccountAbi } from '../contracts/smart-account-abis.ts';
import { decodeAccountCalls, maxCostUsd8, maxGasOf, validityWindow } from './paymaster-logic.ts';

const A = '0x1111111111111111111111111111111111111111' as Address;
const B = '0x2222222222222222222222222222222222222222' as Address;

describe('paymaster logic', () => {
  it('decodes execute and executeBatch into calls with selectors; anything else is null', () => {
    const one = encodeFunctionData({
      abi: keelSmartAccountAbi,
      functionName: 'execute',
      args: [A, 0n, '0xa9059cbb00'],
    });
    expect(decodeAccountCalls(one)).toEqual([{ to: A, selector: '0xa9059cbb' }]);
    const batch = encodeFunctionData({
      abi: keelSmartAccountAbi,
      functionName: 'executeBatch',
      args: [
        [
          { target: A, value: 1n, data: '0x' },
          { target: B, value: 0n, data: '0x12345678' },
        ],
      ],
    });
    expect(decodeAccountCalls(batch)).toEqual([{ to: A }, { to: B, selector: '0x12345678' }]);
    expect(decodeAccountCalls('0x')).toBeNull();
    expect(decodeAccountCalls('0xdeadbeef')).toBeNull();
  });

  it('counts every gas limit, the paymaster’s included, and rounds the USD cost up', () => {
    const op = { verificationGasLimit: 1n, callGasLimit: 2n, preVerificationGas: 3n } as never;
    expect(maxGasOf(op, { verification: 4n, postOp: 5n })).toBe(15n);
    // 1e18 wei at $3000.00000000 is $3000 in 1e-8 USD.
    expect(maxCostUsd8(1_000_000n, 10n ** 12n, 3000_00000000n)).toBe(3000_00000000n);
    // One wei still costs one base unit: never less than the operation may cost.
    expect(maxCostUsd8(1n, 1n, 1n)).toBe(1n);
    expect(maxCostUsd8(0n, 10n, 10n)).toBe(0n);
  });

  it('opens the window at 0 and closes it the configured seconds from now', () => {
    expect(validityWindow(1_700_000_000_999, 600)).toEqual({ validUntil: 1_700_000_600, validAfter: 0 });
  });
});
