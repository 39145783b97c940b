// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/// @title KeelDrillVaultProxy
/// @notice OpenZeppelin's ERC-1967 proxy under Keel's name, the address of the drill vault.
///         Upgrades go through the implementation (UUPS `upgradeToAndCall`, owner only).
contract KeelDrillVaultProxy is ERC1967Proxy {
    constructor(address implementation, bytes memory data) ERC1967Proxy(implementation, data) {}
}
