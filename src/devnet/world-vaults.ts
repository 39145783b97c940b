import { encodeFunctionData, type Address } from 'viem';
import { erc20Abi, erc4626Abi, keelTestTokenAbi } from '../contracts/abis.ts';
import { keelPaymasterAbi } from '../contracts/smart-account-abis.ts';
import { deployer, users } from './accounts.ts';
import { sendDevTx, type DevClient, type DevTx } from './client.ts';
import { DEMO_SEED, type DemoContracts, type DeploymentKey } from './world-plan.ts';

/**
 * Seeding of the demo vaults added after the first saved worlds (the conservative vault and
 * the drill vault): one demo user's deposit each, then some yield so the share price is not 1.
 * Also the paymaster's EntryPoint deposit (added with account abstraction).
 * Kept apart from the main seeding so that an older saved world, which gets these vaults as
 * standalone deployments, is seeded by the very same steps.
 */

/** Vault deployment keys whose seeding {@link addedVaultSeedSteps} knows. */
export type AddedVaultKey = 'conservativeVault' | 'drillVault';

const ADDED_VAULTS: readonly AddedVaultKey[] = ['conservativeVault', 'drillVault'];

/**
 * The transactions seeding the given added vaults (all of them by default): the deployer mints
 * the depositing user the tUSD it deposits (its wallet balance ends where DEMO_SEED.users says),
 * the user approves and deposits, the deployer mints the yield into the vault.
 */
export function addedVaultSeedSteps(
  c: DemoContracts,
  keys: readonly (DeploymentKey | string)[] = ADDED_VAULTS,
): DevTx[] {
  const steps: DevTx[] = [];
  for (const key of ADDED_VAULTS) {
    if (!keys.includes(key)) continue;
    const seed = DEMO_SEED[key];
    const vault: Address = c[key];
    const user = users[seed.depositor]!.address;
    const mint = (to: Address, amount: bigint, label: string) =>
      steps.push({
        label,
        from: deployer.address,
        to: c.tUSD,
        data: encodeFunctionData({ abi: keelTestTokenAbi, functionName: 'mint', args: [to, amount] }),
      });
    mint(user, seed.deposit, `fund ${key} depositor`);
    steps.push({
      label: `${key} depositor approves`,
      from: user,
      to: c.tUSD,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [vault, seed.deposit] }),
    });
    steps.push({
      label: `${key} deposit by ${user}`,
      from: user,
      to: vault,
      data: encodeFunctionData({ abi: erc4626Abi, functionName: 'deposit', args: [seed.deposit, user] }),
    });
    mint(vault, seed.yield, `${key} yield`);
  }
  return steps;
}

/**
 * The demo paymaster's EntryPoint deposit (DEMO_SEED.paymasterDeposit, from the deployer through
 * `KeelPaymaster.deposit()`), when `keys` includes `paymaster` (the default: every added key).
 * No stake: the paymaster's validation reads no storage, so ERC-7562 asks none.
 */
export function paymasterSeedSteps(
  c: DemoContracts,
  keys: readonly (DeploymentKey | string)[] = ['paymaster'],
): DevTx[] {
  if (!keys.includes('paymaster')) return [];
  return [
    {
      label: 'paymaster EntryPoint deposit',
      from: deployer.address,
      to: c.paymaster,
      data: encodeFunctionData({ abi: keelPaymasterAbi, functionName: 'deposit' }),
      value: DEMO_SEED.paymasterDeposit,
    },
  ];
}

/** Sends dev transactions in order, impersonating senders the node does not hold unlocked. */
export async function sendAsDevAccounts(client: DevClient, steps: readonly DevTx[]): Promise<void> {
  const unlocked = new Set((await client.getAddresses()).map((a) => a.toLowerCase()));
  const impersonated = [...new Set(steps.map((s) => s.from))].filter((a) => !unlocked.has(a.toLowerCase()));
  for (const address of impersonated) await client.impersonateAccount({ address });
  try {
    for (const step of steps) await sendDevTx(client, step);
  } finally {
    for (const address of impersonated) await client.stopImpersonatingAccount({ address });
  }
}
