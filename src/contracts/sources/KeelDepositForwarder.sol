// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title KeelDepositForwarder
/// @notice The contract behind one Keel deposit address. Payers send tokens or native coin to
///         the address before any code lives there; when Keel sweeps, its factory deploys this
///         contract at that address with CREATE2 and has it hand the whole balance onwards.
///         Nobody holds a key for the address: only the factory that deployed it can move
///         what it holds, and the factory only ever sends to its fixed treasury.
/// @dev No constructor arguments and no storage: the factory is remembered as an immutable
///      (msg.sender at construction), so the creation code, and with it the hash in every
///      CREATE2 address, is one constant. Kept to a single entry point because every byte of
///      runtime code costs 200 gas on each first sweep of a deposit address.
contract KeelDepositForwarder {
    using SafeERC20 for IERC20;

    /// @notice The factory that deployed this forwarder: the only caller of {sweep}.
    address public immutable factory;

    /// @notice A caller other than {factory} tried to move funds.
    error NotFactory(address caller);
    /// @notice The recipient did not accept the native coin.
    error NativeTransferFailed();

    constructor() {
        factory = msg.sender;
    }

    /// @notice Accepts native coin sent after deployment (before it, the address takes any
    ///         transfer, as an account without code does).
    receive() external payable {}

    /// @notice Sends this forwarder's whole balance of `token` (the zero address: the native
    ///         coin) to `to`. Factory only.
    /// @dev A zero balance returns 0 without a transfer. SafeERC20 accepts tokens that return
    ///      no value (USDT style) and refuses a `false` return, so a token that did not move
    ///      the funds makes this call revert instead of reporting a sweep that did not happen.
    /// @return amount The amount sent: the balance read just before the transfer.
    function sweep(address token, address to) external returns (uint256 amount) {
        if (msg.sender != factory) revert NotFactory(msg.sender);
        if (token == address(0)) {
            amount = address(this).balance;
            if (amount != 0) {
                bool ok;
                // Plain value call; the recipient's return data is not needed.
                assembly ("memory-safe") {
                    ok := call(gas(), to, amount, 0, 0, 0, 0)
                }
                if (!ok) revert NativeTransferFailed();
            }
        } else {
            amount = IERC20(token).balanceOf(address(this));
            if (amount != 0) IERC20(token).safeTransfer(to, amount);
        }
    }
}
