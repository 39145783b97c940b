import { concat, encodeAbiParameters, keccak256, numberToHex, pad, size, slice, type Address, type Hex } from 'viem';
import type { PackedUserOperation } from 'viem/account-abstraction';

/**
 * Pure helpers for Keel's ERC-4337 (EntryPoint v0.8) user operations: the signature encodings
 * KeelSmartAccount accepts and the data KeelPaymaster checks. Packing and the userOpHash are
 * viem's (`toPackedUserOperation`, `getUserOperationHash`); only Keel's own formats live here.
 */

/** Signature mode bytes of KeelSmartAccount (see the contract header). */
export const SIGNATURE_MODE = { owner: '0x00', session: '0x01' } as const;

/** `0x00‖sig` or `0x01‖sig`: an owner's or a session key's 65-byte signature over the userOpHash. */
export function accountSignature(mode: keyof typeof SIGNATURE_MODE, signature: Hex): Hex {
  if (size(signature) !== 65) throw new Error(`expected a 65-byte signature, got ${size(signature)} bytes`);
  return concat([SIGNATURE_MODE[mode], signature]);
}

/**
 * The hash KeelPaymaster's verifying signer signs (EIP-191, `signMessage({ message: { raw } })`),
 * as its `getHash(userOp, validUntil, validAfter)` computes it: every field but the signatures,
 * the paymaster's 52-byte head (address and gas limits) in place of paymasterAndData.
 */
export function paymasterHash(args: {
  userOp: PackedUserOperation;
  validUntil: number;
  validAfter: number;
  chainId: number;
  paymaster: Address;
}): Hex {
  const { userOp } = args;
  const pmd = userOp.paymasterAndData;
  const head = size(pmd) >= 52 ? slice(pmd, 0, 52) : pmd;
  return keccak256(
    encodeAbiParameters(
      [
        { type: 'address' },
        { type: 'uint256' },
        { type: 'bytes32' },
        { type: 'bytes32' },
        { type: 'bytes32' },
        { type: 'bytes32' },
        { type: 'uint256' },
        { type: 'bytes32' },
        { type: 'uint256' },
        { type: 'address' },
        { type: 'uint48' },
        { type: 'uint48' },
      ],
      [
        userOp.sender,
        userOp.nonce,
        keccak256(userOp.initCode),
        keccak256(userOp.callData),
        userOp.accountGasLimits,
        keccak256(head),
        userOp.preVerificationGas,
        userOp.gasFees,
        BigInt(args.chainId),
        args.paymaster,
        args.validUntil,
        args.validAfter,
      ],
    ),
  );
}

/**
 * `paymasterData` (what follows the 52-byte head in paymasterAndData): validUntil (6 bytes) ‖
 * validAfter (6 bytes) ‖ signature (65 bytes). Without a signature, a 65-byte placeholder, so
 * the operation can be hashed and signed with the final length.
 */
export function encodePaymasterData(validUntil: number, validAfter: number, signature?: Hex): Hex {
  const sig = signature ?? (`0x${'00'.repeat(65)}` as Hex);
  if (size(sig) !== 65) throw new Error(`expected a 65-byte paymaster signature, got ${size(sig)} bytes`);
  return concat([pad(numberToHex(validUntil), { size: 6 }), pad(numberToHex(validAfter), { size: 6 }), sig]);
}

/** validationData as the EntryPoint packs it: validAfter ‖ validUntil ‖ aggregator-or-sigFailed. */
export function packValidationData(sigFailed: boolean, validUntil: number, validAfter: number): bigint {
  return (BigInt(validAfter) << 208n) | (BigInt(validUntil) << 160n) | (sigFailed ? 1n : 0n);
}
