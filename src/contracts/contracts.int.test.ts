import { parseUnits, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChain, type TestChain } from '../../test/helpers/devchain.ts';
import { deployer, users } from '../devnet/accounts.ts';
import { devClient, type DevClient } from '../devnet/client.ts';
import { setFeedAnswer, setFeedRoundData } from '../devnet/feeds.ts';
import { erc20Abi, erc4626Abi, keelPriceFeedAbi, keelTestTokenAbi } from './abis.ts';

describe('Keel demo contracts on anvil', () => {
  let chain: TestChain;
  let client: DevClient;

  beforeAll(async () => {
    chain = await startTestChain();
    client = devClient(chain.rpcUrl);
  });
  afterAll(async () => chain?.stop());

  it('test tokens say they are test tokens and carry their decimals', async () => {
    const c = chain.world.contracts;
    const read = (address: Address, functionName: 'name' | 'symbol') =>
      client.readContract({ address, abi: erc20Abi, functionName });
    expect([await read(c.tUSD, 'name'), await read(c.tUSD, 'symbol')]).toEqual(['Keel Test USD', 'tUSD']);
    expect([await read(c.tEUR, 'name'), await read(c.tEUR, 'symbol')]).toEqual(['Keel Test EUR', 'tEUR']);
    expect([await read(c.tVOL, 'name'), await read(c.tVOL, 'symbol')]).toEqual(['Keel Test Volatile', 'tVOL']);
    expect(await client.readContract({ address: c.tVOL, abi: erc20Abi, functionName: 'decimals' })).toBe(18);
    expect(await client.readContract({ address: c.tEUR, abi: erc20Abi, functionName: 'decimals' })).toBe(6);
    expect(await client.readContract({ address: c.tUSD, abi: keelTestTokenAbi, functionName: 'owner' })).toBe(
      deployer.address,
    );
  });

  it('only the owner can mint', async () => {
    const tUSD = chain.world.contracts.tUSD;
    await expect(
      client.simulateContract({
        account: users[0]!.address,
        address: tUSD,
        abi: keelTestTokenAbi,
        functionName: 'mint',
        args: [users[0]!.address, 1n],
      }),
    ).rejects.toThrow(/OwnableUnauthorizedAccount|reverted/);
    await client.simulateContract({
      account: deployer.address,
      address: tUSD,
      abi: keelTestTokenAbi,
      functionName: 'mint',
      args: [users[0]!.address, 1n],
    });
  });

  it('price feeds can be made stale, zero or negative, and keep their round history', async () => {
    const feed = chain.world.contracts.priceFeeds.tEUR;
    await setFeedRoundData(chain.rpcUrl, feed, 0n, 1_000n);
    let [roundId, answer, , updatedAt, answeredIn] = await client.readContract({
      address: feed,
      abi: keelPriceFeedAbi,
      functionName: 'latestRoundData',
    });
    expect([roundId, answer, updatedAt, answeredIn]).toEqual([2n, 0n, 1_000n, 2n]);
    await setFeedRoundData(chain.rpcUrl, feed, -5n, 2_000n);
    await setFeedAnswer(chain.rpcUrl, feed, parseUnits('1.10', 8));
    [roundId, answer, , updatedAt] = await client.readContract({
      address: feed,
      abi: keelPriceFeedAbi,
      functionName: 'latestRoundData',
    });
    const block = await client.getBlock();
    expect([roundId, answer, updatedAt]).toEqual([4n, 110_000_000n, block.timestamp]);
    const [, old] = await client.readContract({
      address: feed,
      abi: keelPriceFeedAbi,
      functionName: 'getRoundData',
      args: [3n],
    });
    expect(old).toBe(-5n);
    await expect(
      client.readContract({ address: feed, abi: keelPriceFeedAbi, functionName: 'getRoundData', args: [9n] }),
    ).rejects.toThrow();
    await expect(
      client.readContract({ address: feed, abi: keelPriceFeedAbi, functionName: 'getRoundData', args: [0n] }),
    ).rejects.toThrow();
    await expect(
      client.simulateContract({
        account: users[1]!.address,
        address: feed,
        abi: keelPriceFeedAbi,
        functionName: 'setAnswer',
        args: [1n],
      }),
    ).rejects.toThrow();
  });

  it('the vault has the asset decimals and redeems shares for more assets than deposited', async () => {
    const v = chain.world.contracts.vault;
    expect(await client.readContract({ address: v, abi: erc4626Abi, functionName: 'decimals' })).toBe(6);
    expect(await client.readContract({ address: v, abi: erc4626Abi, functionName: 'name' })).toBe(
      'Keel Demo USD Vault',
    );
    const user = chain.world.accounts.users[2]!;
    const shares = await client.readContract({ address: v, abi: erc4626Abi, functionName: 'balanceOf', args: [user] });
    const redeemable = await client.readContract({
      address: v,
      abi: erc4626Abi,
      functionName: 'previewRedeem',
      args: [shares],
    });
    expect(redeemable).toBeGreaterThan(shares);
    expect(await client.readContract({ address: v, abi: erc4626Abi, functionName: 'maxWithdraw', args: [user] })).toBe(
      redeemable,
    );
  });
});
