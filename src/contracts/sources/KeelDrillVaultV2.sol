// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {KeelDrillVault} from "./KeelDrillVault.sol";

/// @title KeelDrillVaultV2
/// @notice The drill vault's second implementation: same storage and behaviour, other code
///         (it reports version 2), so an upgrade visibly changes the code behind the proxy.
contract KeelDrillVaultV2 is KeelDrillVault {
    constructor(IERC20 asset_) KeelDrillVault(asset_) {}

    function version() public pure override returns (uint256) {
        return 2;
    }
}
