// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";
import {KeelDepositForwarder} from "./KeelDepositForwarder.sol";

/// @title KeelDepositFactory
/// @notice Gives Keel one deposit address per payment: the CREATE2 address of a
///         {KeelDepositForwarder} under a 32-byte salt. The address can receive funds before
///         anything is deployed there; a sweep deploys the forwarder (first time only) and
///         moves the listed tokens and any native coin to the treasury.
/// @dev Safety rests on three fixed facts: the treasury and the operator are immutable, a
///      forwarder obeys only this factory, and this factory has no code path that sends
///      funds anywhere but the treasury. A stolen operator key can therefore trigger sweeps
///      (to the treasury) and spend its own gas, nothing else. The treasury may sweep too,
///      so a lost operator key strands nothing: whoever holds the treasury pulls the funds
///      in themselves. Deploying this factory at the
///      same address on several chains (same deployer, salt and constructor arguments) makes
///      every deposit address the same on all of them.
contract KeelDepositFactory {
    /// @notice Where every swept token and native coin goes. Fixed at deployment.
    address public immutable treasury;
    /// @notice The account that sweeps day to day (the treasury may also sweep). Fixed at
    ///         deployment.
    address public immutable operator;

    /// @notice keccak256 of the forwarder's creation code, the constant part of every
    ///         deposit address (see {forwarderAddress}).
    bytes32 public constant FORWARDER_INIT_CODE_HASH = keccak256(type(KeelDepositForwarder).creationCode);

    /// @notice A forwarder was deployed at the deposit address of `salt`.
    event ForwarderDeployed(bytes32 indexed salt, address indexed forwarder);
    /// @notice `amount` of `token` moved from the deposit address of `salt` to the treasury.
    ///         `token` is the zero address for the native coin.
    event Swept(bytes32 indexed salt, address indexed forwarder, address indexed token, uint256 amount);
    /// @notice Sweeping `token` (zero address: native coin) from the deposit address of
    ///         `salt` failed with `reason` (the revert data); the funds stay where they were and
    ///         the rest of the batch went on.
    event SweepFailed(bytes32 indexed salt, address indexed forwarder, address indexed token, bytes reason);

    /// @notice A constructor argument is the zero address.
    error ZeroAddress();
    /// @notice `caller` is neither the operator nor the treasury.
    error NotSweeper(address caller);

    /// @param treasury_ Receives every swept balance; cannot be changed later.
    /// @param operator_ The account that calls {sweep} and {sweepMany}; the treasury may
    ///        call them too, as a recovery path if the operator's key is lost.
    constructor(address treasury_, address operator_) {
        if (treasury_ == address(0) || operator_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        operator = operator_;
    }

    modifier onlySweeper() {
        if (msg.sender != operator && msg.sender != treasury) revert NotSweeper(msg.sender);
        _;
    }

    /// @notice The deposit address of `salt`: where its forwarder lives or will live.
    function forwarderAddress(bytes32 salt) public view returns (address) {
        return Create2.computeAddress(salt, FORWARDER_INIT_CODE_HASH);
    }

    /// @notice Sweeps the deposit address of `salt`: deploys its forwarder if needed, then moves
    ///         its whole balance of each of `tokens`, and any native coin it holds, to the
    ///         treasury. Operator or treasury only.
    /// @dev A token whose sweep reverts (paused, blocklisted, not a token) emits
    ///      {SweepFailed} and does not stop the others. Zero balances emit nothing. The
    ///      native coin is always swept and need not be listed (listing the zero address
    ///      sweeps it at that position instead).
    function sweep(bytes32 salt, address[] calldata tokens) external onlySweeper {
        _sweep(salt, tokens);
    }

    /// @notice {sweep} for several deposit addresses in one transaction, each with the same
    ///         token list. Operator or treasury only.
    function sweepMany(bytes32[] calldata salts, address[] calldata tokens) external onlySweeper {
        for (uint256 i; i < salts.length; ++i) {
            _sweep(salts[i], tokens);
        }
    }

    function _sweep(bytes32 salt, address[] calldata tokens) private {
        address forwarder = forwarderAddress(salt);
        if (forwarder.code.length == 0) {
            new KeelDepositForwarder{salt: salt}();
            emit ForwarderDeployed(salt, forwarder);
        }
        KeelDepositForwarder f = KeelDepositForwarder(payable(forwarder));
        address to = treasury;
        for (uint256 i; i < tokens.length; ++i) {
            address token = tokens[i];
            try f.sweep(token, to) returns (uint256 amount) {
                if (amount != 0) emit Swept(salt, forwarder, token, amount);
            } catch (bytes memory reason) {
                emit SweepFailed(salt, forwarder, token, reason);
            }
        }
        if (forwarder.balance != 0) {
            try f.sweep(address(0), to) returns (uint256 amount) {
                emit Swept(salt, forwarder, address(0), amount);
            } catch (bytes memory reason) {
                emit SweepFailed(salt, forwarder, address(0), reason);
            }
        }
    }
}
