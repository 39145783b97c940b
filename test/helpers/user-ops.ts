import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  encodeFunctionData,
  parseEventLogs,
  type Address,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import {
  entryPoint08Abi,
  getUserOperationHash,
  toPackedUserOperation,
  type PackedUserOperation,
  type UserOperation,
} from 'viem/account-abstraction';
import { privateKeyToAccount } from 'viem/accounts';
import type { DevClient } from '../../src/devnet/client.ts';
import { keelSmartAccountAbi } from '../../src/contracts/smart-account-abis.ts';
import { accountSignature, encodePaymasterData, paymasterHash } from '../../src/smart-accounts/user-operation-logic.ts';

/**
 * Building, signing and submitting EntryPoint v0.8 user operations in tests, straight to
 * `handleOps` from a funded EOA as beneficiary (no bundler).
 */

export type OpDraft = Omit<UserOperation<'0.8'>, 'signature'> & { signature?: Hex };

const GAS = {
  callGasLimit: 300_000n,
  verificationGasLimit: 400_000n,
  preVerificationGas: 60_000n,
  maxFeePerGas: 10_000_000_000n,
  maxPriorityFeePerGas: 1_000_000_000n,
};

/** A draft with generous fixed gas limits; `nonce` is read from the EntryPoint when not given. */
export async function draftOp(
  client: DevClient,
  entryPoint: Address,
  op: { sender: Address; callData: Hex; nonce?: bigint; factory?: Address; factoryData?: Hex },
): Promise<OpDraft> {
  const nonce =
    op.nonce ??
    (await client.readContract({
      address: entryPoint,
      abi: entryPoint08Abi,
      functionName: 'getNonce',
      args: [op.sender, 0n],
    }));
  return {
    ...GAS,
    sender: op.sender,
    nonce,
    callData: op.callData,
    ...(op.factory ? { factory: op.factory, factoryData: op.factoryData, verificationGasLimit: 1_000_000n } : {}),
  };
}

/** Adds KeelPaymaster sponsorship signed by `signerKey` (call before the account signs). */
export async function sponsor(
  op: OpDraft,
  args: { paymaster: Address; signerKey: Hex; chainId: number; validUntil: number; validAfter: number },
): Promise<OpDraft> {
  const withPm: OpDraft = {
    ...op,
    paymaster: args.paymaster,
    paymasterVerificationGasLimit: 100_000n,
    paymasterPostOpGasLimit: 0n,
    paymasterData: encodePaymasterData(args.validUntil, args.validAfter),
  };
  const hash = paymasterHash({
    userOp: toPackedUserOperation({ ...withPm, signature: '0x' } as UserOperation<'0.8'>),
    validUntil: args.validUntil,
    validAfter: args.validAfter,
    chainId: args.chainId,
    paymaster: args.paymaster,
  });
  const signature = await privateKeyToAccount(args.signerKey).signMessage({ message: { raw: hash } });
  return { ...withPm, paymasterData: encodePaymasterData(args.validUntil, args.validAfter, signature) };
}

export function opHash(op: OpDraft, entryPoint: Address, chainId: number): Hex {
  return getUserOperationHash({
    userOperation: { ...op, signature: '0x' } as UserOperation<'0.8'>,
    entryPointAddress: entryPoint,
    entryPointVersion: '0.8',
    chainId,
  });
}

/** Signs the op's userOpHash with `key` as owner or session key; returns the packed op. */
export async function signOp(
  op: OpDraft,
  key: Hex,
  mode: 'owner' | 'session',
  entryPoint: Address,
  chainId: number,
): Promise<PackedUserOperation> {
  const raw = await privateKeyToAccount(key).sign({ hash: opHash(op, entryPoint, chainId) });
  return toPackedUserOperation({ ...op, signature: accountSignature(mode, raw) } as UserOperation<'0.8'>);
}

/** Sends `handleOps` as a mined transaction with fixed gas (a refusal mines as a reverted tx). */
export async function sendHandleOps(
  client: DevClient,
  entryPoint: Address,
  ops: PackedUserOperation[],
  beneficiary: Address,
): Promise<TransactionReceipt> {
  const hash = await client.sendTransaction({
    account: beneficiary,
    chain: null,
    to: entryPoint,
    gas: 5_000_000n,
    data: encodeFunctionData({ abi: entryPoint08Abi, functionName: 'handleOps', args: [ops, beneficiary] }),
  });
  return client.waitForTransactionReceipt({ hash });
}

/** The EntryPoint's UserOperationEvent of each op in a receipt. */
export function opEvents(receipt: TransactionReceipt) {
  return parseEventLogs({ abi: entryPoint08Abi, logs: receipt.logs, eventName: 'UserOperationEvent' }).map(
    (l) => l.args,
  );
}

/** Why the EntryPoint refuses: `AA.. reason` plus the decoded inner revert of the account, if any. */
export interface Refusal {
  opIndex: bigint;
  reason: string;
  inner?: { errorName: string; args: readonly unknown[] };
}

/**
 * Simulates `handleOps` (eth_call); returns undefined when it would succeed, else the refusal
 * (FailedOp / FailedOpWithRevert, with a KeelSmartAccount error decoded).
 */
export async function simulateHandleOps(
  client: DevClient,
  entryPoint: Address,
  ops: PackedUserOperation[],
  beneficiary: Address,
): Promise<Refusal | undefined> {
  try {
    await client.simulateContract({
      account: beneficiary,
      address: entryPoint,
      abi: entryPoint08Abi,
      functionName: 'handleOps',
      args: [ops, beneficiary],
      gas: 5_000_000n,
    });
    return undefined;
  } catch (err) {
    const revert = err instanceof BaseError ? err.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    if (!(revert instanceof ContractFunctionRevertedError) || !revert.data) throw err;
    const { errorName, args } = revert.data;
    if (errorName === 'FailedOp') return { opIndex: args![0] as bigint, reason: args![1] as string };
    if (errorName === 'FailedOpWithRevert') {
      const innerData = args![2] as Hex;
      let inner: Refusal['inner'];
      try {
        const d = decodeErrorResult({ abi: keelSmartAccountAbi, data: innerData });
        inner = { errorName: d.errorName, args: d.args ?? [] };
      } catch {
        inner = { errorName: innerData, args: [] };
      }
      return { opIndex: args![0] as bigint, reason: args![1] as string, inner };
    }
    throw err;
  }
}
