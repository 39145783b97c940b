import {
  BaseError,
  encodeFunctionData,
  getAddress,
  keccak256,
  numberToHex,
  slice,
  stringToHex,
  type Address,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { keelDrillVaultAbi } from '../contracts/abis.ts';
import { PermanentError } from '../lib/errors.ts';
import { deployer } from './accounts.ts';
import { devClient } from './client.ts';
import { demoWorldPlan } from './world-plan.ts';

/**
 * Incident drills on the demo world's drill vault (KeelDrillVault behind an ERC-1967 proxy):
 * a loss that lowers the share price, paused withdrawals, an upgrade of the implementation.
 * Each is one transaction signed with the dev deployer's key (the vault's owner), so tests and
 * drill scripts can make a vault misbehave and watch Keel's rules react. Dev chains only.
 */

/** EIP-1967 implementation slot: bytes32(uint256(keccak256('eip1967.proxy.implementation')) - 1). */
export const EIP1967_IMPLEMENTATION_SLOT: Hex = numberToHex(
  BigInt(keccak256(stringToHex('eip1967.proxy.implementation'))) - 1n,
  { size: 32 },
);

const defaultVault = (): Address => demoWorldPlan().contracts.drillVault;

async function ownerCall(
  rpcUrl: string,
  vault: Address,
  label: string,
  call:
    | { functionName: 'drillLoss'; args: [bigint] }
    | { functionName: 'setWithdrawalsPaused'; args: [boolean] }
    | { functionName: 'upgradeToAndCall'; args: [Address, Hex] },
): Promise<TransactionReceipt> {
  const client = devClient(rpcUrl);
  const account = privateKeyToAccount(deployer.privateKey);
  const data = encodeFunctionData({ abi: keelDrillVaultAbi, ...call } as Parameters<typeof encodeFunctionData>[0]);
  let hash: Hex;
  try {
    // Called first, so a refusal carries the contract's revert reason, not a mined revert.
    await client.call({ account: account.address, to: vault, data });
    hash = await client.sendTransaction({ account, to: vault, data, chain: null });
  } catch (err) {
    const why = err instanceof BaseError ? err.shortMessage : String(err);
    throw new PermanentError('devnet_tx_failed', `drill "${label}" on ${vault} was rejected: ${why}`, { cause: err });
  }
  const receipt = await client.waitForTransactionReceipt({ hash, timeout: 30_000 });
  if (receipt.status !== 'success')
    throw new PermanentError('devnet_tx_failed', `drill "${label}" on ${vault} reverted (tx ${hash})`);
  return receipt;
}

/**
 * Moves `assets` (tUSD base units) out of the drill vault to its owner: totalAssets falls and
 * every share is worth less (convertToAssets drops), as after a loss in a real vault.
 */
export function drillLowerSharePrice(
  rpcUrl: string,
  assets: bigint,
  vault: Address = defaultVault(),
): Promise<TransactionReceipt> {
  return ownerCall(rpcUrl, vault, 'lower share price', { functionName: 'drillLoss', args: [assets] });
}

/**
 * Pauses (`paused` true, the default) or resumes withdrawals: while paused maxWithdraw and
 * maxRedeem are 0 and withdraw/redeem revert; deposits still work.
 */
export function drillPauseWithdrawals(
  rpcUrl: string,
  paused = true,
  vault: Address = defaultVault(),
): Promise<TransactionReceipt> {
  return ownerCall(rpcUrl, vault, paused ? 'pause withdrawals' : 'resume withdrawals', {
    functionName: 'setWithdrawalsPaused',
    args: [paused],
  });
}

/**
 * Upgrades the drill vault's proxy to `implementation` (by default the deployed
 * KeelDrillVaultV2): balances and behaviour stay, the code at the EIP-1967 slot changes.
 */
export function drillUpgrade(
  rpcUrl: string,
  implementation: Address = demoWorldPlan().contracts.drillVaultImplementationV2,
  vault: Address = defaultVault(),
): Promise<TransactionReceipt> {
  return ownerCall(rpcUrl, vault, 'upgrade', { functionName: 'upgradeToAndCall', args: [implementation, '0x'] });
}

/** The implementation address an ERC-1967 proxy currently delegates to (its storage slot). */
export async function proxyImplementation(rpcUrl: string, proxy: Address = defaultVault()): Promise<Address> {
  const word = await devClient(rpcUrl).getStorageAt({ address: proxy, slot: EIP1967_IMPLEMENTATION_SLOT });
  return getAddress(slice(word ?? numberToHex(0, { size: 32 }), 12));
}
