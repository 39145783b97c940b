// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";

/// @title KeelDrillVault
/// @notice An ERC-4626 vault for incident drills on dev chains, used behind an ERC-1967 proxy
///         (UUPS). Its owner can make the things happen that a treasury's vault rules must
///         notice: a loss (assets leave the vault, the share price falls), paused withdrawals,
///         and an upgrade of the code behind the proxy. Never meant for real funds.
/// @dev The asset is an immutable of the implementation (delegatecall runs the implementation's
///      code, so the proxy sees it); name and symbol are constants; the owner and the pause flag
///      live in the proxy's storage, set by {initialize}. Subclasses must not add storage before
///      these variables, so an upgrade keeps the layout.
contract KeelDrillVault is ERC4626, Initializable, UUPSUpgradeable {
    using SafeERC20 for IERC20;

    address private _owner;
    bool private _withdrawalsPaused;

    /// @notice The owner moved `assets` of the underlying out of the vault (a simulated loss).
    event DrillLoss(address indexed to, uint256 assets);
    /// @notice Withdrawals and redemptions were paused (`paused` true) or resumed.
    event WithdrawalsPausedSet(bool paused);

    error NotOwner(address caller);
    error ZeroAddress();
    error WithdrawalsPaused();

    modifier onlyOwner() {
        if (msg.sender != _owner) revert NotOwner(msg.sender);
        _;
    }

    constructor(IERC20 asset_) ERC20("", "") ERC4626(asset_) {
        _disableInitializers();
    }

    /// @notice Sets the owner in the proxy's storage; called once, by the proxy's constructor.
    function initialize(address owner_) external initializer {
        if (owner_ == address(0)) revert ZeroAddress();
        _owner = owner_;
    }

    function name() public pure override(ERC20, IERC20Metadata) returns (string memory) {
        return "Keel Drill USD Vault";
    }

    function symbol() public pure override(ERC20, IERC20Metadata) returns (string memory) {
        return "kdUSD";
    }

    /// @notice Version of the implementation behind the proxy.
    function version() public pure virtual returns (uint256) {
        return 1;
    }

    function owner() public view returns (address) {
        return _owner;
    }

    function withdrawalsPaused() public view returns (bool) {
        return _withdrawalsPaused;
    }

    /// @notice Moves `assets` of the underlying to the owner: totalAssets and the share price drop.
    function drillLoss(uint256 assets) external onlyOwner {
        IERC20(asset()).safeTransfer(_owner, assets);
        emit DrillLoss(_owner, assets);
    }

    /// @notice While paused, maxWithdraw and maxRedeem are 0 and withdraw and redeem revert.
    function setWithdrawalsPaused(bool paused_) external onlyOwner {
        _withdrawalsPaused = paused_;
        emit WithdrawalsPausedSet(paused_);
    }

    function maxWithdraw(address holder) public view override returns (uint256) {
        return _withdrawalsPaused ? 0 : super.maxWithdraw(holder);
    }

    function maxRedeem(address holder) public view override returns (uint256) {
        return _withdrawalsPaused ? 0 : super.maxRedeem(holder);
    }

    function _withdraw(address caller, address receiver, address holder, uint256 assets, uint256 shares)
        internal
        override
    {
        if (_withdrawalsPaused) revert WithdrawalsPaused();
        super._withdraw(caller, receiver, holder, assets, shares);
    }

    function _authorizeUpgrade(address) internal view override onlyOwner {}
}
