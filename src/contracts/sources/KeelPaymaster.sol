// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BasePaymaster} from "@account-abstraction/contracts/core/BasePaymaster.sol";
import {IEntryPoint} from "@account-abstraction/contracts/interfaces/IEntryPoint.sol";
import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {UserOperationLib} from "@account-abstraction/contracts/core/UserOperationLib.sol";
import {_packValidationData} from "@account-abstraction/contracts/core/Helpers.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

/**
 * @title KeelPaymaster — verifying paymaster for EntryPoint v0.8.
 *
 * UNAUDITED. Keel's own code on the audited BasePaymaster. It pays an operation's gas from its
 * EntryPoint deposit when Keel's off-chain sponsor signed that exact operation:
 *
 *   paymasterAndData = paymaster (20) ‖ paymasterVerificationGasLimit (16) ‖ postOpGasLimit (16)
 *                      ‖ validUntil (uint48, 6) ‖ validAfter (uint48, 6) ‖ signature (65)
 *
 * The signature is the `verifyingSigner`'s EIP-191 personal signature (`signMessage({ raw })`)
 * over {getHash}: every user-operation field except `signature` and the paymaster signature
 * itself (the paymaster's 52-byte static head is covered), plus chain id, this paymaster's
 * address, validUntil and validAfter. The time range is returned as validation data, so the
 * EntryPoint enforces it. A bad signature returns SIG_VALIDATION_FAILED (the EntryPoint
 * refuses the op with "AA34 signature error"); malformed data reverts.
 *
 * The signer is immutable: validation reads no storage, so the paymaster needs no stake under
 * ERC-7562. Rotating the signer means deploying a new paymaster. No postOp (empty context).
 * The owner (given at construction, not the deployer, so CREATE2 deployments work) manages the
 * deposit and stake through BasePaymaster.
 */
contract KeelPaymaster is BasePaymaster {
    using UserOperationLib for PackedUserOperation;

    uint256 private constant VALID_TIMESTAMP_OFFSET = PAYMASTER_DATA_OFFSET; // 52
    uint256 private constant SIGNATURE_OFFSET = VALID_TIMESTAMP_OFFSET + 12; // 64

    address public immutable verifyingSigner;

    error InvalidPaymasterData(uint256 length);

    constructor(IEntryPoint entryPoint_, address owner_, address verifyingSigner_) BasePaymaster(entryPoint_) {
        _transferOwnership(owner_);
        verifyingSigner = verifyingSigner_;
    }

    /// The hash the verifying signer signs (EIP-191) to sponsor `userOp` in [validAfter, validUntil].
    function getHash(PackedUserOperation calldata userOp, uint48 validUntil, uint48 validAfter)
        public
        view
        returns (bytes32)
    {
        bytes calldata pmd = userOp.paymasterAndData;
        bytes32 pmHead = pmd.length >= PAYMASTER_DATA_OFFSET ? keccak256(pmd[:PAYMASTER_DATA_OFFSET]) : keccak256(pmd);
        return keccak256(
            abi.encode(
                userOp.sender,
                userOp.nonce,
                keccak256(userOp.initCode),
                keccak256(userOp.callData),
                userOp.accountGasLimits,
                pmHead,
                userOp.preVerificationGas,
                userOp.gasFees,
                block.chainid,
                address(this),
                validUntil,
                validAfter
            )
        );
    }

    /// Splits paymaster data into its time range and signature.
    function parsePaymasterAndData(bytes calldata paymasterAndData)
        public
        pure
        returns (uint48 validUntil, uint48 validAfter, bytes calldata signature)
    {
        if (paymasterAndData.length != SIGNATURE_OFFSET + 65) revert InvalidPaymasterData(paymasterAndData.length);
        validUntil = uint48(bytes6(paymasterAndData[VALID_TIMESTAMP_OFFSET:VALID_TIMESTAMP_OFFSET + 6]));
        validAfter = uint48(bytes6(paymasterAndData[VALID_TIMESTAMP_OFFSET + 6:SIGNATURE_OFFSET]));
        signature = paymasterAndData[SIGNATURE_OFFSET:];
    }

    function _validatePaymasterUserOp(PackedUserOperation calldata userOp, bytes32, uint256)
        internal
        view
        override
        returns (bytes memory context, uint256 validationData)
    {
        (uint48 validUntil, uint48 validAfter, bytes calldata signature) =
            parsePaymasterAndData(userOp.paymasterAndData);
        bytes32 digest = MessageHashUtils.toEthSignedMessageHash(getHash(userOp, validUntil, validAfter));
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        bool failed = err != ECDSA.RecoverError.NoError || signer != verifyingSigner;
        return ("", _packValidationData(failed, validUntil, validAfter));
    }
}
