// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice The read interface of a Chainlink price feed, as consumers call it.
interface AggregatorV3Interface {
    function decimals() external view returns (uint8);

    function description() external view returns (string memory);

    function version() external view returns (uint256);

    function getRoundData(uint80 roundId_)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}

/// @title KeelPriceFeed
/// @notice A hand-driven price feed for Keel's demo chains. It answers like a Chainlink
///         aggregator so Keel reads it with the same code as a production feed, and its owner
///         can publish any answer at any timestamp, so tests can produce stale, zero or
///         negative prices on purpose.
contract KeelPriceFeed is AggregatorV3Interface, Ownable {
    struct Round {
        int256 answer;
        uint64 startedAt;
        uint64 updatedAt;
    }

    /// @notice Emitted for every published answer (same shape as Chainlink's event).
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    error NoDataPresent();
    error TimestampTooLarge();

    uint8 private immutable _feedDecimals;
    string private _description;
    uint80 private _latestRoundId;
    mapping(uint80 => Round) private _rounds;

    constructor(address initialOwner, uint8 decimals_, string memory description_) Ownable(initialOwner) {
        _feedDecimals = decimals_;
        _description = description_;
    }

    function decimals() external view override returns (uint8) {
        return _feedDecimals;
    }

    function description() external view override returns (string memory) {
        return _description;
    }

    function version() external pure override returns (uint256) {
        return 1;
    }

    function getRoundData(uint80 roundId_)
        public
        view
        override
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round storage r = _rounds[roundId_];
        // Chainlink reverts for rounds it never had; consumers rely on that.
        if (roundId_ == 0 || roundId_ > _latestRoundId) revert NoDataPresent();
        return (roundId_, r.answer, r.startedAt, r.updatedAt, roundId_);
    }

    function latestRoundData()
        external
        view
        override
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return getRoundData(_latestRoundId);
    }

    /// @notice Publishes `answer` as a new round updated now.
    function setAnswer(int256 answer) external onlyOwner {
        _newRound(answer, block.timestamp);
    }

    /// @notice Publishes `answer` as a new round claiming it was updated at `updatedAt`, e.g.
    ///         a day ago to make the feed stale. Any answer is accepted, including zero or
    ///         negative ones, so consumers' sanity checks can be exercised.
    function setRoundData(int256 answer, uint256 updatedAt) external onlyOwner {
        _newRound(answer, updatedAt);
    }

    function _newRound(int256 answer, uint256 updatedAt) private {
        if (updatedAt > type(uint64).max) revert TimestampTooLarge();
        uint80 id = _latestRoundId + 1;
        _rounds[id] = Round({answer: answer, startedAt: uint64(updatedAt), updatedAt: uint64(updatedAt)});
        _latestRoundId = id;
        emit AnswerUpdated(answer, id, updatedAt);
    }
}
