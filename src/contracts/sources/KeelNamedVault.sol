// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";

/// @title KeelNamedVault
/// @notice A plain ERC-4626 vault like KeelDemoVault, with its name and symbol given at
///         deployment, so the demo world can offer several vaults over the same asset (for
///         example a conservative one) without changing KeelDemoVault's bytecode and address.
contract KeelNamedVault is ERC4626 {
    constructor(IERC20 asset_, string memory name_, string memory symbol_) ERC20(name_, symbol_) ERC4626(asset_) {}
}
