// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title KeelBatchPayout
/// @notice Pays many recipients of one ERC-20 token in one transaction, from the caller's own
///         balance: every transfer is `transferFrom(msg.sender, recipient, amount)`. An allowance
///         given to this contract can therefore be spent only by calls of the account that gave
///         it (a general-purpose batcher such as Multicall3 lets anyone spend an allowance given
///         to it). The contract never holds tokens and has no owner, storage or upgrade path.
/// @dev A batch is all or nothing: any failed transfer reverts the whole call with its index.
///      Keel's accounting of a payout run is then exact per transaction (a confirmed batch paid
///      every line it carried; a failed one paid none, so retrying its lines cannot pay anyone
///      twice). One event per batch, not per line: the token's own `Transfer` events already
///      name every recipient, and a second event per line would cost ~1.5k gas each.
contract KeelBatchPayout {
    /// @notice `payer` paid `recipients` lines of `token` adding up to `total`.
    event BatchPaid(address indexed payer, address indexed token, uint256 recipients, uint256 total);

    /// @notice `recipients` and `amounts` differ in length.
    error LengthMismatch();
    /// @notice `token` has no code.
    error NotAContract(address token);
    /// @notice The transfer of line `index` failed (reverted or returned false).
    error TransferFailed(uint256 index);

    /// @notice Moves `amounts[i]` of `token` from the caller to `recipients[i]` for every `i`.
    /// @return total The sum of `amounts`.
    function payout(address token, address[] calldata recipients, uint256[] calldata amounts)
        external
        returns (uint256 total)
    {
        uint256 n = recipients.length;
        if (n != amounts.length) revert LengthMismatch();
        if (token.code.length == 0) revert NotAContract(token);
        for (uint256 i; i < n;) {
            uint256 amount = amounts[i];
            if (!_pull(token, recipients[i], amount)) revert TransferFailed(i);
            total += amount;
            unchecked {
                ++i;
            }
        }
        emit BatchPaid(msg.sender, token, n, total);
    }

    /// @dev `transferFrom(msg.sender, to, amount)` on `token`; true when it neither reverted nor
    ///      returned anything but `true` (tokens that return nothing count as success).
    function _pull(address token, address to, uint256 amount) private returns (bool ok) {
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, 0x23b872dd00000000000000000000000000000000000000000000000000000000)
            mstore(add(p, 4), caller())
            mstore(add(p, 36), to)
            mstore(add(p, 68), amount)
            ok := call(gas(), token, 0, p, 100, 0, 32)
            ok := and(ok, or(iszero(returndatasize()), and(gt(returndatasize(), 31), eq(mload(0), 1))))
        }
    }
}
