import { encodeFunctionData, erc20Abi, type Address } from 'viem';
import { loadArtifacts } from '../../src/contracts/compile.ts';
import { erc4626Abi } from '../../src/contracts/abis.ts';
import { deployer } from '../../src/devnet/accounts.ts';
import { devClient, rawRequest, sendDevTx } from '../../src/devnet/client.ts';

/**
 * More ERC-4626 vaults on a demo-world test chain: KeelDemoVault instances (OpenZeppelin
 * ERC4626) over `asset`, deployed by the dev deployer, and the moves tests and benchmarks make
 * with them (deposits from unlocked dev accounts, "yield" sent straight into a vault, time).
 */

/** Deploys `n` KeelDemoVault instances over `asset`, one after another; returns their addresses. */
export async function deployDemoVaults(rpcUrl: string, asset: Address, n: number): Promise<Address[]> {
  const client = devClient(rpcUrl);
  const { abi, bytecode } = loadArtifacts().contracts.KeelDemoVault;
  const out: Address[] = [];
  for (let i = 0; i < n; i++) {
    const hash = await client.deployContract({ abi, bytecode, args: [asset], account: deployer.address, chain: null });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== 'success' || !receipt.contractAddress) throw new Error(`vault ${i} was not deployed`);
    out.push(receipt.contractAddress);
  }
  return out;
}

/** Approves and deposits `assets` of `asset` into `vault` from the unlocked dev account `from`. */
export async function depositInto(rpcUrl: string, from: Address, asset: Address, vault: Address, assets: bigint) {
  const client = devClient(rpcUrl);
  await sendDevTx(client, {
    label: 'approve vault',
    from,
    to: asset,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [vault, assets] }),
  });
  return sendDevTx(client, {
    label: 'deposit into vault',
    from,
    to: vault,
    data: encodeFunctionData({ abi: erc4626Abi, functionName: 'deposit', args: [assets, from] }),
  });
}

/** "Yield": `assets` of `asset` transferred straight into `vault` (its share price rises). */
export async function sendYield(rpcUrl: string, from: Address, asset: Address, vault: Address, assets: bigint) {
  return sendDevTx(devClient(rpcUrl), {
    label: 'yield into vault',
    from,
    to: asset,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [vault, assets] }),
  });
}

/** Moves the chain's clock forward by `seconds` and mines a block at the new time. */
export async function advanceTime(rpcUrl: string, seconds: number): Promise<void> {
  const client = devClient(rpcUrl);
  await rawRequest(client, 'evm_increaseTime', [seconds]);
  await rawRequest(client, 'evm_mine', []);
}
