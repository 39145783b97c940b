import { describe, expect, it } from 'vitest';
import { encodeAbiParameters, getAddress, pad, type Address, type Hex, type Log } from 'viem';
import { actualBalanceChanges, compareBalanceChanges } from './balance-changes.ts';

const TRANSFER: Hex = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const DEPOSIT: Hex = '0xe1fffcc4923d04b559f4d29a8bfc6cda04eb5b0d3c460751c2402c5c5cc9109c';
const token = getAddress('0x97a7e38964f1caa587a5383efcf7c4b0085d1750');
const weth = getAddress('0x75e5734c452242f73dc1e9bd988744849b51c208');
const a = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
const b = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');

const log = (address: Address, topics: Hex[], data: Hex): Log => ({
  address,
  topics: topics as [Hex, ...Hex[]],
  data,
  blockHash: null,
  blockNumber: null,
  logIndex: null,
  transactionHash: null,
  transactionIndex: null,
  removed: false,
});
const transfer = (from: Address, to: Address, v: bigint, at = token) =>
  log(at, [TRANSFER, pad(from), pad(to)], encodeAbiParameters([{ type: 'uint256' }], [v]));

describe('actualBalanceChanges', () => {
  it('nets ERC-20 transfers per address and token, sorted like the simulation', () => {
    const r = actualBalanceChanges({
      from: a,
      to: token,
      value: 0n,
      success: true,
      logs: [transfer(a, b, 12_000_000_000n), transfer(b, a, 1n)],
    });
    expect(r).toEqual(
      [
        { address: b, asset: token, delta: '11999999999' },
        { address: a, asset: token, delta: '-11999999999' },
      ].sort((x, y) => x.address.toLowerCase().localeCompare(y.address.toLowerCase())),
    );
  });

  it('counts the top-level native value and WETH deposits; nothing for a reverted transaction', () => {
    const dep = log(weth, [DEPOSIT, pad(a)], encodeAbiParameters([{ type: 'uint256' }], [5n]));
    const r = actualBalanceChanges({ from: a, to: weth, value: 5n, success: true, logs: [dep] });
    expect(r).toContainEqual({ address: a, asset: 'native', delta: '-5' });
    expect(r).toContainEqual({ address: weth, asset: 'native', delta: '5' });
    expect(r).toContainEqual({ address: a, asset: weth, delta: '5' });
    expect(actualBalanceChanges({ from: a, to: b, value: 5n, success: false, logs: [transfer(a, b, 1n)] })).toEqual([]);
  });

  it('skips ERC-721 transfers (token id indexed) and unrelated logs', () => {
    const nft = log(token, [TRANSFER, pad(a), pad(b), pad('0x01')], '0x');
    const other = log(token, ['0x1234567890123456789012345678901234567890123456789012345678901234'], '0x');
    expect(actualBalanceChanges({ from: a, to: token, value: 0n, success: true, logs: [nft, other] })).toEqual([]);
  });
});

describe('compareBalanceChanges', () => {
  it('lists only the differences, a missing side counting as zero, case-insensitively', () => {
    const sim = [
      { address: a, asset: token, delta: '-100' },
      { address: b, asset: token, delta: '100' },
    ];
    expect(
      compareBalanceChanges(sim, [
        { address: a.toLowerCase() as Address, asset: token.toLowerCase() as Address, delta: '-100' },
        { address: b, asset: token, delta: '100' },
      ]),
    ).toEqual([]);
    expect(
      compareBalanceChanges(sim, [
        { address: a, asset: token, delta: '-100' },
        { address: b, asset: token, delta: '90' },
        { address: b, asset: 'native', delta: '1' },
      ]),
    ).toEqual([
      { address: b, asset: 'native', simulated: '0', actual: '1' },
      { address: b, asset: token, simulated: '100', actual: '90' },
    ]);
  });
});
