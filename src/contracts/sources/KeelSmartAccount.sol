// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SimpleAccount} from "@account-abstraction/contracts/accounts/SimpleAccount.sol";
import {IEntryPoint} from "@account-abstraction/contracts/interfaces/IEntryPoint.sol";
import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {BaseAccount} from "@account-abstraction/contracts/core/BaseAccount.sol";
import {
    SIG_VALIDATION_FAILED,
    SIG_VALIDATION_SUCCESS,
    _packValidationData
} from "@account-abstraction/contracts/core/Helpers.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/**
 * @title KeelSmartAccount — ERC-4337 (EntryPoint v0.8) account with scoped session keys.
 *
 * UNAUDITED. Keel's own small extension of the audited SimpleAccount v0.8 (owner = one EOA).
 * Do not hold more value in it than you are prepared to lose to a bug.
 *
 * Signature format (`userOp.signature`):
 *   - 65 bytes `r‖s‖v`, or `0x00‖r‖s‖v` (66 bytes): the owner's ECDSA signature over the
 *     EntryPoint's userOpHash (EIP-712, signed as is, no EIP-191 prefix), as in SimpleAccount.
 *     Any callData.
 *   - `0x01‖r‖s‖v` (66 bytes): a session key's signature over the same userOpHash. The key is
 *     recovered from the signature; it must hold an unrevoked grant, and callData must be
 *     `execute` or `executeBatch` with every call inside the grant's scope.
 *   Any other length or mode byte, or a signature by neither: SIG_VALIDATION_FAILED.
 *
 * Scope of a session key (granted by `grantSession`, only from the account itself, its owner
 * EOA, or the EntryPoint running an owner-signed operation's callData):
 *   - calls to (target, selector) pairs the grant lists, with `value` ≤ `valuePerCall` (0 = no ETH);
 *   - optionally one ERC-20 `token`: calls to it must be exactly `transfer(to, amount)` (68 bytes,
 *     no value) with `to` among the grant's recipients; the op's summed amount ≤ `perOpCap`, and
 *     the key's running total ≤ `totalCap`;
 *   - never a call to the account itself or to the EntryPoint (so a key cannot grant keys,
 *     upgrade the account, or withdraw its deposit), whatever the grant lists;
 *   - the time window [validAfter, validUntil] is returned as validation data: the EntryPoint
 *     enforces it (validation code may not read the clock). validUntil 0 means no end.
 * A scope violation reverts validation with {SessionScopeViolation} (the EntryPoint reports
 * "AA23 reverted" with the reason), so the operation is refused before anything runs.
 *
 * Spend tracking and the ERC-4337 storage rule: validation may only touch the account's own
 * storage, which is where the spent total lives, so the check is legal. The spend is RECORDED
 * IN VALIDATION, not in execution: the EntryPoint validates every operation of a bundle before
 * executing any, so a check against a total updated only in execution would let two operations
 * of one bundle each pass against the same old total and together exceed the cap. Reserving in
 * validation closes that; the price is that an operation whose execution then fails (e.g. the
 * transfer reverts) still consumes its amount of the cap. Conservative by design.
 *
 * Known limits: a session key's operation pays its gas from the account's EntryPoint deposit
 * or ETH unless a paymaster sponsors it, and the key chooses gas prices — keep session-key
 * accounts sponsored (KeelPaymaster) or nearly empty of ETH. An owner revocation executed in
 * the same bundle after a session key's operation was validated does not stop that operation.
 * Grants are not enumerable on chain: read the SessionGranted / SessionRevoked events.
 */
contract KeelSmartAccount is SimpleAccount {
    /// Signature mode bytes.
    uint8 internal constant MODE_OWNER = 0x00;
    uint8 internal constant MODE_SESSION = 0x01;

    bytes4 internal constant TRANSFER_SELECTOR = 0xa9059cbb; // transfer(address,uint256)

    /// Scope of one session key as its grant describes it.
    struct SessionScope {
        uint48 validAfter;
        uint48 validUntil;
        address token;
        uint128 perOpCap;
        uint128 totalCap;
        uint128 valuePerCall;
        address[] targets;
        bytes4[] selectors;
        address[] recipients;
    }

    struct Session {
        uint64 grantId; // 0 = no live grant
        uint48 validAfter;
        uint48 validUntil;
        address token;
        uint128 perOpCap;
        uint128 totalCap;
        uint128 spent;
        uint128 valuePerCall;
    }

    /// Live session per key. Permissions are keyed by grant id, so a revoked grant's lists die with it.
    mapping(address key => Session) public sessions;
    mapping(uint64 grantId => mapping(address target => mapping(bytes4 selector => bool))) internal _callAllowed;
    mapping(uint64 grantId => mapping(address recipient => bool)) internal _recipientAllowed;
    uint64 internal _lastGrantId;

    event SessionGranted(address indexed key, uint64 grantId, SessionScope scope);
    event SessionRevoked(address indexed key, uint64 grantId);
    event SessionSpent(address indexed key, uint64 grantId, uint256 amount, uint256 spentTotal);

    /// Reason codes of {SessionScopeViolation}, also used by Keel's TypeScript model.
    enum Violation {
        NotExecute, // callData is neither execute nor executeBatch
        SelfOrEntryPoint, // a call targets the account or the EntryPoint
        CallNotAllowed, // (target, selector) not granted, or data shorter than a selector
        ValueNotAllowed, // ETH value above valuePerCall
        TokenCallNotTransfer, // a call to the token that is not a plain transfer
        RecipientNotAllowed,
        OverPerOpCap,
        OverTotalCap
    }

    error SessionScopeViolation(Violation reason, uint256 callIndex);
    error InvalidSessionGrant();
    error NotAuthorized();

    constructor(IEntryPoint anEntryPoint) SimpleAccount(anEntryPoint) {}

    modifier onlyOwnerOrEntryPoint() {
        if (msg.sender != owner && msg.sender != address(this) && msg.sender != address(entryPoint())) {
            revert NotAuthorized();
        }
        _;
    }

    /**
     * Grants `key` the given scope, replacing any earlier grant of the key (its spent total
     * starts at 0). `targets[i]` pairs with `selectors[i]`.
     */
    function grantSession(address key, SessionScope calldata scope) external onlyOwnerOrEntryPoint {
        if (
            key == address(0) || key == owner || scope.targets.length != scope.selectors.length
                || (scope.validUntil != 0 && scope.validUntil < scope.validAfter)
        ) revert InvalidSessionGrant();
        uint64 id = ++_lastGrantId;
        sessions[key] = Session({
            grantId: id,
            validAfter: scope.validAfter,
            validUntil: scope.validUntil,
            token: scope.token,
            perOpCap: scope.perOpCap,
            totalCap: scope.totalCap,
            spent: 0,
            valuePerCall: scope.valuePerCall
        });
        for (uint256 i = 0; i < scope.targets.length; i++) {
            _callAllowed[id][scope.targets[i]][scope.selectors[i]] = true;
        }
        for (uint256 i = 0; i < scope.recipients.length; i++) {
            _recipientAllowed[id][scope.recipients[i]] = true;
        }
        emit SessionGranted(key, id, scope);
    }

    /// Revokes `key`'s grant (no-op event-wise if it has none).
    function revokeSession(address key) external onlyOwnerOrEntryPoint {
        uint64 id = sessions[key].grantId;
        delete sessions[key];
        if (id != 0) emit SessionRevoked(key, id);
    }

    function isCallAllowed(address key, address target, bytes4 selector) external view returns (bool) {
        uint64 id = sessions[key].grantId;
        return id != 0 && _callAllowed[id][target][selector];
    }

    function isRecipientAllowed(address key, address recipient) external view returns (bool) {
        uint64 id = sessions[key].grantId;
        return id != 0 && _recipientAllowed[id][recipient];
    }

    /// @inheritdoc SimpleAccount
    function _validateSignature(PackedUserOperation calldata userOp, bytes32 userOpHash)
        internal
        override
        returns (uint256 validationData)
    {
        bytes calldata sig = userOp.signature;
        if (sig.length == 65) return _ownerSig(userOpHash, sig);
        if (sig.length != 66) return SIG_VALIDATION_FAILED;
        uint8 mode = uint8(sig[0]);
        if (mode == MODE_OWNER) return _ownerSig(userOpHash, sig[1:]);
        if (mode != MODE_SESSION) return SIG_VALIDATION_FAILED;
        (address key, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(userOpHash, sig[1:]);
        if (err != ECDSA.RecoverError.NoError) return SIG_VALIDATION_FAILED;
        Session storage s = sessions[key];
        if (s.grantId == 0) return SIG_VALIDATION_FAILED;
        _checkScope(key, s, userOp.callData);
        return _packValidationData(false, s.validUntil, s.validAfter);
    }

    function _ownerSig(bytes32 userOpHash, bytes calldata sig) internal view returns (uint256) {
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(userOpHash, sig);
        if (err != ECDSA.RecoverError.NoError || signer != owner) return SIG_VALIDATION_FAILED;
        return SIG_VALIDATION_SUCCESS;
    }

    /// Checks every call of `callData` against the key's scope and reserves its token spend.
    function _checkScope(address key, Session storage s, bytes calldata callData) internal {
        if (callData.length < 4) revert SessionScopeViolation(Violation.NotExecute, 0);
        bytes4 selector = bytes4(callData[:4]);
        uint256 opSpend;
        if (selector == BaseAccount.execute.selector) {
            (address target, uint256 value, bytes memory data) = abi.decode(callData[4:], (address, uint256, bytes));
            opSpend = _checkCall(s, target, value, data, 0);
            if (opSpend > s.perOpCap) revert SessionScopeViolation(Violation.OverPerOpCap, 0);
        } else if (selector == BaseAccount.executeBatch.selector) {
            BaseAccount.Call[] memory calls = abi.decode(callData[4:], (BaseAccount.Call[]));
            for (uint256 i = 0; i < calls.length; i++) {
                uint256 amount = _checkCall(s, calls[i].target, calls[i].value, calls[i].data, i);
                // Each amount is checked alone first, so the sum cannot overflow.
                if (amount > s.perOpCap) revert SessionScopeViolation(Violation.OverPerOpCap, 0);
                opSpend += amount;
            }
        } else {
            revert SessionScopeViolation(Violation.NotExecute, 0);
        }
        if (opSpend == 0) return;
        if (opSpend > s.perOpCap) revert SessionScopeViolation(Violation.OverPerOpCap, 0);
        uint256 total = uint256(s.spent) + opSpend;
        if (total > s.totalCap) revert SessionScopeViolation(Violation.OverTotalCap, 0);
        s.spent = uint128(total);
        emit SessionSpent(key, s.grantId, opSpend, total);
    }

    /// Checks one call; returns the token amount it transfers (0 for other calls).
    function _checkCall(Session storage s, address target, uint256 value, bytes memory data, uint256 index)
        internal
        view
        returns (uint256 amount)
    {
        if (target == address(this) || target == address(entryPoint())) {
            revert SessionScopeViolation(Violation.SelfOrEntryPoint, index);
        }
        if (s.token != address(0) && target == s.token) {
            if (data.length != 68 || bytes4(data) != TRANSFER_SELECTOR || value != 0) {
                revert SessionScopeViolation(Violation.TokenCallNotTransfer, index);
            }
            uint256 toWord = uint256(_word(data, 4));
            // A dirty upper part of the address word is refused (the token's decoder would revert).
            if (toWord >> 160 != 0) revert SessionScopeViolation(Violation.TokenCallNotTransfer, index);
            address to = address(uint160(toWord));
            amount = uint256(_word(data, 36));
            if (!_recipientAllowed[s.grantId][to]) revert SessionScopeViolation(Violation.RecipientNotAllowed, index);
            return amount;
        }
        if (data.length < 4 || !_callAllowed[s.grantId][target][bytes4(data)]) {
            revert SessionScopeViolation(Violation.CallNotAllowed, index);
        }
        if (value > s.valuePerCall) revert SessionScopeViolation(Violation.ValueNotAllowed, index);
        return 0;
    }

    function _word(bytes memory data, uint256 offset) private pure returns (bytes32 w) {
        assembly ("memory-safe") {
            w := mload(add(add(data, 32), offset))
        }
    }
}
