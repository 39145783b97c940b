import { BaseError, ContractFunctionRevertedError, getAddress, keccak256, parseAbi, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/helpers/devchain.ts';
import { erc20Abi, erc4626Abi, keelDrillVaultAbi } from '../contracts/abis.ts';
import { loadArtifacts } from '../contracts/compile.ts';
import { deployer, users } from './accounts.ts';
import { startAnvil, type AnvilProcess } from './anvil.ts';
import { devClient, type DevClient } from './client.ts';
import {
  drillLowerSharePrice,
  drillPauseWithdrawals,
  drillUpgrade,
  EIP1967_IMPLEMENTATION_SLOT,
  proxyImplementation,
} from './drill.ts';
import { DEMO_SEED, deployDemoWorld, type DemoWorld } from './world.ts';

const ONE = 1_000_000n; // one share / one tUSD (6 decimals)

/** The custom error a call reverted with, or undefined when it did not revert that way. */
async function revertName(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    const revert = err instanceof BaseError ? err.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    if (revert instanceof ContractFunctionRevertedError) return revert.data?.errorName ?? revert.shortMessage;
    throw err;
  }
  return undefined;
}

describe('conservative and drill vaults of the demo world', () => {
  let node: AnvilProcess;
  let client: DevClient;
  let w: DemoWorld;
  const depositor = users[DEMO_SEED.drillVault.depositor]!.address;

  beforeAll(async () => {
    node = await startAnvil({ chainId: 31337, port: await freePort() });
    w = await deployDemoWorld(node.rpcUrl);
    client = devClient(node.rpcUrl);
  });
  afterAll(async () => {
    await node?.stop();
  });

  const read = <F extends 'totalAssets' | 'totalSupply' | 'asset' | 'symbol'>(vault: Address, functionName: F) =>
    client.readContract({ address: vault, abi: erc4626Abi, functionName });
  const perHolder = parseAbi([
    'function maxWithdraw(address) view returns (uint256)',
    'function maxRedeem(address) view returns (uint256)',
    'function balanceOf(address) view returns (uint256)',
  ]);
  const drill = (functionName: 'maxWithdraw' | 'maxRedeem' | 'balanceOf', who: Address): Promise<bigint> =>
    client.readContract({ address: w.contracts.drillVault, abi: perHolder, functionName, args: [who] });
  const sharePrice = () =>
    client.readContract({
      address: w.contracts.drillVault,
      abi: erc4626Abi,
      functionName: 'convertToAssets',
      args: [ONE],
    });
  const withdraw = (assets: bigint) =>
    client.simulateContract({
      account: depositor,
      address: w.contracts.drillVault,
      abi: keelDrillVaultAbi,
      functionName: 'withdraw',
      args: [assets, depositor, depositor],
    });

  it('both vaults are ERC-4626 over tUSD, seeded with a user deposit and yield', async () => {
    const c = w.contracts;
    for (const [key, vault, symbol] of [
      ['conservativeVault', c.conservativeVault, 'kcUSD'],
      ['drillVault', c.drillVault, 'kdUSD'],
    ] as const) {
      const seed = DEMO_SEED[key];
      expect(await read(vault, 'asset')).toBe(c.tUSD);
      expect(await read(vault, 'symbol')).toBe(symbol);
      expect(await read(vault, 'totalSupply')).toBe(seed.deposit);
      expect(await read(vault, 'totalAssets')).toBe(seed.deposit + seed.yield);
      const user = users[seed.depositor]!.address;
      const shares = await client.readContract({
        address: vault,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [user],
      });
      expect(shares).toBe(seed.deposit);
    }
    // The depositors' wallets hold what DEMO_SEED.users says (the deposits were minted to them first).
    for (const [i, u] of users.entries()) {
      const s = DEMO_SEED.users[i]!;
      const bal = await client.readContract({
        address: c.tUSD,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [u.address],
      });
      expect(bal).toBe(s.tUSD - s.vaultDeposit);
    }
    // Three distinct vault addresses, none of which moved the first one.
    expect(new Set([c.vault, c.conservativeVault, c.drillVault]).size).toBe(3);
    expect(c.vault).toBe('0x1972c6b2A462f53d781a74Db88ecf63c662D5e6d');
  });

  it('the drill vault is an ERC-1967 proxy over KeelDrillVault, owned by the deployer', async () => {
    const expectedSlot = `0x${(BigInt(keccak256(new TextEncoder().encode('eip1967.proxy.implementation'))) - 1n).toString(16).padStart(64, '0')}`;
    expect(EIP1967_IMPLEMENTATION_SLOT).toBe(expectedSlot);
    expect(EIP1967_IMPLEMENTATION_SLOT).toBe('0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc');
    expect(await proxyImplementation(node.rpcUrl)).toBe(w.contracts.drillVaultImplementation);
    const c = w.contracts.drillVault;
    expect(await client.readContract({ address: c, abi: keelDrillVaultAbi, functionName: 'owner' })).toBe(
      deployer.address,
    );
    expect(await client.readContract({ address: c, abi: keelDrillVaultAbi, functionName: 'version' })).toBe(1n);
    // The implementation cannot be initialised by anyone (its initialisers are disabled).
    const init = client.simulateContract({
      account: users[1]!.address,
      address: w.contracts.drillVaultImplementation,
      abi: keelDrillVaultAbi,
      functionName: 'initialize',
      args: [users[1]!.address],
    });
    expect(await revertName(init)).toBe('InvalidInitialization');
    // Nor the proxy a second time (its constructor did).
    const again = client.simulateContract({
      account: users[1]!.address,
      address: c,
      abi: keelDrillVaultAbi,
      functionName: 'initialize',
      args: [users[1]!.address],
    });
    expect(await revertName(again)).toBe('InvalidInitialization');
  });

  it('only the owner pulls the levers', async () => {
    const stranger = client.simulateContract({
      account: users[2]!.address,
      address: w.contracts.drillVault,
      abi: keelDrillVaultAbi,
      functionName: 'drillLoss',
      args: [ONE],
    });
    expect(await revertName(stranger)).toBe('NotOwner');
  });

  it('a loss lowers the share price by what left the vault', async () => {
    const [before, assets, supply] = [
      await sharePrice(),
      await read(w.contracts.drillVault, 'totalAssets'),
      await read(w.contracts.drillVault, 'totalSupply'),
    ];
    expect(before).toBeGreaterThan(ONE); // the seeded yield
    const ownerBefore = await client.readContract({
      address: w.contracts.tUSD,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [deployer.address],
    });
    const loss = assets / 4n;
    await drillLowerSharePrice(node.rpcUrl, loss);
    expect(await read(w.contracts.drillVault, 'totalAssets')).toBe(assets - loss);
    expect(await read(w.contracts.drillVault, 'totalSupply')).toBe(supply);
    const after = await sharePrice();
    expect(after).toBeLessThan(before);
    expect(after).toBeLessThan(ONE);
    expect(
      await client.readContract({
        address: w.contracts.tUSD,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [deployer.address],
      }),
    ).toBe(ownerBefore + loss);
    // More than the vault holds is refused with the reason.
    await expect(drillLowerSharePrice(node.rpcUrl, assets)).rejects.toThrow(/drill "lower share price".*rejected/);
  });

  it('paused withdrawals: max* are 0 and withdraw/redeem revert; resuming restores them', async () => {
    const shares = await drill('balanceOf', depositor);
    expect(await drill('maxRedeem', depositor)).toBe(shares);
    expect(await drill('maxWithdraw', depositor)).toBeGreaterThan(0n);
    expect((await withdraw(ONE)).result).toBeGreaterThan(0n);

    await drillPauseWithdrawals(node.rpcUrl);
    expect(
      await client.readContract({
        address: w.contracts.drillVault,
        abi: keelDrillVaultAbi,
        functionName: 'withdrawalsPaused',
      }),
    ).toBe(true);
    expect(await drill('maxWithdraw', depositor)).toBe(0n);
    expect(await drill('maxRedeem', depositor)).toBe(0n);
    expect(await revertName(withdraw(ONE))).toBe('ERC4626ExceededMaxWithdraw');
    expect(await revertName(withdraw(0n))).toBe('WithdrawalsPaused');
    const redeem = client.simulateContract({
      account: depositor,
      address: w.contracts.drillVault,
      abi: keelDrillVaultAbi,
      functionName: 'redeem',
      args: [ONE, depositor, depositor],
    });
    expect(await revertName(redeem)).toBe('ERC4626ExceededMaxRedeem');

    await drillPauseWithdrawals(node.rpcUrl, false);
    expect(await drill('maxRedeem', depositor)).toBe(shares);
    expect(await revertName(withdraw(ONE))).toBeUndefined();
  });

  it('an upgrade changes the code behind the EIP-1967 slot and keeps balances and levers', async () => {
    const c = w.contracts;
    const shares = await drill('balanceOf', depositor);
    const price = await sharePrice();
    const codeHash = async () =>
      keccak256((await client.getCode({ address: await proxyImplementation(node.rpcUrl) }))!);
    const before = await codeHash();
    const v2 = loadArtifacts().contracts.KeelDrillVaultV2;
    expect(v2.bytecode).not.toBe(loadArtifacts().contracts.KeelDrillVault.bytecode);

    await drillUpgrade(node.rpcUrl);
    expect(await proxyImplementation(node.rpcUrl)).toBe(getAddress(c.drillVaultImplementationV2));
    expect(await codeHash()).not.toBe(before);
    expect(await client.readContract({ address: c.drillVault, abi: keelDrillVaultAbi, functionName: 'version' })).toBe(
      2n,
    );
    expect(await drill('balanceOf', depositor)).toBe(shares);
    expect(await sharePrice()).toBe(price);
    expect(await read(c.drillVault, 'asset')).toBe(c.tUSD);
    await drillPauseWithdrawals(node.rpcUrl);
    expect(await drill('maxWithdraw', depositor)).toBe(0n);
    await drillPauseWithdrawals(node.rpcUrl, false);
    // A non-UUPS target is refused and the implementation stays.
    await expect(drillUpgrade(node.rpcUrl, c.tUSD)).rejects.toThrow(/drill "upgrade".*rejected/);
    expect(await proxyImplementation(node.rpcUrl)).toBe(getAddress(c.drillVaultImplementationV2));
  });
});
