import { decodeFunctionData, type Address, type Hex } from 'viem';
import type { UserOperation } from 'viem/account-abstraction';
import { keelSmartAccountAbi } from '../contracts/smart-account-abis.ts';

/**
 * Pure parts of the paymaster service (paymaster-service.ts): the calls a KeelSmartAccount
 * operation makes, its maximum gas and cost, and the validity window of a sponsorship.
 */

/** Gas KeelPaymaster's validation needs (ECDSA recovery over its hash) and its postOp (none). */
export const PAYMASTER_VERIFICATION_GAS = 100_000n;
export const PAYMASTER_POST_OP_GAS = 0n;

/**
 * A well-formed placeholder ECDSA signature (r, s, v valid, recovers to some address): the
 * paymaster's check runs its full path during gas estimation and merely fails to match the
 * signer (validation data `sigFailed`), instead of reverting (AA33) on a malformed one.
 */
export const STUB_PAYMASTER_SIGNATURE: Hex =
  '0xfffffffffffffffffffffffffffffff0000000000000000000000000000000007aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1c';

export type OperationFields = Omit<UserOperation<'0.8'>, 'signature'> & { signature?: Hex };

/** The calls of a KeelSmartAccount `execute` / `executeBatch` call data; null when it is neither. */
export function decodeAccountCalls(callData: Hex): Array<{ to: Address; selector?: Hex }> | null {
  let decoded: ReturnType<typeof decodeFunctionData<typeof keelSmartAccountAbi>>;
  try {
    decoded = decodeFunctionData({ abi: keelSmartAccountAbi, data: callData });
  } catch {
    return null;
  }
  const selectorOf = (data: Hex) => (data.length >= 10 ? (data.slice(0, 10) as Hex) : undefined);
  const one = (to: Address, data: Hex) => {
    const selector = selectorOf(data);
    return selector ? { to, selector } : { to };
  };
  if (decoded.functionName === 'execute') {
    const [to, , data] = decoded.args as readonly [Address, bigint, Hex];
    return [one(to, data)];
  }
  if (decoded.functionName === 'executeBatch') {
    const [calls] = decoded.args as readonly [ReadonlyArray<{ target: Address; value: bigint; data: Hex }>];
    return calls.map((c) => one(c.target, c.data));
  }
  return null;
}

/** Every gas the operation may use, the paymaster's included (what the EntryPoint may charge at most). */
export function maxGasOf(op: OperationFields, pm: { verification: bigint; postOp: bigint }): bigint {
  return op.verificationGasLimit + op.callGasLimit + op.preVerificationGas + pm.verification + pm.postOp;
}

/** The maximum cost in USD base units (10^-8 USD): max gas × maxFeePerGas × the native coin's price (18 decimals). */
export function maxCostUsd8(maxGas: bigint, maxFeePerGas: bigint, nativeUsd8: bigint): bigint {
  const wei = maxGas * maxFeePerGas;
  // Rounded up: a budget is never charged less than the operation may cost.
  return (wei * nativeUsd8 + 10n ** 18n - 1n) / 10n ** 18n;
}

/** validAfter 0 (the chain's clock need not match ours), validUntil now + the configured window. */
export function validityWindow(nowMs: number, seconds: number): { validUntil: number; validAfter: number } {
  return { validUntil: Math.floor(nowMs / 1000) + seconds, validAfter: 0 };
}
