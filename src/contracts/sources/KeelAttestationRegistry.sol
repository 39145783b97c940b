// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title KeelAttestationRegistry
/// @notice An append-only record of Keel's published proof-of-reserves attestations: for each
///         attestation id, the liabilities root, the liability totals per asset (base units, in
///         the attestation's asset order), the digest of the attestation's content and when it
///         was recorded. A record is written once and never changed, so a published history
///         cannot be rewritten afterwards.
/// @dev `id` is keccak256 of the attestation id's UTF-8 bytes (`att_…`). Only the publisher,
///      fixed at deployment (Keel's attestation signer), may record.
contract KeelAttestationRegistry {
    struct Record {
        bytes32 root;
        uint256[] totals;
        bytes32 digest;
        uint64 publishedAt;
    }

    /// @notice The only account allowed to record attestations. Fixed at deployment.
    address public immutable publisher;

    mapping(bytes32 => Record) private records;

    /// @notice Emitted once per attestation, when it is recorded.
    event AttestationPublished(bytes32 indexed id, bytes32 root, uint256[] totals, bytes32 digest, uint64 publishedAt);

    error NotPublisher(address caller);
    error AlreadyPublished(bytes32 id);
    error EmptyDigest();

    constructor(address publisher_) {
        publisher = publisher_;
    }

    /// @notice Records attestation `id`. Reverts when the caller is not the publisher, when the
    ///         id was already recorded, or when the digest is zero.
    function publish(bytes32 id, bytes32 root, uint256[] calldata totals, bytes32 digest) external {
        if (msg.sender != publisher) revert NotPublisher(msg.sender);
        if (digest == bytes32(0)) revert EmptyDigest();
        if (records[id].publishedAt != 0) revert AlreadyPublished(id);
        uint64 at = uint64(block.timestamp);
        records[id] = Record({root: root, totals: totals, digest: digest, publishedAt: at});
        emit AttestationPublished(id, root, totals, digest, at);
    }

    /// @notice The record of `id`; `publishedAt` is 0 when nothing was recorded.
    function recordOf(bytes32 id)
        external
        view
        returns (bytes32 root, uint256[] memory totals, bytes32 digest, uint64 publishedAt)
    {
        Record storage r = records[id];
        return (r.root, r.totals, r.digest, r.publishedAt);
    }
}
