import { encodeFunctionData, zeroAddress, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { erc20Abi } from '../contracts/abis.ts';
import { keelSmartAccountAbi } from '../contracts/smart-account-abis.ts';
import {
  checkSessionCallData,
  checkSessionCalls,
  decodeAccountCalls,
  sessionWindowOpen,
  type SessionScope,
} from './session-scope-logic.ts';

const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const [account, entryPoint, token, other, r1, r2] = [a(1), a(2), a(3), a(4), a(5), a(6)];
const ctx = { account, entryPoint };
const scope: SessionScope = {
  validAfter: 100,
  validUntil: 200,
  token,
  perOpCap: 50n,
  totalCap: 80n,
  valuePerCall: 0n,
  targets: [other],
  selectors: ['0x095ea7b3'],
  recipients: [r1],
};
const transfer = (to: Address, amount: bigint, target = token) => ({
  target,
  value: 0n,
  data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] }),
});
const approve = (target: Address) => ({
  target,
  value: 0n,
  data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [r2, 1n] }),
});

describe('session scope model', () => {
  it('accepts calls in scope and sums the token spend', () => {
    expect(checkSessionCalls(scope, 0n, [transfer(r1, 20n), approve(other), transfer(r1, 30n)], ctx)).toEqual({
      ok: true,
      spend: 50n,
    });
  });

  it('names the first violation in the contract order', () => {
    const v = (calls: Parameters<typeof checkSessionCalls>[2], spent = 0n) =>
      checkSessionCalls(scope, spent, calls, ctx);
    expect(v([approve(other), approve(account)])).toEqual({
      ok: false,
      violation: 'self_or_entry_point',
      callIndex: 1,
    });
    expect(v([approve(entryPoint)])).toMatchObject({ violation: 'self_or_entry_point' });
    expect(v([transfer(r1, 1n, other)])).toMatchObject({ violation: 'call_not_allowed' });
    expect(v([{ ...approve(other), value: 1n }])).toMatchObject({ violation: 'value_not_allowed' });
    expect(v([approve(token)])).toMatchObject({ violation: 'token_call_not_transfer' });
    expect(v([transfer(r2, 1n)])).toMatchObject({ violation: 'recipient_not_allowed' });
    // A single call over the per-op cap is refused before a later call's own violation.
    expect(v([transfer(r1, 51n), approve(account)])).toMatchObject({ violation: 'over_per_op_cap' });
    expect(v([transfer(r1, 30n), transfer(r1, 30n)])).toMatchObject({ violation: 'over_per_op_cap' });
    expect(v([transfer(r1, 40n)], 41n)).toMatchObject({ violation: 'over_total_cap' });
    expect(v([transfer(r1, 40n)], 40n)).toEqual({ ok: true, spend: 40n });
  });

  it('without a token, token calls are ordinary calls', () => {
    expect(checkSessionCalls({ ...scope, token: zeroAddress }, 0n, [transfer(r1, 1n)], ctx)).toMatchObject({
      violation: 'call_not_allowed',
    });
  });

  it('reads execute and executeBatch callData, and refuses anything else', () => {
    const call = approve(other);
    const exec = encodeFunctionData({
      abi: keelSmartAccountAbi,
      functionName: 'execute',
      args: [call.target, call.value, call.data],
    });
    expect(decodeAccountCalls(exec)).toEqual([call]);
    const batch = encodeFunctionData({ abi: keelSmartAccountAbi, functionName: 'executeBatch', args: [[call, call]] });
    expect(decodeAccountCalls(batch)).toEqual([call, call]);
    const revoke = encodeFunctionData({ abi: keelSmartAccountAbi, functionName: 'revokeSession', args: [r1] });
    expect(checkSessionCallData(scope, 0n, revoke, ctx)).toEqual({ ok: false, violation: 'not_execute', callIndex: 0 });
    expect(checkSessionCallData(scope, 0n, '0x12', ctx)).toMatchObject({ violation: 'not_execute' });
  });

  it('opens the window strictly after validAfter, up to validUntil (0: no end)', () => {
    expect([100, 101, 200, 201].map((t) => sessionWindowOpen(scope, t))).toEqual([false, true, true, false]);
    expect(sessionWindowOpen({ validAfter: 0, validUntil: 0 }, 10 ** 10)).toBe(true);
  });
});
