// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";

/// @title KeelDemoVault
/// @notice A plain ERC-4626 vault over the demo chains' test USD token. It earns nothing by
///         itself: the demo world "pays yield" by minting test tokens straight into it, which
///         moves the share price away from 1 so share and asset amounts differ.
contract KeelDemoVault is ERC4626 {
    constructor(IERC20 asset_) ERC20("Keel Demo USD Vault", "kvUSD") ERC4626(asset_) {}
}
