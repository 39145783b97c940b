// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {IEntryPoint} from "@account-abstraction/contracts/interfaces/IEntryPoint.sol";
import {ISenderCreator} from "@account-abstraction/contracts/interfaces/ISenderCreator.sol";
import {KeelSmartAccount} from "./KeelSmartAccount.sol";
import {SimpleAccount} from "@account-abstraction/contracts/accounts/SimpleAccount.sol";

/**
 * @title KeelSmartAccountFactory — counterfactual KeelSmartAccounts (ERC-4337 v0.8).
 *
 * UNAUDITED. Same ABI as the reference SimpleAccountFactory v0.8 (`createAccount(owner, salt)`,
 * `getAddress(owner, salt)`), so SimpleAccount tooling (e.g. permissionless' toSimpleSmartAccount
 * given this factory; not a Keel dependency) computes the same initCode and address. Each account is an ERC-1967 proxy,
 * created with CREATE2 (salt = `salt`), to the one implementation this factory deploys.
 * Only the EntryPoint's SenderCreator may create accounts, as v0.8's reference factory does:
 * nobody can front-run an operation's initCode with a direct deployment.
 */
contract KeelSmartAccountFactory {
    KeelSmartAccount public immutable accountImplementation;
    ISenderCreator public immutable senderCreator;

    error OnlySenderCreator();

    constructor(IEntryPoint entryPoint) {
        accountImplementation = new KeelSmartAccount(entryPoint);
        senderCreator = entryPoint.senderCreator();
    }

    /// Creates the account (or returns it when it already exists).
    function createAccount(address owner, uint256 salt) external returns (KeelSmartAccount account) {
        if (msg.sender != address(senderCreator)) revert OnlySenderCreator();
        address addr = getAddress(owner, salt);
        if (addr.code.length > 0) return KeelSmartAccount(payable(addr));
        account = KeelSmartAccount(
            payable(new ERC1967Proxy{salt: bytes32(salt)}(address(accountImplementation), _initCall(owner)))
        );
    }

    /// The address {createAccount} deploys to for `owner` and `salt`.
    function getAddress(address owner, uint256 salt) public view returns (address) {
        bytes32 initHash = keccak256(
            abi.encodePacked(
                type(ERC1967Proxy).creationCode, abi.encode(address(accountImplementation), _initCall(owner))
            )
        );
        return Create2.computeAddress(bytes32(salt), initHash);
    }

    function _initCall(address owner) private pure returns (bytes memory) {
        return abi.encodeCall(SimpleAccount.initialize, (owner));
    }
}
